import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { referralSheetsFor } from '../transport/client';
import type { ReferralSheets } from '../transport/referralSheets';
import * as listStale from './listStale.operation';
import * as syncPartnerViews from './syncPartnerViews.operation';
import * as updateStatus from './updateStatus.operation';
import * as writeScoreboard from './writeScoreboard.operation';

const operations: Record<string, { execute(ctx: IExecuteFunctions, sheets: ReferralSheets): Promise<INodeExecutionData[][]> }> = {
	updateStatus,
	listStale,
	syncPartnerViews,
	writeScoreboard,
};

/** Picks the operation and hands it the Google client for this execution. */
export async function router(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = ctx.getNodeParameter('operation', 0) as string;
	const handler = operations[operation];
	if (!handler) throw new NodeOperationError(ctx.getNode(), `The operation "${operation}" is not known`);
	return handler.execute(ctx, await referralSheetsFor(ctx));
}
