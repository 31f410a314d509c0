import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The Twilio account the Mortgage SMS nodes text from: Account SID with its Auth Token, or an API
 * Key. The Auth Token also verifies that webhooks really come from Twilio (X-Twilio-Signature).
 */
export class MortgageTwilioApi implements ICredentialType {
	name = 'mortgageTwilioApi';

	displayName = 'Mortgage Twilio API';

	icon = { light: 'file:mortgageTwilio.svg', dark: 'file:mortgageTwilio.dark.svg' } as const;

	documentationUrl = 'https://github.com/mortgage-followup/n8n-nodes-mortgage-followup/blob/main/docs/sms.md';

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
		},
		{
			displayName: 'Account SID',
			name: 'accountSid',
			type: 'string',
			default: '',
			placeholder: 'AC0123456789abcdef0123456789abcdef',
			description: 'From the Twilio Console home page (starts with AC)',
			required: true,
		},
		{
			displayName: 'Auth Token',
			name: 'authToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'From the Twilio Console home page. With an API Key it is only used to check that replies and delivery reports really come from Twilio.',
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
		{
			displayName: 'Base URL (Sandbox Only)',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:5680',
			description: 'Leave empty for the real Twilio. The local sandbox fills it in to point at its Twilio stand-in.',
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

	/** Fetching the account proves the SID and the secret belong together. */
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ $credentials.baseUrl ? $credentials.baseUrl.replace(/\\/+$/, "") : "https://api.twilio.com" }}',
			url: '=/2010-04-01/Accounts/{{ $credentials.accountSid }}.json',
			method: 'GET',
		},
	};
}
