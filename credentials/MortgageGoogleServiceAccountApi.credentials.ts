import { createSign } from 'node:crypto';
import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

const SHEETS_SCOPE = 'https://www.googleapis.com/auth/spreadsheets';
const TOKEN_AUDIENCE = 'https://oauth2.googleapis.com/token';

/**
 * A Google service account (its JSON key): the tracker signs in as the service account, and the
 * LO shares the tracker spreadsheet with the account's email. The credential test signs a JWT for
 * the Sheets scope, exchanges it for an access token and asks Google about that token.
 */
export class MortgageGoogleServiceAccountApi implements ICredentialType {
	name = 'mortgageGoogleServiceAccountApi';

	displayName = 'Mortgage Google Service Account API';

	icon: Icon = { light: 'file:icons/googleSheets.svg', dark: 'file:icons/googleSheets.dark.svg' };

	documentationUrl = 'https://github.com/mortgage-followup/n8n-nodes-mortgage-followup/blob/main/docs/tracker.md';

	properties: INodeProperties[] = [
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password -- the JSON key holds the service account's private key
		{
			displayName: 'Service Account JSON Key',
			name: 'serviceAccountKey',
			type: 'string',
			typeOptions: { password: true, rows: 6 },
			default: '',
			required: true,
			placeholder: '{ "type": "service_account", "client_email": "...", "private_key": "..." }',
			description: 'Paste the whole JSON key file downloaded from Google Cloud (IAM → Service Accounts → Keys → Add key → JSON)',
		},
		{
			displayName: 'Base URL (Sandbox Only)',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. http://127.0.0.1:5680',
			description: 'Leave empty. Only for the local sandbox: the address of the Google Sheets stand-in.',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const key = JSON.parse(String(credentials.serviceAccountKey ?? '{}')) as { client_email?: string; private_key?: string };
		if (!key.client_email || !key.private_key) {
			throw new Error('The JSON key has no client_email or private_key: download a JSON key for the service account again.');
		}
		const now = Math.floor(Date.now() / 1000);
		const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
		const unsigned = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode({ iss: key.client_email, scope: SHEETS_SCOPE, aud: TOKEN_AUDIENCE, iat: now, exp: now + 3600 })}`;
		const signature = createSign('RSA-SHA256').update(unsigned).sign(key.private_key, 'base64url');
		const base = String(credentials.baseUrl ?? '').replace(/\/+$/, '');
		const response = (await this.helpers.httpRequest({
			method: 'POST',
			url: base ? `${base}/token` : TOKEN_AUDIENCE,
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: `grant_type=${encodeURIComponent('urn:ietf:params:oauth:grant-type:jwt-bearer')}&assertion=${unsigned}.${signature}`,
		})) as { access_token: string };
		return { accessToken: response.access_token };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{$credentials.accessToken}}' } },
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl ? $credentials.baseUrl.replace(/\\/+$/, "") : "https://www.googleapis.com"}}',
			url: '/oauth2/v3/tokeninfo',
			qs: { access_token: '={{$credentials.accessToken}}' },
		},
	};
}
