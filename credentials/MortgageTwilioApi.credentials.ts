import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * The Twilio account the pack texts from. The same fields as n8n's own Twilio credential (Auth
 * Token, or an API Key), but a type of the pack's own: n8n verifies only community packages whose
 * nodes use their own credential types (its `no-credential-reuse` rule), and a verified package is
 * the only kind n8n Cloud and the nodes panel install.
 */
export class MortgageTwilioApi implements ICredentialType {
	name = 'mortgageTwilioApi';

	displayName = 'Mortgage Twilio API';

	icon: Icon = { light: 'file:icons/twilio.svg', dark: 'file:icons/twilio.dark.svg' };

	documentationUrl = 'https://github.com/mortgage-followup/n8n-nodes-mortgage-followup/blob/main/README.md#installing-the-pack-in-your-own-n8n';

	properties: INodeProperties[] = [
		{
			displayName: 'Auth Type',
			name: 'authType',
			type: 'options',
			default: 'authToken',
			options: [
				{ name: 'Auth Token', value: 'authToken' },
				{ name: 'API Key', value: 'apiKey' },
			],
			description: 'An API Key can be revoked on its own without changing the account’s Auth Token',
		},
		{
			displayName: 'Account SID',
			name: 'accountSid',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'AC0123456789abcdef0123456789abcdef',
			description: 'On the Twilio console’s home page, under "Account Info"',
		},
		{
			displayName: 'Auth Token',
			name: 'authToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authType: ['authToken'] } },
			description: 'Beside the Account SID. It also signs the replies Twilio sends to n8n.',
		},
		{
			displayName: 'API Key SID',
			name: 'apiKeySid',
			type: 'string',
			default: '',
			placeholder: 'SK0123456789abcdef0123456789abcdef',
			displayOptions: { show: { authType: ['apiKey'] } },
		},
		{
			displayName: 'API Key Secret',
			name: 'apiKeySecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: { show: { authType: ['apiKey'] } },
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: {
				username: '={{ $credentials.authType === "apiKey" ? $credentials.apiKeySid : $credentials.accountSid }}',
				password: '={{ $credentials.authType === "apiKey" ? $credentials.apiKeySecret : $credentials.authToken }}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: 'https://api.twilio.com/2010-04-01',
			url: '=/Accounts/{{ $credentials.accountSid }}.json',
		},
	};
}
