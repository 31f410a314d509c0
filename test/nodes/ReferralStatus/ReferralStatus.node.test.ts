import type { IDataObject } from 'n8n-workflow';
import { PARTNER_VIEW_HEADERS, REFERRAL_COLUMNS } from '../../../nodes/core';
import { MortgageReferralStatus } from '../../../nodes/ReferralStatus/MortgageReferralStatus.node';
import { runNode } from '../../support/nodeHarness';
import { FAST_GOOGLE, startReferralStandIn, standInCredentials, type ReferralStandIn } from '../../support/referralStandIn';

const LO = 'lo@example.com';
const NOW = '2026-11-24T15:00:00Z';
/** Columns the loan officer added to the Referrals tab: private, never in a partner view. */
const EXTRA = ['phone', 'email', 'creditScore'];

interface Seed {
	referralId: string;
	partnerId: string;
	firstName: string;
	lastName: string;
	status: string;
	receivedAt: string;
	phone: string;
	email: string;
	creditScore: string;
	loanAmount?: string;
	notes?: string;
	contactedAt?: string;
	nextStep?: string;
}
const SEEDS: Seed[] = [
	{ referralId: 'R-1', partnerId: 'P-maria', firstName: 'Jane', lastName: "O'Neil", status: 'contacted', receivedAt: '2026-11-16T14:00:00.000Z', contactedAt: '2026-11-16T14:05:00.000Z', phone: '+13053721842', email: 'jane@example.com', creditScore: '702', loanAmount: '412500', notes: 'Self-employed, 2 yrs returns' },
	{ referralId: 'R-2', partnerId: 'P-dave', firstName: 'Ana', lastName: 'Silva', status: 'received', receivedAt: '2026-11-20T10:00:00.000Z', phone: '+15125550199', email: 'ana@example.com', creditScore: '640', notes: 'Collections on report' },
	{ referralId: 'R-3', partnerId: 'P-maria', firstName: 'Luis', lastName: 'Garcia', status: 'received', receivedAt: '2026-11-22T16:00:00.000Z', phone: '+17135550123', email: 'luis@example.com', creditScore: '755' },
	{ referralId: 'R-4', partnerId: 'P-kim', firstName: 'Bo', lastName: 'Chen', status: 'approved', receivedAt: '2026-11-01T10:00:00.000Z', contactedAt: '2026-11-01T11:00:00.000Z', phone: '+12065550111', email: 'bo@example.com', creditScore: '780', loanAmount: '655000' },
];
const SECRETS = SEEDS.flatMap((seed) => [seed.phone, seed.email, seed.creditScore, seed.loanAmount, seed.notes, seed.referralId]).filter(Boolean) as string[];

const PARTNERS = [
	['partnerId', 'name', 'email', 'phone', 'notifyChannel', 'viewSpreadsheetId'],
	['P-maria', 'Maria Lopez', 'maria@realty.example', '+13055550100', 'sms', ''],
	['P-dave', 'Dave Kim', 'dave@builder.example', '', 'email', ''],
	['P-kim', 'Kim Park', '', '', 'email', ''],
];

function seedTracker(running: ReferralStandIn): string {
	const header = [...REFERRAL_COLUMNS, ...EXTRA];
	const rows = SEEDS.map((seed) => header.map((column) => (seed as unknown as Record<string, string>)[column] ?? (column === 'lastChangeAt' ? seed.contactedAt ?? seed.receivedAt : '')));
	return running.standIn.createSpreadsheet({
		title: 'Tracker',
		sharedWith: [LO],
		sheets: [
			{ title: 'Referrals', rows: [header, ...rows] },
			{ title: 'Partners', rows: PARTNERS },
			{ title: 'Leads', rows: [['leadId', 'receivedAt', 'source', 'sourceDetail', 'phone']] },
			{ title: 'Touches', rows: [['touchId', 'leadId', 'at', 'channel', 'direction', 'verdict']] },
		],
	});
}

