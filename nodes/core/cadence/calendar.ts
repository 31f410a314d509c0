import { Duration, IANAZone } from 'luxon';

/**
 * Calendar arithmetic on the lead's own clock, exactly as luxon's `DateTime.plus` does it
 * (years, months, weeks and days move the local calendar, month ends clamp: Jan 31 + P1M = Feb 28;
 * hours, minutes and seconds add elapsed time), but fast enough for 100,000 leads a run: zone
 * offsets are looked up once per zone and UTC day instead of through Intl on every call.
 * test/core/cadence/calendar.test.ts checks it against luxon itself.
 */

const MINUTE = 60_000;
const DAY = 86_400_000;

/** A parsed ISO-8601 duration: calendar parts (whole numbers) plus an exact elapsed part. */
export interface CalendarDuration {
	years: number;
	months: number;
	/** Weeks are folded in as 7 days. */
	days: number;
	/** Hours, minutes, seconds and milliseconds, as milliseconds. */
	elapsedMs: number;
	/** A rough length for ordering steps and estimating repeats (a month = 30.44 days). */
	approxMs: number;
	/** The text it was parsed from. */
	iso: string;
}

/**
 * Parses "PT45M", "P1D", "P1M", "P1Y2M", "P2W", and a leading minus ("-P21D") for steps before
 * their anchor. Calendar parts must be whole numbers. Returns null when the text is not such a
 * duration.
 */
export function parseDuration(text: unknown): CalendarDuration | null {
	if (typeof text !== 'string') return null;
	const trimmed = text.trim().toUpperCase();
	const negative = trimmed.startsWith('-');
	const body = negative ? trimmed.slice(1) : trimmed;
	if (!/^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$/.test(body)) return null;
	const parsed = Duration.fromISO(body);
	if (!parsed.isValid) return null;
	const sign = negative ? -1 : 1;
	const values = parsed.toObject();
	// `+ 0` turns -0 into 0.
	const years = sign * (values.years ?? 0) + 0;
	const months = sign * (values.months ?? 0) + 0;
	const days = sign * ((values.weeks ?? 0) * 7 + (values.days ?? 0)) + 0;
	const elapsedMs =
		sign * ((values.hours ?? 0) * 3_600_000 + (values.minutes ?? 0) * MINUTE + (values.seconds ?? 0) * 1000) + 0;
	return {
		years,
		months,
		days,
		elapsedMs,
		approxMs: years * 365.25 * DAY + months * 30.4375 * DAY + days * DAY + elapsedMs,
		iso: text.trim(),
	};
}

/** `a` then `b` as one duration, so calendar parts add up before any month end is clamped. */
export function sumDurations(a: CalendarDuration, b: CalendarDuration): CalendarDuration {
	return {
		years: a.years + b.years,
		months: a.months + b.months,
		days: a.days + b.days,
		elapsedMs: a.elapsedMs + b.elapsedMs,
		approxMs: a.approxMs + b.approxMs,
		iso: `${a.iso}+${b.iso}`,
	};
}

/** The duration `k` times over (for the k-th repeat of a step). */
export function timesDuration(duration: CalendarDuration, k: number): CalendarDuration {
	return {
		years: duration.years * k,
		months: duration.months * k,
		days: duration.days * k,
		elapsedMs: duration.elapsedMs * k,
		approxMs: duration.approxMs * k,
		iso: `${k}×${duration.iso}`,
	};
}

const zoneValidity = new Map<string, boolean>();

export function isValidTimeZone(zone: unknown): zone is string {
	if (typeof zone !== 'string' || zone === '') return false;
	let valid = zoneValidity.get(zone);
	if (valid === undefined) {
		valid = IANAZone.isValidZone(zone);
		if (zoneValidity.size < 1000) zoneValidity.set(zone, valid);
	}
	return valid;
}

/** A zone with its offsets remembered per UTC day: Intl is asked twice per zone and day, not per call. */
export interface CalendarZone {
	name: string;
	iana: IANAZone;
	/**
	 * Days 1970-2099 (the dates a drip deals with), by UTC day number: the offset (minutes) all
	 * day long, NaN when not asked yet, Infinity when the offset changes that day (see `days`).
	 * An array lookup, as the engine asks for offsets several times per step and lead.
	 */
	steady: Float64Array;
	/** Any UTC day number -> the offset all day long, or the day's one change. */
	days: Map<number, number | OffsetChange>;
}

