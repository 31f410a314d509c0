import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { readSettings } from '../tracker/tracker';
import { nodeError, openTracker } from './common';

export const description: INodeProperties[] = [];

/** The Settings tab as one object (loName, nmlsId, company...), on every input item. */
export async function execute(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const tracker = await openTracker(ctx);
	try {
		const settings = await readSettings(tracker.session, tracker.spreadsheetId);
		return [ctx.getInputData().map((item, index) => ({ json: { ...item.json, settings }, pairedItem: { item: index } }))];
	} catch (error) {
		throw nodeError(ctx, error);
	}
}
