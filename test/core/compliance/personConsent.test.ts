import fc from 'fast-check';
import { checkTouch, personConsent, phoneKey, withPersonOptOut, type ConsentLogEntry, type PersonRow } from '../../../nodes/core';

/** Issue 13: opt-outs belong to the phone number / email address, whichever row holds them. */

const PHONES = ['+13055550100', '+13055550101', '+13055550102', '+447700900123'];
const EMAILS = ['ana@example.com', 'bo@example.com', 'cy@example.com'];
/** How the same phone may be written in a sheet or a lead form. */
const spellings = (e164: string) =>
	e164.startsWith('+1') ? [e164, e164.slice(2), `(${e164.slice(2, 5)}) ${e164.slice(5, 8)}-${e164.slice(8)}`, `1-${e164.slice(2, 5)}-${e164.slice(5, 8)}-${e164.slice(8)}`] : [e164];
const OPTED_OUT_FLAGS = [true, 'TRUE', 'yes', 'STOP', '2026-06-01', '2026-06-01T10:00:00Z', 'x', 1];
const NOT_OPTED_OUT_FLAGS = [false, 'FALSE', 'no', '', 0, null, undefined];

const flag = fc.oneof(fc.constantFrom(...OPTED_OUT_FLAGS), fc.constantFrom(...NOT_OPTED_OUT_FLAGS));
const row: fc.Arbitrary<PersonRow> = fc
	.record({
		phone: fc.constantFrom(...PHONES).chain((p) => fc.constantFrom(...spellings(p))),
		email: fc.constantFrom(...EMAILS).chain((e) => fc.constantFrom(e, e.toUpperCase(), ` ${e} `)),
		sms: flag,
		call: flag,
		email_: flag,
	})
	.map(({ phone, email, sms, call, email_ }) => ({ phone, email, optOut: { sms, call, email: email_ } }));
const logEntry: fc.Arbitrary<ConsentLogEntry> = fc.record({
	phone: fc.constantFrom(...PHONES),
	email: fc.constantFrom(...EMAILS),
	channel: fc.constantFrom('sms', 'call', 'email'),
	action: fc.constantFrom('opt-out', 'opt-in'),
	at: fc.integer({ min: 0, max: 1000 }).map((m) => new Date(Date.UTC(2026, 5, 1) + m * 60_000).toISOString()),
});

const optedOutFlag = (value: unknown) => OPTED_OUT_FLAGS.includes(value as never);

describe('personConsent', () => {
	it('two rows, one phone: the opt-out of one row is the opt-out of the other', () => {
		const rows: PersonRow[] = [
			{ phone: '+13055550100', email: 'ana@example.com', optOut: { sms: 'TRUE' } },
			{ phone: '(305) 555-0100', email: 'other@example.com', optOut: {} },
		];
		const consent = personConsent(rows);
		expect(consent.optedOut(rows[1], 'sms')).toBe(true);
		expect(consent.optedOut(rows[1], 'email')).toBe(false);
		expect(consent.stateOf({ phone: '3055550100' }).optOut).toEqual({ sms: true, call: false, email: false });
	});

	it('the Consent log speaks for a number that has no row (a STOP from a non-lead), latest entry first', () => {
		const log: ConsentLogEntry[] = [
			{ phone: '+13055550109', channel: 'sms', action: 'opt-out', at: '2026-06-01T10:00:00Z' },
			{ phone: '+13055550108', channel: 'sms', action: 'opt-out', at: '2026-06-01T10:00:00Z' },
			{ phone: '+13055550108', channel: 'sms', action: 'opt-in', at: '2026-06-02T10:00:00Z' },
		];
		const consent = personConsent([], log);
		expect(consent.stateOf({ phone: '+13055550109' })).toEqual({ optOut: { sms: true, call: false, email: false }, optOutAt: { sms: '2026-06-01T10:00:00Z' } });
		expect(consent.optedOut({ phone: '+13055550108' }, 'sms')).toBe(false);
	});

	it('property: a person is opted out on a channel exactly when one of their rows is, or their latest log entry is an opt-out', () => {
		fc.assert(
			fc.property(fc.array(row, { maxLength: 12 }), fc.array(logEntry, { maxLength: 8 }), fc.constantFrom(...PHONES), fc.constantFrom(...EMAILS), (rows, log, phone, email) => {
				const consent = personConsent(rows, log);
				for (const channel of ['sms', 'call', 'email'] as const) {
					const same = (r: { phone?: unknown; email?: unknown }) =>
						channel === 'email' ? String(r.email).trim().toLowerCase() === email : phoneKey(r.phone) === phoneKey(phone);
					const mine = log.filter((e) => e.channel === channel && same(e));
					const last = mine.reduce<ConsentLogEntry | undefined>((a, e) => (a === undefined || Date.parse(String(e.at)) >= Date.parse(String(a.at)) ? e : a), undefined);
					const expected = rows.some((r) => same(r) && optedOutFlag(r.optOut?.[channel])) || last?.action === 'opt-out';
					expect(consent.optedOut({ phone, email }, channel)).toBe(expected);
				}
			}),
		);
	});

	it('property: the order of the rows does not matter, and another row never un-opts anyone', () => {
		fc.assert(
			fc.property(fc.array(row, { maxLength: 10 }), row, fc.constantFrom(...PHONES), (rows, extra, phone) => {
				const before = personConsent(rows).stateOf({ phone, email: EMAILS[0] }).optOut;
				const reversed = personConsent([...rows].reverse()).stateOf({ phone, email: EMAILS[0] }).optOut;
				const more = personConsent([...rows, extra]).stateOf({ phone, email: EMAILS[0] }).optOut;
				expect(reversed).toEqual(before);
				for (const channel of ['sms', 'call', 'email'] as const) if (before[channel]) expect(more[channel]).toBe(true);
			}),
		);
	});

	it('property: any spelling of an opted-out phone is refused a marketing text by checkTouch once the person state is merged in', () => {
		fc.assert(
			fc.property(fc.constantFrom(...PHONES.slice(0, 3)), fc.constantFrom(...OPTED_OUT_FLAGS), fc.nat(3), (phone, optOut, spelling) => {
				const consent = personConsent([{ phone, optOut: { sms: optOut } }]);
				const other = spellings(phone)[spelling % spellings(phone).length];
				const lead = { phone, zip: '33101', consent: { sms: true }, optOut: withPersonOptOut({}, consent.stateOf({ phone: other })) };
				const verdict = checkTouch({ lead, channel: 'sms', purpose: 'marketing', at: '2026-06-03T15:00:00Z' });
				expect(verdict.verdict).toBe('block');
				expect(verdict.reasons).toContain('opted-out:sms');
			}),
		);
	});

	it('an email opt-out never stops texts, and a phone opt-out never stops email', () => {
		const consent = personConsent([{ phone: '+13055550100', email: 'ana@example.com', optOut: { email: true } }]);
		expect(consent.stateOf({ phone: '+13055550100', email: 'ANA@example.com' }).optOut).toEqual({ sms: false, call: false, email: true });
		expect(withPersonOptOut({ sms: false }, consent.stateOf({ email: 'ana@example.com' }))).toEqual({ sms: false, email: true });
	});
});