interface OffsetChange {
	at: number;
	before: number;
	after: number;
}

/** 1970-01-01 to 2099-12-31. */
const STEADY_DAYS = 47_482;
const calendarZones = new Map<string, CalendarZone>();

/** The zone by IANA name (check it with isValidTimeZone first). */
export function calendarZone(name: string): CalendarZone {
	let zone = calendarZones.get(name);
	if (zone === undefined) {
		zone = { name, iana: IANAZone.create(name), steady: new Float64Array(STEADY_DAYS).fill(NaN), days: new Map() };
		calendarZones.set(name, zone);
	}
	return zone;
}

/** The zone's UTC offset in minutes at `ms`. */
export function zoneOffset(zone: CalendarZone | string, ms: number): number {
	const z = typeof zone === 'string' ? calendarZone(zone) : zone;
	const day = Math.floor(ms / DAY);
	const inRange = day >= 0 && day < STEADY_DAYS;
	if (inRange) {
		const steady = z.steady[day];
		if (steady !== Infinity && !Number.isNaN(steady)) return steady;
	}
	let entry = z.days.get(day);
	if (entry === undefined) {
		entry = offsetsOfDay(z.iana, day);
		z.days.set(day, entry);
		if (inRange) z.steady[day] = typeof entry === 'number' ? entry : Infinity;
	}
	return typeof entry === 'number' ? entry : ms < entry.at ? entry.before : entry.after;
}

/** Zones change offset at most once a day; find the minute it happens by bisection. */
function offsetsOfDay(iana: IANAZone, day: number): number | OffsetChange {
	const start = day * DAY;
	const before = iana.offset(start);
	const after = iana.offset(start + DAY - MINUTE);
	if (before === after) return before;
	let lo = 0; // minutes into the day with the old offset
	let hi = DAY / MINUTE - 1; // minutes into the day with the new offset
	while (hi - lo > 1) {
		const mid = (lo + hi) >> 1;
		if (iana.offset(start + mid * MINUTE) === before) lo = mid;
		else hi = mid;
	}
	return { at: start + hi * MINUTE, before, after };
}

/** `ms` plus `duration` on the calendar of `zone` (luxon's DateTime.plus semantics). */
export function addDuration(ms: number, zone: CalendarZone | string, duration: CalendarDuration): number {
	return addCalendar(ms, zone, duration.years, duration.months, duration.days, duration.elapsedMs);
}

/**
 * `ms` plus `offset` plus `k` times `every`, added as one duration (calendar parts summed before
 * a month end is clamped), exactly `addDuration(ms, zone, sumDurations(offset, timesDuration(every, k)))`
 * without building the two durations: the engine asks this for every repeating step of every lead.
 */
export function addRepeat(ms: number, zone: CalendarZone | string, offset: CalendarDuration, every: CalendarDuration, k: number): number {
	return addCalendar(
		ms,
		zone,
		offset.years + every.years * k,
		offset.months + every.months * k,
		offset.days + every.days * k,
		offset.elapsedMs + every.elapsedMs * k,
	);
}

function addCalendar(ms: number, zone: CalendarZone | string, years: number, months: number, days: number, elapsedMs: number): number {
	let result = ms;
	if (years !== 0 || months !== 0 || days !== 0) {
		const offsetBefore = zoneOffset(zone, ms);
		const local = ms + offsetBefore * MINUTE;
		const dayNumber = Math.floor(local / DAY);
		const timeOfDay = local - dayNumber * DAY;
		// Without years or months there is no month end to clamp: the date stays (most steps are days).
		const monthsMoved = years === 0 && months === 0 ? dayNumber : addMonths(dayNumber, years * 12 + months);
		const localMs = (monthsMoved + days) * DAY + timeOfDay;
		result = localToUtc(localMs, offsetBefore, zone);
	}
	return result + elapsedMs;
}

/** The day number `months` months after `dayNumber`, the day clamped to the month's end (Jan 31 + 1 = Feb 28). */
function addMonths(dayNumber: number, months: number): number {
	const { year, month, day } = civilFromDays(dayNumber);
	const totalMonths = month + months;
	const newYear = year + Math.floor(totalMonths / 12);
	const newMonth = ((totalMonths % 12) + 12) % 12;
	return daysFromCivil(newYear, newMonth, Math.min(day, daysInMonth(newYear, newMonth)));
}

