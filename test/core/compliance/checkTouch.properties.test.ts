import fc from 'fast-check';
import { DateTime } from 'luxon';
import {
	AREA_CODE_STATES,
	AUTOMATED_VOICE_RULES,
	checkTouch,
	FEDERAL_RULE,
	HOLIDAYS,
	holidayDates,
	locateLead,
	STATE_RULES,
	US_STATE_CODES,
	type CallingRule,
	type CheckTouchInput,
	type HistoryTouch,
	type PolicyOverrides,
} from '../../../nodes/core';

/**
 * An independent reading of the rule tables (luxon wall-clock times, straight from the table
 * text), used as the oracle: every `send` must be legal, every `sendAfter` legal and minimal.
 */
const MINUTE = 60_000;

function minutesOf(text: string): [number, number] {
	const [from, to] = text.split('-').map((part) => {
		const [h, m] = part.split(':').map(Number);
		return h * 60 + m;
	});
	return [from, to];
}

function ruleAllows(rule: CallingRule, local: DateTime, extraDates: string[] = [], federalHolidays = false): boolean {
	const day = local.weekday === 7 ? (rule.sunday ?? rule.hours) : local.weekday === 6 ? (rule.saturday ?? rule.hours) : rule.hours;
	if (day === 'none') return false;
	const date = local.toISODate() as string;
	const minute = local.hour * 60 + local.minute + (local.second * 1000 + local.millisecond) / MINUTE;
	const within = (hours: string) => {
		const [from, to] = minutesOf(hours);
		return minute >= from && minute < to;
	};
	if (rule.holidays && HOLIDAYS[rule.id] && holidayDates(HOLIDAYS[rule.id], local.year).some((h) => h.date === date)) {
		// Nebraska's recorded calls: holidays keep a narrower window instead of none.
		if (rule.holidayHours === undefined || !within(rule.holidayHours)) return false;
	}
	if (extraDates.includes(date)) return false;
	if (federalHolidays && holidayDates(HOLIDAYS.US, local.year).some((h) => h.date === date)) return false;
	return within(day);
}

function consentFor(input: CheckTouchInput): boolean {
	const consent = input.lead.consent ?? {};
	return input.channel === 'sms' ? consent.sms === true : input.channel === 'call' ? consent.call === true : consent.prerecordedVoice === true;
}

function oracleLegal(input: CheckTouchInput, t: number): boolean {
	const location = locateLead(input.lead);
	const marketing = (input.purpose ?? 'marketing') === 'marketing';
	const rules: CallingRule[] = [FEDERAL_RULE];
	// A lead nobody can place may be in any state.
	const states = location.basis === 'unknown' ? US_STATE_CODES : [...location.states, ...location.presumedStates];
	for (const state of states) {
		const candidates = [STATE_RULES[state], input.channel === 'ai-voice' ? AUTOMATED_VOICE_RULES[state] : undefined];
		for (const rule of candidates) {
			if (!rule || (rule.onlyWithoutConsent && consentFor(input))) continue;
			if (rule.bansMarketing && marketing) return false;
			rules.push(rule);
		}
	}
	const policy: PolicyOverrides = input.policy ?? {};
	const policyRule: CallingRule = { id: 'policy', name: 'policy', hours: policy.hours ?? '00:00-24:00', sunday: policy.noSundays ? 'none' : undefined, verified: true, source: '' };
	for (const zone of location.zones) {
		const local = DateTime.fromMillis(t, { zone });
		for (const rule of rules) if (!ruleAllows(rule, local)) return false;
		if (!ruleAllows(policyRule, local, policy.extraHolidays ?? [], policy.federalHolidays)) return false;
	}
	// Mississippi's "Central Standard Time": the hours also hold on the fixed-offset clock.
	for (const rule of rules) if (rule.alsoInZone && !ruleAllows(rule, DateTime.fromMillis(t, { zone: rule.alsoInZone }))) return false;
	if (marketing) {
		const at = Date.parse(input.at);
		const caps = rules.filter((rule) => rule.cap).map((rule) => rule.cap!);
		if (policy.cap) caps.push({ touches: policy.cap.touches, hours: policy.cap.hours ?? 24 });
		for (const cap of caps) {
			const inWindow = (input.history ?? []).filter((touch) => {
				const time = Date.parse(touch.at);
				return time <= at && time > t - cap.hours * 3_600_000 && !touch.purpose && touch.direction !== 'inbound' &&
					(!cap.channels || cap.channels.includes(touch.channel));
			}).length;
			if (inWindow >= cap.touches) return false;
		}
	}
	return true;
}

// Where leads are: ZIPs on zone lines and in every rule state, states alone, area codes alone.
const ZIPS = ['33101', '32501', '78701', '79901', '70112', '35203', '84101', '21201', '73102', '06103', '40202', '42101', '10001', '90012', '85004', '86515', '83642', '97914', '46320', '49935', '98101', '55401', '39201', '99501', '96813',
	'02108', '19103', '02903', '04101', '68102', '89101', '82001'];
const AREA_CODES = Object.keys(AREA_CODE_STATES);
const start2026 = Date.UTC(2026, 0, 1);
const end2027 = Date.UTC(2027, 11, 31, 23, 59);

