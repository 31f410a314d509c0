import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { checkLeadItem } from '../tracker/records';
import { writeTogether } from '../tracker/together';
import { upsertLeads } from '../tracker/tracker';
import { checkItems, itemsOut, nodeError, openTracker } from './common';

export const description: INodeProperties[] = [];

/**
 * All items in one run: one read of the Leads tab, one append for new leads, one batch write; runs
 * arriving while another writes go together in the next one (tracker/together.ts).
 */
export async function execute(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const { good, errors } = checkItems(ctx, items, (json) => checkLeadItem(json));
	const tracker = await openTracker(ctx);
	let results;
	try {
		results = good.length
			? await writeTogether(`upsertLeads|${tracker.together}`, good.map((i) => items[i].json), tracker.run, (leads, run) =>
					upsertLeads(tracker.session, tracker.spreadsheetId, leads, run),
				)
			: [];
	} catch (error) {
		throw nodeError(ctx, error);
	}
	const byItem = new Map(good.map((itemIndex, k) => [itemIndex, results[k]]));
	return itemsOut(ctx, errors, (itemIndex) => ({ tracker: { ...byItem.get(itemIndex)!, spreadsheetId: tracker.spreadsheetId } }));
}
