import { NodeOperationError } from 'n8n-workflow';
import { seededRandom } from '../../bench/support';
import { forStandIn } from '../../support/nodeHarness';
import { FAST, googleSession, harnessWithNewTracker, makeLead, records, SERVICE_ACCOUNT, type TrackerHarness } from '../../support/trackerHarness';
import { TRACKER_TABS } from '../../../nodes/tracker/template';
import { touchRecordOf } from '../../../nodes/tracker/records';
import type { TrackerRecord } from '../../../nodes/tracker/table';
import { logTouches as trackerLogTouches } from '../../../nodes/tracker/logTouches';
import { upsertLeads } from '../../../nodes/tracker/upsertLeads';

const NOW = '2026-03-09T15:00:00.000Z';
let h: TrackerHarness;
let spreadsheetId: string;

beforeEach(async () => {
	({ h, spreadsheetId } = await harnessWithNewTracker());
});
afterEach(() => h.close());

const upsert = (leads: object[], extra = {}) => h.run({ operation: 'upsertLeads', spreadsheetId, now: NOW }, leads as never, extra);
const logTouches = (touches: object[], extra = {}) => h.run({ operation: 'logTouches', spreadsheetId, now: NOW }, touches as never, extra);

describe('Create Tracker', () => {
	it('builds every tab of the template with its header, drop-downs, frozen header and default rows', async () => {
		const spreadsheet = h.standIn.getSpreadsheet(spreadsheetId);
		expect(spreadsheet.sharedWith).toEqual([SERVICE_ACCOUNT]);
		expect(spreadsheet.sheets.map((s) => s.properties.title)).toEqual(TRACKER_TABS.map((t) => t.title));
		for (const tab of TRACKER_TABS) {
			expect(h.standIn.readTab(spreadsheetId, tab.title)[0]).toEqual(tab.columns.map((c) => c.header));
		}
		const leads = spreadsheet.sheets[0];
		expect(leads.properties.gridProperties.frozenRowCount).toBe(1);
		expect(leads.dataValidations.length).toBeGreaterThan(3);
		expect(spreadsheet.sheets.find((s) => s.properties.title === '_Locks')!.properties.hidden).toBe(true);
		expect(records(h.standIn, spreadsheetId, 'Settings').map((r) => r.setting)).toEqual(expect.arrayContaining(['loName', 'nmlsId', 'postalAddress']));
		expect(records(h.standIn, spreadsheetId, 'Cadences').length).toBeGreaterThan(20);
	});

	it('adds only the missing tabs to an existing spreadsheet, leaving the LO\'s tabs alone', async () => {
		const id = h.standIn.createSpreadsheet({ sheets: [{ title: 'Leads', rows: [['leadId', 'my own column'], ['ld_x', 'keep me']] }] });
		const [[out]] = await h.run({ operation: 'createTracker', target: 'existing', spreadsheetId: id });
		expect(out.json.existingTabs).toEqual(['Leads']);
		expect(out.json.createdTabs).toContain('Touches');
		expect(h.standIn.readTab(id, 'Leads')).toEqual([['leadId', 'my own column'], ['ld_x', 'keep me']]);
	});
});

