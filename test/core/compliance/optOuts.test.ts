import fc from 'fast-check';
import { checkTouch, STATE_RULES, type CheckTouchInput } from '../../../nodes/core';

/** Issue 12, classes 8 and 9: the one confirmation's 5 minutes, and a text STOP stopping marketing calls. */
const OPTED_OUT_AT = '2026-06-10T02:00:00.000Z';
const confirm = (at: string, optOut: unknown = OPTED_OUT_AT, channel: 'sms' | 'email' = 'sms') =>
	checkTouch({
		lead: { phone: '+13055550123', email: 'a@example.com', zip: '33101', optOut: { [channel]: optOut } as CheckTouchInput['lead']['optOut'] },
		channel,
		purpose: 'opt-out-confirmation',
		at,
	});
const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

describe('opt-out confirmation timing (47 CFR 64.1200(a)(12))', () => {
	it('sends within 5 minutes of the opt-out, even at night, and blocks after', () => {
		expect(confirm(plus(OPTED_OUT_AT, 60_000)).verdict).toBe('send');
		expect(confirm(plus(OPTED_OUT_AT, 5 * 60_000)).verdict).toBe('send');
		expect(confirm(plus(OPTED_OUT_AT, 5 * 60_000 + 1))).toMatchObject({ verdict: 'block', reasons: ['opted-out:sms', 'confirmation-too-late:sms'] });
		// Days later at 03:00 local: never.
		expect(confirm('2026-06-13T07:00:00Z')).toMatchObject({ verdict: 'block', reasons: ['opted-out:sms', 'confirmation-too-late:sms'] });
	});

	it('reads the instant from an opt-out record too', () => {
		expect(confirm('2026-06-13T07:00:00Z', { at: OPTED_OUT_AT }).reasons).toContain('confirmation-too-late:sms');
	});

	it('without a known instant (TRUE, or a date without a time) only the one-confirmation rule applies', () => {
		expect(confirm('2026-06-13T15:00:00Z', 'TRUE').verdict).toBe('send');
		expect(confirm('2026-06-13T15:00:00Z', '2026-06-10').verdict).toBe('send');
	});

	it('email confirmations have no 5-minute window', () => {
		expect(confirm('2026-06-13T15:00:00Z', OPTED_OUT_AT, 'email').verdict).toBe('send');
	});

	it('property: a confirmation text later than 5 minutes after a known opt-out is always blocked', () => {
		fc.assert(
			fc.property(fc.integer({ min: 5 * 60_000 + 1, max: 30 * 86_400_000 }), (late) => {
				expect(confirm(plus(OPTED_OUT_AT, late)).reasons).toContain('confirmation-too-late:sms');
			}),
			{ numRuns: 200 },
		);
	});
});

describe('a text STOP is a do-not-call request for marketing calls (47 CFR 64.1200(d)(3))', () => {
	const lead = { phone: '+12135550123', zip: '90012', consent: { sms: true, call: true, prerecordedVoice: true }, optOut: { sms: '2026-06-01T10:00:00Z' } };
	const at = '2026-06-10T18:00:00Z';

	it('blocks marketing calls and AI voice, keeps transactional calls and email', () => {
		expect(checkTouch({ lead, channel: 'call', at })).toMatchObject({ verdict: 'block', reasons: ['opted-out:call'] });
		expect(checkTouch({ lead, channel: 'call', at }).messages[0]).toMatch(/do-not-call/);
		expect(checkTouch({ lead, channel: 'ai-voice', at }).reasons).toEqual(['opted-out:ai-voice']);
		expect(checkTouch({ lead, channel: 'call', purpose: 'transactional', at }).verdict).toBe('send');
		expect(checkTouch({ lead: { ...lead, email: 'a@example.com' }, channel: 'email', at }).verdict).toBe('send');
	});

	it('Virginia honours an opt-out for 10 years (data row); the pack never lifts one by age', () => {
		expect(STATE_RULES.VA.optOutHonouredYears).toBe(10);
		const decade = checkTouch({ lead: { ...lead, zip: '23219' }, channel: 'call', at: '2036-05-31T15:00:00Z' });
		expect(decade.reasons).toEqual(['opted-out:call']);
	});

	it('property: after a text STOP no marketing text, call or AI voice call ever goes, at any time', () => {
		fc.assert(
			fc.property(
				fc.constantFrom('sms' as const, 'call' as const, 'ai-voice' as const),
				fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2030, 0, 1) }),
				fc.constantFrom('TRUE', 'yes', '2026-01-01T00:00:00Z', 'STOP'),
				(channel, time, flag) => {
					const result = checkTouch({ lead: { ...lead, optOut: { sms: flag } }, channel, at: new Date(time).toISOString() });
					expect(result.verdict).toBe('block');
					expect(result.reasons).toContain(`opted-out:${channel}`);
				},
			),
			{ numRuns: 300 },
		);
	});
});
