import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	INodeProperties,
	Icon,
} from 'n8n-workflow';
import { GOOGLE_TOKEN_URL, SHEETS_SCOPE, signServiceAccountJwt } from '../nodes/transport/sheets/client';

/**
 * A Google Cloud service account (a robot account the LO shares the tracker with): the pack signs
 * a JWT with its private key and trades it for an access token (nodes/transport/sheets/client.ts).
 * The same fields as n8n's own Google Service Account credential, in a type of the pack's own,
 * because n8n verifies only community packages whose nodes use their own credential types.
 *
 * The nodes sign in themselves (the transport caches tokens and reaches the sandbox's stand-in);
 * `preAuthentication` and `test` serve n8n's "Test" button: the same JWT exchange at Google, then
 * Google's tokeninfo, so a wrong key or email shows when the LO saves the credential.
 */
export class MortgageGoogleServiceAccountApi implements ICredentialType {
	name = 'mortgageGoogleServiceAccountApi';

	displayName = 'Mortgage Google Service Account API';

	icon: Icon = { light: 'file:icons/googleSheets.svg', dark: 'file:icons/googleSheets.dark.svg' };

	documentationUrl = 'https://github.com/mortgage-followup/n8n-nodes-mortgage-followup/blob/main/README.md#installing-the-pack-in-your-own-n8n';

	properties: INodeProperties[] = [
		{
			displayName: 'Service Account Email',
			name: 'email',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'tracker@your-project.iam.gserviceaccount.com',
			description: 'The "client_email" of the JSON key file Google Cloud gave you. Share the tracker with this address (Editor).',
		},
		{
			displayName: 'Private Key',
			name: 'privateKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: '-----BEGIN PRIVATE KEY-----\nXIYEvQIBADANBg<...>0IhA==\n-----END PRIVATE KEY-----\n',
			description: 'The "private_key" of the same JSON key file, pasted whole',
		},
		{
			displayName: 'Impersonate a User',
			name: 'inpersonate',
			type: 'boolean',
			default: false,
			description: 'Whether to act as a user of your Google Workspace (domain-wide delegation, set up by your Workspace admin)',
		},
		{
			displayName: 'Email',
			name: 'delegatedEmail',
			type: 'string',
			default: '',
			displayOptions: { show: { inpersonate: [true] } },
			description: 'The Workspace user to act as',
		},
		{ displayName: 'Access Token', name: 'accessToken', type: 'hidden', typeOptions: { expirable: true, password: true }, default: '' },
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const account = {
			email: String(credentials.email ?? '').trim(),
			privateKey: String(credentials.privateKey ?? ''),
			subject: credentials.inpersonate === true ? String(credentials.delegatedEmail ?? '').trim() || undefined : undefined,
		};
		const assertion = signServiceAccountJwt(account, [SHEETS_SCOPE], Date.now());
		const answer = (await this.helpers.httpRequest({
			method: 'POST',
			url: GOOGLE_TOKEN_URL,
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }).toString(),
			json: true,
		})) as { access_token?: string };
		return { accessToken: answer.access_token ?? '' };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{ $credentials.accessToken }}' } },
	};

	test: ICredentialTestRequest = {
		request: { baseURL: 'https://oauth2.googleapis.com', url: '/tokeninfo', qs: { access_token: '={{ $credentials.accessToken }}' } },
	};
}
