import { IANAZone } from 'luxon';

/**
 * Fast local wall-clock arithmetic for IANA zones. The compliance check runs for every touch, so
 * it cannot afford a full date library object per question: offsets come from luxon's IANAZone,
 * memoized per UTC hour (US clocks change on the hour; an hour that contains a change is never
 * memoized and is asked exactly), and local dates are plain arithmetic on "local milliseconds"
 * (the instant shifted by its offset, read as if it were UTC).
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export class ZoneClock {
	private readonly zone: IANAZone;
	private readonly byHour = new Map<number, number>();

	constructor(readonly name: string) {
		this.zone = IANAZone.create(name);
	}

	/** UTC offset in minutes at an instant. */
	offsetAt(ms: number): number {
		const hour = Math.floor(ms / HOUR_MS);
		const memo = this.byHour.get(hour);
		if (memo !== undefined) return Number.isNaN(memo) ? this.zone.offset(ms) : memo;
		if (this.byHour.size > 100_000) this.byHour.clear();
		const start = this.zone.offset(hour * HOUR_MS);
		const end = this.zone.offset(hour * HOUR_MS + HOUR_MS - 1);
		this.byHour.set(hour, start === end ? start : NaN);
		return start === end ? start : this.zone.offset(ms);
	}

	/** The instant as local milliseconds (wall clock read as if it were UTC). */
	localMs(ms: number): number {
		return ms + this.offsetAt(ms) * MINUTE_MS;
	}

	/**
	 * The earliest instant whose local wall-clock time is `local` (in local milliseconds). A time
	 * skipped by a spring-forward change gives the instant of the change (the first instant whose
	 * local time is later); a time repeated at fall-back gives its first occurrence.
	 */
	instantOf(local: number): number {
		const before = this.offsetAt(local - DAY_MS);
		const after = this.offsetAt(local + DAY_MS);
		const a = local - before * MINUTE_MS;
		if (before === after) return a;
		const b = local - after * MINUTE_MS;
		const aValid = this.offsetAt(a) === before;
		const bValid = this.offsetAt(b) === after;
		if (aValid && bValid) return Math.min(a, b);
		if (aValid) return a;
		if (bValid) return b;
		// Skipped local time: binary search (to the minute) for the change between the candidates.
		let lo = Math.min(a, b);
		let hi = Math.max(a, b);
		const offsetLo = this.offsetAt(lo);
		while (hi - lo > MINUTE_MS) {
			const mid = lo + Math.floor((hi - lo) / 2 / MINUTE_MS) * MINUTE_MS;
			if (this.offsetAt(mid) === offsetLo) lo = mid;
			else hi = mid;
		}
		return hi;
	}
}

const clocks = new Map<string, ZoneClock>();

/** The clock of an IANA zone, or null when the name is not a zone. */
export function zoneClock(name: string): ZoneClock | null {
	let clock = clocks.get(name);
	if (clock === undefined) {
		if (!IANAZone.isValidZone(name)) return null;
		clock = new ZoneClock(name);
		clocks.set(name, clock);
	}
	return clock;
}
