import { NodeApiError, type IDataObject } from 'n8n-workflow';
import { REFERRAL_COLUMNS } from '../../nodes/core';
import { MortgageReferralStatus } from '../../nodes/ReferralStatus/MortgageReferralStatus.node';
import { Tracker } from '../../nodes/tracker/tracker';
import { unescapeText } from '../../nodes/transport/sheets/cells';
import { DRIVE_FILE_SCOPE, SHEETS_SCOPE, SheetsError, forgetServiceAccountTokens, openGoogleSession } from '../../nodes/transport/sheets';
import { startSheetsStandIn, type SheetsStandIn } from '../../sandbox/sheets';
import { runNode, forStandIn } from '../support/nodeHarness';
import { googleContext } from '../support/sheetsHarness';
import { SERVICE_ACCOUNT, SERVICE_ACCOUNT_PUBLIC_KEY, googleSession, serviceAccountCredential } from '../support/trackerHarness';

/**
 * A service account cannot own files (Google, since 2025). Partner sheets and new trackers are
 * made as the person signed in (OAuth2), or by a service account in a shared drive's folder the
 * LO names (Settings: driveFolderId); otherwise the node says, in plain words, what to do.
 */
const NOW = '2026-12-08T15:00:00.000Z';
const LO = 'jordan@riverahomeloans.com';
const FAST = { pacing: false as const, baseDelayMs: 1 };

let standIn: SheetsStandIn;
let url: string;
let close: () => Promise<void>;
let trackerId: string;

function seedTracker(settings: string[][] = []): string {
	const referral = Object.fromEntries(REFERRAL_COLUMNS.map((name) => [name, '']));
	Object.assign(referral, { referralId: 'R-1', partnerId: 'p-sunrise', leadId: 'ld_1', firstName: 'Carla', lastName: 'Mendez', status: 'received', receivedAt: NOW, lastChangeAt: NOW });
	return standIn.createSpreadsheet({
		title: 'Tracker',
		sharedWith: [SERVICE_ACCOUNT, LO],
		sheets: [
			{ title: 'Referrals', rows: [[...REFERRAL_COLUMNS], REFERRAL_COLUMNS.map((name) => referral[name])] },
			{ title: 'Partners', rows: [['partnerId', 'name', 'email', 'viewSpreadsheetId'], ['p-sunrise', 'Dana Brooks', 'dana@sunrise.example', '']] },
			{ title: 'Settings', rows: [['setting', 'value', 'notes'], ['loName', 'Jordan Rivera', ''], ...settings] },
		],
	});
}
// The pack stores an id starting with - as '-… (formula escaping), so it is read back as the pack reads it.
const viewIdOf = () => unescapeText(String(standIn.readTab(trackerId, 'Partners')[1]?.[3] ?? ''));
const referralsAs = (session: ReturnType<typeof googleSession>) =>
	new Tracker(session, trackerId, { now: NOW }, `sa|${Math.random()}`).referrals({ timeZone: 'America/New_York', loanOfficerName: 'Jordan Rivera' });
const sync = async (session: ReturnType<typeof googleSession>) => {
	const referrals = referralsAs(session);
	return referrals.syncViews(await referrals.read());
};

beforeEach(async () => {
	forgetServiceAccountTokens();
	({ standIn, url, close } = await startSheetsStandIn({ quotas: false, serviceAccountKeys: { [SERVICE_ACCOUNT]: SERVICE_ACCOUNT_PUBLIC_KEY } }));
});
afterEach(() => close());

