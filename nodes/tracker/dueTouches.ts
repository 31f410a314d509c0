import { dueTouches, type DueTouch, type LeadCadenceStatus, type SkippedTouch, type TrackedLead } from '../core/cadence';
import type { FieldError } from '../core/lead';
import type { Touch } from '../core/touch';
import type { ColumnTable, SheetsSession } from '../transport/sheets';
import { CLAIM_LEASE_MS, SENDING, UNCERTAIN, claimRecord, claimState, latestStates } from './claims';
import { CHUNK, ENGINE_TOUCH_COLUMNS, LeadIndex, cadencesFrom, engineOptions, flat, personLeadMaker } from './engineRows';
import { lockedColumns, type RunOptions } from './lock';
import { trackedLeadMaker } from './records';
import { settingsFrom } from './settings';
import { recordAt, sheetOf, tabRange, type TrackerRecord } from './table';
import { readSheetDates } from './dates';
import { tabByKey } from './template';
import { appendAndRelease } from './writes';

/**
 * Get Due Touches: holding the tracker lock, one read of Leads, Cadences, Touches and Settings,
 * the cadence engine over chunks of leads, then each due touch claimed (a `sending` row in
 * Touches, see claims.ts) in the request that releases the lock: three requests in all, whatever
 * the number of leads. Touches another run holds are not returned. What a run keeps is what n8n
 * will hold: the due touches, the steps not sent and why, and the leads of the due touches built
 * once each.
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
	/**
	 * Due touches not returned because of a claim: `held` (another run is sending it now) or
	 * `uncertain` (a run stopped half-way after claiming it: it may have gone out; never re-sent by itself).
	 */
	claimed: ClaimedTouch[];
	cadenceProblems: FieldError[];
	/** The lead a due touch belongs to (the last row with its leadId), as the engine read it. */
	leadOf(leadId: string): TrackedLead | undefined;
	settings: Record<string, string>;
}

export interface ClaimedTouch {
	touchId: string;
	leadId: string;
	channel: string;
	state: 'held' | 'uncertain';
	/** When the claim was written. */
	since: string;
	message: string;
}

/**
 * Get due touches: one read of Leads, Cadences, Touches and Settings, then the cadence engine,
 * a chunk of leads at a time (no object per lead is kept, except for leads with a touch due);
 * the touches returned are claimed.
 */
export async function getDueTouches(session: SheetsSession, spreadsheetId: string, options: RunOptions): Promise<DuePlan> {
	const reads = [
		{ range: tabRange(LEADS) },
		{ range: tabRange(CADENCES) },
		{ range: tabRange(TOUCHES), columns: [...ENGINE_TOUCH_COLUMNS, 'loggedAt'] },
		{ range: tabRange(SETTINGS) },
	];
	return lockedColumns(session, spreadsheetId, options, reads, async ([leadRead, cadenceRead, touchRead, settingRead], lock) => {
		await readSheetDates(session, spreadsheetId, [[LEADS, leadRead], [TOUCHES, touchRead]]);
		const plan = planOf(leadRead, cadenceRead, touchRead, settingRead, options);
		const touches = sheetOf(TOUCHES, touchRead);
		const latest = latestStates(touches, new Set(plan.due.map((touch) => touch.touchId)));
		const holder = options.lock?.holder ?? 'n8n';
		const writes: TrackerRecord[] = [];
		const free: DueTouch[] = [];
		for (const touch of plan.due) {
			const state = claimState(latest.get(touch.touchId), options.now);
			const since = latest.get(touch.touchId)?.loggedAt ?? '';
			if (state === 'free') {
				free.push(touch);
				writes.push(claimRecord(touch, SENDING, options.now, `claimed by ${holder}`));
				continue;
			}
			if (state === 'lapsed') {
				writes.push(claimRecord(touch, UNCERTAIN, options.now, `claimed at ${since || 'an unknown time'} and never logged: it may have gone out`));
			}
			plan.claimed.push({
				touchId: touch.touchId,
				leadId: touch.leadId,
				channel: touch.channel,
				state: state === 'held' ? 'held' : 'uncertain',
				since,
				message:
					state === 'held'
						? 'Another run is sending this touch now (its claim in the Touches tab is recent): skipped here.'
						: `This touch was claimed ${since ? `at ${since} ` : ''}by a run that stopped before logging it (over ${CLAIM_LEASE_MS / 60_000} minutes ago): it may or may not have gone out, so it is not sent again. Check the lead's phone/email history, then set its verdict in the Touches tab.`,
			});
		}
		plan.due = free;
		await appendAndRelease(session, spreadsheetId, touches, writes, lock, 'claiming the due touches in the Touches tab');
		return plan;
	});
}

/** The cadence engine over the tabs as read: the due touches (not yet claimed), skipped steps, problems. */
function planOf(leadRead: ColumnTable, cadenceRead: ColumnTable, touchRead: ColumnTable, settingRead: ColumnTable, options: RunOptions): DuePlan {
	const leads = sheetOf(LEADS, leadRead);
	const touches = sheetOf(TOUCHES, touchRead);
	const cadences = cadencesFrom(cadenceRead);
	const settings = settingsFrom(settingRead);

	const engineOpts = engineOptions(settings);
	// dueTouches is pure per lead: running it over chunks of leads, each with its leads' touches,
	// gives the same due touches, statuses and skipped steps as one call over the whole tab.
	const { cadenceProblems } = dueTouches({ leads: [], cadences, touches: [], now: options.now, options: engineOpts });
	const makeLead = personLeadMaker(leads, trackedLeadMaker([...leads.column.keys()]));
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
	return { due, invalid, skipped, claimed: [], cadenceProblems, leadOf, settings };
}
