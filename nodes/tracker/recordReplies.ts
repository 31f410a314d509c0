import { personKeyFor } from '../core/compliance/personConsent';
import { replyConsent, type ReplyKind, type ReplyReading } from '../core/compliance/replyConsent';
import type { FieldError } from '../core/lead';
import type { SheetsSession } from '../transport/sheets';
import { locked, type RunOptions } from './lock';
import { CONSENT_COLUMNS, OPT_OUT_COLUMNS, plain, touchKey } from './records';
import { changedRanges, readTable, recordOf, tabRange, type TrackerRecord } from './table';
import { readSheetDates } from './dates';
import { tabByKey } from './template';
import { appendRows, finalWrites, type Write } from './writes';

/**
 * Record Reply / Opt-Out: one locked read of Leads, Touches and the Consent log; each reply found
 * by leadId, phone or email, logged as an inbound touch (once), and its effect on consent (the
 * core's replyConsent) written to the columns of every Leads row of the person (same phone for
 * texts and calls, same email address for email), opt-outs and opt-ins also to the Consent log.
 * A replayed webhook (same provider id) writes nothing and comes back `duplicate`. An opt-out or
 * opt-in from a number that is no lead is kept in the Consent log all the same (`unknown-lead`,
 * not an error: a STOP must never fail the workflow).
 */

const LEADS = tabByKey('leads');
const TOUCHES = tabByKey('touches');
const CONSENT = tabByKey('consent');

export interface ReplyEvent {
	leadId?: string;
	phone?: string;
	email?: string;
	channel: 'sms' | 'call' | 'email';
	words: string;
	at: string;
	/** Provider message id: makes a retried webhook idempotent. */
	eventId?: string;
	source: string;
	/** `auto`: read the words (STOP, START...) with the compliance reply classifier. */
	kind: ReplyReading;
}

export interface ReplyResult {
	leadId: string | null;
	kind: ReplyKind;
	action: 'recorded' | 'duplicate' | 'unknown-lead';
	error?: FieldError;
}

export async function recordReplies(session: SheetsSession, spreadsheetId: string, events: ReplyEvent[], options: RunOptions): Promise<ReplyResult[]> {
	return locked(session, spreadsheetId, options, [LEADS, TOUCHES, CONSENT].map(tabRange), async ([leadValues, touchValues, consentValues], lock) => {
		await readSheetDates(session, spreadsheetId, [[LEADS, leadValues], [TOUCHES, touchValues], [CONSENT, consentValues]]);
		const leads = readTable(LEADS, leadValues);
		const touches = readTable(TOUCHES, touchValues);
		const consent = readTable(CONSENT, consentValues);
		const records = leads.rows.map((row) => recordOf(leads, row));
		const find = (key: 'leadId' | 'phone' | 'email', value?: string) =>
			value ? records.findIndex((r) => String(r[key] ?? '').toLowerCase() === value.toLowerCase()) : -1;
		const knownTouches = new Set(touches.rows.map((row) => touchKey(recordOf(touches, row))));
		const knownConsent = new Set(consent.rows.map((row) => String(recordOf(consent, row).eventId ?? '')));
		const updated = new Map<number, TrackerRecord>();
		const newTouches: TrackerRecord[] = [];
		const newConsent: TrackerRecord[] = [];

		const results = events.map((event): ReplyResult => {
			const effect = replyConsent({ channel: event.channel, words: event.words, at: event.at, reading: event.kind });
			const { kind } = effect;
			let index = find('leadId', event.leadId);
			if (index < 0) index = find('phone', event.phone);
			if (index < 0) index = find('email', event.email);
			if (index < 0) {
				if (!event.phone && !event.email) {
					return { leadId: null, kind, action: 'unknown-lead', error: { field: 'leadId', message: `No lead with leadId ${event.leadId ?? ''} in the Leads tab` } };
				}
				// A number or address that is no lead (yet): nothing to update, but an opt-out or
				// opt-in is still evidence, and the next lead with that phone is written opted out.
				const eventId = event.eventId || `${event.phone ?? event.email}:${event.channel}:${event.at}`;
				if (!effect.evidence) return { leadId: null, kind, action: 'unknown-lead' };
				if (knownConsent.has(eventId)) return { leadId: null, kind, action: 'duplicate' };
				knownConsent.add(eventId);
				newConsent.push({
					eventId, leadId: '', phone: event.phone ?? '', email: event.email ?? '', channel: event.channel,
					action: effect.evidence, at: event.at, words: event.words, source: event.source, recordedAt: options.now,
				});
				return { leadId: null, kind, action: 'unknown-lead' };
			}
			const lead = updated.get(index) ?? { ...records[index] };
			const leadId = String(lead.leadId);
			const eventId = event.eventId || `${leadId}:${event.channel}:${event.at}`;
			const touch: TrackerRecord = {
				touchId: `in:${eventId}`, leadId, at: event.at, channel: event.channel, direction: 'inbound',
				verdict: 'received', reason: kind === 'reply' ? '' : kind, body: event.words, providerId: event.eventId ?? '', loggedAt: options.now,
			};
			const duplicate = knownTouches.has(touchKey(touch));
			if (duplicate) return { leadId, kind, action: 'duplicate' };
			knownTouches.add(touchKey(touch));
			newTouches.push(touch);
			// The consent rule is the core's (replyConsent); the opt-out or opt-in is the person's:
			// it lands on every Leads row with the phone (texts, calls) or the address (email).
			if (effect.lastReplyAt !== undefined) lead.lastReplyAt = effect.lastReplyAt;
			lead.updatedAt = options.now;
			updated.set(index, lead);
			if (effect.optOut || effect.consent) {
				const person = { phone: event.channel === 'email' ? undefined : (event.phone ?? lead.phone), email: event.channel === 'email' ? (lead.email || event.email) : undefined };
				const key = personKeyFor(person, event.channel);
				const rows = key === null ? [index] : records.flatMap((r, i) => (i === index || personKeyFor(r, event.channel) === key ? [i] : []));
				for (const i of rows) {
					const row = updated.get(i) ?? { ...records[i] };
					for (const [channel, value] of Object.entries(effect.optOut ?? {})) row[OPT_OUT_COLUMNS[channel]] = value;
					for (const [channel, value] of Object.entries(effect.consent ?? {})) row[CONSENT_COLUMNS[channel]] = value;
					if (effect.consentCapturedAt !== undefined) row[CONSENT_COLUMNS.capturedAt] = effect.consentCapturedAt;
					row.updatedAt = options.now;
					updated.set(i, row);
				}
			}
			if (effect.evidence && !knownConsent.has(eventId)) {
				knownConsent.add(eventId);
				newConsent.push({
					eventId, leadId, phone: event.phone ?? lead.phone ?? '', email: event.email ?? lead.email ?? '', channel: event.channel,
					action: effect.evidence, at: event.at, words: event.words, source: event.source, recordedAt: options.now,
				});
			}
			return { leadId, kind, action: 'recorded' };
		});

		await appendRows(session, spreadsheetId, touches, newTouches, 'logging replies in the Touches tab');
		await appendRows(session, spreadsheetId, consent, newConsent, 'recording consent in the Consent log tab');
		const writes: Write[] = [];
		for (const [index, record] of updated) {
			const after = leads.header.map((name) => plain(record[name]));
			writes.push(...changedRanges(leads, index + 2, leads.rows[index], after));
		}
		await session.batchUpdateValues(spreadsheetId, finalWrites([leads, touches, consent], writes, lock), 'updating the Leads tab');
		return results;
	});
}
