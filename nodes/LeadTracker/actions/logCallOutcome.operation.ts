import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { LO_ACTIVITIES, callOutcomeFromText, type LoActivity } from '../../core';
import type { FieldError } from '../../core/lead';
import type { OutcomeEvent } from '../../tracker/callOutcomes';
import type { Tracker } from '../../tracker/tracker';
import { checkItems, itemsOut } from './common';

export const description: INodeProperties[] = [];

const text = (value: unknown) => (value === null || value === undefined ? '' : String(value)).trim();

/**
 * Items are checked outcome links (Compliance Gate, Verify Call Outcome Link): { kind: call-outcome,
 * leadId, outcome, taskId, at } or { kind: activity, leadId, activity, note, at }. Each is logged
 * once as a touch with its effect on the lead (Touches `verdict` outcome, Leads pausedUntil,
 * appointmentAt, stage...). `tracker.action` says logged, already-logged (a second tap or a
 * replayed link: nothing written) or unknown-lead.
 */
export async function execute(ctx: IExecuteFunctions, tracker: Tracker): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const events = new Map<number, OutcomeEvent>();
	const { good, errors } = checkItems(ctx, items, (json, index) => {
		const problems: FieldError[] = [];
		const leadId = text(json.leadId);
		const at = text(json.at) || tracker.run.now;
		const note = text(json.note) || undefined;
		if (!leadId) problems.push({ field: 'leadId', message: 'is empty: which lead was called?' });
		if (Number.isNaN(Date.parse(at))) problems.push({ field: 'at', message: `"${at}" is not an ISO-8601 date-time` });
		if (text(json.kind) === 'activity') {
			const activity = text(json.activity);
			if (!Object.prototype.hasOwnProperty.call(LO_ACTIVITIES, activity)) problems.push({ field: 'activity', message: `"${activity}" is not one of ${Object.keys(LO_ACTIVITIES).join(', ')}` });
			else events.set(index, { kind: 'activity', leadId, activity: activity as LoActivity, at, note });
		} else {
			const outcome = callOutcomeFromText(json.outcome);
			const taskId = text(json.taskId);
			if (outcome === null) problems.push({ field: 'outcome', message: `"${text(json.outcome)}" is not a call outcome` });
			if (!taskId) problems.push({ field: 'taskId', message: 'is empty: which call task does the outcome answer?' });
			if (outcome !== null && taskId) events.set(index, { kind: 'call-outcome', leadId, outcome, taskId, at, note });
		}
		return problems;
	});
	const settings = good.length ? await tracker.settings() : {};
	const results = await tracker.logOutcomes(good.map((index) => events.get(index)!), settings.replyPause || undefined);
	for (const [k, itemIndex] of good.entries()) if (results[k].error) errors.set(itemIndex, [results[k].error!]);
	const byItem = new Map(good.map((itemIndex, k) => [itemIndex, results[k]]));
	return itemsOut(ctx, errors, (itemIndex) => ({ tracker: { ...byItem.get(itemIndex)!, spreadsheetId: tracker.spreadsheetId } as never }));
}