describe('Upsert Leads', () => {
	it('1,000 leads upserted twice give 1,000 rows, in a handful of requests', async () => {
		const leads = Array.from({ length: 1000 }, (_, i) => makeLead(i));
		h.standIn.clearRequestLog();
		const [first] = await upsert(leads);
		const sheetsRequests = h.standIn.requestLog.filter((e) => e.operation !== 'token').length;
		// The run's own requests, plus at most one read of the Settings tab (kept in memory after it).
		expect(sheetsRequests).toBeLessThanOrEqual(5);
		expect(first.map((item) => (item.json.tracker as { action: string }).action)).toEqual(leads.map(() => 'created'));
		const [second] = await upsert(leads);
		expect(second.every((item) => (item.json.tracker as { action: string }).action === 'unchanged')).toBe(true);
		const rows = records(h.standIn, spreadsheetId, 'Leads');
		expect(rows).toHaveLength(1000);
		expect(new Set(rows.map((r) => r.leadId)).size).toBe(1000);
		expect(second.map((item) => item.pairedItem)).toEqual(leads.map((_, item) => ({ item })));
	});

	it('merges by leadId: new values replace old ones, empty values never blank a known field', async () => {
		await upsert([makeLead(1, { email: 'old@example.com' })]);
		const [[out]] = await upsert([{ leadId: 'ld_0000001', email: 'new@example.com', phone: null, firstName: '', score: 87 }]);
		expect(out.json.tracker).toMatchObject({ action: 'updated', row: 2 });
		const [row] = records(h.standIn, spreadsheetId, 'Leads');
		expect(row).toMatchObject({ email: 'new@example.com', phone: '+13050000001', firstName: 'First1', score: '87', consentSms: 'TRUE' });
	});

	it('keeps a phone as "+1..." text and a name starting with "=" as text, never a formula', async () => {
		await upsert([makeLead(7, { firstName: '=HYPERLINK("https://evil.example","Click me")', lastName: '@SUM(A1)', zip: '02134' })]);
		const [header, cells] = h.standIn.readCells(spreadsheetId, 'Leads');
		const cell = (name: string) => cells[header.indexOf(name as never)];
		expect(cell('phone')).toBe('+13050000007');
		expect(cell('zip')).toBe('02134');
		for (const name of ['firstName', 'lastName']) expect(typeof cell(name)).toBe('string');
		expect(cell('firstName')).toBe('\'=HYPERLINK("https://evil.example","Click me")');
		// Reading it back through the node gives the name exactly as it came in.
		const [due] = await h.run({ operation: 'getDueTouches', spreadsheetId, now: NOW });
		expect((due[0].json.lead as { firstName: string }).firstName).toBe('=HYPERLINK("https://evil.example","Click me")');
	});

	it('reads columns by header name: an LO may reorder columns and add their own', async () => {
		await upsert([makeLead(1)]);
		const [header, ...rows] = h.standIn.readTab(spreadsheetId, 'Leads');
		const order = [...header].reverse();
		const reordered = h.standIn.createSpreadsheet({
			sheets: TRACKER_TABS.map((tab) =>
				tab.title === 'Leads'
					? { title: 'Leads', rows: [['LO notes', ...order], ...rows.map((row) => ['call after 5', ...order.map((name) => row[header.indexOf(name)] ?? '')])] }
					: { title: tab.title, rows: [tab.columns.map((c) => c.header)] },
			),
		});
		await h.run({ operation: 'upsertLeads', spreadsheetId: reordered, now: NOW }, [{ leadId: 'ld_0000001', email: 'moved@example.com' }]);
		const [row] = records(h.standIn, reordered, 'Leads');
		expect(row).toMatchObject({ 'LO notes': 'call after 5', email: 'moved@example.com', firstName: 'First1' });
	});

	it('stops before writing anything when an item has no leadId, naming the item and field', async () => {
		const error = await upsert([makeLead(1), { firstName: 'No id' }]).catch((e) => e);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toContain('Item 1: leadId');
		expect(records(h.standIn, spreadsheetId, 'Leads')).toHaveLength(0);
		const [out] = await upsert([makeLead(1), { firstName: 'No id' }], { continueOnFail: true });
		expect(out).toHaveLength(2);
		expect(out[1].json.error).toContain('leadId');
		expect(records(h.standIn, spreadsheetId, 'Leads')).toHaveLength(1);
	});
});

