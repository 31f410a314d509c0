import { DateTime } from 'luxon';
import {
	checkTouch,
	ComplianceInputError,
	decideTouch,
	type CheckTouchInput,
	type ComplianceLead,
} from '../../../nodes/core';

const withSms = (lead: ComplianceLead): ComplianceLead => ({ consent: { sms: true }, ...lead });
const sms = (lead: ComplianceLead, at: string, extra: Partial<CheckTouchInput> = {}) =>
	checkTouch({ lead: withSms(lead), channel: 'sms', at, ...extra });

/** Local wall-clock time in a zone -> the UTC ISO string checkTouch returns. */
const utc = (local: string, zone: string) => DateTime.fromISO(local, { zone }).toUTC().toISO() as string;

describe('checkTouch: hand-checked cases', () => {
	// Each row was worked out by hand from the rule tables in ../shared/research/compliance-rules.md.
	const cases: Array<[string, CheckTouchInput, { verdict: string; reasons?: string[]; sendAfter?: string }]> = [
		['Miami 20:30 Friday: Florida ends at 20:00', { lead: withSms({ phone: '+13055550123', zip: '33101' }), channel: 'sms', at: '2026-03-07T01:30:00Z' },
			{ verdict: 'defer', reasons: ['quiet-hours:FL'], sendAfter: '2026-03-07T13:00:00.000Z' }],
		['Miami 19:59 is fine', { lead: withSms({ phone: '+13055550123', zip: '33101' }), channel: 'sms', at: '2026-03-07T00:59:00Z' },
			{ verdict: 'send', reasons: [] }],
		['Pensacola (Central) 19:30 is fine at the same instant Miami is 20:30', { lead: withSms({ phone: '+18505550123', zip: '32501' }), channel: 'sms', at: '2026-03-07T01:30:00Z' },
			{ verdict: 'send' }],
		['Florida without ZIP: legal only when legal in Eastern and Central (09:00 Eastern)', { lead: withSms({ phone: '+13055550123', state: 'FL' }), channel: 'sms', at: '2026-03-07T13:30:00Z' },
			{ verdict: 'defer', reasons: ['quiet-hours:federal', 'quiet-hours:FL'], sendAfter: '2026-03-07T14:00:00.000Z' }],
		['Florida without ZIP at 20:30 Eastern waits to 09:00 Eastern the next day', { lead: withSms({ phone: '+13055550123', state: 'FL' }), channel: 'sms', at: '2026-03-07T01:30:00Z' },
			{ verdict: 'defer', reasons: ['quiet-hours:FL'], sendAfter: '2026-03-07T14:00:00.000Z' }],
		['Austin Sunday 10:30: Texas allows Sundays from 12:00', { lead: withSms({ phone: '+15125550123', zip: '78701' }), channel: 'sms', at: '2026-03-08T15:30:00Z' },
			{ verdict: 'defer', reasons: ['sunday:TX'], sendAfter: '2026-03-08T17:00:00.000Z' }],
		['El Paso (Mountain) Monday 08:30: Texas starts at 09:00', { lead: withSms({ phone: '+19155550123', zip: '79901' }), channel: 'sms', at: '2026-03-09T14:30:00Z' },
			{ verdict: 'defer', reasons: ['quiet-hours:TX'], sendAfter: '2026-03-09T15:00:00.000Z' }],
		['Louisiana Friday 2026-07-03 is Independence Day observed; Saturday is the holiday, Sunday is banned', { lead: withSms({ phone: '+15045550123', zip: '70112' }), channel: 'sms', at: '2026-07-03T15:30:00Z' },
			{ verdict: 'defer', reasons: ['holiday:LA'], sendAfter: '2026-07-06T13:00:00.000Z' }],
		['Alabama Christmas 2027 (Saturday) is observed Friday 12-24; then Sunday', { lead: withSms({ phone: '+12055550123', zip: '35203' }), channel: 'sms', at: '2027-12-24T16:00:00Z' },
			{ verdict: 'defer', reasons: ['holiday:AL'], sendAfter: '2027-12-27T14:00:00.000Z' }],
		["Alabama New Year's Day 2028 (Saturday) is observed Friday 2027-12-31", { lead: withSms({ phone: '+12055550123', zip: '35203' }), channel: 'sms', at: '2027-12-31T16:00:00Z' },
			{ verdict: 'defer', reasons: ['holiday:AL'], sendAfter: '2028-01-03T14:00:00.000Z' }],
		['Utah Sunday call without consent waits to Monday 08:00', { lead: { phone: '+18015550123', zip: '84101' }, channel: 'call', at: '2026-06-14T18:00:00Z' },
			{ verdict: 'defer', reasons: ['sunday:UT'], sendAfter: '2026-06-15T14:00:00.000Z' }],
		['Utah Sunday call with prior express consent follows federal hours only', { lead: { phone: '+18015550123', zip: '84101', consent: { call: true } }, channel: 'call', at: '2026-06-14T18:00:00Z' },
			{ verdict: 'send' }],
		['Maryland: a 4th touch within 24 h waits until the oldest ages out', {
			lead: withSms({ phone: '+14105550123', zip: '21201' }), channel: 'sms', at: '2026-07-07T15:00:00Z',
			history: [{ at: '2026-07-06T16:00:00Z', channel: 'sms' }, { at: '2026-07-06T20:00:00Z', channel: 'email' }, { at: '2026-07-07T13:00:00Z', channel: 'call' }],
		}, { verdict: 'defer', reasons: ['cap:MD'], sendAfter: '2026-07-07T16:00:00.000Z' }],
		['Florida cap release at 20:30 local falls after hours: next morning', {
			lead: withSms({ phone: '+13055550123', zip: '33101' }), channel: 'sms', at: '2026-07-07T16:00:00Z',
			history: [{ at: '2026-07-07T00:30:00Z', channel: 'sms' }, { at: '2026-07-07T14:00:00Z', channel: 'call' }, { at: '2026-07-07T15:00:00Z', channel: 'email' }],
		}, { verdict: 'defer', reasons: ['cap:FL'], sendAfter: '2026-07-08T12:00:00.000Z' }],
		['Replies, transactional and never-sent touches do not count toward the cap', {
			lead: withSms({ phone: '+14105550123', zip: '21201' }), channel: 'sms', at: '2026-07-07T15:00:00Z',
			history: [
				{ at: '2026-07-07T10:00:00Z', channel: 'sms', direction: 'inbound' },
				{ at: '2026-07-07T11:00:00Z', channel: 'sms', purpose: 'transactional' },
				{ at: '2026-07-07T12:00:00Z', channel: 'sms', verdict: 'deferred' },
				{ at: '2026-07-07T13:00:00Z', channel: 'sms' },
				{ at: '2026-07-07T14:00:00Z', channel: 'call' },
			],
		}, { verdict: 'send' }],
		['Los Angeles lead with a Florida (305) number: Florida hours apply in Pacific time', { lead: withSms({ phone: '+13055550123', zip: '90012' }), channel: 'sms', at: '2026-06-11T03:30:00Z' },
			{ verdict: 'defer', reasons: ['quiet-hours:FL'], sendAfter: '2026-06-11T15:00:00.000Z' }],
		['the same lead with a Los Angeles (213) number may be texted until 21:00', { lead: withSms({ phone: '+12135550123', zip: '90012' }), channel: 'sms', at: '2026-06-11T03:30:00Z' },
			{ verdict: 'send' }],
		['Texas address with a Florida number keeps both Texas zones', { lead: withSms({ phone: '+13055550123', state: 'TX' }), channel: 'sms', at: '2026-06-08T14:30:00Z' },
			{ verdict: 'defer', reasons: ['quiet-hours:TX'], sendAfter: '2026-06-08T15:00:00.000Z' }],
		['Georgia address with an Oklahoma number: the Oklahoma cap applies', {
			lead: withSms({ phone: '+14055550123', zip: '30303' }), channel: 'sms', at: '2026-06-09T16:00:00Z',
			history: [{ at: '2026-06-09T13:00:00Z', channel: 'sms' }, { at: '2026-06-09T14:00:00Z', channel: 'sms' }, { at: '2026-06-09T15:00:00Z', channel: 'sms' }],
		}, { verdict: 'defer', reasons: ['cap:OK'], sendAfter: '2026-06-10T13:00:00.000Z' }],
		['Connecticut number on a New York address: Connecticut starts at 09:00', { lead: withSms({ phone: '+12035550123', zip: '10001' }), channel: 'sms', at: '2026-06-09T12:30:00Z' },
			{ verdict: 'defer', reasons: ['quiet-hours:CT'], sendAfter: '2026-06-09T13:00:00.000Z' }],
		['Only an Oklahoma area code: Central time, Oklahoma ends at 20:00', { lead: withSms({ phone: '+14055550123' }), channel: 'sms', at: '2026-06-09T01:30:00Z' },
			{ verdict: 'defer', reasons: ['quiet-hours:OK'], sendAfter: '2026-06-09T13:00:00.000Z' }],
		['Only an Idaho area code: Mountain and Pacific both must be past 08:00', { lead: withSms({ phone: '+12085550123' }), channel: 'sms', at: '2026-06-09T14:30:00Z' },
			{ verdict: 'defer', reasons: ['quiet-hours:federal'], sendAfter: '2026-06-09T15:00:00.000Z' }],
		['Arizona without ZIP: Phoenix (no DST) and Navajo Nation (DST) both', { lead: withSms({ phone: '+16025550123', state: 'AZ' }), channel: 'sms', at: '2026-06-09T03:30:00Z' },
			{ verdict: 'defer', reasons: ['quiet-hours:federal'], sendAfter: '2026-06-09T15:00:00.000Z' }],
		['AI voice needs prerecorded-voice consent; text consent does not cover it', { lead: withSms({ phone: '+12135550123', zip: '90012' }), channel: 'ai-voice', at: '2026-06-10T18:00:00Z' },
			{ verdict: 'block', reasons: ['no-consent:ai-voice'] }],
		['AI voice with that consent follows calling hours', { lead: { phone: '+12135550123', zip: '90012', consent: { prerecordedVoice: true } }, channel: 'ai-voice', at: '2026-06-10T14:00:00Z' },
			{ verdict: 'defer', reasons: ['quiet-hours:federal'], sendAfter: '2026-06-10T15:00:00.000Z' }],
		['A live call needs no written consent', { lead: { phone: '+12135550123', zip: '90012' }, channel: 'call', at: '2026-06-10T18:00:00Z' },
			{ verdict: 'send' }],
		['Marketing text without SMS consent is blocked, not deferred', { lead: { phone: '+12135550123', zip: '90012', consent: { call: true } }, channel: 'sms', at: '2026-06-10T03:00:00Z' },
			{ verdict: 'block', reasons: ['no-consent:sms'] }],
		['A transactional text needs no marketing consent', { lead: { phone: '+12135550123', zip: '90012' }, channel: 'sms', purpose: 'transactional', at: '2026-06-10T18:00:00Z' },
			{ verdict: 'send' }],
		['SMS opt-out blocks texts', { lead: withSms({ phone: '+12135550123', zip: '90012', optOut: { sms: true } }), channel: 'sms', at: '2026-06-10T18:00:00Z' },
			{ verdict: 'block', reasons: ['opted-out:sms'] }],
		['SMS opt-out blocks transactional texts too', { lead: withSms({ phone: '+12135550123', zip: '90012', optOut: { sms: true } }), channel: 'sms', purpose: 'transactional', at: '2026-06-10T18:00:00Z' },
			{ verdict: 'block', reasons: ['opted-out:sms'] }],
		['SMS opt-out also revokes AI voice (every automated channel)', { lead: { phone: '+12135550123', zip: '90012', consent: { prerecordedVoice: true }, optOut: { sms: '2026-06-01T10:00:00Z' } }, channel: 'ai-voice', at: '2026-06-10T18:00:00Z' },
			{ verdict: 'block', reasons: ['opted-out:ai-voice'] }],
		['SMS opt-out does not stop email', { lead: withSms({ phone: '+12135550123', zip: '90012', optOut: { sms: true } }), channel: 'email', at: '2026-06-10T18:00:00Z' },
			{ verdict: 'send' }],
		['Email opt-out blocks email', { lead: { email: 'a@example.com', zip: '90012', optOut: { email: true } }, channel: 'email', at: '2026-06-10T18:00:00Z' },
			{ verdict: 'block', reasons: ['opted-out:email'] }],
		['Email has no quiet hours: 03:00 local is fine', { lead: { email: 'a@example.com', zip: '33101' }, channel: 'email', at: '2026-06-10T07:00:00Z' },
			{ verdict: 'send' }],
		['Email to a lead with no address is blocked', { lead: { email: null, zip: '33101' }, channel: 'email', at: '2026-06-10T17:00:00Z' },
			{ verdict: 'block', reasons: ['no-contact:email'] }],
		['A text to a lead with no phone is blocked', { lead: { zip: '33101', consent: { sms: true } }, channel: 'sms', at: '2026-06-10T17:00:00Z' },
			{ verdict: 'block', reasons: ['no-contact:sms'] }],
		['The one opt-out confirmation goes out at once, even at night', { lead: { phone: '+13055550123', zip: '33101', optOut: { sms: '2026-06-10T02:00:00Z' } }, channel: 'sms', purpose: 'opt-out-confirmation', at: '2026-06-10T02:01:00Z' },
			{ verdict: 'send' }],
		['A second opt-out confirmation is blocked', {
			lead: { phone: '+13055550123', zip: '33101', optOut: { sms: '2026-06-10T02:00:00Z' } }, channel: 'sms', purpose: 'opt-out-confirmation', at: '2026-06-10T02:05:00Z',
			history: [{ at: '2026-06-10T02:00:30Z', channel: 'sms', purpose: 'opt-out-confirmation' }],
		}, { verdict: 'block', reasons: ['opted-out:sms', 'confirmation-already-sent:sms'] }],
		['An opt-out confirmation without an opt-out is blocked', { lead: { phone: '+13055550123', zip: '33101' }, channel: 'sms', purpose: 'opt-out-confirmation', at: '2026-06-10T15:00:00Z' },
			{ verdict: 'block', reasons: ['not-opted-out:sms'] }],
		['Company hours 09:00-19:00 narrow the law', { lead: withSms({ phone: '+12125550123', zip: '10001' }), channel: 'sms', at: '2026-06-10T12:30:00Z', policy: { hours: '09:00-19:00' } },
			{ verdict: 'defer', reasons: ['quiet-hours:policy'], sendAfter: '2026-06-10T13:00:00.000Z' }],
		['Company extra holiday', { lead: withSms({ phone: '+12125550123', zip: '10001' }), channel: 'sms', at: '2026-12-24T15:00:00Z', policy: { extraHolidays: ['2026-12-24'] } },
			{ verdict: 'defer', reasons: ['holiday:policy'], sendAfter: '2026-12-25T13:00:00.000Z' }],
		['Company federal holidays: Christmas 2026 (Friday) then Saturday', { lead: withSms({ phone: '+12125550123', zip: '10001' }), channel: 'sms', at: '2026-12-25T15:00:00Z', policy: { federalHolidays: true } },
			{ verdict: 'defer', reasons: ['holiday:policy'], sendAfter: '2026-12-26T13:00:00.000Z' }],
		['Company cap of 1 per 24 h', {
			lead: withSms({ phone: '+12125550123', zip: '10001' }), channel: 'sms', at: '2026-06-10T15:00:00Z', policy: { cap: { touches: 1 } },
			history: [{ at: '2026-06-10T14:00:00Z', channel: 'email' }],
		}, { verdict: 'defer', reasons: ['cap:policy'], sendAfter: '2026-06-11T14:00:00.000Z' }],
		['Company no-Sundays rule', { lead: withSms({ phone: '+12125550123', zip: '10001' }), channel: 'sms', at: '2026-06-14T15:00:00Z', policy: { noSundays: true } },
			{ verdict: 'defer', reasons: ['sunday:policy'], sendAfter: '2026-06-15T12:00:00.000Z' }],
	];

	it.each(cases)('%s', (_name, input, expected) => {
		const result = checkTouch(input);
		expect(result.verdict).toBe(expected.verdict);
		if (expected.reasons) expect(result.reasons).toEqual(expected.reasons);
		expect(result.sendAfter).toBe(expected.sendAfter);
		expect(result.messages).toHaveLength(result.reasons.length);
		for (const message of result.messages) expect(message.length).toBeGreaterThan(10);
	});

	it('gives the exact earliest instant for caps, to the millisecond the oldest touch ages out', () => {
		const lead = withSms({ phone: '+14105550123', zip: '21201' });
		const history = [
			{ at: '2026-07-06T16:00:12.345Z', channel: 'sms' },
			{ at: '2026-07-06T20:00:00Z', channel: 'sms' },
			{ at: '2026-07-07T13:00:00Z', channel: 'sms' },
		];
		const deferred = sms(lead, '2026-07-07T15:00:00Z', { history });
		expect(deferred.sendAfter).toBe('2026-07-07T16:00:12.345Z');
		expect(sms(lead, '2026-07-07T16:00:12.344Z', { history }).verdict).toBe('defer');
		expect(sms(lead, '2026-07-07T16:00:12.345Z', { history }).verdict).toBe('send');
	});

	it('explains each reason in words naming the state, the allowed hours and the local time', () => {
		const result = sms({ phone: '+13055550123', zip: '33101' }, '2026-03-07T01:30:00Z');
		expect(result.messages[0]).toMatch(/Florida allows 08:00-20:00 local; it is Fri 2026-03-06 20:30 in America\/New_York/);
		const holiday = sms({ phone: '+15045550123', zip: '70112' }, '2026-07-03T15:30:00Z');
		expect(holiday.messages[0]).toMatch(/Independence Day \(observed\)/);
	});

	it('rejects bad input with an error naming the field', () => {
		const lead = withSms({ phone: '+13055550123', zip: '33101' });
		const fieldOf = (input: unknown) => {
			try {
				checkTouch(input as CheckTouchInput);
			} catch (error) {
				expect(error).toBeInstanceOf(ComplianceInputError);
				return (error as ComplianceInputError).field;
			}
			return 'no error';
		};
		expect(fieldOf({ lead, channel: 'sms', at: 'tomorrow' })).toBe('at');
		expect(fieldOf({ lead, channel: 'sms', at: '2026-06-10T15:00:00' })).toBe('at'); // no offset: whose 15:00?
		expect(fieldOf({ lead, channel: 'fax', at: '2026-06-10T15:00:00Z' })).toBe('channel');
		expect(fieldOf({ lead, channel: 'sms', purpose: 'sales', at: '2026-06-10T15:00:00Z' })).toBe('purpose');
		expect(fieldOf({ lead, channel: 'sms', at: '2026-06-10T15:00:00Z', history: [{ at: '2026-06-10T14:00:00Z', channel: 'sms' }, { at: 'x', channel: 'sms' }] })).toBe('history[1].at');
		expect(fieldOf({ lead, channel: 'sms', at: '2026-06-10T15:00:00Z', policy: { hours: '9 to 5' } })).toBe('policy.hours');
		expect(fieldOf({ lead, channel: 'sms', at: '2026-06-10T15:00:00Z', policy: { extraHolidays: ['12/24/2026'] } })).toBe('policy.extraHolidays');
		expect(fieldOf({ lead, channel: 'sms', at: '2026-06-10T15:00:00Z', policy: { cap: { touches: 0 } } })).toBe('policy.cap.touches');
	});

	it('blocks when no instant is ever legal rather than deferring forever', () => {
		const result = sms({ phone: '+12125550123', zip: '10001' }, '2026-06-10T15:00:00Z', { policy: { hours: '22:00-23:00' } });
		expect(result).toMatchObject({ verdict: 'block', reasons: ['no-legal-window'] });
	});

	it('records what the decision rested on', () => {
		const decision = decideTouch({ lead: withSms({ phone: '+13055550123', state: 'TX' }), channel: 'sms', at: '2026-06-08T14:30:00Z' });
		expect(decision.location).toEqual({
			basis: 'state',
			zones: ['America/Chicago', 'America/Denver'],
			states: ['TX'],
			presumedStates: ['FL'],
		});
		expect(decision.rulesApplied).toEqual(['federal', 'TX', 'FL']);
		expect(decision.ruleVersions.stateRules).toMatch(/^\d{4}-\d{2}-\d{2}$/);
	});

	it('accepts Leads-sheet style values: ZIP as a number, "TRUE"/"FALSE" text, state names', () => {
		const lead: ComplianceLead = { phone: '(305) 555-0123', zip: 33101, state: 'Florida', consent: { sms: 'TRUE' }, optOut: { sms: 'FALSE' } };
		expect(checkTouch({ lead, channel: 'sms', at: '2026-06-10T15:00:00Z' }).verdict).toBe('send');
		expect(checkTouch({ lead: { ...lead, consent: { sms: 'no' } }, channel: 'sms', at: '2026-06-10T15:00:00Z' }).reasons).toEqual(['no-consent:sms']);
		// A consent record object counts as given unless it says it is not.
		expect(checkTouch({ lead: { ...lead, consent: { sms: { capturedAt: '2026-06-01T10:00:00Z', text: 'I agree' } } }, channel: 'sms', at: '2026-06-10T15:00:00Z' }).verdict).toBe('send');
		expect(checkTouch({ lead: { ...lead, consent: { sms: { given: false } } }, channel: 'sms', at: '2026-06-10T15:00:00Z' }).reasons).toEqual(['no-consent:sms']);
	});
});

