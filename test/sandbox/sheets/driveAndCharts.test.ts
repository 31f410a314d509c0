/**
 * The Sheets stand-in's Drive calls and charts, which the referral node relies on, driven over
 * HTTP the way the node sends them (the stand-in's own handle(), as the sandbox composes it).
 */
import { DRIVE_FILE_SCOPE, SHEETS_SCOPE } from '../../../sandbox/sheets';
import { googleError, startSheetsHarness, type SheetsHarness } from '../../support/sheetsHarness';

const LO = 'lo@example.com';
let h: SheetsHarness;
let token: string;
beforeEach(async () => {
	h = await startSheetsHarness({ quotas: false }, LO);
	token = h.standIn.issueAccessToken(LO, [SHEETS_SCOPE, DRIVE_FILE_SCOPE]);
});
afterEach(() => h.close());

async function drive(path: string, init: { method?: string; body?: unknown; token?: string | null } = {}): Promise<{ status: number; body: any }> {
	const bearer = init.token === undefined ? token : init.token;
	const response = await fetch(`${h.url}/drive/v3/${path}`, {
		method: init.method ?? 'GET',
		headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
		body: init.body === undefined ? undefined : JSON.stringify(init.body),
	});
	return { status: response.status, body: await response.json() };
}

const share = (fileId: string, body: unknown, query = 'sendNotificationEmail=true', as?: string | null) =>
	drive(`files/${encodeURIComponent(fileId)}/permissions?${query}`, { method: 'POST', body, token: as });

describe('Drive permissions.create', () => {
	it('shares a spreadsheet: Drive fields, recorded with the role, once per person, and the reader may only read', async () => {
		const id = h.standIn.createSpreadsheet({ title: 'View', sharedWith: [LO], sheets: [{ title: 'My referrals', rows: [['Client']] }] });
		const first = await share(id, { type: 'user', role: 'reader', emailAddress: 'maria@realty.example' });
		expect(first.status).toBe(200);
		expect(first.body).toEqual({ kind: 'drive#permission', id: expect.stringMatching(/^\d{20}$/), type: 'user', role: 'reader' });
		const again = await share(id, { type: 'user', role: 'reader', emailAddress: 'maria@realty.example' }, 'fields=*');
		expect(again.body).toEqual({ kind: 'drive#permission', id: first.body.id, type: 'user', role: 'reader', emailAddress: 'maria@realty.example' });
		expect(h.standIn.permissions(id)).toEqual([{ id: first.body.id, type: 'user', role: 'reader', emailAddress: 'maria@realty.example', notified: true }]);
		expect(h.standIn.sharedWith(id)).toEqual([
			{ emailAddress: LO, role: 'writer' },
			{ emailAddress: 'maria@realty.example', role: 'reader' },
		]);
		expect(h.standIn.requestLog.map((e) => [e.operation, e.spreadsheetId, e.user, e.status])).toEqual([
			['drive.permissions.create', id, LO, 200],
			['drive.permissions.create', id, LO, 200],
		]);

		const maria = h.clientFor('maria@realty.example');
		expect((await maria.spreadsheets.values.get({ spreadsheetId: id, range: "'My referrals'" })).data.values).toEqual([['Client']]);
		expect(await googleError(maria.spreadsheets.values.update({ spreadsheetId: id, range: 'A1', valueInputOption: 'RAW', requestBody: { values: [['x']] } }))).toMatchObject({
			code: 403,
			status: 'PERMISSION_DENIED',
		});
		// A reader cannot share it on.
		const mariaToken = h.standIn.issueAccessToken('maria@realty.example', [DRIVE_FILE_SCOPE]);
		const reshare = await share(id, { type: 'user', role: 'reader', emailAddress: 'x@y.example' }, '', mariaToken);
		expect(reshare.status).toBe(403);
		expect(reshare.body.error.errors[0].reason).toBe('insufficientFilePermissions');
	});

	it("answers in Drive's error envelope: no token, no Drive scope, unknown or unshared file, missing fields", async () => {
		const id = h.standIn.createSpreadsheet({ title: 'Tracker', sharedWith: [LO] });
		const body = { type: 'user', role: 'reader', emailAddress: 'maria@realty.example' };
		const noToken = await share(id, body, '', null);
		expect(noToken.status).toBe(401);
		expect(noToken.body.error).toMatchObject({ code: 401, errors: [{ domain: 'global', reason: 'required', location: 'Authorization' }] });
		const sheetsOnly = await share(id, body, '', h.standIn.issueAccessToken(LO, [SHEETS_SCOPE]));
		expect(sheetsOnly.status).toBe(403);
		expect(sheetsOnly.body.error).toMatchObject({ message: 'Request had insufficient authentication scopes.', errors: [{ reason: 'insufficientPermissions' }] });
		const unknown = await share('nope', body);
		expect(unknown.body).toEqual({
			error: { code: 404, message: 'File not found: nope.', errors: [{ message: 'File not found: nope.', domain: 'global', reason: 'notFound', location: 'fileId', locationType: 'parameter' }] },
		});
		const notMine = h.standIn.createSpreadsheet({ title: 'Other', sharedWith: ['someone@else.example'] });
		expect((await share(notMine, body)).status).toBe(404);
		expect((await share(id, { role: 'reader', emailAddress: 'a@b.example' })).body.error.message).toBe('The permission type field is required.');
		expect((await share(id, { type: 'user', role: 'reader' })).body.error.message).toBe('The permission emailAddress field is required.');
		expect(h.standIn.permissions(id)).toEqual([]);
	});
});

