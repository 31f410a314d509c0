import { REFERRAL_COLUMNS, type Referral } from '../../nodes/core';
import { TRACKER_TABS, headersOf, tabByKey } from '../../nodes/tracker/template';
import type { SheetsStandIn } from '../../sandbox/sheets';
import { SERVICE_ACCOUNT, makeLead, startTrackerStandIn, trackerAt } from '../support/trackerHarness';

/**
 * Google appends after the LAST table in the range, from that table's first column (the stand-in
 * models it). An LO's note or totals row below a gap is such a table: appended to the whole tab,
 * new leads, touches and referrals would land under it, shifted into the wrong columns. The pack
 * appends to column A ('Leads'!A:A), which only sees the data.
 */
const NOW = '2026-12-08T15:00:00.000Z';
const NOTE_COLUMN = 3;
const NOTE = 'Totals (typed by the LO): 1 lead';

let standIn: SheetsStandIn;
let url: string;
let close: () => Promise<void>;
let trackerId: string;

const rowsWithNote = (header: string[], first: Record<string, string>) => {
	const note = header.map((_, index) => (index === NOTE_COLUMN ? NOTE : ''));
	return [header, header.map((name) => first[name] ?? ''), [], [], note];
};
const recordsOf = (title: string) => {
	const [header = [], ...rows] = standIn.readTab(trackerId, title);
	return rows.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i] ?? ''])));
};

beforeEach(async () => {
	({ standIn, url, close } = await startTrackerStandIn());
	const leads = tabByKey('leads');
	const touches = tabByKey('touches');
	trackerId = standIn.createSpreadsheet({
		title: 'Tracker',
		sharedWith: [SERVICE_ACCOUNT],
		sheets: [
			{ title: leads.title, rows: rowsWithNote(headersOf(leads), { leadId: 'ld_0000001', receivedAt: NOW, phone: '+13050000001', firstName: 'First1' }) },
			{ title: touches.title, rows: rowsWithNote(headersOf(touches), { touchId: 't-0', leadId: 'ld_0000001', at: NOW, channel: 'sms', verdict: 'sent' }) },
			{ title: 'Referrals', rows: rowsWithNote([...REFERRAL_COLUMNS], { referralId: 'R-0', partnerId: 'p-1', status: 'received', receivedAt: NOW, lastChangeAt: NOW }) },
			{ title: 'Partners', rows: [['partnerId', 'name', 'email']] },
			...TRACKER_TABS.filter((tab) => !['leads', 'touches', 'referrals', 'partners'].includes(tab.key)).map((tab) => ({ title: tab.title, rows: [headersOf(tab)] })),
		],
	});
});
afterEach(() => close());

const tracker = () => trackerAt(url, trackerId, NOW);

describe('rows appended below a table with a note under a gap land in their own columns', () => {
	it('Leads: a new lead is the row after the last lead, leadId in column A; the note stays where the LO put it', async () => {
		await tracker().upsertLeads([makeLead(2)]);
		const rows = recordsOf('Leads');
		expect(rows[1]).toMatchObject({ leadId: 'ld_0000002', phone: '+13050000002', firstName: 'First2' });
		expect(rows.filter((row) => row.leadId === 'ld_0000002')).toHaveLength(1);
		expect(standIn.readTab(trackerId, 'Leads').find((row) => row.includes(NOTE))?.indexOf(NOTE)).toBe(NOTE_COLUMN);
	});

	it('Touches: a logged touch lands with its touchId in column A', async () => {
		await tracker().logTouches([{ touchId: 't-1', leadId: 'ld_0000001', channel: 'sms', verdict: 'sent', at: NOW }]);
		expect(recordsOf('Touches')[1]).toMatchObject({ touchId: 't-1', leadId: 'ld_0000001', channel: 'sms' });
	});

	it('Referrals: an opened referral lands with its referralId in column A', async () => {
		const blank = Object.fromEntries(REFERRAL_COLUMNS.map((name) => [name, null])) as unknown as Referral;
		const referrals = tracker().referrals({ timeZone: 'America/New_York', loanOfficerName: 'Sam' });
		await referrals.open(async () => ({ opened: [{ ...blank, referralId: 'R-1', partnerId: 'p-1', leadId: 'ld_0000001', status: 'received', receivedAt: NOW, lastChangeAt: NOW }], result: null }));
		expect(recordsOf('Referrals')[1]).toMatchObject({ referralId: 'R-1', partnerId: 'p-1', status: 'received' });
	});
});
