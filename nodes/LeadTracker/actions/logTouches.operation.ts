import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { touchRecordOf } from '../../tracker/records';
import type { TrackerRecord } from '../../tracker/table';
import type { Tracker } from '../../tracker/tracker';
import { checkItems, itemsOut } from './common';

export const description: INodeProperties[] = [];

/** Appends the items' touches (idempotent) and updates the touched leads, in one locked run (shared with runs arriving meanwhile). */
export async function execute(ctx: IExecuteFunctions, tracker: Tracker): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const records = new Map<number, TrackerRecord>();
	const { good, errors } = checkItems(ctx, items, (json, index) => {
		const parsed = touchRecordOf(json, tracker.run.now);
		if ('errors' in parsed) return parsed.errors;
		records.set(index, parsed.record);
		return [];
	});
	const results = await tracker.logTouches(good.map((i) => records.get(i)!));
	const byItem = new Map(good.map((itemIndex, k) => [itemIndex, results[k]]));
	return itemsOut(ctx, errors, (itemIndex) => ({ tracker: { ...byItem.get(itemIndex)!, spreadsheetId: tracker.spreadsheetId } }));
}
