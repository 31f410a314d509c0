import fc from 'fast-check';
import { trackedLeadMaker, trackedLeadOf } from '../../nodes/tracker/records';
import { TRACKER_TABS } from '../../nodes/tracker/template';

const leadColumns = TRACKER_TABS.find((t) => t.key === 'leads')!.columns.map((c) => c.header);
const cell = fc.oneof(fc.constant(''), fc.string(), fc.integer(), fc.boolean(), fc.constantFrom('TRUE', 'no', 'x', '2026-03-09T15:00:00.000Z'));

describe('trackedLeadMaker (the Leads rows of a big run on one shape)', () => {
	it('makes the same lead as trackedLeadOf: same keys in the same order, same values', () => {
		fc.assert(
			fc.property(
				fc.shuffledSubarray(leadColumns, { minLength: 1 }),
				fc.array(fc.constantFrom('LO notes', 'Zillow id', 'consent'), { maxLength: 3 }),
				fc.array(cell, { minLength: 60, maxLength: 60 }),
				(columns, extra, cells) => {
					const names = [...new Set([...columns, ...extra])];
					const record = Object.fromEntries(names.map((name, i) => [name, cells[i]]));
					const made = trackedLeadMaker(names)(record);
					const reference = trackedLeadOf(record);
					expect(made).toEqual(reference);
					expect(Object.keys(made)).toEqual(Object.keys(reference));
				},
			),
			{ numRuns: 300 },
		);
	});

	it('falls back to trackedLeadOf for a record with other columns', () => {
		const make = trackedLeadMaker(['leadId', 'receivedAt']);
		const record = { leadId: 'ld_1', receivedAt: '2026-03-09T15:00:00.000Z', stage: 'new' };
		expect(Object.keys(make(record))).toEqual(Object.keys(trackedLeadOf(record)));
		expect(make(record)).toEqual(trackedLeadOf(record));
	});
});
