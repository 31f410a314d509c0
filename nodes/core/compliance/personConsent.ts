import { optedOut, type Flag } from './checkTouch';

/**
 * Opt-outs belong to the person, not to a row: a phone number for texts and calls, an email
 * address for email. The same borrower can sit in several Leads rows (two lead sources, two
 * source ids, a row the LO typed in); "Stop texting me" sent from that phone stops texts to every
 * one of them. This module answers "is this person opted out on this channel" from all Leads rows
 * and, where the caller has it, the Consent log.
 *
 * The rule, failing safe:
 * - any row for the person that is opted out on the channel (read with `optedOut`: TRUE, a date,
 *   "STOP", "x"... all count) makes the person opted out;
 * - in the Consent log, the person's latest entry for the channel decides when it is an opt-out;
 *   an opt-in there clears only the log's say (the rows are cleared by whoever records the opt-in).
 * So an opted-out person is texted again only after an opt-in was recorded for the person (START),
 * which clears every row at once.
 */

export type PersonChannel = 'sms' | 'call' | 'email';
export const PERSON_CHANNELS: readonly PersonChannel[] = ['sms', 'call', 'email'];

/** What identifies the person on each channel: texts and calls go to the phone, email to the address. */
export const PERSON_KEY_OF: Readonly<Record<PersonChannel, 'phone' | 'email'>> = { sms: 'phone', call: 'phone', email: 'email' };

export interface PersonRow {
	phone?: unknown;
	email?: unknown;
	/** The row's opt-out flag per channel, as the sheet holds it. */
	optOut?: Partial<Record<PersonChannel, Flag>> | null;
}

export interface ConsentLogEntry {
	phone?: unknown;
	email?: unknown;
	channel?: unknown;
	/** `opt-out` or `opt-in`; other entries are not read. */
	action?: unknown;
	/** ISO instant of the opt-out / opt-in. Entries without a readable time count as oldest. */
	at?: unknown;
}

export interface PersonConsentState {
	/** Opted out per channel (true = never market on it). */
	optOut: Record<PersonChannel, boolean>;
	/** When the latest recorded opt-out happened, per channel, when the Consent log says. */
	optOutAt: Partial<Record<PersonChannel, string>>;
}

export interface PersonConsent {
	optedOut(person: { phone?: unknown; email?: unknown }, channel: PersonChannel): boolean;
	stateOf(person: { phone?: unknown; email?: unknown }): PersonConsentState;
}

/**
 * A phone number as a comparison key: its digits, without the US/Canada country code, so
 * "+1 (305) 555-0100", "305.555.0100" and "+13055550100" are one person. Null when empty.
 */
export function phoneKey(value: unknown): string | null {
	if (typeof value !== 'string' && typeof value !== 'number') return null;
	const digits = String(value).replace(/\D/g, '');
	if (digits.length === 0) return null;
	return digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
}

/** An email address as a comparison key: trimmed, lower case. Null when it holds no "@". */
export function emailKey(value: unknown): string | null {
	if (typeof value !== 'string') return null;
	const text = value.trim().toLowerCase();
	return text.includes('@') ? text : null;
}

/** The person's key for a channel: `phone:<digits>` or `email:<address>`, or null. */
export function personKeyFor(person: { phone?: unknown; email?: unknown }, channel: PersonChannel): string | null {
	if (PERSON_KEY_OF[channel] === 'phone') {
		const key = phoneKey(person.phone);
		return key === null ? null : `phone:${key}`;
	}
	const key = emailKey(person.email);
	return key === null ? null : `email:${key}`;
}

function instantOf(value: unknown): number {
	if (typeof value !== 'string') return -Infinity;
	const ms = Date.parse(value);
	return Number.isNaN(ms) ? -Infinity : ms;
}

const channelOf = (value: unknown): PersonChannel | null => {
	const text = typeof value === 'string' ? value.trim().toLowerCase() : '';
	if (text === 'sms' || text === 'text') return 'sms';
	if (text === 'call' || text === 'phone') return 'call';
	if (text === 'email' || text === 'e-mail') return 'email';
	return null;
};

/**
 * Reads every row (and log entry) once; lookups are then a map read. `rows` and `log` may be in
 * any order except that, in the log, of two entries at the same instant the later one wins (the
 * log is append-only, so that is the one recorded last).
 */
