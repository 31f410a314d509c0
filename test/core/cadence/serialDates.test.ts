import fc from 'fast-check';
import { DateTime } from 'luxon';
import { serialDate, serialInstant } from '../../../nodes/core';

/**
 * Spreadsheet serial dates (what Google Sheets returns for a date typed in the UI or imported from
 * CSV, read unformatted): days since 1899-12-30 on the spreadsheet's own clock, the fraction the
 * time of day. Checked against luxon's reading of the same wall-clock time in the zone.
 */
const ZONES = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles', 'America/Anchorage', 'Pacific/Honolulu', 'Etc/GMT', 'Europe/London', 'Asia/Kolkata'];

describe('serialInstant / serialDate', () => {
	it('46113 is 2026-04-01 at midnight in the spreadsheet\'s zone; 46113.375 is 09:00', () => {
		expect(new Date(serialInstant(46113, 'Etc/GMT')).toISOString()).toBe('2026-04-01T00:00:00.000Z');
		expect(new Date(serialInstant(46113, 'America/New_York')).toISOString()).toBe('2026-04-01T04:00:00.000Z');
		expect(new Date(serialInstant(46113.375, 'America/Los_Angeles')).toISOString()).toBe('2026-04-01T16:00:00.000Z');
		expect(serialDate(46113.99)).toBe('2026-04-01');
		expect(serialDate(1)).toBe('1899-12-31');
	});

	it('a serial read in a zone is the instant with that wall-clock time there (the instant itself but for the hour a fall-back repeats)', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: Date.UTC(1950, 0, 1), max: Date.UTC(2100, 0, 1) }),
				fc.constantFrom(...ZONES),
				(ms, zone) => {
					const local = DateTime.fromMillis(ms, { zone });
					const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second, local.millisecond);
					const serial = wall / 86_400_000 + 25569;
					const read = serialInstant(serial, zone);
					const back = DateTime.fromMillis(read, { zone });
					expect(Date.UTC(back.year, back.month - 1, back.day, back.hour, back.minute, back.second, back.millisecond)).toBe(wall);
					// Only a repeated hour (DST ends) has two instants for one wall-clock time.
					if (read !== ms) expect(Math.abs(read - ms)).toBeLessThanOrEqual(3_600_000);
					expect(serialDate(serial)).toBe(local.toISODate());
				},
			),
			{ numRuns: 2000 },
		);
	});

	it('a number no date could be is not a date', () => {
		fc.assert(
			fc.property(fc.oneof(fc.double({ max: 0.999, noNaN: true }), fc.double({ min: 2958466, noNaN: true }), fc.constant(Number.NaN)), (value) => {
				expect(serialInstant(value, 'America/New_York')).toBeNaN();
				expect(serialDate(value)).toBeNull();
			}),
		);
	});
});