describe('checkTouch: every state row, on a Wednesday and a Sunday (local hours checked by hand)', () => {
	// zip, zone, weekday hours, Sunday hours (null: no solicitation on Sunday), effective with federal 08-21.
	const states: Array<[string, string, string, string, string | null]> = [
		['AL', '35203', 'America/Chicago', '08:00-20:00', null],
		['AZ', '85004', 'America/Phoenix', '08:00-21:00', '08:00-21:00'],
		['CA', '90012', 'America/Los_Angeles', '08:00-21:00', '08:00-21:00'],
		['CT', '06103', 'America/New_York', '09:00-20:00', '09:00-20:00'],
		['FL', '33101', 'America/New_York', '08:00-20:00', '08:00-20:00'],
		['GA', '30303', 'America/New_York', '08:00-21:00', '08:00-21:00'],
		['KY', '40202', 'America/New_York', '10:00-21:00', '10:00-21:00'],
		['LA', '70112', 'America/Chicago', '08:00-20:00', null],
		['MD', '21201', 'America/New_York', '08:00-20:00', '08:00-20:00'],
		['MN', '55401', 'America/Chicago', '09:00-21:00', '09:00-21:00'],
		// "Central Standard Time" in the statute: in June (CDT) 08:00 CST is 09:00 local.
		['MS', '39201', 'America/Chicago', '09:00-20:00', null],
		['MA', '02108', 'America/New_York', '08:00-20:00', '08:00-20:00'],
		['RI', '02903', 'America/New_York', '09:00-18:00', null],
		['NY', '10001', 'America/New_York', '08:00-21:00', '08:00-21:00'],
		['OK', '73102', 'America/Chicago', '08:00-20:00', '08:00-20:00'],
		['TN', '37203', 'America/Chicago', '08:00-21:00', '08:00-21:00'],
		['TX', '78701', 'America/Chicago', '09:00-21:00', '12:00-21:00'],
		['UT', '84101', 'America/Denver', '08:00-21:00', null],
		['VA', '23219', 'America/New_York', '08:00-21:00', '08:00-21:00'],
		['WA', '98101', 'America/Los_Angeles', '08:00-20:00', '08:00-20:00'],
	];
	const call = (zip: string, at: string) => checkTouch({ lead: { phone: '+12025550123', zip }, channel: 'call', at });
	const minus = (iso: string, minutes: number) => new Date(Date.parse(iso) - minutes * 60_000).toISOString();

	it.each(states)('%s (%s, %s) weekdays %s', (_state, zip, zone, hours) => {
		const [from, to] = hours.split('-');
		const start = utc(`2026-06-10T${from}`, zone);
		const end = utc(`2026-06-10T${to}`, zone);
		expect(call(zip, minus(start, 1))).toMatchObject({ verdict: 'defer', sendAfter: start });
		expect(call(zip, start).verdict).toBe('send');
		expect(call(zip, minus(end, 1)).verdict).toBe('send');
		expect(call(zip, end)).toMatchObject({ verdict: 'defer', sendAfter: utc(`2026-06-11T${from}`, zone) });
	});

	it.each(states)('%s (%s, %s) Sundays', (state, zip, zone, hours, sunday) => {
		const noon = utc('2026-06-14T11:00', zone);
		if (sunday === null) {
			const result = call(zip, noon);
			expect(result.verdict).toBe('defer');
			expect(result.reasons).toContain(`sunday:${state}`);
			expect(result.sendAfter).toBe(utc(`2026-06-15T${hours.split('-')[0]}`, zone));
			return;
		}
		const [from, to] = sunday.split('-');
		expect(call(zip, utc(`2026-06-14T${from}`, zone)).verdict).toBe('send');
		expect(call(zip, minus(utc(`2026-06-14T${to}`, zone), 1)).verdict).toBe('send');
		expect(call(zip, minus(utc(`2026-06-14T${from}`, zone), 1)).sendAfter).toBe(utc(`2026-06-14T${from}`, zone));
	});
});