describe('Drive files.create and files.list', () => {
	it('makes an empty Google Sheet with appProperties, owned by the caller, and finds it by them', async () => {
		const made = await drive('files?fields=id', {
			method: 'POST',
			body: { name: "Referrals – Maria's", mimeType: 'application/vnd.google-apps.spreadsheet', appProperties: { view: 'abc' } },
		});
		expect(made.status).toBe(200);
		expect(made.body).toEqual({ kind: 'drive#file', id: expect.any(String) });
		const spreadsheet = h.standIn.getSpreadsheet(made.body.id);
		expect(spreadsheet.sheets.map((s) => [s.properties.sheetId, s.properties.title])).toEqual([[0, 'Sheet1']]);
		expect(h.standIn.sharedWith(made.body.id)).toEqual([{ emailAddress: LO, role: 'owner' }]);

		const q = (text: string) => drive(`files?q=${encodeURIComponent(text)}&fields=${encodeURIComponent('files(id,name)')}`);
		expect((await q("appProperties has { key='view' and value='abc' } and trashed = false")).body).toEqual({
			kind: 'drive#fileList',
			incompleteSearch: false,
			files: [{ kind: 'drive#file', id: made.body.id, name: "Referrals – Maria's" }],
		});
		expect((await q("name = 'Referrals – Maria\\'s'")).body.files).toHaveLength(1);
		expect((await q("appProperties has { key='view' and value='other' }")).body.files).toEqual([]);
		// Someone else's files are not listed.
		const other = h.standIn.issueAccessToken('someone@else.example', [DRIVE_FILE_SCOPE]);
		expect((await drive(`files?q=${encodeURIComponent("appProperties has { key='view' and value='abc' }")}`, { token: other })).body.files).toEqual([]);
		expect((await q('name ~ 1')).status).toBe(400);
		expect((await drive('files', { method: 'POST', body: { name: 'doc', mimeType: 'text/plain' } })).status).toBe(400);
	});

	it('applies a request and then fails it with `after` (the answer is lost, the change is made)', async () => {
		h.standIn.injectFaults({ next: 1, statuses: [503], match: /^drive\.files\.create$/, after: true });
		const made = await drive('files', { method: 'POST', body: { name: 'x', mimeType: 'application/vnd.google-apps.spreadsheet' } });
		expect(made.status).toBe(503);
		expect(made.body.error).toMatchObject({ code: 503, errors: [{ reason: 'backendError' }] });
		expect(h.standIn.listSpreadsheets().map((s) => s.title)).toEqual(['x']);
		expect(h.standIn.requestLog.map((e) => [e.operation, e.status, e.fault])).toEqual([['drive.files.create', 503, true]]);
	});
});

