import { CALL_OUTCOME_RULES, LO_ACTIVITIES, callOutcomeChanges, callOutcomeTouchId, type CallOutcome, type LoActivity, type OutcomeChanges } from '../core/callOutcome';
import type { FieldError } from '../core/lead';
import type { SheetsSession } from '../transport/sheets';
import { locked, type RunOptions } from './lock';
import { plain } from './records';
import { changedRanges, readTable, recordOf, tabRange, type TrackerRecord } from './table';
import { readSheetDates } from './dates';
import { tabByKey } from './template';
import { appendRows, finalWrites, type Write } from './writes';

/**
 * Log Call Outcome: one locked read of Leads and Touches; each outcome of a call task (from its
 * one-tap link) or activity the loan officer logged by hand becomes one Touches row, and what it
 * means for the lead (core callOutcomeChanges: the pause after a conversation, appointmentAt and
 * the stage, nurture, the wrong number) is written to the lead's columns in the same run. A call
 * task answered before (its outcome touch is in Touches) is a replay: nothing is written.
 */

const LEADS = tabByKey('leads');
const TOUCHES = tabByKey('touches');

export type OutcomeEvent =
	| { kind: 'call-outcome'; leadId: string; outcome: CallOutcome; taskId: string; at: string; note?: string }
	| { kind: 'activity'; leadId: string; activity: LoActivity; at: string; note?: string };

export interface OutcomeResult {
	leadId: string;
	touchId: string;
	/** `logged`; `already-logged` (a second tap, or a replayed link: nothing written); `unknown-lead`. */
	action: 'logged' | 'already-logged' | 'unknown-lead';
	outcome: CallOutcome | null;
	/** The Leads columns changed, by name. */
	changed: OutcomeChanges;
	/** What was logged before, for an already-logged call task. */
	loggedBefore?: { outcome: string; at: string };
	error?: FieldError;
}

export async function logOutcomes(
	session: SheetsSession,
	spreadsheetId: string,
	events: OutcomeEvent[],
	options: RunOptions & { replyPause?: string },
): Promise<OutcomeResult[]> {
	return locked(session, spreadsheetId, options, [LEADS, TOUCHES].map(tabRange), async ([leadValues, touchValues], lock) => {
		await readSheetDates(session, spreadsheetId, [[LEADS, leadValues], [TOUCHES, touchValues]]);
		const leads = readTable(LEADS, leadValues);
		const touches = readTable(TOUCHES, touchValues);
		const rowOfLead = new Map<string, number>();
		leads.rows.forEach((row, index) => {
			const id = String(row[leads.column.get('leadId') ?? -1] ?? '').trim();
			if (id && !rowOfLead.has(id)) rowOfLead.set(id, index);
		});
		const logged = new Map<string, TrackerRecord>();
		for (const row of touches.rows) {
			const record = recordOf(touches, row);
			const id = String(record.touchId ?? '');
			if (!logged.has(id)) logged.set(id, record);
		}
		const updated = new Map<number, TrackerRecord>();
		const newTouches: TrackerRecord[] = [];

		const results = events.map((event): OutcomeResult => {
			const outcome = event.kind === 'call-outcome' ? event.outcome : LO_ACTIVITIES[event.activity].outcome;
			const channel = event.kind === 'call-outcome' ? 'call' : LO_ACTIVITIES[event.activity].channel;
			// A call task is answered once; the LO's own activity once per kind, lead and day.
			const touchId = event.kind === 'call-outcome' ? callOutcomeTouchId(event.taskId) : `activity:${event.leadId}:${event.activity}:${event.at.slice(0, 10)}`;
			const index = rowOfLead.get(event.leadId);
			if (index === undefined) {
				return { leadId: event.leadId, touchId, action: 'unknown-lead', outcome, changed: {}, error: { field: 'leadId', message: `No lead with leadId ${event.leadId} in the Leads tab` } };
			}
			const before = logged.get(touchId);
			if (before) {
				return { leadId: event.leadId, touchId, action: 'already-logged', outcome, changed: {}, loggedBefore: { outcome: String(before.outcome || before.reason || ''), at: String(before.at ?? '') } };
			}
			const lead = updated.get(index) ?? recordOf(leads, leads.rows[index]);
			const changed = outcome === null ? {} : callOutcomeChanges(outcome, lead, { at: event.at, replyPause: options.replyPause, zone: String(lead.timeZone ?? '') || undefined });
			const label = event.kind === 'call-outcome' ? CALL_OUTCOME_RULES[event.outcome].label : LO_ACTIVITIES[event.activity].label;
			const touch: TrackerRecord = {
				touchId,
				leadId: event.leadId,
				at: event.at,
				channel,
				direction: 'outbound',
				purpose: 'marketing',
				// `outcome`: a call with what happened; the LO's other activity was simply done.
				verdict: outcome === null ? 'sent' : 'outcome',
				outcome: outcome ?? '',
				reason: event.kind === 'call-outcome' ? `task:${event.taskId}` : 'logged-by-lo',
				body: event.note ? `${label}: ${event.note}` : label,
				loggedAt: options.now,
			};
			logged.set(touchId, touch);
			newTouches.push(touch);
			Object.assign(lead, changed as TrackerRecord);
			const last = Date.parse(String(lead.lastTouchAt ?? ''));
			if (Number.isNaN(last) || last < Date.parse(event.at)) lead.lastTouchAt = event.at;
			lead.touchCount = (Number(lead.touchCount) || 0) + 1;
			lead.updatedAt = options.now;
			updated.set(index, lead);
			return { leadId: event.leadId, touchId, action: 'logged', outcome, changed };
		});

		await appendRows(session, spreadsheetId, touches, newTouches, 'logging call outcomes in the Touches tab');
		const writes: Write[] = [];
		for (const [index, record] of updated) {
			const after = leads.header.map((name) => plain(record[name]));
			writes.push(...changedRanges(leads, index + 2, leads.rows[index], after));
		}
		await session.batchUpdateValues(spreadsheetId, finalWrites([leads, touches], writes, lock), 'updating the Leads tab');
		return results;
	});
}
