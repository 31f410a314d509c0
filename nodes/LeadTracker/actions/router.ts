import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import * as createTracker from './createTracker.operation';
import * as getDueTouches from './getDueTouches.operation';
import * as logTouches from './logTouches.operation';
import * as readSettings from './readSettings.operation';
import * as recordReply from './recordReply.operation';
import * as upsertLeads from './upsertLeads.operation';

export const operations = { createTracker, upsertLeads, logTouches, getDueTouches, recordReply, readSettings };

export async function router(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = ctx.getNodeParameter('operation', 0) as keyof typeof operations;
	const handler = operations[operation];
	if (!handler) throw new NodeOperationError(ctx.getNode(), `The operation "${operation}" is not known`);
	const outputs = await handler.execute(ctx);
	// Every operation but Get Due Touches has one output; the node declares two (Due / Problems).
	return outputs.length === 1 ? [outputs[0], []] : outputs;
}