export function personConsent(rows: Iterable<PersonRow>, log: Iterable<ConsentLogEntry> = []): PersonConsent {
	/** `${channel}|${key}` of people a row says are opted out. */
	const byRows = new Set<string>();
	for (const row of rows) {
		const flags = row.optOut;
		if (!flags) continue;
		for (const channel of PERSON_CHANNELS) {
			if (!optedOut(flags[channel])) continue;
			const key = personKeyFor(row, channel);
			if (key !== null) byRows.add(`${channel}|${key}`);
		}
	}
	const latest = new Map<string, { at: number; optOut: boolean; atText: string }>();
	for (const entry of log) {
		const channel = channelOf(entry.channel);
		const action = typeof entry.action === 'string' ? entry.action.trim().toLowerCase() : '';
		if (channel === null || (action !== 'opt-out' && action !== 'opt-in')) continue;
		const at = instantOf(entry.at);
		const record = { at, optOut: action === 'opt-out', atText: typeof entry.at === 'string' ? entry.at : '' };
		// The log may name the phone, the email or both; each names the person on its own channels.
		const key = personKeyFor(entry, channel);
		if (key === null) continue;
		const id = `${channel}|${key}`;
		const before = latest.get(id);
		if (before === undefined || at >= before.at) latest.set(id, record);
	}
	const optedOutOn = (person: { phone?: unknown; email?: unknown }, channel: PersonChannel): boolean => {
		const key = personKeyFor(person, channel);
		if (key === null) return false;
		const id = `${channel}|${key}`;
		return byRows.has(id) || latest.get(id)?.optOut === true;
	};
	return {
		optedOut: optedOutOn,
		stateOf(person) {
			const state: PersonConsentState = { optOut: { sms: false, call: false, email: false }, optOutAt: {} };
			for (const channel of PERSON_CHANNELS) {
				state.optOut[channel] = optedOutOn(person, channel);
				const key = personKeyFor(person, channel);
				const entry = key === null ? undefined : latest.get(`${channel}|${key}`);
				if (state.optOut[channel] && entry?.optOut && entry.atText) state.optOutAt[channel] = entry.atText;
			}
			return state;
		},
	};
}

/**
 * A lead's own opt-out flags with the person's added: what the compliance checks (gate, SMS node,
 * cadence engine) read. Never clears an opt-out the lead itself carries.
 */
export function withPersonOptOut<T extends Partial<Record<PersonChannel, Flag>>>(own: T | null | undefined, person: PersonConsentState | null | undefined): T {
	const merged = { ...(own ?? {}) } as T;
	if (!person) return merged;
	for (const channel of PERSON_CHANNELS) {
		if (person.optOut[channel] && !optedOut(merged[channel])) {
			(merged as Record<PersonChannel, Flag>)[channel] = person.optOutAt[channel] ?? true;
		}
	}
	return merged;
}

/**
 * The person's state as an item carries it (`tracker.person`, from Upsert Leads), or null when the
 * item has none or it is not that shape. Only a well-formed state counts: a stray field named
 * `person` cannot clear an opt-out (withPersonOptOut never clears one anyway).
 */
export function personStateFrom(value: unknown): PersonConsentState | null {
	if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
	const record = value as Record<string, unknown>;
	const optOut = record.optOut;
	if (optOut === null || typeof optOut !== 'object' || Array.isArray(optOut)) return null;
	const flags = optOut as Record<string, unknown>;
	const at = record.optOutAt !== null && typeof record.optOutAt === 'object' ? (record.optOutAt as Record<string, unknown>) : {};
	const state: PersonConsentState = { optOut: { sms: false, call: false, email: false }, optOutAt: {} };
	for (const channel of PERSON_CHANNELS) {
		state.optOut[channel] = flags[channel] === true;
		if (typeof at[channel] === 'string') state.optOutAt[channel] = at[channel] as string;
	}
	return state;
}

/** The person's state an item carries from the tracker (Upsert Leads' `tracker.person`), if any. */
export function trackerPersonOf(json: Record<string, unknown>): PersonConsentState | null {
	const tracker = json.tracker;
	if (tracker === null || typeof tracker !== 'object' || Array.isArray(tracker)) return null;
	return personStateFrom((tracker as Record<string, unknown>).person);
}
