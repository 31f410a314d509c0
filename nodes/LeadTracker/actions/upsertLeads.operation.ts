import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { checkLeadItem } from '../../tracker/records';
import type { Tracker } from '../../tracker/tracker';
import { checkItems, itemsOut } from './common';

export const description: INodeProperties[] = [];

/**
 * All items in one run: one read of the Leads tab, one append for new leads, one batch write; runs
 * arriving while another writes go together in the next one (nodes/tracker/together.ts).
 */
export async function execute(ctx: IExecuteFunctions, tracker: Tracker): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const { good, errors } = checkItems(ctx, items, (json) => checkLeadItem(json));
	const results = await tracker.upsertLeads(good.map((i) => items[i].json));
	const byItem = new Map(good.map((itemIndex, k) => [itemIndex, results[k]]));
	return itemsOut(ctx, errors, (itemIndex) => ({ tracker: { ...byItem.get(itemIndex)!, spreadsheetId: tracker.spreadsheetId } }));
}
