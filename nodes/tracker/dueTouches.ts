import { dueTouches, type DueTouch, type LeadCadenceStatus, type SkippedTouch, type TrackedLead } from '../core/cadence';
import type { FieldError } from '../core/lead';
import type { Touch } from '../core/touch';
import type { SheetsSession } from '../transport/sheets';
import { CHUNK, ENGINE_TOUCH_COLUMNS, LeadIndex, cadencesFrom, engineOptions, flat } from './engineRows';
import type { RunOptions } from './lock';
import { trackedLeadMaker } from './records';
import { settingsFrom } from './settings';
import { recordAt, sheetOf, tabRange } from './table';
import { tabByKey } from './template';

/**
 * Get Due Touches: one read of Leads, Cadences, Touches and Settings (no lock, no writes), then the
 * cadence engine over chunks of leads. What a run keeps is what n8n will hold: the due touches,
 * the steps not sent and why, and the leads of the due touches built once each.
 */

const LEADS = tabByKey('leads');
const TOUCHES = tabByKey('touches');
const CADENCES = tabByKey('cadences');
const SETTINGS = tabByKey('settings');

export interface DuePlan {
	/** Touches due now, in lead order. */
	due: DueTouch[];
	/** Lead rows that could not be read (state `invalid`), in row order. */
	invalid: LeadCadenceStatus[];
	skipped: SkippedTouch[];
	cadenceProblems: FieldError[];
	/** The lead a due touch belongs to (the last row with its leadId), as the engine read it. */
	leadOf(leadId: string): TrackedLead | undefined;
	settings: Record<string, string>;
}

/**
 * Get due touches: one read of Leads, Cadences, Touches and Settings, then the cadence engine,
 * a chunk of leads at a time (no object per lead is kept, except for leads with a touch due). No writes.
 */
export async function getDueTouches(session: SheetsSession, spreadsheetId: string, options: RunOptions): Promise<DuePlan> {
	const [leadRead, cadenceRead, touchRead, settingRead] = await session.readColumns(
		spreadsheetId,
		[
			{ range: tabRange(LEADS) },
			{ range: tabRange(CADENCES) },
			{ range: tabRange(TOUCHES), columns: ENGINE_TOUCH_COLUMNS },
			{ range: tabRange(SETTINGS) },
		],
		'reading the Leads, Cadences, Touches and Settings tabs',
	);
	const leads = sheetOf(LEADS, leadRead);
	const touches = sheetOf(TOUCHES, touchRead);
	const cadences = cadencesFrom(cadenceRead);
	const settings = settingsFrom(settingRead);

	const engineOpts = engineOptions(settings);
	// dueTouches is pure per lead: running it over chunks of leads, each with its leads' touches,
	// gives the same due touches, statuses and skipped steps as one call over the whole tab.
	const { cadenceProblems } = dueTouches({ leads: [], cadences, touches: [], now: options.now, options: engineOpts });
	const makeLead = trackedLeadMaker([...leads.column.keys()]);
	const index = new LeadIndex(leads);
	index.link(touches);
	const due: DueTouch[] = [];
	const skipped: SkippedTouch[] = [];
	const invalid: LeadCadenceStatus[] = [];
	for (let from = 0; from < leads.count; from += CHUNK) {
		const batch: TrackedLead[] = [];
		const batchTouches: Touch[] = [];
		const withTouches = new Set<number>();
		for (let i = from; i < Math.min(leads.count, from + CHUNK); i++) {
			batch.push(makeLead(recordAt(leads, i)));
			const first = index.firstOf(i);
			if (!withTouches.has(first)) {
				withTouches.add(first);
				index.appendTouchesOf(first, touches, batchTouches);
			}
		}
		const result = dueTouches({ leads: batch, cadences, touches: batchTouches, now: options.now, options: engineOpts });
		for (const touch of result.due) {
			flat(touch.touchId);
			flat(touch.at);
			due.push(touch);
		}
		for (const skip of result.skipped) {
			flat(skip.touchId);
			flat(skip.at);
			skipped.push(skip);
		}
		for (const status of result.leads) if (status.state === 'invalid') invalid.push(status);
	}
	// The lead objects handed out with the due touches: one per lead, built once.
	const built = new Map<number, TrackedLead>();
	const leadOf = (leadId: string): TrackedLead | undefined => {
		const first = index.first.get(leadId);
		if (first === undefined) return undefined;
		const row = index.last[first];
		let lead = built.get(row);
		if (!lead) {
			lead = makeLead(recordAt(leads, row));
			built.set(row, lead);
		}
		return lead;
	};
	return { due, invalid, skipped, cadenceProblems, leadOf, settings };
}
