/**
 * Holidays as data, per jurisdiction, as rules that compute the date for any year:
 * - "MM-DD": a fixed date. A fixed date on a Saturday is also observed the Friday before, on a
 *   Sunday the Monday after (5 U.S.C. 6103(b); Alabama and Utah say the same); a holiday ban covers
 *   both days.
 * - "<1|2|3|4|last> <Mon..Sun> <Jan..Dec>": the nth weekday of a month, e.g. "last Mon May".
 * - "easter<+|-days>": counted from Western Easter Sunday, e.g. "easter-2" is Good Friday.
 * - an nth-weekday rule with a day offset: "1 Mon Nov+1" is the Tuesday after the first Monday of
 *   November (election day), "4 Thu Nov+1" the day after Thanksgiving.
 * - any rule followed by "every <n> years from <year>": only in those years, e.g. Louisiana's
 *   Inauguration Day "2 Mon Jan every 4 years from 2024" (the governor takes office then).
 * Where a holiday is kept only in some parishes or counties, it is listed for the whole state:
 * the strictest reading wins and costs one day of waiting.
 */

export interface HolidayRow {
	name: string;
	rule: string;
	source: string;
}

const FEDERAL_SOURCE = '5 U.S.C. 6103(a)';
const LA_SOURCE = 'La. R.S. 1:55 (legal holidays), LPSC General Order R-29617';
const AL_SOURCE = 'Ala. Code 1-3-8 (legal holidays), Ala. Admin. Code r. 770-X-5-.17';
const UT_SOURCE = 'Utah Code 63G-1-301 (legal holidays), 13-25a-103';
const PA_SOURCE = '44 P.S. 11 (legal holidays), 73 P.S. 2245(a)(10)';
const RI_SOURCE = 'R.I. Gen. Laws 25-1-1 (state holidays), 5 U.S.C. 6103 (federal), 5-61-2';
const NE_SOURCE = 'Neb. Rev. Stat. 25-2221 (secondary source), Neb. Admin. Code tit. 291 ch. 11';

const federal: HolidayRow[] = [
	{ name: "New Year's Day", rule: '01-01', source: FEDERAL_SOURCE },
	{ name: 'Martin Luther King Jr. Day', rule: '3 Mon Jan', source: FEDERAL_SOURCE },
	{ name: "Washington's Birthday", rule: '3 Mon Feb', source: FEDERAL_SOURCE },
	{ name: 'Memorial Day', rule: 'last Mon May', source: FEDERAL_SOURCE },
	{ name: 'Juneteenth National Independence Day', rule: '06-19', source: FEDERAL_SOURCE },
	{ name: 'Independence Day', rule: '07-04', source: FEDERAL_SOURCE },
	{ name: 'Labor Day', rule: '1 Mon Sep', source: FEDERAL_SOURCE },
	{ name: 'Columbus Day', rule: '2 Mon Oct', source: FEDERAL_SOURCE },
	{ name: 'Veterans Day', rule: '11-11', source: FEDERAL_SOURCE },
	{ name: 'Thanksgiving Day', rule: '4 Thu Nov', source: FEDERAL_SOURCE },
	{ name: 'Christmas Day', rule: '12-25', source: FEDERAL_SOURCE },
];

/**
 * Holiday tables keyed by rule id: `US` (federal), the states whose rules ban holidays, and
 * `NE-automated` (Nebraska's prerecorded-call hours on holidays).
 */
