import { holidayDates, holidayDaySet, dayNumber, weekdayOf, dateOfDay, HOLIDAYS, type HolidayRow } from './holidays';
import type { CallingRule } from './rules';
import { DAY_MS, MINUTE_MS, zoneClock, type ZoneClock } from './zoneClock';

/**
 * A calling rule compiled for fast questions: "is this instant allowed in this zone?" and "when
 * is the next allowed instant?". Windows are local milliseconds of the day, start inclusive, end
 * exclusive, indexed by ISO weekday (1 = Monday ... 7 = Sunday); null = no solicitation that day.
 */
export interface CompiledRule {
	rule: CallingRule;
	days: Array<[number, number] | null>;
	standard: [number, number];
	holidayRows: readonly HolidayRow[] | null;
	extraHolidays: Set<number> | null;
	/** On a holiday: the only allowed local window (null: none at all). */
	holidayWindow: [number, number] | null;
	/** A fixed-offset clock the rule must also allow (Mississippi's "Central Standard Time"). */
	extraClock: ZoneClock | null;
	cap: { touches: number; windowMs: number; channels: ReadonlySet<string> | null } | null;
}

export type WindowProblem = 'quiet-hours' | 'sunday' | 'holiday';

/** "08:00-20:00" -> [start, end) in milliseconds of the local day. */
export function parseHours(text: string, field: string): [number, number] {
	const match = /^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$/.exec(text);
	const start = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
	const end = match ? Number(match[3]) * 60 + Number(match[4]) : NaN;
	if (!match || Number(match[2]) > 59 || Number(match[4]) > 59 || start > 1440 || end > 1440 || start > end) {
		throw new ComplianceInputError(field, `${field} must be local hours like "09:00-19:00" (start before end), got "${text}"`);
	}
	return [start * MINUTE_MS, end * MINUTE_MS];
}

/** Bad input to the compliance check: names the field so the node can name the item and field. */
export class ComplianceInputError extends Error {
	constructor(
		readonly field: string,
		message: string,
	) {
		super(message);
		this.name = 'ComplianceInputError';
	}
}

export function compileRule(rule: CallingRule, extraHolidays: Set<number> | null = null, holidayRows?: readonly HolidayRow[] | null): CompiledRule {
	const field = rule.id === 'policy' ? 'policy.hours' : `rule ${rule.id} hours`;
	const standard = parseHours(rule.hours, field);
	const dayWindow = (value: string | undefined): [number, number] | null =>
		value === 'none' ? null : value === undefined ? standard : parseHours(value, `rule ${rule.id} day hours`);
	const days: Array<[number, number] | null> = [null];
	for (let weekday = 1; weekday <= 7; weekday++) {
		days.push(weekday === 6 ? dayWindow(rule.saturday) : weekday === 7 ? dayWindow(rule.sunday) : standard);
	}
	let extraClock: ZoneClock | null = null;
	if (rule.alsoInZone !== undefined) {
		extraClock = zoneClock(rule.alsoInZone);
		if (extraClock === null) throw new ComplianceInputError(`rule ${rule.id} alsoInZone`, `rule ${rule.id}: "${rule.alsoInZone}" is not an IANA time zone`);
	}
	return {
		rule,
		days,
		standard,
		holidayRows: holidayRows !== undefined ? holidayRows : rule.holidays ? (HOLIDAYS[rule.id] ?? null) : null,
		extraHolidays,
		holidayWindow: rule.holidayHours !== undefined ? parseHours(rule.holidayHours, `rule ${rule.id} holiday hours`) : null,
		extraClock,
		cap: rule.cap
			? { touches: rule.cap.touches, windowMs: rule.cap.hours * 3_600_000, channels: rule.cap.channels ? new Set(rule.cap.channels) : null }
			: null,
	};
}

function yearOfDay(day: number): number {
	return new Date(day * DAY_MS).getUTCFullYear();
}

export function isHoliday(compiled: CompiledRule, day: number): boolean {
	if (compiled.extraHolidays !== null && compiled.extraHolidays.has(day)) return true;
	return compiled.holidayRows !== null && holidayDaySet(compiled.holidayRows, yearOfDay(day)).has(day);
}

/** Why an instant is not allowed by the rule in the zone, or null when it is allowed. */
export function windowProblem(compiled: CompiledRule, clock: ZoneClock, ms: number): WindowProblem | null {
	const local = clock.localMs(ms);
	const day = Math.floor(local / DAY_MS);
	return localProblem(compiled, day, local - day * DAY_MS);
}