describe('faults and concurrency', () => {
	it('loses nothing when 20% of requests fail with 429 or 503', async () => {
		h.standIn.injectFaults({ rate: 0.2, statuses: [429, 503], random: seededRandom(7) });
		const leads = Array.from({ length: 1000 }, (_, i) => makeLead(i));
		for (let batch = 0; batch < 10; batch++) await upsert(leads.slice(batch * 100, batch * 100 + 100));
		const touches = leads.slice(0, 300).map((lead) => ({ leadId: lead.leadId, cadenceId: 'purchase-3-6m', step: 1, channel: 'sms', verdict: 'sent', at: NOW }));
		for (let batch = 0; batch < 3; batch++) await logTouches(touches.slice(batch * 100, batch * 100 + 100));
		h.standIn.clearFaults();
		expect(h.standIn.requestLog.filter((e) => e.fault).length).toBeGreaterThan(5);
		expect(records(h.standIn, spreadsheetId, 'Leads').map((r) => r.leadId).sort()).toEqual(leads.map((l) => l.leadId).sort());
		const logged = records(h.standIn, spreadsheetId, 'Touches');
		expect(logged).toHaveLength(300);
		expect(new Set(logged.map((t) => t.touchId)).size).toBe(300);
	});

	it('two overlapping runs in different processes (queue-mode workers) take turns by the lock: no duplicate touch, no lost row', async () => {
		// Each worker has its own session and writes alone; only the lock in the _Locks tab keeps them apart.
		const worker = () => googleSession(h.url, { baseDelayMs: 1, pacing: false });
		const run = { now: NOW, lock: { pollMs: 1 } };
		const shared = Array.from({ length: 200 }, (_, i) => makeLead(i));
		const onlyA = Array.from({ length: 100 }, (_, i) => makeLead(1000 + i));
		const onlyB = Array.from({ length: 100 }, (_, i) => makeLead(2000 + i));
		await Promise.all([upsertLeads(worker(), spreadsheetId, [...shared, ...onlyA], run), upsertLeads(worker(), spreadsheetId, [...onlyB, ...shared], run)]);
		const leads = records(h.standIn, spreadsheetId, 'Leads');
		expect(leads).toHaveLength(400);
		expect(new Set(leads.map((r) => r.leadId)).size).toBe(400);

		const touch = (lead: { leadId?: unknown }) => touchRecordOf({ leadId: lead.leadId, cadenceId: 'purchase-3-6m', step: 1, channel: 'sms', verdict: 'sent', at: NOW }, NOW);
		const parsed = (list: object[]) => list.map((lead) => (touch(lead) as { record: TrackerRecord }).record);
		await Promise.all([
			trackerLogTouches(worker(), spreadsheetId, parsed([...shared, ...onlyA]), run),
			trackerLogTouches(worker(), spreadsheetId, parsed([...onlyB, ...shared]), run),
			trackerLogTouches(worker(), spreadsheetId, parsed(shared), run),
		]);
		const touches = records(h.standIn, spreadsheetId, 'Touches');
		expect(touches).toHaveLength(400);
		expect(new Set(touches.map((t) => t.touchId)).size).toBe(400);
		// The runs really overlapped: some waited for the lock, re-reading only the lock tab.
		expect(h.standIn.requestLog.some((e) => e.operation === 'values.batchGet' && /batchGet\?ranges='_Locks'&valueRenderOption/.test(e.path))).toBe(true);
		// Every run left its claim released: the next run does not wait.
		const locks = records(h.standIn, spreadsheetId, '_Locks');
		expect(locks.every((claim) => claim.releasedAt !== '')).toBe(true);
	});

	it('runs arriving in one n8n process while another writes go together: a burst of 30 leads in a few lock cycles, nothing lost, a repeated lead created once', async () => {
		await upsert([makeLead(0)]);
		h.standIn.clearRequestLog();
		const claimsBefore = records(h.standIn, spreadsheetId, '_Locks').length;
		// Lead 5 arrives twice (a lead source retrying its webhook) in the same burst.
		const burst = [...Array.from({ length: 30 }, (_, i) => i + 1), 5];
		const outs = await Promise.all(burst.map((i) => upsert([makeLead(i)])));
		const leads = records(h.standIn, spreadsheetId, 'Leads');
		expect(leads.map((r) => r.leadId).sort()).toEqual(Array.from({ length: 31 }, (_, i) => makeLead(i).leadId).sort());
		const actions = outs.map(([[item]]) => (item.json.tracker as { leadId: string; action: string }));
		// Each run got its own lead back.
		expect(actions.map((a) => a.leadId)).toEqual(burst.map((i) => makeLead(i).leadId));
		expect(actions.filter((a) => a.action === 'created')).toHaveLength(30);
		expect(actions.filter((a) => a.leadId === makeLead(5).leadId).map((a) => a.action)).toEqual(['created', 'unchanged']);
		const claims = records(h.standIn, spreadsheetId, '_Locks').slice(claimsBefore);
		expect(claims.length).toBeGreaterThanOrEqual(2);
		expect(claims.length).toBeLessThanOrEqual(4);
		expect(claims.some((c) => /written together/.test(c.holder))).toBe(true);
		expect(claims.every((c) => c.releasedAt !== '')).toBe(true);

		// Their touches, logged by 31 runs at once, also go together and are logged once each.
		const touches = await Promise.all(
			burst.map((i) => logTouches([{ leadId: makeLead(i).leadId, cadenceId: 'speed-to-lead', step: 1, channel: 'sms', verdict: 'sent', at: NOW }])),
		);
		const logged = records(h.standIn, spreadsheetId, 'Touches');
		expect(logged).toHaveLength(30);
		expect(touches.map(([[item]]) => (item.json.tracker as { action: string }).action).filter((a) => a === 'logged')).toHaveLength(30);
		expect(records(h.standIn, spreadsheetId, 'Leads').find((r) => r.leadId === makeLead(5).leadId)!.touchCount).toBe('1');
	});

	it('a failed shared write fails every run in it, with the Google error, and the next runs still write', async () => {
		await upsert([makeLead(0)]);
		const first = upsert([makeLead(1)]);
		h.standIn.injectFaults({ rate: 1, statuses: [403] });
		const grouped = Promise.all([upsert([makeLead(2)]), upsert([makeLead(3)])].map((run) => run.then(() => 'written', (error: Error) => error.message)));
		await first.catch(() => undefined);
		const outcomes = await grouped;
		h.standIn.clearFaults();
		expect(outcomes[0]).toBe(outcomes[1]);
		expect(outcomes[0]).not.toBe('written');
		await upsert([makeLead(4)]);
		expect(records(h.standIn, spreadsheetId, 'Leads').map((r) => r.leadId)).toContain(makeLead(4).leadId);
	});
});

