import type { IDataObject } from 'n8n-workflow';
import { generateKeyPairSync } from 'node:crypto';
import { DRIVE_FILE_SCOPE, SHEETS_SCOPE, SheetsError, forgetServiceAccountTokens, formatPrivateKey, openGoogleSession } from '../../../nodes/transport/sheets';
import { startSheetsStandIn, type SheetsStandIn } from '../../../sandbox/sheets';
import { googleContext } from '../../support/sheetsHarness';
import { SERVICE_ACCOUNT, SERVICE_ACCOUNT_PUBLIC_KEY, serviceAccountCredential } from '../../support/trackerHarness';
import { tokenRequests } from './tokenRequests';

/**
 * Signing in to Google through n8n's own credentials and n8n-core's request helpers, against the
 * stand-in's token endpoint (which checks the signed JWT: RS256 signature against the account's
 * key, iss, scope, aud, iat/exp) and its OAuth2 refresh grant.
 */
let clock = Date.parse('2026-03-09T15:00:00Z');
let standIn: SheetsStandIn;
let url: string;
let close: () => Promise<void>;
let spreadsheetId: string;
/** No pacing, quick retries, and the stand-in's clock (the JWT's iat/exp are checked against it). */
const FAST = { pacing: false as const, baseDelayMs: 1, now: () => clock };

beforeEach(async () => {
	forgetServiceAccountTokens();
	clock = Date.parse('2026-03-09T15:00:00Z');
	({ standIn, url, close } = await startSheetsStandIn({ quotas: false, now: () => clock, serviceAccountKeys: { [SERVICE_ACCOUNT]: SERVICE_ACCOUNT_PUBLIC_KEY } }));
	spreadsheetId = standIn.createSpreadsheet({ sharedWith: [SERVICE_ACCOUNT, 'jordan@riverahomeloans.com'], sheets: [{ title: 'Leads', rows: [['leadId'], ['ld_1']] }] });
});
afterEach(() => close());

const serviceAccount = (credential = serviceAccountCredential()) => googleContext(url, { mortgageGoogleServiceAccountApi: credential });

describe('service account (n8n credential mortgageGoogleServiceAccountApi): a JWT signed with node:crypto', () => {
	it('is accepted by the token endpoint, for the Sheets scope alone by default, and the token reads the sheet', async () => {
		const tokens = tokenRequests(standIn);
		const session = await openGoogleSession(serviceAccount(), FAST);
		expect(await session.batchGet(spreadsheetId, ['Leads'], 'reading')).toEqual([[['leadId'], ['ld_1']]]);
		expect(tokens()).toEqual([{ account: SERVICE_ACCOUNT, asked: [SHEETS_SCOPE], granted: [SHEETS_SCOPE] }]);
		expect(session.user).toBe(SERVICE_ACCOUNT);
	});

	it('asks for the scopes it is given: one token for Sheets and Drive calls', async () => {
		const tokens = tokenRequests(standIn);
		const session = await openGoogleSession(serviceAccount(), { ...FAST, scopes: [SHEETS_SCOPE, DRIVE_FILE_SCOPE] });
		const listed = await session.listFiles("trashed = false", 'listing files');
		expect(listed.files?.map((file) => file.id)).toEqual([spreadsheetId]);
		expect(tokens()).toEqual([{ account: SERVICE_ACCOUNT, asked: [SHEETS_SCOPE, DRIVE_FILE_SCOPE], granted: [SHEETS_SCOPE, DRIVE_FILE_SCOPE] }]);
	});

	it('a session signed in for Sheets alone is refused by Drive, in plain words', async () => {
		const session = await openGoogleSession(serviceAccount(), FAST);
		const error = await session.listFiles('trashed = false', 'listing files').catch((e) => e);
		expect(error).toBeInstanceOf(SheetsError);
		expect(error.message).toContain(`may not use Google Drive`);
		expect(error.hint).toContain(DRIVE_FILE_SCOPE);
	});

	it('keeps the token for the process until shortly before it expires, then signs in again', async () => {
		const tokens = tokenRequests(standIn);
		for (let run = 0; run < 3; run++) {
			// Three executions, each opening its own session: one sign-in.
			const session = await openGoogleSession(serviceAccount(), FAST);
			await session.batchGet(spreadsheetId, ['Leads'], 'reading');
		}
		expect(tokens()).toHaveLength(1);
		clock += 3599_000 - 59_000; // inside the last minute of the token's hour
		const later = await openGoogleSession(serviceAccount(), FAST);
		await later.batchGet(spreadsheetId, ['Leads'], 'reading');
		expect(tokens()).toHaveLength(2);
		expect(tokens()[1].granted).toEqual([SHEETS_SCOPE]);
	});

	it('a token Google no longer accepts (401) is dropped and the request sent again with a new one', async () => {
		const tokens = tokenRequests(standIn);
		const session = await openGoogleSession(serviceAccount(), FAST);
		await session.batchGet(spreadsheetId, ['Leads'], 'reading');
		// Google withdraws the token while the process still holds it as good.
		expect(standIn.tokens.revokeAccessTokens(SERVICE_ACCOUNT)).toBe(1);
		expect(await session.batchGet(spreadsheetId, ['Leads'], 'reading')).toEqual([[['leadId'], ['ld_1']]]);
		expect(tokens()).toHaveLength(2);
		expect(standIn.requestLog.filter((e) => e.operation === 'values.batchGet').map((e) => e.status)).toEqual([200, 401, 200]);
	});

	it('takes the private key as pasted: with literal \\n from the JSON file, or on one line', async () => {
		const pem = String(serviceAccountCredential().privateKey);
		const escaped = pem.replace(/\n/g, '\\n');
		const oneLine = pem.replace(/\n/g, ' ');
		expect(formatPrivateKey(escaped)).toBe(formatPrivateKey(pem));
		expect(formatPrivateKey(oneLine)).toBe(formatPrivateKey(pem));
		const session = await openGoogleSession(serviceAccount({ ...serviceAccountCredential(), privateKey: escaped }), FAST);
		expect(await session.batchGet(spreadsheetId, ['Leads'], 'reading')).toEqual([[['leadId'], ['ld_1']]]);
	});

	it('a key of another account is refused, and the LO is told what to fix (not retried)', async () => {
		const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
		const session = await openGoogleSession(serviceAccount({ ...serviceAccountCredential(), privateKey: other }), FAST);
		const error = await session.batchGet(spreadsheetId, ['Leads'], 'reading the Leads tab').catch((e) => e);
		expect(error).toBeInstanceOf(SheetsError);
		expect(error.message).toBe(`Google refused the sign-in of the service account ${SERVICE_ACCOUNT}: Invalid JWT Signature.`);
		expect(error.hint).toContain('private key does not belong to');
		expect(standIn.requestLog.filter((e) => e.operation === 'token')).toHaveLength(1);
		expect(standIn.requestLog.filter((e) => e.operation !== 'token')).toHaveLength(0);
	});

	it('an account Google does not know, and a text that is no key, are explained too', async () => {
		const unknown = await openGoogleSession(serviceAccount({ ...serviceAccountCredential(), email: 'nobody@elsewhere.iam.gserviceaccount.com' }), FAST);
		const refused = await unknown.batchGet(spreadsheetId, ['Leads'], 'reading').catch((e) => e);
		expect(refused.message).toContain('account not found');
		expect(refused.hint).toContain('does not know the service account nobody@elsewhere.iam.gserviceaccount.com');
		const garbled = await openGoogleSession(serviceAccount({ ...serviceAccountCredential(), privateKey: 'not a key' }), FAST);
		const invalid = await garbled.batchGet(spreadsheetId, ['Leads'], 'reading').catch((e) => e);
		expect(invalid.message).toContain('is not a valid key');
		expect(invalid.hint).toContain('-----BEGIN PRIVATE KEY-----');
	});

	it('a busy token endpoint is retried like any Google call', async () => {
		const exchange = standIn.tokens.exchange.bind(standIn.tokens);
		let busy = 2;
		jest.spyOn(standIn.tokens, 'exchange').mockImplementation((form, authorization) =>
			busy-- > 0 ? { status: 503, body: { error: 'temporarily_unavailable', error_description: 'Try again' } } : exchange(form, authorization),
		);
		const session = await openGoogleSession(serviceAccount(), FAST);
		expect(await session.batchGet(spreadsheetId, ['Leads'], 'reading')).toEqual([[['leadId'], ['ld_1']]]);
		expect(standIn.requestLog.filter((e) => e.operation === 'token').map((e) => e.status)).toEqual([503, 503, 200]);
	});
});