/** The same question asked with the local day number and time of day already worked out. */
export function localProblem(compiled: CompiledRule, day: number, msOfDay: number): WindowProblem | null {
	const weekday = weekdayOf(day);
	const window = compiled.days[weekday];
	if (window === null) return weekday === 7 ? 'sunday' : 'quiet-hours';
	if ((compiled.holidayRows !== null || compiled.extraHolidays !== null) && isHoliday(compiled, day)) {
		const holiday = compiled.holidayWindow;
		if (holiday === null) return 'holiday';
		return msOfDay >= Math.max(window[0], holiday[0]) && msOfDay < Math.min(window[1], holiday[1]) ? null : 'holiday';
	}
	if (msOfDay >= window[0] && msOfDay < window[1]) return null;
	// Texas-style Sunday hours: a time fine on other days is a Sunday problem.
	if (weekday === 7 && msOfDay >= compiled.standard[0] && msOfDay < compiled.standard[1]) return 'sunday';
	return 'quiet-hours';
}

/** The earliest instant at or after `ms` the rule allows in the zone, or null within ~400 days. */
export function nextAllowed(compiled: CompiledRule, clock: ZoneClock, ms: number): number | null {
	if (windowProblem(compiled, clock, ms) === null) return ms;
	const firstDay = Math.floor(clock.localMs(ms) / DAY_MS);
	for (let day = firstDay; day < firstDay + 400; day++) {
		let window = compiled.days[weekdayOf(day)];
		if (window !== null && isHoliday(compiled, day)) {
			const holiday = compiled.holidayWindow;
			window = holiday === null ? null : [Math.max(window[0], holiday[0]), Math.min(window[1], holiday[1])];
		}
		if (window === null || window[0] >= window[1]) continue;
		const end = clock.instantOf(day * DAY_MS + window[1]);
		if (end <= ms) continue;
		const start = Math.max(ms, clock.instantOf(day * DAY_MS + window[0]));
		// A spring-forward gap can put the start at or past the end: that day has no usable window.
		if (start >= end) continue;
		return start;
	}
	return null;
}

const WEEKDAY_NAMES = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function hhmm(msOfDay: number): string {
	const minutes = Math.floor(msOfDay / MINUTE_MS);
	return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** "Sat 2026-03-07 20:30 in America/New_York" */
export function describeLocal(clock: ZoneClock, ms: number): string {
	const local = clock.localMs(ms);
	const day = Math.floor(local / DAY_MS);
	return `${WEEKDAY_NAMES[weekdayOf(day)]} ${dateOfDay(day)} ${hhmm(local - day * DAY_MS)} in ${clock.name}`;
}

/** The readable sentence for a window problem, e.g. "Florida allows 08:00-20:00 local; it is ...". */
export function explainProblem(compiled: CompiledRule, clock: ZoneClock, ms: number, problem: WindowProblem): string {
	const { rule } = compiled;
	const when = describeLocal(clock, ms);
	const allows = `${hhmm(compiled.standard[0])}-${hhmm(compiled.standard[1])}`;
	if (problem === 'holiday') {
		const local = clock.localMs(ms);
		const day = Math.floor(local / DAY_MS);
		const date = dateOfDay(day);
		const named = compiled.holidayRows ? holidayDates(compiled.holidayRows, yearOfDay(day)).find((h) => h.date === date) : undefined;
		const what = named ? `${named.name}${named.observed ? ' (observed)' : ''}` : 'a listed holiday';
		if (compiled.holidayWindow !== null) {
			return `${rule.name} allows only ${hhmm(compiled.holidayWindow[0])}-${hhmm(compiled.holidayWindow[1])} local on holidays; ${date} is ${what} (${when})`;
		}
		return `${rule.name} allows no solicitation on holidays; ${date} is ${what} (${when})`;
	}
	if (problem === 'sunday') {
		const sunday = compiled.days[7];
		return sunday === null
			? `${rule.name} allows no solicitation on Sundays (${when})`
			: `${rule.name} allows Sundays only ${hhmm(sunday[0])}-${hhmm(sunday[1])} local (${when})`;
	}
	const local = clock.localMs(ms);
	const weekday = weekdayOf(Math.floor(local / DAY_MS));
	const today = compiled.days[weekday];
	const hours = today !== null && (today[0] !== compiled.standard[0] || today[1] !== compiled.standard[1])
		? `${hhmm(today[0])}-${hhmm(today[1])} on ${WEEKDAY_NAMES[weekday]}`
		: today === null ? `no solicitation on ${WEEKDAY_NAMES[weekday]}` : allows;
	return `${rule.name} allows ${hours} local; it is ${when}`;
}

/** "YYYY-MM-DD" -> day number, or an input error naming the field. */
export function parseLocalDate(text: string, field: string): number {
	const match = /^\s*(\d{4})-(\d{2})-(\d{2})\s*$/.exec(text);
	if (match) {
		const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
		const number = dayNumber(year, month, day);
		if (dateOfDay(number) === `${match[1]}-${match[2]}-${match[3]}`) return number;
	}
	throw new ComplianceInputError(field, `${field} must be calendar dates like "2026-12-24", got "${text}"`);
}
