import { DRIVE_FILE_SCOPE, SHEETS_SCOPE, SPREADSHEET_MIME_TYPE, startSheetsStandIn, type RunningSheetsStandIn } from '../../../sandbox/sheets';

/**
 * Google gives service accounts no Drive storage: a file one makes must belong to a shared drive.
 * Drive's files.create answers 403 storageQuotaExceeded otherwise (even in a My Drive folder shared
 * with it as an editor), and Sheets' spreadsheets.create answers 403 "The caller does not have
 * permission". A person (or a service account acting as one) owns what they make.
 */
const SA = 'tracker-bot@mortgage-pack.iam.gserviceaccount.com';
const LO = 'jordan@riverahomeloans.com';

let running: RunningSheetsStandIn;
beforeEach(async () => {
	running = await startSheetsStandIn({ quotas: false });
});
afterEach(() => running.close());

async function call(user: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, any> }> {
	const token = running.standIn.issueAccessToken(user, [SHEETS_SCOPE, DRIVE_FILE_SCOPE]);
	const response = await fetch(`${running.url}${path}`, {
		method,
		headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
		...(body === undefined ? {} : { body: JSON.stringify(body) }),
	});
	return { status: response.status, body: (await response.json()) as Record<string, any> };
}
const createFile = (user: string, body: Record<string, unknown>, query = 'fields=id,owners,parents,driveId') =>
	call(user, 'POST', `/drive/v3/files?${query}`, { name: 'Referrals with Jordan – Dana', mimeType: SPREADSHEET_MIME_TYPE, ...body });

const STORAGE_QUOTA = {
	error: {
		code: 403,
		message: "The user's Drive storage quota has been exceeded.",
		errors: [{ message: "The user's Drive storage quota has been exceeded.", domain: 'usageLimits', reason: 'storageQuotaExceeded' }],
	},
};

describe('a service account cannot own Drive files', () => {
	it('files.create by a service account in its own Drive: 403 storageQuotaExceeded, nothing made', async () => {
		const answer = await createFile(SA, {});
		expect(answer).toEqual({ status: 403, body: STORAGE_QUOTA });
		expect(running.standIn.listSpreadsheets()).toEqual([]);
	});

	it('nor in a folder of the LO\'s My Drive shared with it as an editor', async () => {
		const folder = running.standIn.createFolder({ name: 'Mortgage', owner: LO, members: [SA] });
		expect(await createFile(SA, { parents: [folder] }, 'supportsAllDrives=true')).toEqual({ status: 403, body: STORAGE_QUOTA });
		expect(running.standIn.listSpreadsheets()).toEqual([]);
	});

	it('in a shared drive\'s folder it is a member of: made, owned by the drive, open to its members', async () => {
		const folder = running.standIn.createFolder({ name: 'Partner sheets', sharedDrive: true, members: [SA, LO] });
		// Without supportsAllDrives, Drive does not see shared-drive folders at all.
		expect((await createFile(SA, { parents: [folder] })).status).toBe(404);
		const made = await createFile(SA, { parents: [folder] }, 'supportsAllDrives=true&fields=id,owners,parents,driveId');
		expect(made.status).toBe(200);
		expect(made.body).toEqual({ kind: 'drive#file', id: expect.any(String), parents: [folder], driveId: expect.any(String) });
		const sheet = running.standIn.getSpreadsheet(made.body.id);
		expect(sheet.owner).toBeUndefined();
		expect(sheet.sharedWith).toEqual([SA, LO]);
		// The service account can write it like any sheet shared with it.
		const write = await call(SA, 'PUT', `/v4/spreadsheets/${made.body.id}/values/Sheet1!A1?valueInputOption=RAW`, { values: [['Client']] });
		expect(write.status).toBe(200);
	});

	it('a folder of a shared drive it is not a member of is not found', async () => {
		const folder = running.standIn.createFolder({ sharedDrive: true, members: [LO] });
		expect((await createFile(SA, { parents: [folder] }, 'supportsAllDrives=true')).body.error.errors[0].reason).toBe('notFound');
	});

	it('a person makes files in their own Drive and owns them', async () => {
		const made = await createFile(LO, {});
		expect(made.status).toBe(200);
		expect(made.body.owners).toEqual([{ kind: 'drive#user', emailAddress: LO }]);
	});

	it('spreadsheets.create by a service account: 403 PERMISSION_DENIED; by a person: made', async () => {
		const refused = await call(SA, 'POST', '/v4/spreadsheets', { properties: { title: 'Tracker' } });
		expect(refused).toEqual({ status: 403, body: { error: { code: 403, message: 'The caller does not have permission', status: 'PERMISSION_DENIED' } } });
		expect(running.standIn.listSpreadsheets()).toEqual([]);
		const made = await call(LO, 'POST', '/v4/spreadsheets', { properties: { title: 'Tracker' } });
		expect(made.status).toBe(200);
	});
});