describe('OAuth2 (n8n credential mortgageGoogleSheetsOAuth2Api): n8n signs and renews', () => {
	const email = 'jordan@riverahomeloans.com';
	const oAuth2 = (oauthTokenData: IDataObject) => ({
		mortgageGoogleSheetsOAuth2Api: { clientId: 'client-1', clientSecret: 'secret-1', accessTokenUrl: `${url}/token`, oauthTokenData },
	});

	it('sends the saved access token', async () => {
		const credentials = oAuth2({ access_token: standIn.issueAccessToken(email), refresh_token: standIn.issueRefreshToken(email) });
		const session = await openGoogleSession(googleContext(url, credentials, 'oAuth2'), FAST);
		expect(await session.batchGet(spreadsheetId, ['Leads'], 'reading')).toEqual([[['leadId'], ['ld_1']]]);
		expect(standIn.requestLog.map((e) => e.operation)).toEqual(['values.batchGet']);
	});

	it('an expired token is refreshed through n8n-core (refresh grant with the client id), saved, and the request goes through', async () => {
		const credentials = oAuth2({ access_token: 'ya29.expired', refresh_token: standIn.issueRefreshToken(email) });
		const session = await openGoogleSession(googleContext(url, credentials, 'oAuth2'), FAST);
		expect(await session.batchGet(spreadsheetId, ['Leads'], 'reading')).toEqual([[['leadId'], ['ld_1']]]);
		expect(standIn.requestLog.map((e) => `${e.operation} ${e.status}`)).toEqual(['values.batchGet 401', 'token 200', 'values.batchGet 200']);
		const saved = credentials.mortgageGoogleSheetsOAuth2Api.oauthTokenData as { access_token?: string };
		expect(standIn.tokens.lookup(String(saved.access_token))?.email).toBe(email);
		// The next execution uses the saved token: no refresh.
		const next = await openGoogleSession(googleContext(url, credentials, 'oAuth2'), FAST);
		await next.batchGet(spreadsheetId, ['Leads'], 'reading');
		expect(standIn.requestLog.filter((e) => e.operation === 'token')).toHaveLength(1);
	});

	it('a revoked refresh token is reported as a sign-in problem with what to do', async () => {
		const credentials = oAuth2({ access_token: 'ya29.expired', refresh_token: '1//revoked' });
		const session = await openGoogleSession(googleContext(url, credentials, 'oAuth2'), FAST);
		const error = await session.batchGet(spreadsheetId, ['Leads'], 'reading the Leads tab').catch((e) => e);
		expect(error).toBeInstanceOf(SheetsError);
		expect(error.message).toContain('Google did not accept the sign-in of the connected Google account');
		expect(error.hint).toContain('reconnect the Google account');
	});
});
