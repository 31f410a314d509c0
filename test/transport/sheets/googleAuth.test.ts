import { createGoogleAuth, createSheetsApi, parseServiceAccountKey, SHEETS_SCOPE, SheetsSession } from '../../../nodes/transport/sheets';
import { DRIVE_FILE_SCOPE } from '../../../sandbox/sheets';
import { SERVICE_ACCOUNT, serviceAccountKey, startTrackerHarness, type TrackerHarness } from '../../support/trackerHarness';
import { tokenRequests } from './tokenRequests';

/**
 * The shared sign-in against the Sheets stand-in, which verifies the service account's signed JWT:
 * what each client asks the token endpoint for, and what it then may do.
 */
describe('createGoogleAuth / createSheetsApi: the scopes a service account signs in for', () => {
	let h: TrackerHarness;
	let spreadsheetId: string;
	beforeEach(async () => {
		h = await startTrackerHarness();
		spreadsheetId = h.standIn.createSpreadsheet({ sharedWith: [SERVICE_ACCOUNT], sheets: [{ title: 'Leads', rows: [['leadId'], ['ld_1']] }] });
	});
	afterEach(() => h.close());
	const credentials = () => parseServiceAccountKey(serviceAccountKey(), h.url);

	it('asks for the Sheets scope alone by default (the Lead Tracker session)', async () => {
		const tokens = tokenRequests(h.standIn);
		const session = new SheetsSession(credentials(), { pacing: false, baseDelayMs: 1 });
		expect(await session.batchGet(spreadsheetId, ['Leads'], 'reading')).toEqual([[['leadId'], ['ld_1']]]);
		expect(tokens()).toEqual([{ account: SERVICE_ACCOUNT, asked: [SHEETS_SCOPE], granted: [SHEETS_SCOPE] }]);
	});

	it('asks for the scopes it is given, and one sign-in serves the Sheets client and other Google calls', async () => {
		const tokens = tokenRequests(h.standIn);
		const google = createGoogleAuth(credentials(), { scopes: [SHEETS_SCOPE, DRIVE_FILE_SCOPE] });
		expect(google.rootUrl).toBe(`${h.url}/`);
		const api = createSheetsApi(credentials(), { auth: google });
		const read = await api.spreadsheets.values.get({ spreadsheetId, range: 'Leads' });
		expect(read.data.values).toEqual([['leadId'], ['ld_1']]);
		// A Drive call through the same client and token: drive.file lets it list the files it may open.
		const listed = await google.client.request<{ files: Array<{ id: string }> }>({ url: `${google.rootUrl}drive/v3/files`, method: 'GET' });
		expect(listed.data.files.map((file) => file.id)).toEqual([spreadsheetId]);
		expect(tokens()).toEqual([{ account: SERVICE_ACCOUNT, asked: [SHEETS_SCOPE, DRIVE_FILE_SCOPE], granted: [SHEETS_SCOPE, DRIVE_FILE_SCOPE] }]);
	});

	it('a client signed in for Sheets alone is refused by Drive', async () => {
		const google = createGoogleAuth(credentials());
		await expect(google.client.request({ url: `${google.rootUrl}drive/v3/files`, method: 'GET' })).rejects.toMatchObject({ status: 403 });
	});
});
