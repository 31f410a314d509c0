import {
	AREA_CODE_STATES,
	easterSunday,
	HOLIDAYS,
	holidayDates,
	STATE_RULES,
	stateForAreaCode,
	UNVERIFIED_STATE_RULES,
	US_STATE_CODES,
} from '../../../nodes/core';
import { dateOfDay } from '../../../nodes/core/compliance/holidays';

describe('holiday tables', () => {
	// Federal holidays checked against the OPM calendars for 2026 and 2027 (observed days included).
	it('gives the federal holidays of 2026 with Independence Day (Saturday) observed Friday July 3', () => {
		expect(holidayDates(HOLIDAYS.US, 2026).map((h) => `${h.date}${h.observed ? '*' : ''}`)).toEqual([
			'2026-01-01', '2026-01-19', '2026-02-16', '2026-05-25', '2026-06-19', '2026-07-03*', '2026-07-04',
			'2026-09-07', '2026-10-12', '2026-11-11', '2026-11-26', '2026-12-25',
		]);
	});

	it('gives the federal holidays of 2027, including New Year 2028 (Saturday) observed 2027-12-31', () => {
		expect(holidayDates(HOLIDAYS.US, 2027).map((h) => `${h.date}${h.observed ? '*' : ''}`)).toEqual([
			'2027-01-01', '2027-01-18', '2027-02-15', '2027-05-31', '2027-06-18*', '2027-06-19', '2027-07-04',
			'2027-07-05*', '2027-09-06', '2027-10-11', '2027-11-11', '2027-11-25', '2027-12-24*', '2027-12-25', '2027-12-31*',
		]);
	});

	it('computes Easter and the days counted from it (Mardi Gras, Good Friday)', () => {
		const easter = (year: number) => dateOfDay(easterSunday(year));
		expect([2024, 2025, 2026, 2027, 2028].map(easter)).toEqual(['2024-03-31', '2025-04-20', '2026-04-05', '2027-03-28', '2028-04-16']);
		const la2026 = holidayDates(HOLIDAYS.LA, 2026);
		expect(la2026.find((h) => h.name.startsWith('Mardi Gras'))?.date).toBe('2026-02-17');
		expect(la2026.find((h) => h.name === 'Good Friday')?.date).toBe('2026-04-03');
		expect(holidayDates(HOLIDAYS.LA, 2027).find((h) => h.name === 'Good Friday')?.date).toBe('2027-03-26');
	});

	it('has the Alabama and Utah state holidays', () => {
		const al = holidayDates(HOLIDAYS.AL, 2026).map((h) => `${h.date} ${h.name}`);
		expect(al).toContain('2026-04-27 Confederate Memorial Day');
		expect(al).toContain("2026-06-01 Jefferson Davis' Birthday");
		const ut = holidayDates(HOLIDAYS.UT, 2027).map((h) => `${h.date}${h.observed ? '*' : ''} ${h.name}`);
		expect(ut).toContain('2027-07-24 Pioneer Day');
		expect(ut).toContain('2027-07-23* Pioneer Day'); // Saturday, observed Friday
	});

	it('names a source on every holiday row, and every state that bans holidays has a table', () => {
		for (const rows of Object.values(HOLIDAYS)) for (const row of rows) expect(row.source.length).toBeGreaterThan(5);
		for (const rule of Object.values(STATE_RULES)) if (rule.holidays) expect(HOLIDAYS[rule.id]).toBeDefined();
	});
});

describe('state rule table', () => {
	it('has a source on every row and the rules of the research notes', () => {
		for (const rule of [...Object.values(STATE_RULES), ...Object.values(UNVERIFIED_STATE_RULES)]) {
			expect(rule.source.length).toBeGreaterThan(5);
			expect(rule.hours).toMatch(/^\d{2}:\d{2}-\d{2}:\d{2}$/);
		}
		expect(Object.keys(STATE_RULES).sort()).toEqual(['AL', 'CT', 'FL', 'GA', 'KY', 'LA', 'MA', 'MD', 'MN', 'MS', 'NY', 'OK', 'PA', 'RI', 'TN', 'TX', 'UT', 'VA', 'WA']);
		expect(Object.values(STATE_RULES).filter((r) => r.cap).map((r) => r.id).sort()).toEqual(['FL', 'MD', 'OK']);
		expect(Object.values(STATE_RULES).filter((r) => r.areaCodePresumption).map((r) => r.id).sort()).toEqual(['CT', 'FL', 'OK']);
		expect(STATE_RULES.KY.verified).toBe(false);
	});
});

describe('area codes', () => {
	it('places well-known area codes', () => {
		expect(stateForAreaCode('+13055550123')).toBe('FL');
		expect(stateForAreaCode('(850) 555-0123')).toBe('FL');
		expect(stateForAreaCode('1-405-555-0123')).toBe('OK');
		expect(stateForAreaCode('918.555.0123')).toBe('OK');
		expect(stateForAreaCode('+1 203 555 0123')).toBe('CT');
		expect(stateForAreaCode('+18605550123')).toBe('CT');
		expect(stateForAreaCode('+12125550123')).toBe('NY');
		expect(stateForAreaCode('+19075550123')).toBe('AK');
		expect(stateForAreaCode('+17875550123')).toBe('PR');
	});

	it('locates nothing for toll-free, Canadian, foreign or malformed numbers', () => {
		for (const phone of ['+18005550123', '+14165550123', '+442071234567', '555-0123', '+11235550123', '', null]) {
			expect(stateForAreaCode(phone)).toBeNull();
		}
	});

	it('covers every state and DC with valid NANP codes', () => {
		const states = new Set(Object.values(AREA_CODE_STATES));
		for (const state of US_STATE_CODES) expect(states.has(state)).toBe(true);
		for (const code of Object.keys(AREA_CODE_STATES)) expect(code).toMatch(/^[2-9][0-8]\d$/);
		expect(Object.keys(AREA_CODE_STATES).length).toBeGreaterThan(330);
	});
});
