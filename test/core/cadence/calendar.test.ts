import fc from 'fast-check';
import { DateTime, Duration } from 'luxon';
import { addDuration, isoInstant, parseDuration } from '../../../nodes/core/cadence/calendar';

const ZONES = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles', 'America/Anchorage', 'Pacific/Honolulu', 'America/Adak', 'UTC'];

/** luxon's own answer, the reference the fast arithmetic must match. */
function luxonPlus(ms: number, zone: string, iso: string): number {
	const negative = iso.startsWith('-');
	const duration = Duration.fromISO(negative ? iso.slice(1) : iso);
	const start = DateTime.fromMillis(ms, { zone });
	return (negative ? start.minus(duration) : start.plus(duration)).toMillis();
}

const local = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toMillis();
const inZone = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true });

describe('calendar arithmetic on the lead\'s clock', () => {
	it('agrees with luxon DateTime.plus for any instant, US zone and offset (DST, month ends, leap days)', () => {
		const durations = fc.oneof(
			fc.constantFrom('PT0M', 'PT45M', 'PT2H', 'P1D', 'P1DT4H', 'P7D', 'P2W', 'P1M', 'P3M', 'P11M', 'P1Y', '-P21D', 'P29D', 'P89D'),
			fc.record({ y: fc.nat(3), m: fc.nat(14), d: fc.nat(40), h: fc.nat(30), min: fc.nat(90) }).map(
				({ y, m, d, h, min }) => `P${y}Y${m}M${d}DT${h}H${min}M`,
			),
		);
		fc.assert(
			fc.property(
				fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }),
				fc.constantFrom(...ZONES),
				durations,
				(ms, zone, iso) => {
					const duration = parseDuration(iso);
					expect(duration).not.toBeNull();
					expect(addDuration(ms, zone, duration!)).toBe(luxonPlus(ms, zone, iso));
				},
			),
			{ numRuns: 3000 },
		);
	});

	it('clamps month ends instead of skipping a month: Jan 31 + P1M is Feb 28 (Feb 29 in a leap year)', () => {
		const zone = 'America/New_York';
		const p1m = parseDuration('P1M')!;
		expect(inZone(addDuration(local('2026-01-31T23:59', zone), zone, p1m), zone)).toBe('2026-02-28T23:59:00-05:00');
		expect(inZone(addDuration(local('2028-01-31T23:59', zone), zone, p1m), zone)).toBe('2028-02-29T23:59:00-05:00');
		expect(inZone(addDuration(local('2028-02-29T10:00', zone), zone, parseDuration('P1Y')!), zone)).toBe('2029-02-28T10:00:00-05:00');
	});

	it('keeps the local time across DST: P1D after 10:00 EST is 10:00 EDT (a 23-hour day)', () => {
		const zone = 'America/New_York';
		const start = local('2026-03-07T10:00', zone);
		const next = addDuration(start, zone, parseDuration('P1D')!);
		expect(inZone(next, zone)).toBe('2026-03-08T10:00:00-04:00');
		expect(next - start).toBe(23 * 3_600_000);
		// A wall time that does not exist moves forward by the gap, never back (no step twice).
		expect(inZone(addDuration(local('2026-03-07T02:30', zone), zone, parseDuration('P1D')!), zone)).toBe('2026-03-08T03:30:00-04:00');
		// Hours are elapsed time: PT24H over the same night lands an hour later on the clock.
		expect(inZone(addDuration(start, zone, parseDuration('PT24H')!), zone)).toBe('2026-03-08T11:00:00-04:00');
	});

	it('rejects what is not a duration, and reads a leading minus', () => {
		for (const bad of ['', 'P', 'PT', '1D', 'P1.5D', 'soon', 'P1DT', null, 3]) expect(parseDuration(bad)).toBeNull();
		expect(parseDuration('-P21D')).toMatchObject({ days: -21, months: 0 });
		expect(parseDuration('p2w')).toMatchObject({ days: 14 });
	});

	it('formats instants exactly like Date#toISOString', () => {
		fc.assert(
			fc.property(fc.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9999, 11, 31) }), (ms) => {
				expect(isoInstant(ms)).toBe(new Date(ms).toISOString());
			}),
		);
	});
});