export const HOLIDAYS: Readonly<Record<string, readonly HolidayRow[]>> = Object.freeze({
	US: Object.freeze(federal),
	LA: Object.freeze([
		{ name: "New Year's Day", rule: '01-01', source: LA_SOURCE },
		{ name: 'Martin Luther King Jr. Day', rule: '3 Mon Jan', source: LA_SOURCE },
		{ name: "George Washington's Birthday", rule: '3 Mon Feb', source: LA_SOURCE },
		{ name: 'Mardi Gras (parishes that keep it)', rule: 'easter-47', source: LA_SOURCE },
		{ name: 'Good Friday', rule: 'easter-2', source: LA_SOURCE },
		{ name: 'Memorial Day', rule: 'last Mon May', source: LA_SOURCE },
		{ name: 'Juneteenth', rule: '06-19', source: LA_SOURCE },
		{ name: 'Independence Day', rule: '07-04', source: LA_SOURCE },
		{ name: 'Labor Day', rule: '1 Mon Sep', source: LA_SOURCE },
		{ name: 'Columbus Day', rule: '2 Mon Oct', source: LA_SOURCE },
		{ name: 'Veterans Day', rule: '11-11', source: LA_SOURCE },
		{ name: 'Thanksgiving Day', rule: '4 Thu Nov', source: LA_SOURCE },
		{ name: 'Christmas Day', rule: '12-25', source: LA_SOURCE },
		{ name: 'Battle of New Orleans', rule: '01-08', source: LA_SOURCE },
		{ name: 'Huey P. Long Day', rule: '08-30', source: LA_SOURCE },
		{ name: "All Saints' Day", rule: '11-01', source: LA_SOURCE },
		// "Inauguration Day in the city of Baton Rouge": the governor takes office at noon on the
		// second Monday of January after the election (La. Const. art. IV, sec. 3), every 4 years.
		{ name: 'Inauguration Day (Baton Rouge)', rule: '2 Mon Jan every 4 years from 2024', source: LA_SOURCE },
	]),
	PA: Object.freeze([
		{ name: "New Year's Day", rule: '01-01', source: PA_SOURCE },
		{ name: 'Martin Luther King Jr. Day', rule: '3 Mon Jan', source: PA_SOURCE },
		{ name: "Presidents' Day", rule: '3 Mon Feb', source: PA_SOURCE },
		{ name: 'Good Friday', rule: 'easter-2', source: PA_SOURCE },
		{ name: 'Memorial Day', rule: 'last Mon May', source: PA_SOURCE },
		{ name: 'Flag Day', rule: '06-14', source: PA_SOURCE },
		{ name: 'Juneteenth (federal)', rule: '06-19', source: `${PA_SOURCE}; 5 U.S.C. 6103(a)` },
		{ name: 'Independence Day', rule: '07-04', source: PA_SOURCE },
		{ name: 'Labor Day', rule: '1 Mon Sep', source: PA_SOURCE },
		{ name: 'Columbus Day', rule: '2 Mon Oct', source: PA_SOURCE },
		{ name: 'Election Day', rule: '1 Mon Nov+1', source: PA_SOURCE },
		{ name: 'Veterans Day', rule: '11-11', source: PA_SOURCE },
		{ name: 'Thanksgiving Day', rule: '4 Thu Nov', source: PA_SOURCE },
		{ name: 'Christmas Day', rule: '12-25', source: PA_SOURCE },
	]),
	RI: Object.freeze([
		...federal.map((row) => ({ ...row, source: RI_SOURCE })),
		{ name: 'Rhode Island Independence Day', rule: '05-04', source: RI_SOURCE },
		{ name: 'Victory Day', rule: '2 Mon Aug', source: RI_SOURCE },
	]),
	'NE-automated': Object.freeze([
		...federal.map((row) => ({ ...row, source: NE_SOURCE })),
		{ name: 'Arbor Day', rule: 'last Fri Apr', source: NE_SOURCE },
		{ name: 'Day after Thanksgiving', rule: '4 Thu Nov+1', source: NE_SOURCE },
	]),
	AL: Object.freeze([
		{ name: "New Year's Day", rule: '01-01', source: AL_SOURCE },
		{ name: 'Martin Luther King Jr. / Robert E. Lee Day', rule: '3 Mon Jan', source: AL_SOURCE },
		{ name: 'George Washington / Thomas Jefferson Day', rule: '3 Mon Feb', source: AL_SOURCE },
		{ name: 'Mardi Gras (Baldwin and Mobile counties)', rule: 'easter-47', source: AL_SOURCE },
		{ name: 'Confederate Memorial Day', rule: '4 Mon Apr', source: AL_SOURCE },
		{ name: 'Memorial Day', rule: 'last Mon May', source: AL_SOURCE },
		{ name: "Jefferson Davis' Birthday", rule: '1 Mon Jun', source: AL_SOURCE },
		{ name: 'Juneteenth', rule: '06-19', source: AL_SOURCE },
		{ name: 'Independence Day', rule: '07-04', source: AL_SOURCE },
		{ name: 'Labor Day', rule: '1 Mon Sep', source: AL_SOURCE },
		{ name: 'Columbus Day / American Indian Heritage Day', rule: '2 Mon Oct', source: AL_SOURCE },
		{ name: 'Veterans Day', rule: '11-11', source: AL_SOURCE },
		{ name: 'Thanksgiving Day', rule: '4 Thu Nov', source: AL_SOURCE },
		{ name: 'Christmas Day', rule: '12-25', source: AL_SOURCE },
	]),
	UT: Object.freeze([
		{ name: "New Year's Day", rule: '01-01', source: UT_SOURCE },
		{ name: 'Martin Luther King Jr. / Human Rights Day', rule: '3 Mon Jan', source: UT_SOURCE },
		{ name: 'Washington and Lincoln Day', rule: '3 Mon Feb', source: UT_SOURCE },
		{ name: 'Memorial Day', rule: 'last Mon May', source: UT_SOURCE },
		{ name: 'Juneteenth National Freedom Day', rule: '06-19', source: UT_SOURCE },
		{ name: 'Independence Day', rule: '07-04', source: UT_SOURCE },
		{ name: 'Pioneer Day', rule: '07-24', source: UT_SOURCE },
		{ name: 'Labor Day', rule: '1 Mon Sep', source: UT_SOURCE },
		{ name: 'Columbus Day', rule: '2 Mon Oct', source: UT_SOURCE },
		{ name: 'Veterans Day', rule: '11-11', source: UT_SOURCE },
		{ name: 'Thanksgiving Day', rule: '4 Thu Nov', source: UT_SOURCE },
		{ name: 'Christmas Day', rule: '12-25', source: UT_SOURCE },
	]),
});

