import fc from 'fast-check';
import { REFERRAL_COLUMNS } from '../../nodes/core';
import { readReferrals, referralRowWrites } from '../../nodes/tracker/referrals/referralTabs';
import { ShownTable } from '../../nodes/tracker/referrals/shownTable';
import { changedRanges, headerWrite, readTable, recordOf, rowOf } from '../../nodes/tracker/table';
import { tabByKey } from '../../nodes/tracker/template';

/**
 * The tracker layer has two table models, named for what differs: `readTable` (the tabs the
 * pack writes: typed cells, escapes undone, header names exact, missing template columns added)
 * and `ShownTable` (the hand-kept referral tabs: text as the sheet shows it, header names matched
 * loosely). These tests pin the differences, so merging or swapping them cannot pass unnoticed.
 */
const LEADS = tabByKey('leads');
const REFERRALS = tabByKey('referrals');

describe('the two table models', () => {
	it('a hand-typed header "Lead ID" is leadId for the referral tabs, and a changed header for the Leads tab', () => {
		const rows = [['Lead ID', 'Email'], ['ld_1', 'a@example.com']];
		expect(new ShownTable('Leads', rows).record(0, ['leadId', 'email'])).toEqual({ leadId: 'ld_1', email: 'a@example.com' });
		expect(() => readTable(LEADS, rows)).toThrow('"Leads" tab has no "leadId" column');
	});

	it('typed cells and undone escapes for the Leads tab, text as shown for the referral tabs', () => {
		const rows = [['leadId', 'score', 'consentSms', 'firstName'], ['ld_1', 87, true, "'=HYPERLINK()"]];
		const typed = readTable(LEADS, rows);
		expect(recordOf(typed, typed.rows[0])).toMatchObject({ leadId: 'ld_1', score: 87, consentSms: true, firstName: '=HYPERLINK()' });
		expect(new ShownTable('Leads', [['leadId', 'score'], ['ld_1', '87']]).record(0, ['leadId', 'score'])).toEqual({ leadId: 'ld_1', score: '87' });
	});

	it('the Leads table adds the template columns a tab lacks at the end of its header; the referral table keeps the header as it is', () => {
		const typed = readTable(LEADS, [['leadId', 'LO notes']]);
		expect(typed.header.slice(0, 2)).toEqual(['leadId', 'LO notes']);
		expect(typed.addedHeaders).toEqual(LEADS.columns.map((c) => c.header).filter((h) => h !== 'leadId'));
		expect(headerWrite(typed)).toEqual({ range: "'Leads'!C1", values: [typed.addedHeaders] });
		expect(new ShownTable('Referrals', [['referralId', 'partnerId', 'LO notes']]).headers).toEqual(['referralId', 'partnerId', 'LO notes']);
	});

	it('both write only what they own: changed cells of a lead (0-based columns), a referral row with the LO\'s own columns kept', () => {
		const typed = readTable(LEADS, [['leadId', 'email', 'LO notes', 'phone'], ['ld_1', 'a@x.com', 'call after 5', '+13055550100']]);
		const before = typed.rows[0];
		const after = rowOf(typed, { ...recordOf(typed, before), email: 'b@x.com', phone: '+13055550199' });
		expect(changedRanges(typed, 2, before, after)).toEqual([
			{ range: "'Leads'!B2", values: [['b@x.com']] },
			{ range: "'Leads'!D2", values: [['+13055550199']] },
		]);

		const header = ['LO notes', ...REFERRAL_COLUMNS];
		const row = ['keep me', ...REFERRAL_COLUMNS.map((name) => ({ referralId: 'R-1', partnerId: 'P-1', leadId: 'ld_1', status: 'received', receivedAt: '2026-11-16T15:00:00.000Z', lastChangeAt: '2026-11-16T15:00:00.000Z' })[name as string] ?? '')];
		const shown = new ShownTable(REFERRALS.title, [header, row]);
		const [tracked] = readReferrals(shown, 'America/New_York');
		expect(tracked.errors).toEqual([]);
		// Only the changed cells of the pack's columns are written: the LO's "keep me" is not touched.
		const writes = referralRowWrites(shown, 0, { ...tracked.referral!, status: 'contacted', contactedAt: '2026-11-16T16:00:00.000Z' });
		const status = header.indexOf('status');
		expect(writes).toEqual([
			{ range: `'Referrals'!${columnOf(status + 1)}2`, values: [['contacted']] },
			{ range: `'Referrals'!${columnOf(header.indexOf('contactedAt') + 1)}2`, values: [['2026-11-16T16:00:00.000Z']] },
		]);
	});

	it('the referral table matches a header whatever its case, spaces and punctuation', () => {
		fc.assert(
			fc.property(fc.constantFrom(...REFERRAL_COLUMNS), fc.boolean(), fc.constantFrom('', ' ', '_', '-'), (name, upper, glue) => {
				const typed = name.replace(/([A-Z])/g, `${glue}$1`);
				const header = upper ? typed.toUpperCase() : typed;
				expect(new ShownTable('Referrals', [[` ${header} `]]).column(name)).toBe(0);
			}),
		);
	});
});

/** Sheets' letters for a 1-based column count (as written by hand here, to check the helper's). */
function columnOf(count: number): string {
	let letters = '';
	for (let n = count; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
	return letters;
}
