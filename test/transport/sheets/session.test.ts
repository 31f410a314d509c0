import { DRIVE_FILE_SCOPE, SHEETS_SCOPE, SheetsError, forgetServiceAccountTokens, openGoogleSession, type SheetsSession } from '../../../nodes/transport/sheets';
import { startSheetsStandIn, type SheetsStandIn } from '../../../sandbox/sheets';
import { googleContext } from '../../support/sheetsHarness';
import { SERVICE_ACCOUNT, SERVICE_ACCOUNT_PUBLIC_KEY, serviceAccountCredential } from '../../support/trackerHarness';

/**
 * The Google session through n8n-core's request helpers against the stand-in: what it sends
 * (RAW writes, one request per call), how it counts, and what it does with Google's failures
 * (429 and 5xx retried with backoff, nothing lost; the rest explained in the LO's words).
 */
let standIn: SheetsStandIn;
let url: string;
let close: () => Promise<void>;
let spreadsheetId: string;
let delays: number[];

const sessionOptions = () => ({ pacing: false as const, baseDelayMs: 100, sleep: async (ms: number) => void delays.push(ms), random: () => 0.5 });
const open = (scopes: string[] = [SHEETS_SCOPE]) => openGoogleSession(googleContext(url, { mortgageGoogleServiceAccountApi: serviceAccountCredential() }), { ...sessionOptions(), scopes });
const sheetRequests = () => standIn.requestLog.filter((e) => e.operation !== 'token');

beforeEach(async () => {
	forgetServiceAccountTokens();
	delays = [];
	({ standIn, url, close } = await startSheetsStandIn({ quotas: false, serviceAccountKeys: { [SERVICE_ACCOUNT]: SERVICE_ACCOUNT_PUBLIC_KEY } }));
	spreadsheetId = standIn.createSpreadsheet({ sharedWith: [SERVICE_ACCOUNT], sheets: [{ title: 'Leads', rows: [['leadId', 'phone', 'note']] }, { title: 'Touches', rows: [['touchId']] }] });
});
afterEach(() => close());

describe('writes are RAW', () => {
	it('a phone stays "+1..." text and a formula stays text, in append, batchUpdateValues and updateValues', async () => {
		const session = await open();
		await session.append(spreadsheetId, "'Leads'!A:A", [['ld_1', '+13055551234', '=HYPERLINK("http://x")']], 'adding leads');
		await session.batchUpdateValues(spreadsheetId, [{ range: "'Leads'!C2", values: [['@SUM(1)']] }], 'writing');
		await session.updateValues(spreadsheetId, [{ range: "'Leads'!A3", values: [['ld_2', '+13055550000', '=1+1']] }, JSON.stringify({ range: "'Leads'!A4", values: [['ld_3', '007', '-2']] })], 'writing');
		expect(standIn.readTab(spreadsheetId, 'Leads')).toEqual([
			['leadId', 'phone', 'note'],
			['ld_1', '+13055551234', '@SUM(1)'],
			['ld_2', '+13055550000', '=1+1'],
			['ld_3', '007', '-2'],
		]);
		// Stored as typed text, not formulas: an UNFORMATTED read gives the same strings back.
		expect(await session.batchGet(spreadsheetId, ["'Leads'!A2:C4"], 'reading')).toEqual([[['ld_1', '+13055551234', '@SUM(1)'], ['ld_2', '+13055550000', '=1+1'], ['ld_3', '007', '-2']]]);
		const writes = sheetRequests().filter((e) => e.method === 'POST' || e.method === 'PUT');
		expect(writes.every((e) => /valueInputOption=RAW/.test(e.path) || e.operation === 'values.batchUpdate')).toBe(true);
	});

	it('append reports where the rows landed', async () => {
		const session = await open();
		const answer = await session.append(spreadsheetId, "'Touches'!A:A", Array.from({ length: 2500 }, (_, i) => [`t_${i}`]), 'adding touches');
		expect(answer.updates?.updatedRange).toBe('Touches!A2:A2501');
		expect(standIn.readTab(spreadsheetId, 'Touches')).toHaveLength(2501);
	});
});

