import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { PARTNER_VIEW_HEADERS, REFERRAL_COLUMNS } from '../../../nodes/core';
import { unescapeText } from '../../../nodes/transport/sheets/cells';
import { headersOf, tabByKey } from '../../../nodes/tracker/template';
import { MortgageReferralStatus } from '../../../nodes/ReferralStatus/MortgageReferralStatus.node';
import { seededRandom } from '../../../sandbox/sheets';
import { createExecuteContext } from '../../support/nodeHarness';
import { FAST_GOOGLE, startReferralStandIn, standInCredentials, type ReferralStandIn } from '../../support/referralStandIn';

const LO = 'lo@example.com';
const NOW = '2026-12-08T15:00:00Z';

const PARTNERS = [
	['partnerId', 'name', 'email', 'phone', 'notifyChannel', 'viewSpreadsheetId'],
	['p-sunrise', 'Dana Brooks', 'dana@sunrise.example', '+13055550171', 'email', ''],
	['p-harbor', 'Luis Ortega', 'luis@harbor.example', '+13055550172', 'email', ''],
];

/** An existing referral of the other partner, with private details that must never reach Dana. */
const HARBOR_ROW: Record<string, string> = {
	referralId: 'R-old',
	partnerId: 'p-harbor',
	leadId: 'ld_peter',
	firstName: 'Peter',
	lastName: 'Novak',
	status: 'contacted',
	receivedAt: '2026-12-01T14:00:00.000Z',
	contactedAt: '2026-12-01T14:05:00.000Z',
	lastChangeAt: '2026-12-01T14:05:00.000Z',
	loanAmount: '512000',
	notes: 'Bankruptcy 2019',
};

/** Leads as they leave "Save lead" in speed-to-lead: the normalized lead plus the tracker's answer. */
const carla: IDataObject = {
	leadId: 'ld_carla',
	firstName: 'Carla',
	lastName: 'Mendez',
	phone: '+13055550145',
	email: 'carla@example.com',
	partnerId: 'p-sunrise',
	source: 'referral',
	sourceDetail: 'Open house',
	receivedAt: '2026-12-08T14:59:30.000Z',
	tracker: { action: 'created' },
};
const web: IDataObject = { leadId: 'ld_web', firstName: 'Ana', lastName: 'Lee', phone: '+13055550150', partnerId: null, source: 'web', tracker: { action: 'created' } };

/** The node's defaults, as in the workflow: every field an expression on the incoming item. */
const PARAMETERS = {
	operation: 'openReferral',
	partnerId: '={{ $json.partnerId }}',
	referredLeadId: '={{ $json.leadId }}',
	clientFirstName: '={{ $json.firstName }}',
	clientLastName: '={{ $json.lastName }}',
	referralSource: '={{ $json.sourceDetail }}',
	referredAt: '={{ $json.receivedAt }}',
};