describe('Get Due Touches and Log Touches', () => {
	it('lists the touches due now with their lead, and a logged touch is not due again', async () => {
		await upsert([makeLead(1, { cadenceId: 'purchase-3-6m' }), makeLead(2, { cadenceId: 'purchase-3-6m', receivedAt: '2026-03-09T14:59:00.000Z' })]);
		h.standIn.clearRequestLog();
		const [due, problems] = await h.run({ operation: 'getDueTouches', spreadsheetId, now: NOW });
		// Lock, one read, and the claims written with the release.
		expect(h.standIn.requestLog.filter((e) => e.operation !== 'token').map((e) => e.operation)).toEqual(['values.append', 'values.batchGet', 'spreadsheets.batchUpdate']);
		expect(due.length).toBeGreaterThan(0);
		expect(due[0].json).toMatchObject({ leadId: expect.stringMatching(/^ld_/), verdict: 'planned', lead: { phone: expect.stringMatching(/^\+1/) } });
		expect(Array.isArray(problems)).toBe(true);
		const sent = due.map((item) => ({ ...item.json, verdict: 'sent', lead: undefined, settings: undefined }));
		const [logged] = await logTouches(sent);
		expect(logged.every((item) => (item.json.tracker as { action: string }).action === 'logged')).toBe(true);
		const [again] = await logTouches(sent);
		expect(again.every((item) => (item.json.tracker as { action: string }).action === 'duplicate')).toBe(true);
		const [dueAfter] = await h.run({ operation: 'getDueTouches', spreadsheetId, now: NOW });
		const before = new Set(due.map((item) => item.json.touchId));
		expect(dueAfter.filter((item) => before.has(item.json.touchId))).toHaveLength(0);
		const lead = records(h.standIn, spreadsheetId, 'Leads').find((r) => r.leadId === due[0].json.leadId)!;
		expect(Number(lead.touchCount)).toBeGreaterThan(0);
		expect(lead.nextTouchAt).not.toBe('');
	});
});

describe('Record Reply / Opt-Out and Read Settings', () => {
	it('records STOP as an opt-out on the lead and in the Consent log, once even if the webhook repeats', async () => {
		await upsert([makeLead(3)]);
		const inbound = { From: '+13050000003', Body: 'STOP', MessageSid: 'SM123', at: NOW };
		const [[out]] = await h.run({ operation: 'recordReply', spreadsheetId, now: NOW }, [inbound]);
		expect(out.json.tracker).toMatchObject({ kind: 'opt-out', action: 'recorded', leadId: 'ld_0000003' });
		await h.run({ operation: 'recordReply', spreadsheetId, now: NOW }, [inbound]);
		expect(records(h.standIn, spreadsheetId, 'Leads')[0].optOutSms).toBe('TRUE');
		expect(records(h.standIn, spreadsheetId, 'Consent log')).toEqual([
			expect.objectContaining({ eventId: 'SM123', leadId: 'ld_0000003', action: 'opt-out', words: 'STOP', channel: 'sms' }),
		]);
		expect(records(h.standIn, spreadsheetId, 'Touches')).toHaveLength(1);
	});

	it('reads the Settings tab as one object', async () => {
		const id = h.standIn.createSpreadsheet({ sheets: [{ title: 'Settings', rows: [['setting', 'value'], ['loName', 'Jordan Rivera'], ['nmlsId', 1234567]] }] });
		const [[out]] = await h.run({ operation: 'readSettings', spreadsheetId: id });
		expect(out.json.settings).toEqual({ loName: 'Jordan Rivera', nmlsId: '1234567' });
	});
});