const leadArb = fc.record({
	where: fc.oneof(
		fc.constantFrom(...ZIPS).map((zip) => ({ zip })),
		fc.constantFrom(...US_STATE_CODES).map((state) => ({ state })),
		fc.constant({}),
	),
	areaCode: fc.constantFrom(...AREA_CODES),
	consent: fc.record({ sms: fc.boolean(), call: fc.boolean(), prerecordedVoice: fc.boolean() }),
});

const policyArb: fc.Arbitrary<PolicyOverrides | undefined> = fc.oneof(
	{ weight: 4, arbitrary: fc.constant(undefined) },
	fc.constant<PolicyOverrides>({ hours: '09:30-18:45' }),
	fc.constant<PolicyOverrides>({ noSundays: true, federalHolidays: true }),
	fc.constant<PolicyOverrides>({ cap: { touches: 2, hours: 12 } }),
	fc.constant<PolicyOverrides>({ extraHolidays: ['2026-12-24', '2027-12-24', '2026-06-15'] }),
);

const inputArb: fc.Arbitrary<CheckTouchInput> = fc
	.record({
		lead: leadArb,
		channel: fc.constantFrom('sms' as const, 'call' as const, 'ai-voice' as const),
		purpose: fc.constantFrom('marketing' as const, 'marketing' as const, 'transactional' as const),
		// Rule boundaries fall on whole local hours (and :30/:45 for the policy), so most instants
		// are drawn right at, or a minute or a millisecond either side of, a quarter hour.
		day: fc.integer({ min: 0, max: Math.floor((end2027 - start2026) / 86_400_000) }),
		quarter: fc.integer({ min: 0, max: 95 }),
		nudge: fc.constantFrom(0, 0, -MINUTE, MINUTE, -1, 1, 7 * MINUTE + 1234),
		history: fc.array(
			fc.record({ before: fc.integer({ min: 0, max: 30 * 60 }), channel: fc.constantFrom('sms', 'call', 'email', 'ai-voice') }),
			{ maxLength: 5 },
		),
		policy: policyArb,
	})
	.map(({ lead, channel, purpose, day, quarter, nudge, history, policy }) => {
		const atMs = start2026 + day * 86_400_000 + quarter * 15 * MINUTE + nudge;
		const touches: HistoryTouch[] = history.map(({ before, channel: ch }) => ({ at: new Date(atMs - before * MINUTE).toISOString(), channel: ch }));
		return {
			lead: { phone: `+1${lead.areaCode}5550123`, ...lead.where, consent: lead.consent },
			channel,
			purpose,
			at: new Date(atMs).toISOString(),
			history: touches,
			policy,
		};
	});

describe('checkTouch properties (oracle: the rule tables read independently with luxon)', () => {
	it('never says send outside the legal window', () => {
		fc.assert(
			fc.property(inputArb, (input) => {
				const result = checkTouch(input);
				if (result.verdict === 'send') expect(oracleLegal(input, Date.parse(input.at))).toBe(true);
			}),
			{ numRuns: 400 },
		);
	});

	it('defers to a sendAfter that is legal and minimal: one minute earlier, and every sampled instant before it, is not', () => {
		fc.assert(
			fc.property(inputArb, fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 10, maxLength: 10 }), (input, samples) => {
				const result = checkTouch(input);
				if (result.verdict !== 'defer') return;
				const at = Date.parse(input.at);
				const after = Date.parse(result.sendAfter!);
				expect(after).toBeGreaterThan(at);
				expect(oracleLegal(input, at)).toBe(false);
				expect(oracleLegal(input, after)).toBe(true);
				if (after - MINUTE >= at) expect(oracleLegal(input, after - MINUTE)).toBe(false);
				for (const sample of samples) expect(oracleLegal(input, at + Math.floor(sample * (after - at)))).toBe(false);
				// Checking again at sendAfter gives send: the gate and the SMS node agree.
				expect(checkTouch({ ...input, at: result.sendAfter! }).verdict).toBe('send');
			}),
			{ numRuns: 400 },
		);
	});

	it('blocks only for what waiting cannot fix, whatever the time', () => {
		fc.assert(
			fc.property(inputArb, fc.integer({ min: 1, max: 200 }), (input, hours) => {
				const result = checkTouch(input);
				if (result.verdict !== 'block') return;
				for (const reason of result.reasons) expect(reason).toMatch(/^(no-consent|opted-out|no-contact|banned):/);
				const later = { ...input, at: new Date(Date.parse(input.at) + hours * 3_600_000).toISOString() };
				expect(checkTouch(later).verdict).toBe('block');
			}),
			{ numRuns: 300 },
		);
	});

	it('a lead whose ZIP is known is never held to fewer zones than its state when the ZIP is dropped', () => {
		fc.assert(
			fc.property(inputArb, (input) => {
				const withZip = { ...input, lead: { ...input.lead, zip: '33101', state: undefined } };
				const stateOnly = { ...input, lead: { ...input.lead, zip: undefined, state: 'FL' } };
				// Everything legal for "somewhere in Florida" is legal for Miami.
				if (checkTouch(stateOnly).verdict === 'send') expect(checkTouch(withZip).verdict).toBe('send');
			}),
			{ numRuns: 200 },
		);
	});
});