/** Days since 1970-01-01 of a proleptic Gregorian date (month 0-11); H. Hinnant's algorithm. */
function daysFromCivil(year: number, month: number, day: number): number {
	const y = month < 2 ? year - 1 : year;
	const era = Math.floor(y / 400);
	const yoe = y - era * 400;
	const m = month + 1;
	const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + day - 1;
	const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
	return era * 146097 + doe - 719468;
}

interface CivilDate {
	year: number;
	/** 0-11 */
	month: number;
	day: number;
}

/**
 * `civilFromDays` writes its answer here: the engine converts dates several times per step and
 * lead, and V8 does not always optimize a returned object away. Read it at once, never keep it.
 */
const civil: CivilDate = { year: 0, month: 0, day: 0 };

/** The date (month 0-11) of a day number since 1970-01-01, in the shared `civil` object. */
function civilFromDays(days: number): Readonly<CivilDate> {
	const z = days + 719468;
	const era = Math.floor(z / 146097);
	const doe = z - era * 146097;
	const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
	const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
	const mp = Math.floor((5 * doy + 2) / 153);
	const m = mp < 10 ? mp + 3 : mp - 9;
	civil.year = yoe + era * 400 + (m <= 2 ? 1 : 0);
	civil.month = m - 1;
	civil.day = doy - Math.floor((153 * mp + 2) / 5) + 1;
	return civil;
}

/** UTC instant of local midnight of a calendar date (month 0-11) in `zone`. */
export function localMidnight(zone: CalendarZone | string, year: number, month: number, day: number): number {
	const localMs = Date.UTC(year, month, day);
	return localToUtc(localMs, zoneOffset(zone, localMs), zone);
}