describe('counting', () => {
	it('`requests` is the number of Sheets and Drive requests sent, retries included, the sign-in not', async () => {
		const session = await open([SHEETS_SCOPE, DRIVE_FILE_SCOPE]);
		standIn.injectFaults({ next: 2, statuses: [503] });
		await session.batchGet(spreadsheetId, ['Leads'], 'reading');
		await session.getSpreadsheet(spreadsheetId, 'sheets.properties');
		await session.listFiles('trashed = false', 'listing');
		expect(session.requests).toBe(5);
		expect(sheetRequests()).toHaveLength(5);
		expect(standIn.requestLog.filter((e) => e.operation === 'token')).toHaveLength(1);
	});
});

describe('Google failures', () => {
	it('a 429 is retried with growing jittered backoff until Google has room: the rows arrive once', async () => {
		const session = await open();
		standIn.injectFaults({ next: 3, statuses: [429], match: /values\.append/ });
		await session.append(spreadsheetId, "'Leads'!A:A", [['ld_1'], ['ld_2']], 'adding leads');
		expect(standIn.readTab(spreadsheetId, 'Leads').map((row) => row[0])).toEqual(['leadId', 'ld_1', 'ld_2']);
		expect(delays).toEqual([75, 150, 300]);
		expect(sheetRequests().map((e) => e.status)).toEqual([429, 429, 429, 200]);
	});

	it('5xx is retried too, POSTs included; a streamed read retried starts over', async () => {
		const session = await open();
		standIn.injectFaults({ next: 2, statuses: [500, 503] });
		await session.batchUpdate(spreadsheetId, [{ addSheet: { properties: { title: 'Extra' } } }], 'adding a tab');
		standIn.injectFaults({ next: 1, statuses: [503] });
		await session.append(spreadsheetId, "'Leads'!A:A", [['ld_1', '+1305', 'x']], 'adding');
		standIn.injectFaults({ next: 2, statuses: [503, 500] });
		const [leads] = await session.readColumns(spreadsheetId, [{ range: "'Leads'!A:Z", columns: ['leadId', 'phone'] }], 'reading');
		expect(leads.rowCount).toBe(1);
		expect(leads.columns.get('phone')?.toArray()).toEqual(['+1305']);
		expect(standIn.readTab(spreadsheetId, 'Extra')).toEqual([]);
		expect(delays).toHaveLength(5);
	});

	it('when Google stays busy the LO is told nothing was lost and how many tries were made', async () => {
		const session = await openGoogleSession(googleContext(url, { mortgageGoogleServiceAccountApi: serviceAccountCredential() }), { ...sessionOptions(), maxRetries: 2 });
		standIn.injectFaults({ rate: 1, statuses: [429] });
		const error = await session.batchGet(spreadsheetId, ['Leads'], 'reading the Leads tab').catch((e) => e);
		expect(error).toBeInstanceOf(SheetsError);
		expect(error.message).toBe(`Google's per-minute request limit for ${SERVICE_ACCOUNT} is still exceeded after 3 tries over 0 s (while reading the Leads tab)`);
		expect(error.hint).toContain('Nothing from this step was lost');
	});

	it("Google's own error of a streamed read is read and explained (a missing tab), not retried", async () => {
		const session = await open();
		const error = await session.readColumns(spreadsheetId, [{ range: "'Cadences'!A:Z" }], 'reading the tracker tabs').catch((e) => e);
		expect(error).toBeInstanceOf(SheetsError);
		expect(error.message).toBe('The spreadsheet has no "Cadences" tab (while reading the tracker tabs)');
		expect(error.hint).toContain('Create Tracker');
		expect(sheetRequests()).toHaveLength(1);
	});

	it('a spreadsheet not shared with the account, and one that does not exist, are explained', async () => {
		const session = await open();
		const other = standIn.createSpreadsheet({ sharedWith: ['someone@else.com'], sheets: [{ title: 'Leads' }] });
		const notShared = await session.getSpreadsheet(other).catch((e) => e);
		expect(notShared.message).toContain(`is not shared with ${SERVICE_ACCOUNT}`);
		expect(notShared.hint).toContain(`add ${SERVICE_ACCOUNT} as an Editor`);
		const missing = await session.getSpreadsheet('no-such-sheet').catch((e) => e);
		expect(missing.message).toContain('No spreadsheet with the ID "no-such-sheet" was found');
	});

	it('OAuth2 failures come back through NodeApiError and are explained the same way', async () => {
		const credentials = { mortgageGoogleSheetsOAuth2Api: { clientId: 'c', clientSecret: 's', accessTokenUrl: `${url}/token`, oauthTokenData: { access_token: standIn.issueAccessToken(SERVICE_ACCOUNT) } } };
		const session = await openGoogleSession(googleContext(url, credentials, 'oAuth2'), sessionOptions());
		standIn.injectFaults({ next: 1, statuses: [503] });
		expect(await session.batchGet(spreadsheetId, ['Leads'], 'reading')).toEqual([[['leadId', 'phone', 'note']]]);
		const error = await session.readColumns(spreadsheetId, [{ range: "'Cadences'!A:Z" }], 'reading the tracker tabs').catch((e) => e);
		expect(error.message).toBe('The spreadsheet has no "Cadences" tab (while reading the tracker tabs)');
		// A big body sent in parts goes through n8n's OAuth2 signing too, and again on a retry.
		standIn.injectFaults({ next: 1, statuses: [503], match: /values\.append/ });
		await session.append(spreadsheetId, "'Leads'!A:A", Array.from({ length: 3000 }, (_, i) => [`ld_${i}`, '+1305', '=x']), 'adding leads');
		expect(standIn.readTab(spreadsheetId, 'Leads')).toHaveLength(3001);
		expect(standIn.readTab(spreadsheetId, 'Leads')[3000]).toEqual(['ld_2999', '+1305', '=x']);
	});
});