describe('checkTouch across the DST changes of 2026 and 2027', () => {
	const zips: Array<[string, string]> = [
		['10001', 'America/New_York'],
		['60601', 'America/Chicago'],
		['80202', 'America/Denver'],
		['90012', 'America/Los_Angeles'],
		['85004', 'America/Phoenix'],
	];
	// 08:00 local in UTC, worked out by hand: [date, New York, Chicago, Denver, Los Angeles, Phoenix].
	const mornings: Array<[string, string[]]> = [
		['2026-03-07', ['13:00', '14:00', '15:00', '16:00', '15:00']], // Saturday before spring forward
		['2026-03-08', ['12:00', '13:00', '14:00', '15:00', '15:00']], // spring forward (Sunday)
		['2026-10-31', ['12:00', '13:00', '14:00', '15:00', '15:00']], // Saturday before fall back
		['2026-11-01', ['13:00', '14:00', '15:00', '16:00', '15:00']], // fall back (Sunday)
		['2027-03-14', ['12:00', '13:00', '14:00', '15:00', '15:00']], // spring forward 2027
		['2027-11-07', ['13:00', '14:00', '15:00', '16:00', '15:00']], // fall back 2027
	];
	const rows = mornings.flatMap(([date, times]) => zips.map(([zip, zone], i) => [date, zip, zone, `${date}T${times[i]}:00.000Z`] as const));

	it.each(rows)('%s %s (%s): 07:59 local defers to 08:00 local = %s', (date, zip, _zone, expected) => {
		const oneMinuteBefore = new Date(Date.parse(expected) - 60_000).toISOString();
		expect(sms({ phone: '+12125550123', zip }, oneMinuteBefore)).toMatchObject({ verdict: 'defer', sendAfter: expected });
		expect(sms({ phone: '+12125550123', zip }, expected).verdict).toBe('send');
		expect(date).toBe(expected.slice(0, 10));
	});

	it('the night before spring forward waits 10 hours, not 11 (New York 21:00 EST -> 08:00 EDT)', () => {
		expect(sms({ phone: '+12125550123', zip: '10001' }, '2026-03-08T02:00:00Z')).toMatchObject({ verdict: 'defer', sendAfter: '2026-03-08T12:00:00.000Z' });
	});

	it('the night before fall back waits 12 hours (New York 21:00 EDT -> 08:00 EST)', () => {
		expect(sms({ phone: '+12125550123', zip: '10001' }, '2026-11-01T01:00:00Z')).toMatchObject({ verdict: 'defer', sendAfter: '2026-11-01T13:00:00.000Z' });
	});

	it('Florida without ZIP on spring-forward day 2027 waits for Central 08:00 CDT', () => {
		expect(sms({ phone: '+13055550123', state: 'FL' }, '2027-03-14T12:30:00Z')).toMatchObject({ verdict: 'defer', sendAfter: '2027-03-14T13:00:00.000Z' });
	});
});