describe('partner sheets signed in as a service account', () => {
	it('without a shared-drive folder: nothing is made, and the error says why and what to do', async () => {
		trackerId = seedTracker();
		const error = await sync(googleSession(url, FAST, [SHEETS_SCOPE, DRIVE_FILE_SCOPE])).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(SheetsError);
		expect((error as SheetsError).status).toBe(403);
		expect((error as SheetsError).message).toBe(
			`Google does not let the service account ${SERVICE_ACCOUNT} own files, so it cannot make a new spreadsheet (while making the partner sheet "Referrals with Jordan Rivera – Dana Brooks")`,
		);
		expect((error as SheetsError).hint).toMatch(/Authentication: OAuth2/);
		expect((error as SheetsError).hint).toMatch(/shared drive.*Content manager.*"driveFolderId" of the tracker's Settings tab/);
		expect((error as SheetsError).message).not.toMatch(/not shared/);
		expect(standIn.listSpreadsheets().map((s) => s.title)).toEqual(['Tracker']);
		expect(viewIdOf()).toBe('');
	});

	it('the node fails with a NodeApiError whose description is that hint', async () => {
		trackerId = seedTracker();
		const credentials = forStandIn({ mortgageGoogleServiceAccountApi: serviceAccountCredential() }, { googleRoot: url });
		const error = await runNode(new MortgageReferralStatus(), {
			items: [{} as IDataObject],
			parameters: { operation: 'syncPartnerViews', spreadsheetId: trackerId, now: NOW, options: { timeZone: 'America/New_York', loanOfficerName: 'Jordan Rivera', retryBaseDelayMs: 1, paceRequests: false } },
			credentials,
		}).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect((error as NodeApiError).message).toMatch(/does not let the service account .* own files/);
		expect((error as NodeApiError).description).toMatch(/OAuth2.*shared drive/);
	});

	it('with the Settings tab\'s driveFolderId (a shared drive\'s folder it is a member of): made there, shared, filled', async () => {
		const folder = standIn.createFolder({ name: 'Partner sheets', sharedDrive: true, members: [SERVICE_ACCOUNT, LO] });
		trackerId = seedTracker([['driveFolderId', folder, 'Folder for partner sheets']]);
		const [result] = await sync(googleSession(url, FAST, [SHEETS_SCOPE, DRIVE_FILE_SCOPE]));
		expect(result).toMatchObject({ partnerId: 'p-sunrise', result: 'synced', created: true, sharedWith: 'dana@sunrise.example' });
		const view = standIn.getSpreadsheet(viewIdOf());
		expect(view.parents).toEqual([folder]);
		expect(view.owner).toBeUndefined();
		expect(standIn.permissions(view.spreadsheetId).map((p) => [p.emailAddress, p.role])).toEqual([['dana@sunrise.example', 'reader']]);
		expect(standIn.readTab(view.spreadsheetId, 'My referrals')[1]).toEqual(['Carla M.', expect.any(String), 'Received', expect.any(String), expect.any(String)]);
		// The next sync finds it again (a shared-drive file is searched for too): no second sheet.
		const [again] = await sync(googleSession(url, FAST, [SHEETS_SCOPE, DRIVE_FILE_SCOPE]));
		expect(again).toMatchObject({ result: 'synced', created: false });
		expect(standIn.listSpreadsheets()).toHaveLength(2);
	});

	it('a driveFolderId it cannot use (not a member of that shared drive) is named, with what to check', async () => {
		const folder = standIn.createFolder({ sharedDrive: true, members: [LO] });
		trackerId = seedTracker([['driveFolderId', folder, '']]);
		const error = (await sync(googleSession(url, FAST, [SHEETS_SCOPE, DRIVE_FILE_SCOPE])).catch((e: unknown) => e)) as SheetsError;
		expect(error.status).toBe(404);
		expect(error.message).toMatch(new RegExp(`^Google Drive has no folder or file "${folder}" that ${SERVICE_ACCOUNT.replace(/\./g, '\\.')} can use`));
		expect(error.hint).toMatch(/member of that shared drive/);
	});

	it('signed in as the LO (OAuth2): made in their own Drive, owned by them', async () => {
		trackerId = seedTracker();
		const credentials = { mortgageGoogleSheetsOAuth2Api: { clientId: 'c', clientSecret: 's', accessTokenUrl: `${url}/token`, oauthTokenData: { access_token: standIn.issueAccessToken(LO, [SHEETS_SCOPE, DRIVE_FILE_SCOPE]) } } };
		const session = await openGoogleSession(googleContext(url, credentials, 'oAuth2'), FAST);
		const [result] = await sync(session);
		expect(result).toMatchObject({ result: 'synced', created: true });
		expect(standIn.getSpreadsheet(viewIdOf()).owner).toBe(LO);
	});
});

describe('a new spreadsheet made through Drive (Create Tracker, partner sheets) by a service account', () => {
	const file = { name: 'Mortgage Lead Tracker', mimeType: 'application/vnd.google-apps.spreadsheet' };
	const mark = { key: 'mortgageFollowupTracker', value: 'v1' };

	it('in its own Drive: refused, explained', async () => {
		const session = googleSession(url, FAST, [SHEETS_SCOPE, DRIVE_FILE_SCOPE]);
		const error = (await session.findOrCreateFile(file, mark, 'making the tracker spreadsheet').catch((e: unknown) => e)) as SheetsError;
		expect(error.message).toMatch(/^Google does not let the service account .* own files/);
		expect(standIn.listSpreadsheets()).toEqual([]);
	});

	it('in a shared drive\'s folder: made there', async () => {
		const folder = standIn.createFolder({ sharedDrive: true, members: [SERVICE_ACCOUNT] });
		const session = googleSession(url, FAST, [SHEETS_SCOPE, DRIVE_FILE_SCOPE]);
		const made = await session.findOrCreateFile({ ...file, parents: [folder] }, mark, 'making the tracker spreadsheet');
		expect(made.created).toBe(true);
		expect(standIn.getSpreadsheet(made.id).parents).toEqual([folder]);
		expect(await session.findOrCreateFile({ ...file, parents: [folder] }, mark, 'making the tracker spreadsheet')).toEqual({ id: made.id, created: false });
	});
});
