import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { touchRecordOf } from '../tracker/records';
import type { TrackerRecord } from '../tracker/table';
import { writeTogether } from '../tracker/together';
import { logTouches } from '../tracker/tracker';
import { checkItems, itemsOut, nodeError, openTracker } from './common';

export const description: INodeProperties[] = [];

/** Appends the items' touches (idempotent) and updates the touched leads, in one locked run (shared with runs arriving meanwhile). */
export async function execute(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const tracker = await openTracker(ctx);
	const records = new Map<number, TrackerRecord>();
	const { good, errors } = checkItems(ctx, items, (json, index) => {
		const parsed = touchRecordOf(json, tracker.run.now);
		if ('errors' in parsed) return parsed.errors;
		records.set(index, parsed.record);
		return [];
	});
	let results;
	try {
		results = good.length
			? await writeTogether(`logTouches|${tracker.together}`, good.map((i) => records.get(i)!), tracker.run, (touches, run) =>
					logTouches(tracker.session, tracker.spreadsheetId, touches, run),
				)
			: [];
	} catch (error) {
		throw nodeError(ctx, error);
	}
	const byItem = new Map(good.map((itemIndex, k) => [itemIndex, results[k]]));
	return itemsOut(ctx, errors, (itemIndex) => ({ tracker: { ...byItem.get(itemIndex)!, spreadsheetId: tracker.spreadsheetId } }));
}
