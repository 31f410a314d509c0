import { generateKeyPairSync } from 'node:crypto';
import type { IHttpRequestHelper, IHttpRequestOptions } from 'n8n-workflow';
import { httpRequest } from 'n8n-core/dist/execution-engine/node-execution-context/utils/request-helper-functions';
import { MortgageGoogleServiceAccountApi } from '../../credentials/MortgageGoogleServiceAccountApi.credentials';
import { GOOGLE_TOKEN_URL } from '../../nodes/transport/sheets/client';
import { startSheetsStandIn, type SheetsStandIn } from '../../sandbox/sheets';
import { SERVICE_ACCOUNT, SERVICE_ACCOUNT_PUBLIC_KEY, serviceAccountCredential } from '../support/trackerHarness';

/**
 * The credential's "Test" button in n8n: preAuthentication signs the JWT from the pasted key and
 * trades it at Google's token endpoint (here the stand-in's, which checks the signature against
 * the account's public key as Google does); n8n then sends the test request with the token.
 */
let standIn: SheetsStandIn;
let url: string;
let close: () => Promise<void>;

beforeEach(async () => {
	({ standIn, url, close } = await startSheetsStandIn({ quotas: false, serviceAccountKeys: { [SERVICE_ACCOUNT]: SERVICE_ACCOUNT_PUBLIC_KEY } }));
});
afterEach(() => close());

/** n8n-core's own httpRequest, with Google's token URL pointed at the stand-in. */
const helper: IHttpRequestHelper = {
	helpers: {
		httpRequest: (options: IHttpRequestOptions) => httpRequest({ ...options, url: options.url === GOOGLE_TOKEN_URL ? `${url}/token` : options.url }),
	} as IHttpRequestHelper['helpers'],
};

const credential = new MortgageGoogleServiceAccountApi();

describe('Mortgage Google Service Account credential: the Test button signs in', () => {
	it('a key of the account gets an access token the Sheets API accepts', async () => {
		const data = await credential.preAuthentication.call(helper, serviceAccountCredential());
		expect(data.accessToken).toMatch(/\S{10,}/);
		const id = standIn.createSpreadsheet({ sharedWith: [SERVICE_ACCOUNT], sheets: [{ title: 'Leads', rows: [['leadId']] }] });
		const read = await fetch(`${url}/v4/spreadsheets/${id}/values/Leads`, { headers: { Authorization: `Bearer ${data.accessToken}` } });
		expect(read.status).toBe(200);
		// The test request n8n sends after it: the token in the Authorization header and the tokeninfo query.
		expect(credential.authenticate.properties.headers?.Authorization).toBe('=Bearer {{ $credentials.accessToken }}');
	});

	it('a key of another account is refused by the token endpoint, so the Test button fails', async () => {
		const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
		const other = { ...serviceAccountCredential(), privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
		await expect(credential.preAuthentication.call(helper, other)).rejects.toThrow();
	});

	it('a pasted key that is no key at all is refused before anything is sent, in plain words', async () => {
		const pasted = { ...serviceAccountCredential(), privateKey: 'not a key' };
		await expect(credential.preAuthentication.call(helper, pasted)).rejects.toThrow(/private key .* is not a valid key/);
	});
});
