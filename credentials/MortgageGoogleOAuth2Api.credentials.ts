import type { ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * The LO's own Google account through OAuth2 (n8n's Google OAuth2 flow), limited to Google Sheets.
 * The tracker spreadsheet must be one this account can edit.
 */
export class MortgageGoogleOAuth2Api implements ICredentialType {
	name = 'mortgageGoogleOAuth2Api';

	extends = ['googleOAuth2Api'];

	displayName = 'Mortgage Google OAuth2 API';

	icon: Icon = { light: 'file:icons/googleSheets.svg', dark: 'file:icons/googleSheets.dark.svg' };

	documentationUrl = 'https://github.com/mortgage-followup/n8n-nodes-mortgage-followup/blob/main/docs/tracker.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: 'https://www.googleapis.com/auth/spreadsheets',
		},
		{
			displayName: 'Google Account Email',
			name: 'email',
			type: 'string',
			default: '',
			placeholder: 'e.g. jordan@riverahomeloans.com',
			description: 'Optional: shown in error messages ("share the spreadsheet with ...")',
		},
		{
			displayName: 'Base URL (Sandbox Only)',
			name: 'baseUrl',
			type: 'string',
			default: '',
			description: 'Leave empty. Only for the local sandbox: the address of the Google Sheets stand-in.',
		},
	];

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.baseUrl ? $credentials.baseUrl.replace(/\\/+$/, "") : "https://www.googleapis.com"}}',
			url: '/oauth2/v3/tokeninfo',
		},
	};
}