describe('errors an LO can act on', () => {
	it('says to share the spreadsheet with the service account when it is not shared', async () => {
		const id = h.standIn.createSpreadsheet({ sharedWith: ['someone@else.com'], sheets: [{ title: 'Leads' }] });
		const error = await h.run({ operation: 'upsertLeads', spreadsheetId: id, now: NOW }, [makeLead(1)]).catch((e) => e);
		expect(error.message).toContain(`not shared with ${SERVICE_ACCOUNT}`);
		expect(error.description).toContain('click Share');
	});

	it('names a missing tab and a changed header', async () => {
		const noLeads = h.standIn.createSpreadsheet({ sheets: [{ title: 'Sheet1' }] });
		const missing = await h.run({ operation: 'getDueTouches', spreadsheetId: noLeads, now: NOW }).catch((e) => e);
		expect(missing.message).toContain('no "Leads" tab');
		expect(missing.description).toContain('Create Tracker');
		const renamed = h.standIn.createSpreadsheet({ sheets: TRACKER_TABS.map((tab) => ({ title: tab.title, rows: [tab.title === 'Leads' ? ['Lead ID', 'email'] : tab.columns.map((c) => c.header)] })) });
		const changed = await h.run({ operation: 'upsertLeads', spreadsheetId: renamed, now: NOW }, [makeLead(1)]).catch((e) => e);
		expect(changed.message).toContain('"Leads" tab has no "leadId" column');
	});

	it('retries a quota error until Google has room again, and reports it when it never does', async () => {
		h.standIn.injectFaults({ next: 3, statuses: [429] });
		await upsert([makeLead(1)]);
		expect(records(h.standIn, spreadsheetId, 'Leads')).toHaveLength(1);
		h.standIn.injectFaults({ rate: 1, statuses: [429] });
		const error = await h.run({ operation: 'readSettings', spreadsheetId, options: { ...FAST, maxRetries: 2 } }).catch((e) => e);
		expect(error.message).toContain("per-minute request limit");
		expect(error.message).toContain('after 3 tries');
	});
});

describe('OAuth2 credential', () => {
	it('signs in with the access token, refreshing it at the token endpoint when it has expired', async () => {
		const email = 'jordan@riverahomeloans.com';
		const id = h.standIn.createSpreadsheet({ sharedWith: [email], sheets: [{ title: 'Settings', rows: [['setting', 'value'], ['loName', 'Jordan']] }] });
		// n8n's Google Sheets OAuth2 credential as n8n saves it once connected; n8n refreshes the token.
		const credentials = forStandIn(
			{
				mortgageGoogleSheetsOAuth2Api: {
					clientId: 'c',
					clientSecret: 's',
					accessTokenUrl: `${h.url}/token`,
					oauthTokenData: { access_token: 'expired-token', refresh_token: h.standIn.issueRefreshToken(email) },
				},
			},
			{ googleRoot: h.url },
		);
		const [[out]] = await h.run({ operation: 'readSettings', spreadsheetId: id, authentication: 'oAuth2' }, [{}], { credentials });
		expect(out.json.settings).toEqual({ loName: 'Jordan' });
		expect(h.standIn.requestLog.some((e) => e.operation === 'token' && e.status === 200)).toBe(true);
		// The renewed token is saved in the credential, as n8n saves it.
		const saved = credentials.mortgageGoogleSheetsOAuth2Api.oauthTokenData as { access_token?: string };
		expect(saved.access_token).not.toBe('expired-token');
		expect(h.standIn.tokens.lookup(String(saved.access_token))?.email).toBe(email);
	});
});