/** The local calendar date of an instant in `zone` (month 0-11). */
export function localDate(zone: CalendarZone | string, ms: number): CivilDate {
	const { year, month, day } = civilFromDays(Math.floor((ms + zoneOffset(zone, ms) * MINUTE) / DAY));
	return { year, month, day };
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
	if (month !== 1) return MONTH_DAYS[month];
	return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

/**
 * Local wall-clock time -> UTC, with `guess` as the first offset to try. In a spring-forward gap
 * the time moves forward by the gap (02:30 -> 03:30); in a fall-back overlap the earlier instant
 * wins. Same rule as luxon.
 */
function localToUtc(localMs: number, guess: number, zone: CalendarZone | string): number {
	let utc = localMs - guess * MINUTE;
	const o2 = zoneOffset(zone, utc);
	if (o2 === guess) return utc;
	utc -= (o2 - guess) * MINUTE;
	const o3 = zoneOffset(zone, utc);
	if (o2 === o3) return utc;
	return localMs - Math.min(o2, o3) * MINUTE;
}

/**
 * `ms` as "2026-03-08T14:00:00.000Z", like Date#toISOString but without a Date. Written character
 * by character into one string: joining pieces with `+` would leave a rope of small strings in V8
 * (some 300 bytes instead of 48, and garbage), and a pass keeps hundreds of thousands of these.
 */
export function isoInstant(ms: number): string {
	const dayNumber = Math.floor(ms / DAY);
	let rest = ms - dayNumber * DAY;
	const { year, month, day } = civilFromDays(dayNumber);
	if (year < 1000 || year > 9999) return new Date(ms).toISOString();
	const hours = Math.floor(rest / 3_600_000);
	rest -= hours * 3_600_000;
	const minutes = Math.floor(rest / MINUTE);
	rest -= minutes * MINUTE;
	const seconds = Math.floor(rest / 1000);
	const millis = rest - seconds * 1000;
	return String.fromCharCode(
		digitAt(year, 1000),
		digitAt(year, 100),
		digitAt(year, 10),
		digitAt(year, 1),
		DASH,
		digitAt(month + 1, 10),
		digitAt(month + 1, 1),
		DASH,
		digitAt(day, 10),
		digitAt(day, 1),
		LETTER_T,
		digitAt(hours, 10),
		digitAt(hours, 1),
		COLON,
		digitAt(minutes, 10),
		digitAt(minutes, 1),
		COLON,
		digitAt(seconds, 10),
		digitAt(seconds, 1),
		DOT,
		digitAt(millis, 100),
		digitAt(millis, 10),
		digitAt(millis, 1),
		LETTER_Z,
	);
}

const DASH = 45;
const COLON = 58;
const DOT = 46;
const LETTER_T = 84;
const LETTER_Z = 90;

/** The character code of the digit of `n` worth `place` (1, 10, 100 or 1000). */
function digitAt(n: number, place: number): number {
	return 48 + (Math.floor(n / place) % 10);
}

/**
 * The same text as one flat string: V8 keeps strings joined with `+` as a rope of pieces (several
 * times the memory); reading a character makes it copy them into one block and drop the pieces.
 * For strings built by joining that outlive the pass (the touchIds in its output).
 */
export function flattened(text: string): string {
	text.charCodeAt(0);
	return text;
}

/** Days from a spreadsheet's day zero (1899-12-30) to 1970-01-01. */
const SERIAL_EPOCH_DAYS = 25569;
/** Serials Google Sheets gives dates: 1 is 1899-12-31, 2958465 is 9999-12-31. */
const SERIAL_MAX = 2958466;

/**
 * A spreadsheet serial date-time as the instant it names in `zone`, the spreadsheet's time zone:
 * what Google Sheets holds for a date typed in the Sheets UI or imported from CSV, and returns
 * with UNFORMATTED_VALUE reads (days since 1899-12-30, the fraction the time of day: 46113 is
 * 2026-04-01 00:00 there, 46113.375 is 09:00). NaN for a number no date could be.
 */
export function serialInstant(serial: number, zone: CalendarZone | string): number {
	if (!Number.isFinite(serial) || serial < 1 || serial >= SERIAL_MAX) return NaN;
	const localMs = Math.round((serial - SERIAL_EPOCH_DAYS) * DAY);
	return localToUtc(localMs, zoneOffset(zone, localMs), zone);
}

/** The calendar date a serial names ("2026-04-01" for 46113), whatever its time of day. Null when none. */
export function serialDate(serial: number): string | null {
	if (!Number.isFinite(serial) || serial < 1 || serial >= SERIAL_MAX) return null;
	return isoInstant((Math.floor(serial) - SERIAL_EPOCH_DAYS) * DAY).slice(0, 10);
}

/**
 * Date.parse(text), with a fast path for the one form our own tools write ("2026-11-20T15:00:00.000Z",
 * or without milliseconds): the engine reads several instants per lead and every reply's time,
 * and Date.parse is the slowest part of that. Anything else (offsets, dates only, out-of-range
 * fields) goes to Date.parse itself, so the answer is always Date.parse's.
 */
export function parseInstant(text: string): number {
	const length = text.length;
	if (
		(length === 24 || length === 20) &&
		text.charCodeAt(length - 1) === 90 && // Z
		text.charCodeAt(4) === 45 && // -
		text.charCodeAt(7) === 45 &&
		text.charCodeAt(10) === 84 && // T
		text.charCodeAt(13) === 58 && // :
		text.charCodeAt(16) === 58 &&
		(length === 20 || text.charCodeAt(19) === 46) // .
	) {
		const year = digits(text, 0, 4);
		const month = digits(text, 5, 2);
		const day = digits(text, 8, 2);
		const hours = digits(text, 11, 2);
		const minutes = digits(text, 14, 2);
		const seconds = digits(text, 17, 2);
		const millis = length === 24 ? digits(text, 20, 3) : 0;
		if (
			year >= 0 &&
			month >= 1 &&
			month <= 12 &&
			day >= 1 &&
			day <= daysInMonth(year, month - 1) &&
			hours >= 0 &&
			hours <= 23 &&
			minutes >= 0 &&
			minutes <= 59 &&
			seconds >= 0 &&
			seconds <= 59 &&
			millis >= 0
		) {
			return daysFromCivil(year, month - 1, day) * DAY + hours * 3_600_000 + minutes * MINUTE + seconds * 1000 + millis;
		}
	}
	return Date.parse(text);
}

/** The decimal number in text[start, start + count), or -1 when a character is not a digit. */
function digits(text: string, start: number, count: number): number {
	let value = 0;
	for (let i = start; i < start + count; i++) {
		const digit = text.charCodeAt(i) - 48;
		if (digit < 0 || digit > 9) return -1;
		value = value * 10 + digit;
	}
	return value;
}
