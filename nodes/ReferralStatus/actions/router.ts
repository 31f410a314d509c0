import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { referralSheetsFor } from '../transport/client';
import type { ReferralSheets } from '../transport/referralSheets';
import * as listStale from './listStale.operation';
import * as openReferral from './openReferral.operation';
import * as syncPartnerViews from './syncPartnerViews.operation';
import * as updateStatus from './updateStatus.operation';
import * as writeScoreboard from './writeScoreboard.operation';

const operations: Record<string, { execute(ctx: IExecuteFunctions, sheets: ReferralSheets): Promise<INodeExecutionData[][]> }> = {
	openReferral,
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
	try {
		return await handler.execute(ctx, await referralSheetsFor(ctx));
	} catch (error) {
		throw nodeError(ctx, error);
	}
}

/** A Google failure (the shared transport's SheetsError) as the node's error: what was being done, and the hint what to do. */
function nodeError(ctx: IExecuteFunctions, error: unknown): NodeOperationError {
	if (error instanceof NodeOperationError) return error;
	const hint = (error as { hint?: string }).hint;
	return new NodeOperationError(ctx.getNode(), error as Error, { message: (error as Error).message, ...(hint ? { description: hint } : {}) });
}
