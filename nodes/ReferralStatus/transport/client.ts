import { auth, sheets, type sheets_v4 } from '@googleapis/sheets';
import type { IExecuteFunctions } from 'n8n-workflow';
import { withBackoff } from '../../transport/sheets/retry';
import { referralSheetsFromClient, type ReferralSheets } from './referralSheets';

/** The pack's Google credential (service account; the sandbox adds a base URL and a token). */
export const GOOGLE_CREDENTIAL = 'mortgageGoogleServiceAccountApi';

const SCOPES = ['https://www.googleapis.com/auth/spreadsheets', 'https://www.googleapis.com/auth/drive.file'];

interface GoogleCredential {
	email?: string;
	privateKey?: string;
	/** Only for the local stand-in: where Google's API root is. */
	baseUrl?: string;
	/** Only for the local stand-in: a token it issued. */
	accessToken?: string;
}

/** Google clients for this execution, from the node's credential. */
export async function referralSheetsFor(ctx: IExecuteFunctions): Promise<ReferralSheets> {
	const credential = (await ctx.getCredentials(GOOGLE_CREDENTIAL)) as GoogleCredential;
	const root = credential.baseUrl ? `${credential.baseUrl.replace(/\/+$/, '')}/` : 'https://www.googleapis.com/';
	// Node's own fetch: gaxios would otherwise load node-fetch with a dynamic import.
	const transporterOptions = { fetchImplementation: fetch };
	let client: InstanceType<typeof auth.OAuth2> | InstanceType<typeof auth.JWT>;
	if (credential.accessToken) {
		client = new auth.OAuth2({ transporterOptions });
		client.setCredentials({ access_token: credential.accessToken });
	} else {
		client = new auth.JWT({
			email: credential.email,
			key: (credential.privateKey ?? '').replace(/\\n/g, '\n'),
			scopes: SCOPES,
			transporterOptions,
		});
	}
	const api = sheets({ version: 'v4', auth: client, fetchImplementation: fetch, ...(credential.baseUrl ? { rootUrl: root } : {}) } as sheets_v4.Options);
	// Sharing is a Drive call: a reader permission for the partner, who gets Google's usual email.
	const share = async (spreadsheetId: string, email: string) => {
		await client.request({
			url: `${root}drive/v3/files/${encodeURIComponent(spreadsheetId)}/permissions?sendNotificationEmail=true`,
			method: 'POST',
			data: { type: 'user', role: 'reader', emailAddress: email },
		});
	};
	// 429 and 5xx are retried with backoff and jitter, POSTs included, never swallowed.
	return referralSheetsFromClient(api, share, (request) => withBackoff(request));
}
