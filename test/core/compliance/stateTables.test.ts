import fc from 'fast-check';
import { DateTime } from 'luxon';
import { checkTouch, HOLIDAYS, holidayDates, RULE_VERSIONS, STATE_RULES, type CheckTouchInput, type PolicyOverrides } from '../../../nodes/core';

/** Issue 12, class 10: Louisiana, Pennsylvania, Rhode Island, Mississippi, and per-state policy days. */
const utc = (local: string, zone: string) => DateTime.fromISO(local, { zone }).toUTC().toISO() as string;
const text = (zip: string, at: string, policy?: PolicyOverrides, extra: Partial<CheckTouchInput> = {}) =>
	checkTouch({ lead: { phone: '+12025550123', zip, consent: { sms: true } }, channel: 'sms', at, policy, ...extra });
const dates = (id: string, year: number) => holidayDates(HOLIDAYS[id], year).map((h) => `${h.date}${h.observed ? '*' : ''} ${h.name}`);

describe('Louisiana (La. R.S. 1:55, R.S. 45:844.31)', () => {
	it('lists Jan 8, Aug 30, Nov 1 and Inauguration Day', () => {
		const la2026 = dates('LA', 2026);
		expect(la2026).toContain('2026-01-08 Battle of New Orleans');
		expect(la2026).toContain('2026-08-30 Huey P. Long Day');
		expect(la2026).toContain('2026-08-31* Huey P. Long Day'); // Sunday, observed Monday
		expect(la2026).toContain("2026-11-01 All Saints' Day");
		expect(la2026.some((h) => h.includes('Inauguration'))).toBe(false);
		expect(dates('LA', 2028)).toContain('2028-01-10 Inauguration Day (Baton Rouge)');
		expect(dates('LA', 2024)).toContain('2024-01-08 Inauguration Day (Baton Rouge)');
		expect(dates('LA', 2032)).toContain('2032-01-12 Inauguration Day (Baton Rouge)');
	});

	it('defers a text on the Battle of New Orleans day to the next morning', () => {
		expect(text('70112', utc('2026-01-08T10:00', 'America/Chicago'))).toMatchObject({ verdict: 'defer', reasons: ['holiday:LA'], sendAfter: utc('2026-01-09T08:00', 'America/Chicago') });
	});

	it('a declared state of emergency blocks marketing by phone there, and only there', () => {
		const at = utc('2026-06-10T10:00', 'America/Chicago');
		const emergency: PolicyOverrides = { stateOfEmergency: ['LA'] };
		expect(text('70112', at, emergency)).toMatchObject({ verdict: 'block', reasons: ['state-of-emergency:LA'] });
		expect(text('70112', at, emergency, { purpose: 'transactional' }).verdict).toBe('send');
		expect(text('78701', at, emergency).verdict).toBe('send');
		expect(() => text('70112', at, { stateOfEmergency: ['Louisiana'] })).toThrow(/policy.stateOfEmergency/);
	});
});

