import { NodeOperationError, type NodeApiError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { trackerNodeError } from '../../shared/trackerNode';
import type { Tracker } from '../../tracker/tracker';
import { openTracker } from './common';
import * as createTracker from './createTracker.operation';
import * as getDueTouches from './getDueTouches.operation';
import * as logCallOutcome from './logCallOutcome.operation';
import * as logTouches from './logTouches.operation';
import * as readSettings from './readSettings.operation';
import * as recordReply from './recordReply.operation';
import * as upsertLeads from './upsertLeads.operation';
import * as writeSettings from './writeSettings.operation';

export const operations = { createTracker, upsertLeads, logTouches, getDueTouches, recordReply, readSettings, logCallOutcome, writeSettings };

/**
 * Runs whose items go on to a text or an email: each output item carries the Settings tab (the
 * LO's identity and addresses) as `settings`, for the SMS node and for expressions such as
 * `{{ $json.settings.loEmail }}` in the workflows (Get Due Touches and Read Settings add it themselves).
 */
const SETTINGS_ON_OUTPUT = new Set(['upsertLeads', 'recordReply']);

function withSettings(outputs: INodeExecutionData[][], settings: Record<string, string>): void {
	for (const output of outputs) for (const item of output) item.json.settings = settings;
}

/**
 * Runs that fail as a whole (Google down, the tracker busy) with "On Error: Continue": every input
 * item leaves with the error, so "Continue (using error output)" routes it there. Thrown, n8n would
 * pass the input items on through the normal output, as if the lead or the opt-out had been saved.
 * (n8n keeps only `{ error }` of such an item: a workflow takes the lead from the node before.)
 */
const FAIL_ITEM_BY_ITEM = new Set(['upsertLeads', 'recordReply']);

function failedItems(ctx: IExecuteFunctions, error: NodeApiError | NodeOperationError): INodeExecutionData[] {
	return ctx.getInputData().map((item, itemIndex) => ({ json: { ...item.json, error: error.message }, error, pairedItem: { item: itemIndex } }));
}

type Operation = { execute(ctx: IExecuteFunctions, tracker: Tracker): Promise<INodeExecutionData[][]> };

/**
 * Opens the tracker once (sign-in, spreadsheet, the run's clock and lock settings), hands it to
 * the operation, and turns any failure into the node's error here, once.
 */
export async function router(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = ctx.getNodeParameter('operation', 0) as keyof typeof operations;
	const handler: Operation | undefined = operations[operation];
	if (!handler) throw new NodeOperationError(ctx.getNode(), `The operation "${operation}" is not known`);
	let outputs: INodeExecutionData[][];
	try {
		const tracker = await openTracker(ctx, operation !== 'createTracker' || createTracker.needsSpreadsheet(ctx));
		// Read alongside the run (and from memory once warm): the identity the next nodes use.
		const settings = SETTINGS_ON_OUTPUT.has(operation) ? tracker.settings() : undefined;
		settings?.catch(() => undefined);
		outputs = await handler.execute(ctx, tracker);
		if (settings) withSettings(outputs, await settings);
	} catch (error) {
		const nodeError = trackerNodeError(ctx, error);
		if (FAIL_ITEM_BY_ITEM.has(operation) && ctx.continueOnFail()) return [failedItems(ctx, nodeError), []];
		throw nodeError;
	}
	// Every operation but Get Due Touches has one output; the node declares two (Due / Problems).
	return outputs.length === 1 ? [outputs[0], []] : outputs;
}
