import { replyConsent, type ReplyKind, type ReplyReading } from '../core/compliance/replyConsent';
import type { FieldError } from '../core/lead';
import type { SheetsSession } from '../transport/sheets';
import { locked, type RunOptions } from './lock';
import { CONSENT_COLUMNS, OPT_OUT_COLUMNS, plain, touchKey } from './records';
import { changedRanges, readTable, recordOf, tabRange, type TrackerRecord } from './table';
import { tabByKey } from './template';
import { appendRows, finalWrites, type Write } from './writes';

/**
 * Record Reply / Opt-Out: one locked read of Leads, Touches and the Consent log; each reply found
 * by leadId, phone or email, logged as an inbound touch (once), and its effect on consent (the
 * core's replyConsent) written to the lead's columns, opt-outs and opt-ins also to the Consent log.
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
				const by = event.leadId ? `leadId ${event.leadId}` : event.phone ? `phone ${event.phone}` : `email ${event.email ?? ''}`;
				return { leadId: null, kind, action: 'unknown-lead', error: { field: event.leadId ? 'leadId' : event.phone ? 'phone' : 'email', message: `No lead with ${by} in the Leads tab` } };
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
			// The consent rule is the core's (replyConsent); here it lands in the lead's columns.
			if (effect.lastReplyAt !== undefined) lead.lastReplyAt = effect.lastReplyAt;
			for (const [channel, value] of Object.entries(effect.optOut ?? {})) lead[OPT_OUT_COLUMNS[channel]] = value;
			for (const [channel, value] of Object.entries(effect.consent ?? {})) lead[CONSENT_COLUMNS[channel]] = value;
			if (effect.consentCapturedAt !== undefined) lead[CONSENT_COLUMNS.capturedAt] = effect.consentCapturedAt;
			if (effect.evidence && !knownConsent.has(eventId)) {
				knownConsent.add(eventId);
				newConsent.push({
					eventId, leadId, phone: event.phone ?? lead.phone ?? '', email: event.email ?? lead.email ?? '', channel: event.channel,
					action: effect.evidence, at: event.at, words: event.words, source: event.source, recordedAt: options.now,
				});
			}
			lead.updatedAt = options.now;
			updated.set(index, lead);
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