describe('Pennsylvania (73 P.S. 2245(a)(10)) and Rhode Island (R.I. Gen. Laws 5-61-2)', () => {
	it('are in the default table, verified, with their hours and holidays', () => {
		expect(STATE_RULES.PA).toMatchObject({ hours: '08:00-21:00', holidays: true, verified: true });
		expect(STATE_RULES.RI).toMatchObject({ hours: '09:00-18:00', saturday: '10:00-17:00', sunday: 'none', holidays: true, verified: true });
		expect(dates('PA', 2026)).toEqual(expect.arrayContaining(['2026-04-03 Good Friday', '2026-06-14 Flag Day', '2026-06-15* Flag Day', '2026-11-03 Election Day']));
		expect(dates('RI', 2026)).toEqual(expect.arrayContaining(['2026-05-04 Rhode Island Independence Day', '2026-08-10 Victory Day', '2026-02-16 Washington\'s Birthday']));
	});

	it('Pennsylvania: no solicitation on a legal holiday (Flag Day 2026 is observed Monday June 15)', () => {
		const zone = 'America/New_York';
		expect(text('19103', utc('2026-06-15T10:00', zone))).toMatchObject({ verdict: 'defer', reasons: ['holiday:PA'], sendAfter: utc('2026-06-16T08:00', zone) });
		expect(text('19103', utc('2026-06-16T20:59', zone)).verdict).toBe('send');
	});

	it('Rhode Island: weekdays 09-18 except holidays, Saturdays 10-17, never Sundays', () => {
		const zone = 'America/New_York';
		expect(text('02903', utc('2026-08-10T11:00', zone))).toMatchObject({ verdict: 'defer', reasons: ['holiday:RI'], sendAfter: utc('2026-08-11T09:00', zone) });
		expect(text('02903', utc('2026-06-13T09:30', zone))).toMatchObject({ verdict: 'defer', sendAfter: utc('2026-06-13T10:00', zone) });
		expect(text('02903', utc('2026-06-13T17:00', zone))).toMatchObject({ verdict: 'defer', sendAfter: utc('2026-06-15T09:00', zone) });
		expect(text('02903', utc('2026-06-10T18:00', zone)).sendAfter).toBe(utc('2026-06-11T09:00', zone));
	});

	it('property: a text to PA, RI or LA is never sent on one of that state\'s holidays', () => {
		const places: Array<[string, string, string]> = [['PA', '19103', 'America/New_York'], ['RI', '02903', 'America/New_York'], ['LA', '70112', 'America/Chicago']];
		fc.assert(
			fc.property(fc.constantFrom(...places), fc.constantFrom(2026, 2027, 2028), fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 24 * 60 - 1 }), ([state, zip, zone], year, pick, minute) => {
				const days = holidayDates(HOLIDAYS[state], year);
				const day = days[pick % days.length].date;
				const at = DateTime.fromISO(day, { zone }).plus({ minutes: minute }).toUTC().toISO() as string;
				expect(text(zip, at).verdict).not.toBe('send');
			}),
			{ numRuns: 300 },
		);
	});
});

describe('Mississippi "Central Standard Time" (Miss. Code 77-3-723)', () => {
	const zone = 'America/Chicago';
	it('in summer (CDT) the strictest reading is 09:00-20:00 local', () => {
		expect(text('39201', utc('2026-06-10T08:30', zone))).toMatchObject({ verdict: 'defer', reasons: ['quiet-hours:MS'], sendAfter: utc('2026-06-10T09:00', zone) });
		expect(text('39201', utc('2026-06-10T08:30', zone)).messages[0]).toMatch(/Etc\/GMT\+6/);
		expect(text('39201', utc('2026-06-10T19:59', zone)).verdict).toBe('send');
		expect(text('39201', utc('2026-06-10T20:00', zone)).verdict).toBe('defer');
	});
	it('in winter (CST) 08:00-20:00 local', () => {
		expect(text('39201', utc('2026-01-14T08:00', zone)).verdict).toBe('send');
		expect(text('39201', utc('2026-01-14T07:59', zone)).sendAfter).toBe(utc('2026-01-14T08:00', zone));
	});
});

describe('verification marks and versions', () => {
	it('marks Oklahoma verified and Minnesota unverified', () => {
		expect(STATE_RULES.OK.verified).toBe(true);
		expect(STATE_RULES.MN.verified).toBe(false);
	});
	it('bumped the rule versions past the first pass (2026-11-22)', () => {
		for (const table of ['stateRules', 'holidays', 'areaCodes', 'replyKeywords'] as const) expect(RULE_VERSIONS[table] > '2026-11-22').toBe(true);
	});
});

describe('per-state extra holidays (a governor\'s proclamation) as a policy option', () => {
	const at = utc('2026-09-02T10:00', 'America/Chicago');
	it('applies the state\'s holiday rule to the proclaimed day, for leads in that state only', () => {
		const policy: PolicyOverrides = { stateHolidays: { LA: ['2026-09-02'] } };
		expect(text('70112', at, policy)).toMatchObject({ verdict: 'defer', reasons: ['holiday:LA'], sendAfter: utc('2026-09-03T08:00', 'America/Chicago') });
		expect(text('78701', at, policy).verdict).toBe('send');
		expect(text('70112', at).verdict).toBe('send');
	});
	it('works for a state without a table row', () => {
		const denver = utc('2026-09-02T10:00', 'America/Denver');
		expect(text('80202', denver, { stateHolidays: { CO: ['2026-09-02'] } })).toMatchObject({ verdict: 'defer', reasons: ['holiday:CO'] });
	});
	it('names the field of a bad date', () => {
		expect(() => text('70112', at, { stateHolidays: { LA: ['09/02/2026'] } })).toThrow(/policy.stateHolidays.LA/);
	});
});