export interface HolidayDate {
	/** Local calendar date, "YYYY-MM-DD". */
	date: string;
	name: string;
	/** true for the weekday a weekend holiday is observed on. */
	observed: boolean;
}

const DAY_MS = 86_400_000;
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Days since 1970-01-01 of a calendar date. */
export function dayNumber(year: number, month: number, day: number): number {
	return Math.floor(Date.UTC(year, month - 1, day) / DAY_MS);
}

/** ISO weekday (1 = Monday ... 7 = Sunday) of a day number. */
export function weekdayOf(dayNo: number): number {
	return ((((dayNo + 3) % 7) + 7) % 7) + 1;
}

/** "YYYY-MM-DD" of a day number (civil-from-days arithmetic: no Date object on the hot path). */
export function dateOfDay(dayNo: number): string {
	const z = dayNo + 719468;
	const era = Math.floor(z / 146097);
	const doe = z - era * 146097;
	const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
	const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
	const mp = Math.floor((5 * doy + 2) / 153);
	const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
	const month = mp < 10 ? mp + 3 : mp - 9;
	const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
	return `${year}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/** Western (Gregorian) Easter Sunday, anonymous Gregorian algorithm. */
export function easterSunday(year: number): number {
	const a = year % 19;
	const b = Math.floor(year / 100);
	const c = year % 100;
	const d = Math.floor(b / 4);
	const e = b % 4;
	const f = Math.floor((b + 8) / 25);
	const g = Math.floor((b - f + 1) / 3);
	const h = (19 * a + b - d - g + 15) % 30;
	const i = Math.floor(c / 4);
	const k = c % 4;
	const l = (32 + 2 * e + 2 * i - h - k) % 7;
	const m = Math.floor((a + 11 * h + 22 * l) / 451);
	const month = Math.floor((h + l - 7 * m + 114) / 31);
	const day = ((h + l - 7 * m + 114) % 31) + 1;
	return dayNumber(year, month, day);
}

/** The day numbers a rule gives in `year`: the date itself, then its observed weekday if any. */
function daysOfRule(rule: string, year: number): Array<{ day: number; observed: boolean }> {
	const cycle = /^(.+) every (\d+) years from (\d{4})$/.exec(rule);
	if (cycle) {
		const every = Number(cycle[2]);
		const since = Number(cycle[3]);
		if (every < 1) throw new Error(`Holiday rule "${rule}": "every" needs at least 1 year`);
		return year >= since && (year - since) % every === 0 ? daysOfRule(cycle[1], year) : [];
	}
	const fixed = /^(\d{2})-(\d{2})$/.exec(rule);
	if (fixed) {
		const day = dayNumber(year, Number(fixed[1]), Number(fixed[2]));
		const weekday = weekdayOf(day);
		const out = [{ day, observed: false }];
		if (weekday === 6) out.push({ day: day - 1, observed: true });
		if (weekday === 7) out.push({ day: day + 1, observed: true });
		return out;
	}
	const nth = /^(1|2|3|4|last) (Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)([+-]\d{1,2})?$/.exec(rule);
	if (nth) {
		const weekday = WEEKDAYS.indexOf(nth[2]) + 1;
		const month = MONTHS.indexOf(nth[3]) + 1;
		const offset = Number(nth[4] ?? 0);
		if (nth[1] === 'last') {
			const lastDay = dayNumber(year, month + 1, 1) - 1;
			return [{ day: lastDay - ((weekdayOf(lastDay) - weekday + 7) % 7) + offset, observed: false }];
		}
		const first = dayNumber(year, month, 1);
		const firstMatch = first + ((weekday - weekdayOf(first) + 7) % 7);
		return [{ day: firstMatch + 7 * (Number(nth[1]) - 1) + offset, observed: false }];
	}
	const easter = /^easter([+-]\d{1,3})?$/.exec(rule);
	if (easter) return [{ day: easterSunday(year) + Number(easter[1] ?? 0), observed: false }];
	throw new Error(`Holiday rule "${rule}" is not understood (use "MM-DD", "3 Mon Jan", "last Mon May", "1 Mon Nov+1", "easter-2", optionally with "every 4 years from 2024")`);
}

/**
 * The dates a holiday table bans in a calendar year, observed weekdays included (a Saturday
 * January 1 of the next year is observed on December 31 of this one, so it is listed here).
 */
export function holidayDates(rows: readonly HolidayRow[], year: number): HolidayDate[] {
	const first = dayNumber(year, 1, 1);
	const last = dayNumber(year, 12, 31);
	const out: HolidayDate[] = [];
	for (const row of rows) {
		for (const y of [year - 1, year, year + 1]) {
			for (const { day, observed } of daysOfRule(row.rule, y)) {
				if (day >= first && day <= last) out.push({ date: dateOfDay(day), name: row.name, observed });
			}
		}
	}
	return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** Checks every rule of a table once, so a typo fails when the table is loaded, not on a holiday. */
export function validateHolidayRows(rows: readonly HolidayRow[]): void {
	for (const row of rows) daysOfRule(row.rule, 2026);
}

/** Holiday day numbers of a table for one year (observed weekdays included), memoized. */
const holidayMemo = new Map<readonly HolidayRow[], Map<number, Set<number>>>();
export function holidayDaySet(rows: readonly HolidayRow[], year: number): Set<number> {
	let byYear = holidayMemo.get(rows);
	if (byYear === undefined) {
		byYear = new Map();
		holidayMemo.set(rows, byYear);
	}
	let days = byYear.get(year);
	if (days === undefined) {
		days = new Set();
		const first = dayNumber(year, 1, 1);
		const last = dayNumber(year, 12, 31);
		for (const row of rows) {
			for (const y of [year - 1, year, year + 1]) {
				for (const { day } of daysOfRule(row.rule, y)) if (day >= first && day <= last) days.add(day);
			}
		}
		byYear.set(year, days);
	}
	return days;
}
