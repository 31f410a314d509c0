import { forgetSpreadsheetZones } from '../../nodes/tracker/dates';
import { headersOf, tabByKey } from '../../nodes/tracker/template';
import { columnLetter } from '../../nodes/transport/sheets/a1';
import type { SheetsStandIn } from '../../sandbox/sheets';
import { startSheetsHarness } from '../support/sheetsHarness';
import { SERVICE_ACCOUNT, makeLead, startTrackerStandIn, trackerAt } from '../support/trackerHarness';

/**
 * Dates the LO types in the Sheets UI (or imports from CSV) are kept by Google as serial numbers
 * and read back as numbers by the tracker's unformatted reads: 46113 is 2026-04-01. The pack
 * reads them on the spreadsheet's clock, so a lead the LO paused by hand is not texted.
 */
const NOW = '2026-03-20T15:00:00.000Z'; // 11:00 in New York
const LO = 'jordan@riverahomeloans.com';
const LEADS = tabByKey('leads');

let standIn: SheetsStandIn;
let url: string;
let close: () => Promise<void>;
let trackerId: string;

beforeEach(async () => {
	forgetSpreadsheetZones();
	({ standIn, url, close } = await startTrackerStandIn());
	trackerId = standIn.createSpreadsheet({ title: 'Tracker', sharedWith: [SERVICE_ACCOUNT, LO] });
	standIn.getSpreadsheet(trackerId).properties.timeZone = 'America/New_York';
});
afterEach(() => close());

const tracker = () => trackerAt(url, trackerId, NOW);

/** The LO types `text` into a lead's cell in the Sheets UI (USER_ENTERED, as the UI parses it). */
async function typeIntoLead(row: number, column: string, text: string): Promise<void> {
	const index = headersOf(LEADS).indexOf(column);
	const token = standIn.issueAccessToken(LO);
	const range = encodeURIComponent(`'${LEADS.title}'!${columnLetter(index)}${row}`);
	const answer = await fetch(`${url}/v4/spreadsheets/${trackerId}/values/${range}?valueInputOption=USER_ENTERED`, {
		method: 'PUT',
		headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
		body: JSON.stringify({ values: [[text]] }),
	});
	expect(answer.status).toBe(200);
}

describe('dates typed in the Sheets UI (serial numbers in unformatted reads)', () => {
	it('the stand-in keeps them as serials, shown as dates', async () => {
		await tracker().create();
		await tracker().upsertLeads([makeLead(1)]);
		await typeIntoLead(2, 'pausedUntil', '4/1/2026');
		await typeIntoLead(2, 'targetDate', '2026-06-15 09:00');
		const h = await startSheetsHarness({ quotas: false }, LO);
		try {
			const cells = standIn.readCells(trackerId, LEADS.title)[1];
			expect(cells[headersOf(LEADS).indexOf('pausedUntil')]).toEqual({ serial: 46113, format: 'DATE' });
			expect(cells[headersOf(LEADS).indexOf('targetDate')]).toEqual({ serial: 46188.375, format: 'DATE_TIME' });
			expect(standIn.readTab(trackerId, LEADS.title)[1][headersOf(LEADS).indexOf('pausedUntil')]).toBe('4/1/2026');
		} finally {
			await h.close();
		}
	});

	it('a lead the LO paused by hand until 4/1/2026 gets no marketing text before then; the others do', async () => {
		await tracker().create();
		const receivedAt = '2026-03-20T14:58:00.000Z';
		await tracker().upsertLeads([makeLead(1, { receivedAt }), makeLead(2, { receivedAt })]);
		await typeIntoLead(2, 'pausedUntil', '4/1/2026');

		const plan = await tracker().dueTouches();
		expect(plan.due.map((touch) => touch.leadId)).toContain('ld_0000002');
		expect(plan.due.map((touch) => touch.leadId)).not.toContain('ld_0000001');
		expect(plan.invalid).toEqual([]);
		expect(plan.leadOf('ld_0000002')).toBeDefined();
	});

	it('read on the spreadsheet\'s clock: paused until midnight in New York, one request for its zone per process', async () => {
		await tracker().create();
		await tracker().upsertLeads([makeLead(1, { receivedAt: '2026-03-31T14:00:00.000Z' })]);
		await typeIntoLead(2, 'pausedUntil', '4/1/2026');
		const at = (now: string) => trackerAt(url, trackerId, now).dueTouches();
		// 23:30 on 3/31 in New York (03:30 UTC on 4/1): still paused.
		expect((await at('2026-04-01T03:30:00.000Z')).due.filter((t) => t.channel === 'sms')).toEqual([]);
		// 10:00 on 4/1 in New York: the pause is over.
		expect((await at('2026-04-01T14:00:00.000Z')).due.map((t) => t.leadId)).toContain('ld_0000001');
		expect(standIn.requestLog.filter((entry) => entry.operation === 'spreadsheets.get' && entry.path.includes('timeZone'))).toHaveLength(1);
	});

	it('a run with no serial date in the tabs asks nothing more of Google', async () => {
		await tracker().create();
		await tracker().upsertLeads([makeLead(1)]);
		standIn.clearRequestLog();
		await tracker().dueTouches();
		expect(standIn.requestLog.filter((entry) => entry.operation === 'spreadsheets.get')).toEqual([]);
	});

	it('the scoreboard reads a typed receivedAt (shown formatted) in the tracker\'s zone, not the machine\'s', async () => {
		await tracker().create();
		await tracker().upsertLeads([makeLead(1, { receivedAt: '2026-03-17T15:00:00.000Z' }), makeLead(2, { receivedAt: '2026-03-18T15:00:00.000Z' })]);
		// 1:00 AM on Monday 3/23 in New York is the next week (05:00 UTC); read as UTC it would be inside.
		await typeIntoLead(3, 'receivedAt', '3/23/2026 1:00 AM');
		const referrals = tracker().referrals({ timeZone: 'America/New_York', loanOfficerName: 'Jordan' });
		// The week of Monday 3/16 in New York.
		await referrals.writeScoreboard({ from: '2026-03-16T04:00:00.000Z', to: '2026-03-23T04:00:00.000Z', addChart: false });
		const newLeads = standIn.readTab(trackerId, 'Scoreboard').find((row) => row[0] === 'New leads');
		expect(newLeads?.[1]).toBe('1');
	});
});
