import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { trackerNodeError } from '../../shared/trackerNode';
import type { ReferralTracker } from '../../tracker/referrals/referralTracker';
import { openReferralTracker } from '../helpers/settings';
import * as listStale from './listStale.operation';
import * as openReferral from './openReferral.operation';
import * as syncPartnerViews from './syncPartnerViews.operation';
import * as updateStatus from './updateStatus.operation';
import * as writeScoreboard from './writeScoreboard.operation';

const operations: Record<string, { execute(ctx: IExecuteFunctions, tracker: ReferralTracker): Promise<INodeExecutionData[][]> }> = {
	openReferral,
	updateStatus,
	listStale,
	syncPartnerViews,
	writeScoreboard,
};

/**
 * Picks the operation, opens the tracker once (sign-in, settings, lock) and hands it over; any
 * failure becomes the node's error here, once (an item's error naming it; a Google failure with
 * what was being done and the hint what to do).
 */
export async function router(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = ctx.getNodeParameter('operation', 0) as string;
	const handler = operations[operation];
	if (!handler) throw new NodeOperationError(ctx.getNode(), `The operation "${operation}" is not known`);
	try {
		const { referrals, settings } = await openReferralTracker(ctx);
		const outputs = await handler.execute(ctx, referrals);
		// Each item carries the Settings tab, as the Lead Tracker's do: {{ $json.settings.loEmail }}.
		if (settings) for (const output of outputs) for (const item of output) if (item.json.settings === undefined) item.json.settings = settings;
		return outputs;
	} catch (error) {
		throw trackerNodeError(ctx, error);
	}
}
