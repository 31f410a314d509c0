import { IANAZone } from 'luxon';

/**
 * Fast local wall-clock arithmetic for IANA zones. The compliance check runs for every touch, so
 * it cannot afford a date-library object per question. Each zone's offsets are learned once per
 * 8-day block from luxon's IANAZone: the offset at the block's start and, when it differs at the
 * block's end, the exact second of the change (found by halving). No zone changes its clock twice
 * within 8 days, so afterwards an offset is a map lookup and a comparison, and local dates are
 * plain arithmetic on "local milliseconds" (the instant shifted by its offset, read as UTC).
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
const BLOCK_MS = 8 * DAY_MS;

interface Block {
	offset: number;
	/** Instant of a clock change inside the block (Infinity: none) and the offset from then on. */
	change: number;
	after: number;
}

export class ZoneClock {
	private readonly zone: IANAZone;
	private readonly blocks = new Map<number, Block>();

	constructor(readonly name: string) {
		this.zone = IANAZone.create(name);
	}

	/** UTC offset in minutes at an instant. */
	offsetAt(ms: number): number {
		const index = Math.floor(ms / BLOCK_MS);
		const block = this.blocks.get(index) ?? this.learn(index);
		return ms < block.change ? block.offset : block.after;
	}

	private learn(index: number): Block {
		const start = index * BLOCK_MS;
		const offset = this.zone.offset(start);
		const after = this.zone.offset(start + BLOCK_MS);
		let change = Infinity;
		if (after !== offset) {
			// Halve to the second (clocks change on whole seconds): the first instant with the new offset.
			let lo = start;
			let hi = start + BLOCK_MS;
			while (hi - lo > 1000) {
				const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
				if (this.zone.offset(mid) === offset) lo = mid;
				else hi = mid;
			}
			change = hi;
		}
		const block = { offset, change, after };
		if (this.blocks.size > 10_000) this.blocks.clear();
		this.blocks.set(index, block);
		return block;
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