describe('Mortgage Referral Status node against the Sheets stand-in', () => {
	let running: ReferralStandIn;
	let trackerId: string;
	const node = new MortgageReferralStatus();
	const run = (parameters: Record<string, unknown>, items: IDataObject[] = [{}], continueOnFail = false) =>
		runNode(node, { items, parameters: { spreadsheetId: trackerId, now: NOW, options: { timeZone: 'America/New_York', loanOfficerName: 'Sam Reed', ...FAST_GOOGLE }, ...parameters }, credentials: standInCredentials(running, LO), continueOnFail });
	/** The Google API calls made (signing in left out). */
	const calls = () => running.standIn.requestLog.filter((entry) => entry.operation !== 'token').map((entry) => entry.operation);
	const partnerViewId = (partnerId: string) => {
		const partners = running.standIn.readTab(trackerId, 'Partners');
		const row = partners.find((cells) => cells[0] === partnerId);
		return row?.[5] || null;
	};
	const referralRow = (referralId: string) => {
		const [header, ...rows] = running.standIn.readTab(trackerId, 'Referrals');
		const row = rows.find((cells) => cells[0] === referralId) ?? [];
		return Object.fromEntries(header.map((column, index) => [column, row[index] ?? '']));
	};
	/** A partner's view as the partner sees it, read through the API signed in as the partner. */
	const viewAs = async (email: string, spreadsheetId: string) =>
		((await running.clientFor(email).spreadsheets.values.get({ spreadsheetId, range: "'My referrals'" })).data.values ?? []) as string[][];
	const expectNoSecrets = (grid: string[][]) => {
		const text = grid.flat().join(' | ');
		for (const secret of SECRETS) expect(text).not.toContain(secret);
		expect(grid[0]).toEqual([...PARTNER_VIEW_HEADERS]);
		for (const row of grid) expect(row.length).toBeLessThanOrEqual(PARTNER_VIEW_HEADERS.length);
	};

	beforeEach(async () => {
		running = await startReferralStandIn(LO);
		trackerId = seedTracker(running);
	});
	afterEach(() => running.close());

	it('updates a status: the row, the partner message, and the partner view created and shared', async () => {
		const [[item]] = await run({ operation: 'updateStatus', referralId: 'R-1', status: 'application', nextStep: 'Pre-approval letter by Friday' });
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json).toMatchObject({
			referralId: 'R-1',
			partnerName: 'Maria Lopez',
			partnerPhone: '+13055550100',
			previousStatus: 'contacted',
			status: 'application',
			skippedStages: ['appointment'],
			partnerMessage:
				'Hi Maria, good news on Jane O., the client you referred on Nov 16: they have started their loan application. Next step: Pre-approval letter by Friday. Thank you for the referral!\nSam Reed',
			partnerView: { result: 'synced', created: true },
		});
		expect(referralRow('R-1')).toMatchObject({
			status: 'application',
			contactedAt: '2026-11-16T14:05:00.000Z',
			appointmentAt: '2026-11-24T15:00:00.000Z',
			applicationAt: '2026-11-24T15:00:00.000Z',
			lastPartnerUpdateAt: '2026-11-24T15:00:00.000Z',
			// The loan officer's own columns are left alone.
			phone: '+13053721842',
			creditScore: '702',
		});

		const viewId = partnerViewId('P-maria');
		expect(viewId).toBeTruthy();
		// Shared through Drive with Maria as a reader: Google emails her.
		expect(running.standIn.permissions(viewId!)).toEqual([expect.objectContaining({ type: 'user', emailAddress: 'maria@realty.example', role: 'reader', notified: true })]);
		expect(running.standIn.sharedWith(viewId!)).toEqual([
			{ emailAddress: LO, role: 'owner' },
			{ emailAddress: 'maria@realty.example', role: 'reader' },
		]);
		// The view's only tab, header frozen.
		const viewSheets = running.standIn.getSpreadsheet(viewId!).sheets;
		expect(viewSheets.map((sheet) => [sheet.properties.title, sheet.properties.gridProperties.frozenRowCount])).toEqual([['My referrals', 1]]);
		const view = await viewAs('maria@realty.example', viewId!);
		expect(view).toEqual([
			[...PARTNER_VIEW_HEADERS],
			['Luis G.', '2026-11-22', 'Received', '2026-11-22', 'Reaching out to your client'],
			['Jane O.', '2026-11-16', 'Application', '2026-11-24', 'Pre-approval letter by Friday'],
		]);
		expectNoSecrets(view);
		// Maria can read her view but not change it, and cannot open the tracker itself.
		await expect(
			running.clientFor('maria@realty.example').spreadsheets.values.update({ spreadsheetId: viewId!, range: "'My referrals'!A2", valueInputOption: 'RAW', requestBody: { values: [['x']] } }),
		).rejects.toMatchObject({ status: 403 });
		await expect(running.clientFor('maria@realty.example').spreadsheets.values.get({ spreadsheetId: trackerId, range: 'Referrals' })).rejects.toMatchObject({ status: 403 });
	});

	it('two updates of the same referral at the same moment are applied one after the other', async () => {
		// The LO's form sent twice, or two queue-mode workers: without the tracker lock both runs read
		// "contacted", both move it and both send the partner a "started their application" message.
		const [[[first]], [[second]]] = await Promise.all([
			run({ operation: 'updateStatus', referralId: 'R-1', status: 'application', syncPartnerView: false }),
			run({ operation: 'updateStatus', referralId: 'R-1', status: 'application', syncPartnerView: false }),
		]);
		const moves = [first.json, second.json].map((json) => `${json.previousStatus}->${json.status} ${json.changed ? 'changed' : 'unchanged'}`).sort();
		// One run moved it; the other saw that move instead of the stale "contacted".
		expect(moves).toEqual(['application->application unchanged', 'contacted->application changed']);
		expect(referralRow('R-1')).toMatchObject({ status: 'application', applicationAt: '2026-11-24T15:00:00.000Z' });
	});

	it('rejects an illegal move naming the item and field, and writes nothing', async () => {
		const before = running.standIn.readTab(trackerId, 'Referrals');
		await expect(run({ operation: 'updateStatus', referralId: 'R-4', status: 'contacted' }, [{}, {}])).rejects.toThrow(
			/Item 0, status: referral R-4 is at approved; it cannot move back to contacted/,
		);
		const [items] = await run({ operation: 'updateStatus', referralId: 'R-1', status: 'lost', lostReason: 'other' }, [{}], true);
		expect(items[0].json.error).toMatch(/Item 0, lostDetail/);
		expect(running.standIn.readTab(trackerId, 'Referrals')).toEqual(before);
		expect(running.standIn.listSpreadsheets()).toHaveLength(1);
	});

	it('finds a referral by lead and reports an unknown one by name', async () => {
		const [[item]] = await runNode(node, {
			items: [{}],
			parameters: { spreadsheetId: trackerId, now: NOW, operation: 'updateStatus', findBy: 'referralId', referralId: 'R-404', status: 'contacted' },
			credentials: standInCredentials(running, LO),
			continueOnFail: true,
		});
		expect(item.json.error).toMatch(/no referral with referralId "R-404"/);
	});

	it('says which tab and spreadsheet when Google refuses, with what to do', async () => {
		const other = running.standIn.createSpreadsheet({ title: 'Not shared', sharedWith: ['someone@else.example'], sheets: [{ title: 'Referrals' }] });
		await expect(run({ operation: 'listStale', spreadsheetId: other })).rejects.toMatchObject({
			message: expect.stringMatching(/The spreadsheet "[^"]+" is not shared with lo@example.com \(while reading the Referrals, Partners tabs\)/),
			description: expect.stringMatching(/click Share, and add lo@example.com/),
		});
	});

	it('syncs every partner view: only their rows, idempotent, and a moved referral leaves the old view', async () => {
		const [first] = await run({ operation: 'syncPartnerViews' });
		expect(first.map((item) => [item.json.partnerId, item.json.result, item.json.created, item.json.referrals])).toEqual([
			['P-maria', 'synced', true, 2],
			['P-dave', 'synced', true, 1],
			['P-kim', 'skipped', false, 1], // no email to share with: no sheet is made
		]);
		expect(first[2].json.reason).toMatch(/no email for Kim Park/);
		const mariaView = partnerViewId('P-maria')!;
		const daveView = partnerViewId('P-dave')!;
		const mariaBefore = await viewAs('maria@realty.example', mariaView);
		expect(mariaBefore.map((row) => row[0])).toEqual(['Client', 'Luis G.', 'Jane O.']);
		expect(await viewAs('dave@builder.example', daveView)).toEqual([[...PARTNER_VIEW_HEADERS], ['Ana S.', '2026-11-20', 'Received', '2026-11-20', 'Reaching out to your client']]);
		// Dave cannot open Maria's view.
		await expect(viewAs('dave@builder.example', mariaView)).rejects.toMatchObject({ status: 403 });

		// Again: same sheets, same contents, no new spreadsheet, one read + one write per view.
		running.standIn.clearRequestLog();
		const [second] = await run({ operation: 'syncPartnerViews' });
		expect(second.map((item) => item.json.created)).toEqual([false, false, false]);
		expect(running.standIn.listSpreadsheets()).toHaveLength(3);
		expect(calls()).toEqual(['values.batchGet', 'values.batchGet', 'values.batchUpdate', 'values.batchGet', 'values.batchUpdate']);
		expect(await viewAs('maria@realty.example', mariaView)).toEqual(mariaBefore);

		// The loan officer reassigns R-1 (Jane) from Maria to Dave in the tracker.
		await running.clientFor(LO).spreadsheets.values.update({ spreadsheetId: trackerId, range: 'Referrals!B2', valueInputOption: 'RAW', requestBody: { values: [['P-dave']] } });
		await run({ operation: 'syncPartnerViews' });
		const maria = await viewAs('maria@realty.example', mariaView);
		const dave = await viewAs('dave@builder.example', daveView);
		expect(maria).toEqual([[...PARTNER_VIEW_HEADERS], ['Luis G.', '2026-11-22', 'Received', '2026-11-22', 'Reaching out to your client']]);
		expect(dave.map((row) => row[0])).toEqual(['Client', 'Ana S.', 'Jane O.']);
		// The blanked row is really gone: the stored cells hold nothing of Jane.
		expect(running.standIn.readCells(mariaView, 'My referrals').flat().join('')).not.toContain('Jane');
		expectNoSecrets(maria);
		expectNoSecrets(dave);
	});

	it('lists stale referrals with the reasons', async () => {
		const [items] = await run({ operation: 'listStale' });
		expect(items.map((item) => [item.json.referralId, item.json.reasons])).toEqual([
			['R-4', ['no-partner-update']], // 23 days without a word
			['R-1', ['no-partner-update']], // 8 days
			['R-2', ['no-first-contact']],
			['R-3', ['no-first-contact']],
		]);
		expect(items[2].json).toMatchObject({ client: 'Ana S.', partnerName: 'Dave Kim', hoursSinceReceived: 101 });
	});

	it('writes the Scoreboard tab in one write and returns the weekly email', async () => {
		const lo = running.clientFor(LO);
		await lo.spreadsheets.values.batchUpdate({
			spreadsheetId: trackerId,
			requestBody: {
				valueInputOption: 'RAW',
				data: [
					{ range: 'Leads!A2', values: [['L1', '2026-11-17T14:00:00Z', 'facebook', ''], ['L2', '2026-11-18T14:00:00Z', 'zillow', '']] },
					{
						range: 'Touches!A2',
						values: [
							['t1', 'L1', '2026-11-17T14:03:00Z', 'sms', 'outbound', 'sent'],
							['t2', 'L1', '2026-11-17T14:30:00Z', 'sms', 'inbound', 'received'],
							['t3', 'L2', '2026-11-18T14:20:00Z', 'call', 'outbound', ''],
							['t4', 'L2', '2026-11-18T14:21:00Z', 'sms', 'outbound', 'blocked'],
						],
					},
				],
			},
		});
		running.standIn.clearRequestLog();
		const [[item]] = await run({ operation: 'writeScoreboard', periodEnd: '2026-11-23', addChart: false });
		expect(calls()).toEqual(['spreadsheets.get', 'values.batchGet', 'spreadsheets.batchUpdate', 'values.batchUpdate']);
		expect(item.json.subject).toBe('Weekly scoreboard: Nov 16 – Nov 22, 2026');
		expect(item.json.html).toContain('Touched within 5 minutes</td>');
		const board = running.standIn.readTab(trackerId, 'Scoreboard');
		const row = (label: string) => board.find((cells) => cells[0] === label);
		expect(row('Texts sent')).toEqual(['Texts sent', '1', '0', '+1']);
		expect(row('Calls made')).toEqual(['Calls made', '1', '0', '+1']);
		expect(row('Touched within 5 minutes')).toEqual(['Touched within 5 minutes', '0.5', '', '–']);
		expect(row('Replies')).toEqual(['Replies', '1', '0', '+1']);
		expect(row('Referrals received')).toEqual(['Referrals received', '3', '0', '+3']); // R-3 (week of Nov 16, New York)
		expect(board.find((cells) => cells[0] === 'Maria Lopez')).toEqual(['Maria Lopez', '2', '0', '0', '0']);
		// A second run rewrites the tab in place: same grid, no new tab.
		await run({ operation: 'writeScoreboard', periodEnd: '2026-11-23', addChart: false });
		expect(running.standIn.readTab(trackerId, 'Scoreboard')).toEqual(board);
	});

	it('puts the funnel by source and the week of calls beside the scoreboard, on the tab and in the email, in the same one write', async () => {
		await running.clientFor(LO).spreadsheets.values.batchUpdate({
			spreadsheetId: trackerId,
			requestBody: {
				valueInputOption: 'RAW',
				data: [
					{
						range: 'Leads!A1',
						values: [
							['leadId', 'receivedAt', 'source', 'sourceDetail', 'phone', 'stage', 'appointmentAt', 'closedAt', 'loanAmount'],
							['L1', '2026-11-17T14:00:00Z', 'zillow', 'Spring', '', 'contacted', '', '', ''],
							['L2', '2026-11-18T14:00:00Z', 'zillow', 'Spring', '', 'closed', '2026-11-19T14:00:00Z', '2026-11-21T14:00:00Z', '$350,000'],
							['L3', '2026-11-19T14:00:00Z', 'facebook', '', '', 'new', '', '', ''],
						],
					},
					{
						range: 'Touches!A1',
						values: [
							['touchId', 'leadId', 'at', 'channel', 'direction', 'verdict', 'outcome'],
							['t1', 'L1', '2026-11-17T14:03:00Z', 'call', 'outbound', 'outcome', 'no-answer'],
							['t2', 'L2', '2026-11-18T14:10:00Z', 'call', 'outbound', 'outcome', 'appointment-set'],
							['t3', 'L0', '2026-11-10T14:10:00Z', 'call', 'outbound', 'outcome', 'reached'],
						],
					},
				],
			},
		});
		running.standIn.clearRequestLog();
		const [[item]] = await run({ operation: 'writeScoreboard', periodEnd: '2026-11-23', addChart: false });
		// Still one read and one write: the funnel is computed from the same read.
		expect(calls()).toEqual(['spreadsheets.get', 'values.batchGet', 'spreadsheets.batchUpdate', 'values.batchUpdate']);
		const board = running.standIn.readTab(trackerId, 'Scoreboard');
		const after = (heading: RegExp) => board.slice(board.findIndex((cells) => heading.test(cells[0] ?? '')));
		const activity = after(/^Activity$/);
		expect(activity[0][1]).toMatch(/^This week \(Nov 16 – Nov 22, 2026\)$/);
		expect(activity.slice(1, 5)).toEqual([
			['Calls made', '2', '1', '+1'],
			['Conversations', '1', '1', '0'],
			['Appointments set', '1', '0', '+1'],
			['Notes sent', '0', '0', '0'],
		]);
		const funnel = after(/^Funnel by source/);
		expect(funnel[0]).toEqual([expect.stringMatching(/^Funnel by source/), 'Campaign', 'Leads', 'Contacted', 'Conversation', 'Appointment', 'Application', 'Closed', 'Lead to close', 'Closed volume', 'Lost']);
		// The referrals R-1..R-3 that came in that week count as leads of their own (source "referral").
		expect(funnel.find((cells) => cells[0] === 'zillow')).toEqual(['zillow', 'Spring', '2', '2', '1', '1', '1', '1', '0.5', '350000', '0']);
		expect(funnel.find((cells) => cells[0] === 'facebook')).toEqual(['facebook', '', '1', '0', '0', '0', '0', '0', '0', '0', '0']);
		expect(item.json.html).toContain('Funnel by source');
		expect(item.json.html).toMatch(/Appointments set<\/td><td[^>]*>1<\/td><td[^>]*>0<\/td><td[^>]*>\+1</);
		expect(item.json.text).toMatch(/zillow · Spring: 2 leads → 2 contacted \(100%\) → 1 conversation \(50%\) → 1 appointment \(100%\) → 1 application \(100%\) → 1 closed \(100%\); \$350,000 closed/);
		expect((item.json.funnel as { total: { steps: Array<{ count: number }> } }).total.steps[3].count).toBe(1);
	});

	it('adds the scoreboard chart over exactly the partner block, once, and moves it when the block grows', async () => {
		running.standIn.clearRequestLog();
		await run({ operation: 'writeScoreboard', periodEnd: '2026-11-23' });
		// The tab and its chart in one atomic request, as before: no extra call for the chart.
		expect(calls()).toEqual(['spreadsheets.get', 'values.batchGet', 'spreadsheets.batchUpdate', 'values.batchUpdate']);
		const boardId = running.standIn.getSpreadsheet(trackerId).sheets.find((sheet) => sheet.properties.title === 'Scoreboard')!.properties.sheetId;
		const [chart, ...more] = running.standIn.charts(trackerId);
		expect(more).toEqual([]);
		expect(chart).toMatchObject({
			sheetTitle: 'Scoreboard',
			chartId: expect.any(Number),
			spec: { title: 'Referrals and closed loans by partner', basicChart: { chartType: 'COLUMN', headerCount: 1 } },
			position: { overlayPosition: { anchorCell: { sheetId: boardId, rowIndex: 1, columnIndex: 6 } } },
		});
		type Source = { sheetId: number; startRowIndex: number; endRowIndex: number; startColumnIndex: number };
		const ranges = () => {
			const basic = running.standIn.charts(trackerId)[0].spec.basicChart as {
				domains: Array<{ domain: { sourceRange: { sources: Source[] } } }>;
				series: Array<{ series: { sourceRange: { sources: Source[] } } }>;
			};
			return [basic.domains[0].domain, ...basic.series.map((s) => s.series)].map((d) => d.sourceRange.sources[0]);
		};
		// What the chart reads, cell by cell: the partner header and rows, nothing of the source block.
		const read = () => {
			const grid = running.standIn.readTab(trackerId, 'Scoreboard');
			return ranges().map((r) => {
				expect(r.sheetId).toBe(boardId);
				return grid.slice(r.startRowIndex, r.endRowIndex).map((row) => row[r.startColumnIndex] ?? '');
			});
		};
		expect(read()).toEqual([
			['Partner', 'Maria Lopez', 'Dave Kim'],
			['Referrals', '2', '1'],
			['Closed', '0', '0'],
		]);

		// Same partners next week: the chart is left alone (no extra request), no second chart.
		running.standIn.clearRequestLog();
		await run({ operation: 'writeScoreboard', periodEnd: '2026-11-23' });
		expect(calls()).toEqual(['spreadsheets.get', 'values.batchGet', 'values.batchUpdate']);
		// A new partner's referral arrives in the period: the chart's ranges follow the longer block.
		await running.clientFor(LO).spreadsheets.values.batchUpdate({
			spreadsheetId: trackerId,
			requestBody: {
				valueInputOption: 'RAW',
				data: [
					{ range: 'Partners!A5', values: [['P-lee', 'Lee Wong', 'lee@homes.example', '', 'email', '']] },
					{ range: 'Referrals!A6', values: [['R-5', 'P-lee', '', 'Tom', 'Hart', '', 'received', '2026-11-18T10:00:00.000Z']] },
				],
			},
		});
		running.standIn.clearRequestLog();
		await run({ operation: 'writeScoreboard', periodEnd: '2026-11-23' });
		expect(calls()).toEqual(['spreadsheets.get', 'values.batchGet', 'spreadsheets.batchUpdate', 'values.batchUpdate']);
		expect(running.standIn.charts(trackerId)).toHaveLength(1);
		expect(read()[0]).toEqual(['Partner', 'Maria Lopez', 'Dave Kim', 'Lee Wong']);
	});

	it('retries 429 and 503 answers of Sheets and Drive: a status update and a sync lose nothing and duplicate nothing', async () => {
		// The same runs without faults, on a second stand-in: what the tracker and the views must end up as.
		const clean = await startReferralStandIn(LO);
		const cleanTracker = seedTracker(clean);
		const runOn = (target: ReferralStandIn, spreadsheetId: string, parameters: Record<string, unknown>) =>
			runNode(node, {
				items: [{}],
				parameters: { spreadsheetId, now: NOW, options: { timeZone: 'America/New_York', loanOfficerName: 'Sam Reed', ...FAST_GOOGLE }, ...parameters },
				credentials: standInCredentials(target, LO),
			});
		const update = { operation: 'updateStatus', referralId: 'R-1', status: 'application', nextStep: 'Pre-approval letter by Friday' };
		const sync = { operation: 'syncPartnerViews' };
		try {
			await runOn(clean, cleanTracker, update);
			await runOn(clean, cleanTracker, sync);

			// One Google call in three fails, alternately 429 and 503 (nothing is applied for a failed call).
			let n = 0;
			running.standIn.injectFaults({ rate: 0.5, random: () => (n++ % 3 === 0 ? 0 : 1), statuses: [429, 503] });
			const [[updated]] = await run(update);
			const [synced] = await run(sync);
			running.standIn.clearFaults();

			const log = running.standIn.requestLog.filter((entry) => entry.operation !== 'token');
			const faults = log.filter((entry) => entry.fault);
			expect(faults.map((entry) => entry.status)).toEqual(expect.arrayContaining([429, 503]));
			// The faults hit Sheets reads, Sheets writes and Drive calls alike.
			const faulted = new Set(faults.map((entry) => entry.operation));
			expect([...faulted]).toEqual(expect.arrayContaining(['values.batchGet', 'values.batchUpdate', 'spreadsheets.batchUpdate']));
			expect([...faulted].some((operation) => operation.startsWith('drive.'))).toBe(true);
			expect(updated.json).toMatchObject({ status: 'application', changed: true, partnerView: { result: 'synced', created: true } });
			expect(synced.map((item) => [item.json.partnerId, item.json.result])).toEqual([
				['P-maria', 'synced'],
				['P-dave', 'synced'],
				['P-kim', 'skipped'],
			]);

			// Nothing lost, nothing twice: the same tracker, one view per partner, one permission each, same contents.
			expect(running.standIn.readTab(trackerId, 'Referrals')).toEqual(clean.standIn.readTab(cleanTracker, 'Referrals'));
			const views = running.standIn.listSpreadsheets().filter((s) => s.spreadsheetId !== trackerId);
			expect(views.map((view) => view.title).sort()).toEqual(['Referrals with Sam Reed – Dave Kim', 'Referrals with Sam Reed – Maria Lopez']);
			for (const [partnerId, email] of [['P-maria', 'maria@realty.example'], ['P-dave', 'dave@builder.example']]) {
				const viewId = partnerViewId(partnerId)!;
				expect(running.standIn.permissions(viewId).map((p) => [p.emailAddress, p.role])).toEqual([[email, 'reader']]);
				const cleanView = clean.standIn.readTab(cleanTracker, 'Partners').find((row) => row[0] === partnerId)![5];
				expect(await viewAs(email, viewId)).toEqual(clean.standIn.readTab(cleanView, 'My referrals'));
			}
		} finally {
			await clean.close();
		}
	});

	it('never makes a second partner sheet when Google made one but its answer was lost', async () => {
		// Drive creates the file, then answers 503: the retry finds the file by its mark. The same for sharing.
		running.standIn.injectFaults({ next: 2, statuses: [503], match: /^drive\.(files|permissions)\.create$/, after: true });
		const [first] = await run({ operation: 'syncPartnerViews', partnerIds: 'P-maria' });
		expect(first.map((item) => [item.json.partnerId, item.json.result, item.json.created])).toEqual([['P-maria', 'synced', true]]);
		const creates = running.standIn.requestLog.filter((entry) => entry.operation === 'drive.files.create');
		expect(creates.map((entry) => [entry.status, entry.fault ?? false])).toEqual([[503, true]]);
		const shares = running.standIn.requestLog.filter((entry) => entry.operation === 'drive.permissions.create');
		expect(shares.map((entry) => [entry.status, entry.fault ?? false])).toEqual([[503, true], [200, false]]);
		let views = running.standIn.listSpreadsheets().filter((s) => s.spreadsheetId !== trackerId);
		expect(views).toHaveLength(1);
		expect(partnerViewId('P-maria')).toBe(views[0].spreadsheetId);
		expect(running.standIn.permissions(views[0].spreadsheetId).map((p) => p.emailAddress)).toEqual(['maria@realty.example']);

		// A run that dies after making (and sharing) the sheet but before writing its id to the Partners tab:
		// the next run finds that sheet again and records it.
		await running.clientFor(LO).spreadsheets.values.update({ spreadsheetId: trackerId, range: 'Partners!F3', valueInputOption: 'RAW', requestBody: { values: [['']] } });
		running.standIn.injectFaults({ rate: 1, statuses: [500], match: /^values\.batchUpdate$/ });
		await expect(run({ operation: 'syncPartnerViews', partnerIds: 'P-dave', options: { timeZone: 'America/New_York', loanOfficerName: 'Sam Reed', ...FAST_GOOGLE, maxRetries: 1 } })).rejects.toMatchObject({
			message: expect.stringMatching(/Google Sheets is unavailable \(HTTP 500\) after 2 tries/),
		});
		running.standIn.clearFaults();
		views = running.standIn.listSpreadsheets().filter((s) => s.spreadsheetId !== trackerId);
		expect(views).toHaveLength(2);
		expect(partnerViewId('P-dave')).toBeNull();
		const [again] = await run({ operation: 'syncPartnerViews', partnerIds: 'P-dave' });
		expect(again.map((item) => [item.json.result, item.json.created])).toEqual([['synced', true]]);
		expect(running.standIn.listSpreadsheets()).toHaveLength(3);
		const daveView = partnerViewId('P-dave')!;
		expect(views.map((view) => view.spreadsheetId)).toContain(daveView);
		expect(running.standIn.permissions(daveView).map((p) => p.emailAddress)).toEqual(['dave@builder.example']);
		expect((await viewAs('dave@builder.example', daveView)).map((row) => row[0])).toEqual(['Client', 'Ana S.']);
	});
});
