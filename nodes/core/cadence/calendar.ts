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
	const years = sign * (values.years ?? 0);
	const months = sign * (values.months ?? 0);
	const days = sign * ((values.weeks ?? 0) * 7 + (values.days ?? 0));
	const elapsedMs =
		sign * ((values.hours ?? 0) * 3_600_000 + (values.minutes ?? 0) * MINUTE + (values.seconds ?? 0) * 1000);
	return {
		years,
		months,
		days,
		elapsedMs,
		approxMs: years * 365.25 * DAY + months * 30.4375 * DAY + days * DAY + elapsedMs,
		iso: text.trim(),
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

export function isValidTimeZone(zone: unknown): zone is string {
	return typeof zone === 'string' && zone !== '' && IANAZone.isValidZone(zone);
}

/** Per zone: UTC day number -> the zone's offset (minutes) for that whole day, or NaN on a day it changes. */
const dayOffsets = new Map<string, Map<number, number>>();
const zones = new Map<string, IANAZone>();

/** The zone's UTC offset in minutes at `ms`. */
export function zoneOffset(zone: string, ms: number): number {
	let days = dayOffsets.get(zone);
	if (days === undefined) {
		days = new Map();
		dayOffsets.set(zone, days);
		zones.set(zone, IANAZone.create(zone));
	}
	const day = Math.floor(ms / DAY);
	let offset = days.get(day);
	if (offset === undefined) {
		const iana = zones.get(zone) as IANAZone;
		const start = iana.offset(day * DAY);
		// US zones change at most once a day; a day whose ends agree has one offset throughout.
		offset = start === iana.offset(day * DAY + DAY - 1) ? start : NaN;
		days.set(day, offset);
	}
	return Number.isNaN(offset) ? (zones.get(zone) as IANAZone).offset(ms) : offset;
}

/** `ms` plus `duration` on the calendar of `zone` (luxon's DateTime.plus semantics). */
export function addDuration(ms: number, zone: string, duration: CalendarDuration): number {
	let result = ms;
	if (duration.years !== 0 || duration.months !== 0 || duration.days !== 0) {
		const offsetBefore = zoneOffset(zone, ms);
		const local = new Date(ms + offsetBefore * MINUTE);
		const totalMonths = local.getUTCMonth() + duration.months + duration.years * 12;
		const year = local.getUTCFullYear() + Math.floor(totalMonths / 12);
		const month = ((totalMonths % 12) + 12) % 12;
		const day = Math.min(local.getUTCDate(), daysInMonth(year, month)) + duration.days;
		const localMs = Date.UTC(
			year,
			month,
			day,
			local.getUTCHours(),
			local.getUTCMinutes(),
			local.getUTCSeconds(),
			local.getUTCMilliseconds(),
		);
		result = localToUtc(localMs, offsetBefore, zone);
	}
	return result + duration.elapsedMs;
}

/** UTC instant of local midnight of a calendar date (month 0-11) in `zone`. */
export function localMidnight(zone: string, year: number, month: number, day: number): number {
	const localMs = Date.UTC(year, month, day);
	return localToUtc(localMs, zoneOffset(zone, localMs), zone);
}

/** The local calendar date of an instant in `zone` (month 0-11). */
export function localDate(zone: string, ms: number): { year: number; month: number; day: number } {
	const local = new Date(ms + zoneOffset(zone, ms) * MINUTE);
	return { year: local.getUTCFullYear(), month: local.getUTCMonth(), day: local.getUTCDate() };
}

export function daysInMonth(year: number, month: number): number {
	return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/**
 * Local wall-clock time -> UTC, with `guess` as the first offset to try. In a spring-forward gap
 * the time moves forward by the gap (02:30 -> 03:30); in a fall-back overlap the earlier instant
 * wins. Same rule as luxon.
 */
function localToUtc(localMs: number, guess: number, zone: string): number {
	let utc = localMs - guess * MINUTE;
	const o2 = zoneOffset(zone, utc);
	if (o2 === guess) return utc;
	utc -= (o2 - guess) * MINUTE;
	const o3 = zoneOffset(zone, utc);
	if (o2 === o3) return utc;
	return localMs - Math.min(o2, o3) * MINUTE;
}
