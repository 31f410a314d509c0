import fc from 'fast-check';
import { DateTime } from 'luxon';
import { zoneClock } from '../../../nodes/core/compliance/zoneClock';

const ZONES = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles', 'America/Anchorage', 'America/Adak', 'Pacific/Honolulu', 'America/Boise', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Europe/London'];

describe('zone clock (the fast offsets under checkTouch)', () => {
	it('agrees with luxon on the offset of any instant in any zone, DST changes included', () => {
		fc.assert(
			fc.property(fc.constantFrom(...ZONES), fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2028, 11, 31) }), (zone, ms) => {
				expect(zoneClock(zone)!.offsetAt(ms)).toBe(DateTime.fromMillis(ms, { zone }).offset);
			}),
			{ numRuns: 2000 },
		);
	});

	it('agrees with luxon to the second around the 2026 and 2027 US changes', () => {
		const clock = zoneClock('America/New_York')!;
		for (const change of ['2026-03-08T07:00:00Z', '2026-11-01T06:00:00Z', '2027-03-14T07:00:00Z', '2027-11-07T06:00:00Z']) {
			const ms = Date.parse(change);
			for (const delta of [-1000, -1, 0, 1, 1000]) {
				expect(clock.offsetAt(ms + delta)).toBe(DateTime.fromMillis(ms + delta, { zone: 'America/New_York' }).offset);
			}
		}
	});

	it('maps a wall-clock time to its instant: skipped times to the change, repeated times to the first', () => {
		const clock = zoneClock('America/New_York')!;
		const local = (iso: string) => Date.parse(`${iso}Z`);
		expect(new Date(clock.instantOf(local('2026-03-08T08:00:00'))).toISOString()).toBe('2026-03-08T12:00:00.000Z');
		expect(new Date(clock.instantOf(local('2026-03-08T02:30:00'))).toISOString()).toBe('2026-03-08T07:00:00.000Z');
		expect(new Date(clock.instantOf(local('2026-11-01T01:30:00'))).toISOString()).toBe('2026-11-01T05:30:00.000Z');
		expect(new Date(clock.instantOf(local('2026-11-01T08:00:00'))).toISOString()).toBe('2026-11-01T13:00:00.000Z');
	});

	it('knows no zone that does not exist', () => {
		expect(zoneClock('Mars/Olympus_Mons')).toBeNull();
	});
});