describe('Mortgage Referral Status: Open Referral against the Sheets stand-in', () => {
	let running: ReferralStandIn;
	let trackerId: string;
	const node = new MortgageReferralStatus();

	/**
	 * Runs the node as n8n does for these parameters: `={{ $json.field }}` is resolved per item
	 * (the shared harness gives every item the same parameter value).
	 */
	async function open(items: IDataObject[], parameters: Record<string, unknown> = {}): Promise<INodeExecutionData[]> {
		const all = { spreadsheetId: trackerId, now: NOW, options: { timeZone: 'America/New_York', loanOfficerName: 'Sam Reed', ...FAST_GOOGLE }, ...PARAMETERS, ...parameters };
		const ctx = createExecuteContext(node, { items, parameters: all, credentials: standInCredentials(running, LO) }) as IExecuteFunctions;
		const base = ctx.getNodeParameter.bind(ctx) as (name: string, itemIndex: number, fallback?: unknown) => unknown;
		(ctx as unknown as { getNodeParameter: unknown }).getNodeParameter = (name: string, itemIndex: number, fallback?: unknown) => {
			const value = base(name, itemIndex, fallback);
			const field = typeof value === 'string' ? /^=\{\{\s*\$json\.(\w+)\s*\}\}$/.exec(value)?.[1] : undefined;
			return field === undefined ? value : (items[itemIndex][field] ?? '');
		};
		const [output] = (await node.execute!.call(ctx)) as INodeExecutionData[][];
		return output;
	}
	const calls = () => running.standIn.requestLog.filter((entry) => entry.operation !== 'token');
	const trackerCalls = () => calls().filter((entry) => entry.spreadsheetId === trackerId).map((entry) => entry.operation);
	/** The appends to one tab of the tracker (the lock's claims go to _Locks). */
	const appendsTo = (tab: string) => calls().filter((entry) => entry.spreadsheetId === trackerId && entry.operation === 'values.append' && entry.path.includes(`/values/'${tab}'!A:A:append`));
	/** The tracker lock's claims: every one released means no run left the tracker locked. */
	const lockClaims = () => {
		const [header, ...rows] = running.standIn.readTab(trackerId, '_Locks');
		return rows.map((row) => Object.fromEntries(header.map((column, index) => [column, row[index] ?? ''])));
	};
	const referralRows = () => {
		const [header, ...rows] = running.standIn.readTab(trackerId, 'Referrals');
		return rows.filter((row) => row.some((cell) => cell !== '')).map((row) => Object.fromEntries(header.map((column, index) => [column, row[index] ?? ''])));
	};
	// Read as the pack reads it: an id starting with - is stored as '-… (formula escaping).
	const viewIdOf = (partnerId: string) => unescapeText(String(running.standIn.readTab(trackerId, 'Partners').find((row) => row[0] === partnerId)?.[5] ?? '')) || null;
	const viewAs = async (email: string, spreadsheetId: string) =>
		((await running.clientFor(email).spreadsheets.values.get({ spreadsheetId, range: "'My referrals'" })).data.values ?? []) as string[][];

	beforeEach(async () => {
		running = await startReferralStandIn(LO);
		const header = [...REFERRAL_COLUMNS];
		trackerId = running.standIn.createSpreadsheet({
			title: 'Tracker',
			sharedWith: [LO],
			sheets: [
				{ title: 'Referrals', rows: [header, header.map((column) => HARBOR_ROW[column] ?? '')] },
				{ title: 'Partners', rows: PARTNERS },
				// The hidden lock tab, as Create Tracker makes it.
				{ title: '_Locks', rows: [headersOf(tabByKey('locks'))] },
			],
		});
	});
	afterEach(() => running.close());

	it("opens the referral once: the row, the partner's thank-you, the view made and shared", async () => {
		const [item] = await open([carla]);
		expect(item.pairedItem).toEqual({ item: 0 });
		// The lead passes through whole, with what happened to its referral.
		expect(item.json).toMatchObject({ leadId: 'ld_carla', phone: '+13055550145', tracker: { action: 'created' } });
		expect(item.json.referral).toMatchObject({
			result: 'opened',
			status: 'received',
			partnerId: 'p-sunrise',
			partnerName: 'Dana Brooks',
			partnerEmail: 'dana@sunrise.example',
			notifyChannel: 'email',
			partnerMessage:
				'Hi Dana, thank you for referring Carla M. on Dec 8! I have the referral and will reach out to them shortly. I will keep you posted as things move forward.\nSam Reed',
			partnerView: { result: 'synced', created: true },
		});
		const rows = referralRows();
		expect(rows).toHaveLength(2);
		expect(rows[1]).toMatchObject({
			referralId: (item.json.referral as IDataObject).referralId,
			partnerId: 'p-sunrise',
			leadId: 'ld_carla',
			firstName: 'Carla',
			lastName: 'Mendez',
			source: 'Open house',
			status: 'received',
			receivedAt: '2026-12-08T14:59:30.000Z',
			lastChangeAt: '2026-12-08T14:59:30.000Z',
		});
		// The other partner's row is left exactly as it was.
		expect(rows[0]).toMatchObject(HARBOR_ROW);
		// Tracker: the lock claimed, one read, one append, the lock released, then the new view's id in the Partners tab.
		expect(trackerCalls()).toEqual(['values.append', 'values.batchGet', 'values.append', 'values.batchUpdate', 'values.batchUpdate']);
		expect(appendsTo('Referrals')).toHaveLength(1);
		expect(lockClaims()).toEqual([expect.objectContaining({ holder: 'n8n execution test-execution', releasedAt: expect.stringMatching(/^\d{4}-/) })]);
		const viewId = viewIdOf('p-sunrise');
		expect(viewId).toBeTruthy();
		expect(running.standIn.permissions(viewId!)).toEqual([expect.objectContaining({ emailAddress: 'dana@sunrise.example', role: 'reader' })]);
	});

	it('a duplicate lead (posted again, or a retried run) opens nothing: still one row', async () => {
		await open([carla]);
		const before = running.standIn.readTab(trackerId, 'Referrals');
		running.standIn.requestLog.length = 0;

		// The same lead again a minute later (the form submitted twice).
		const [again] = await open([{ ...carla, receivedAt: '2026-12-08T15:00:40.000Z', tracker: { action: 'updated' } }]);
		expect(again.json.referral).toMatchObject({ result: 'already-open', status: 'received', partnerMessage: null });
		expect(running.standIn.readTab(trackerId, 'Referrals')).toEqual(before);
		expect(referralRows().filter((row) => row.leadId === 'ld_carla')).toHaveLength(1);
		// Nothing written but the lock's claim and release: one read of the tracker, no view rewrite.
		expect(calls().map((entry) => entry.operation)).toEqual(['values.append', 'values.batchGet', 'values.batchUpdate']);
		expect(appendsTo('Referrals')).toHaveLength(0);
	});

	it('an append Google applied but whose answer was lost (issue 13) opens the referral once: found by its referralId, not appended again', async () => {
		// Every append is applied, then answered 503: the lock's claim and the Referrals row alike.
		running.standIn.injectFaults({ rate: 1, statuses: [503], after: true, operations: ['values.append'] });
		const [item] = await open([carla]);
		running.standIn.clearFaults();
		expect(item.json.referral).toMatchObject({ result: 'opened', partnerId: 'p-sunrise' });
		const rows = referralRows().filter((row) => row.leadId === 'ld_carla');
		expect(rows).toHaveLength(1);
		expect(rows[0].referralId).toBe((item.json.referral as IDataObject).referralId);
		// One append reached the Referrals tab; the lost answer was settled by a read.
		expect(appendsTo('Referrals')).toHaveLength(1);
		expect(lockClaims().every((claim) => claim.releasedAt !== '')).toBe(true);
		// A second run for the lead finds it open.
		const [again] = await open([carla]);
		expect(again.json.referral).toMatchObject({ result: 'already-open' });
	});

	it('a burst of referrals while a third of the write answers are lost: each lead one row', async () => {
		running.standIn.injectFaults({ rate: 0.34, statuses: [503, 500], after: true, operations: ['values.append', 'values.batchUpdate'], random: seededRandom(29) });
		const leads = Array.from({ length: 8 }, (_, i) => ({ ...carla, leadId: `ld_burst${i}`, firstName: `Burst${i}`, phone: `+1305555020${i}` }));
		for (const lead of leads) await open([lead]);
		running.standIn.clearFaults();
		for (const lead of leads) expect([lead.leadId, referralRows().filter((row) => row.leadId === lead.leadId).length]).toEqual([lead.leadId, 1]);
	});

	it('one read and one append per run however many items; the same lead twice in a batch opens once; a non-referral passes untouched', async () => {
		const dave: IDataObject = { leadId: 'ld_dave', firstName: 'Dave', lastName: 'Stone', partnerId: 'p-harbor', receivedAt: '2026-12-08T14:58:00.000Z' };
		const output = await open([carla, web, { ...carla }, dave]);
		expect(output).toHaveLength(4);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(output.map((item) => (item.json.referral as IDataObject).result)).toEqual(['opened', 'not-a-referral', 'already-open', 'opened']);
		// Not a referral: the lead as it came, only marked.
		expect(output[1].json).toEqual({ ...web, referral: { result: 'not-a-referral' } });
		expect(referralRows().map((row) => row.leadId)).toEqual(['ld_peter', 'ld_carla', 'ld_dave']);
		const tracker = trackerCalls();
		expect(tracker.filter((operation) => operation === 'values.batchGet')).toHaveLength(1);
		expect(appendsTo('Referrals')).toHaveLength(1);
	});

	it("fills the partner's view with the new row minimized, and nothing of another partner", async () => {
		await open([carla]);
		const viewId = viewIdOf('p-sunrise')!;
		const view = await viewAs('dana@sunrise.example', viewId);
		expect(view).toEqual([[...PARTNER_VIEW_HEADERS], ['Carla M.', '2026-12-08', 'Received', '2026-12-08', 'Reaching out to your client']]);
		const text = JSON.stringify(view).toLowerCase();
		for (const forbidden of ['mendez', '3055550145', 'carla@example.com', 'open house', 'ld_carla', 'peter', 'novak', '512000', 'bankruptcy']) {
			expect(text).not.toContain(forbidden);
		}
		// Only the partner who sent the lead gets a view: Harbor's is not made by Carla's referral.
		expect(viewIdOf('p-harbor')).toBeNull();
		// Dana cannot read the tracker itself.
		await expect(running.clientFor('dana@sunrise.example').spreadsheets.values.get({ spreadsheetId: trackerId, range: 'Referrals' })).rejects.toMatchObject({ status: 403 });
	});

	it('names the item and field when a referral has no lead ID, and writes nothing', async () => {
		await expect(open([{ ...carla, leadId: '' }])).rejects.toThrow(/Item 0, referredLeadId: is empty/);
		expect(referralRows()).toHaveLength(1);
		// The failed run gave the tracker lock back: the next run opens at once.
		expect(lockClaims()).toEqual([expect.objectContaining({ releasedAt: expect.stringMatching(/^\d{4}-/) })]);
		const [item] = await open([carla]);
		expect(item.json.referral).toMatchObject({ result: 'opened' });
	});

	it('two runs for the same lead at the same moment open one referral; the other run reports it already open', async () => {
		// A form posted twice, or two queue-mode workers: each run reads the Referrals tab before the other has appended.
		const [first, second] = await Promise.all([open([carla]), open([{ ...carla, receivedAt: '2026-12-08T14:59:31.000Z' }])]);
		const results = [first[0].json.referral, second[0].json.referral] as IDataObject[];
		expect(results.map((referral) => referral.result).sort()).toEqual(['already-open', 'opened']);
		expect(results[0].referralId).toBe(results[1].referralId);
		expect(referralRows().filter((row) => row.leadId === 'ld_carla')).toEqual([expect.objectContaining({ referralId: results[0].referralId, status: 'received' })]);
		expect(appendsTo('Referrals')).toHaveLength(1);
		// Both runs took the tracker lock in turn and gave it back.
		expect(lockClaims()).toHaveLength(2);
		expect(lockClaims().every((claim) => claim.releasedAt !== '')).toBe(true);
	});

	it('takes the lock on a tracker made by hand without the lock tab: the tab is added, hidden', async () => {
		const handMade = running.standIn.createSpreadsheet({
			sharedWith: [LO],
			sheets: [
				{ title: 'Referrals', rows: [[...REFERRAL_COLUMNS]] },
				{ title: 'Partners', rows: PARTNERS },
			],
		});
		const [item] = await open([carla], { spreadsheetId: handMade });
		expect(item.json.referral).toMatchObject({ result: 'opened' });
		const locks = running.standIn.getSpreadsheet(handMade).sheets.find((sheet) => sheet.properties.title === '_Locks');
		expect(locks?.properties.hidden).toBe(true);
		const [header, ...claims] = running.standIn.readTab(handMade, '_Locks');
		expect(header).toEqual(headersOf(tabByKey('locks')));
		expect(claims).toHaveLength(1);
	});
});