describe('charts in spreadsheets.batchUpdate', () => {
	const spec = (sheetId: number) => ({
		title: 'By partner',
		basicChart: {
			chartType: 'COLUMN',
			domains: [{ domain: { sourceRange: { sources: [{ sheetId, startRowIndex: 0, endRowIndex: 3, startColumnIndex: 0, endColumnIndex: 1 }] } } }],
			series: [{ series: { sourceRange: { sources: [{ sheetId, startRowIndex: 0, endRowIndex: 3, startColumnIndex: 1, endColumnIndex: 2 }] } } }],
		},
	});

	it('adds a chart with a new chartId, keeps it on its sheet, updates its spec and deletes it', async () => {
		const id = h.standIn.createSpreadsheet({ title: 'Board', sheets: [{ title: 'Scoreboard', rows: [['Partner', 'Referrals'], ['Maria', 2], ['Dave', 1]] }] });
		const position = { overlayPosition: { anchorCell: { sheetId: 0, rowIndex: 1, columnIndex: 6 } } };
		const { data } = await h.api.spreadsheets.batchUpdate({ spreadsheetId: id, requestBody: { requests: [{ addChart: { chart: { spec: spec(0), position } } }] } });
		const chartId = data.replies?.[0]?.addChart?.chart?.chartId;
		expect(chartId).toEqual(expect.any(Number));
		expect(data.replies).toEqual([{ addChart: { chart: { chartId, spec: spec(0), position } } }]);
		expect(h.standIn.charts(id)).toEqual([{ chartId, spec: spec(0), position, sheetTitle: 'Scoreboard' }]);
		const got = await h.api.spreadsheets.get({ spreadsheetId: id });
		expect(got.data.sheets?.[0].charts).toEqual([{ chartId, spec: spec(0), position }]);

		const wider = { ...spec(0), title: 'Wider' };
		await h.api.spreadsheets.batchUpdate({ spreadsheetId: id, requestBody: { requests: [{ updateChartSpec: { chartId, spec: wider } }] } });
		expect(h.standIn.charts(id)[0].spec).toEqual(wider);
		await h.api.spreadsheets.batchUpdate({ spreadsheetId: id, requestBody: { requests: [{ deleteEmbeddedObject: { objectId: chartId } }] } });
		expect(h.standIn.charts(id)).toEqual([]);
	});

	it('refuses a chart over a missing sheet or with a taken id, and applies nothing of the batch', async () => {
		const id = h.standIn.createSpreadsheet({ title: 'Board', sheets: [{ title: 'Scoreboard' }] });
		const position = { overlayPosition: { anchorCell: { sheetId: 0 } } };
		const error = await googleError(
			h.api.spreadsheets.batchUpdate({
				spreadsheetId: id,
				requestBody: { requests: [{ addSheet: { properties: { title: 'New' } } }, { addChart: { chart: { spec: spec(7), position } } }] },
			}),
		);
		expect(error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT', message: 'Invalid requests[1].addChart: No grid with id: 7' });
		expect(h.standIn.listSpreadsheets()[0].sheets).toEqual(['Scoreboard']);
		await h.api.spreadsheets.batchUpdate({ spreadsheetId: id, requestBody: { requests: [{ addChart: { chart: { chartId: 42, spec: spec(0), position } } }] } });
		expect((await googleError(h.api.spreadsheets.batchUpdate({ spreadsheetId: id, requestBody: { requests: [{ addChart: { chart: { chartId: 42, spec: spec(0), position } } }] } }))).message).toMatch(/42 already exists/);
	});
});
