import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * The LO's own Google account, signed in with OAuth2: n8n opens Google's consent page, keeps the
 * token and renews it. Scopes: the spreadsheets the account can open, and Drive limited to the
 * files the pack makes (the tracker, partner views). A type of the pack's own because n8n verifies
 * only community packages whose nodes use their own credential types; it extends n8n's generic
 * OAuth2 credential, so n8n does the whole sign-in.
 */
export class MortgageGoogleSheetsOAuth2Api implements ICredentialType {
	name = 'mortgageGoogleSheetsOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Mortgage Google Sheets OAuth2 API';

	icon: Icon = { light: 'file:icons/googleSheets.svg', dark: 'file:icons/googleSheets.dark.svg' };

	documentationUrl = 'https://github.com/mortgage-followup/n8n-nodes-mortgage-followup/blob/main/README.md#installing-the-pack-in-your-own-n8n';

	properties: INodeProperties[] = [
		{ displayName: 'Grant Type', name: 'grantType', type: 'hidden', default: 'authorizationCode' },
		{ displayName: 'Authorization URL', name: 'authUrl', type: 'hidden', default: 'https://accounts.google.com/o/oauth2/v2/auth' },
		{ displayName: 'Access Token URL', name: 'accessTokenUrl', type: 'hidden', default: 'https://oauth2.googleapis.com/token' },
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: 'https://www.googleapis.com/auth/spreadsheets https://www.googleapis.com/auth/drive.file',
		},
		// offline + consent: Google hands out a refresh token, so n8n can renew the sign-in unattended.
		{ displayName: 'Auth URI Query Parameters', name: 'authQueryParameters', type: 'hidden', default: 'access_type=offline&prompt=consent' },
		{ displayName: 'Authentication', name: 'authentication', type: 'hidden', default: 'body' },
	];
}