describe('Drive calls (partner views)', () => {
	// A service account cannot own files: it makes them in a shared drive's folder it belongs to.
	let view: { name: string; mimeType: string; parents: string[] };
	beforeEach(() => {
		view = { name: 'Dana - referrals', mimeType: 'application/vnd.google-apps.spreadsheet', parents: [standIn.createFolder({ sharedDrive: true, members: [SERVICE_ACCOUNT] })] };
	});
	const mark = { key: 'mortgageFollowupPartnerView', value: 'tracker-1:p-1' };

	it('findOrCreateFile makes the file once, and finds it again by its mark', async () => {
		const session: SheetsSession = await open([SHEETS_SCOPE, DRIVE_FILE_SCOPE]);
		const made = await session.findOrCreateFile(view, mark, 'making the partner sheet');
		expect(made.created).toBe(true);
		expect(await session.findOrCreateFile(view, mark, 'making the partner sheet')).toEqual({ id: made.id, created: false });
		await session.createPermission(made.id, { type: 'user', role: 'reader', emailAddress: 'dana@sunrise.example' }, 'sharing');
		expect(standIn.permissions(made.id).map((p) => [p.emailAddress, p.role])).toContainEqual(['dana@sunrise.example', 'reader']);
	});

	it('a creation whose answer was lost is found on the retry, never made twice', async () => {
		const session = await open([SHEETS_SCOPE, DRIVE_FILE_SCOPE]);
		standIn.injectFaults({ next: 1, statuses: [503], match: /drive\.files\.create/, after: true });
		const made = await session.findOrCreateFile(view, mark, 'making the partner sheet');
		expect(made.created).toBe(false);
		const listed = await session.listFiles(`appProperties has { key='${mark.key}' and value='${mark.value}' } and trashed = false`, 'listing', 'files(id)');
		expect(listed.files?.map((file) => file.id)).toEqual([made.id]);
	});
});
