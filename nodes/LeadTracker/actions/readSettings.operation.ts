import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { Tracker } from '../../tracker/tracker';

export const description: INodeProperties[] = [];

/** The Settings tab as one object (loName, nmlsId, company...), on every input item. */
export async function execute(ctx: IExecuteFunctions, tracker: Tracker): Promise<INodeExecutionData[][]> {
	// Asked for explicitly: read now (and the cache the other runs use is refreshed with it).
	const settings = await tracker.freshSettings();
	return [ctx.getInputData().map((item, index) => ({ json: { ...item.json, settings }, pairedItem: { item: index } }))];
}
