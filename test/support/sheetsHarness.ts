import { auth, sheets, type sheets_v4 } from '@googleapis/sheets';
import type { ICredentialDataDecryptedObject, IExecuteFunctions } from 'n8n-workflow';
import { MortgageLeadTracker } from '../../nodes/LeadTracker/MortgageLeadTracker.node';
import { startSheetsStandIn, type SheetsStandIn, type SheetsStandInOptions } from '../../sandbox/sheets';
import { createExecuteContext } from './nodeHarness';

/**
 * A Sheets stand-in on a loopback port plus the real @googleapis/sheets client pointed at it,
 * signed in as `user` with a token the stand-in issued. The client's own retries are off so tests
 * see every answer the stand-in gives.
 */
export interface SheetsHarness {
	url: string;
	standIn: SheetsStandIn;
	api: sheets_v4.Sheets;
	user: string;
	/** Another client, signed in as someone else. */
	clientFor(user: string): sheets_v4.Sheets;
	close(): Promise<void>;
}

export async function startSheetsHarness(options: SheetsStandInOptions = {}, user = 'lo@example.com'): Promise<SheetsHarness> {
	const running = await startSheetsStandIn(options);
	const clientFor = (who: string) => {
		// Node's own fetch: gaxios would otherwise import node-fetch dynamically (not under jest).
		const oauth = new auth.OAuth2({ transporterOptions: { fetchImplementation: fetch } });
		oauth.setCredentials({ access_token: running.standIn.issueAccessToken(who) });
		return sheets({ version: 'v4', auth: oauth, rootUrl: `${running.url}/`, retry: false, fetchImplementation: fetch } as sheets_v4.Options);
	};
	return { url: running.url, standIn: running.standIn, api: clientFor(user), user, clientFor, close: running.close };
}

/** The Google error envelope of a failed client call. */
export async function googleError(call: Promise<unknown>): Promise<{ code: number; message: string; status: string; details?: Array<Record<string, unknown>> }> {
	try {
		await call;
	} catch (error) {
		const data = (error as { response?: { data?: { error?: unknown } } }).response?.data;
		if (data?.error) return data.error as { code: number; message: string; status: string };
		throw error;
	}
	throw new Error('expected the call to fail');
}

/**
 * A node execution context (n8n-core's request helpers, n8n's credential classes) for opening
 * Google sessions in transport tests: `authentication` picks the credential as the node's
 * parameter does; the stand-in on `url` is reached through the hidden sandbox parameter.
 */
export function googleContext(url: string, credentials: Record<string, ICredentialDataDecryptedObject>, authentication: 'serviceAccount' | 'oAuth2' = 'serviceAccount'): IExecuteFunctions {
	return createExecuteContext(new MortgageLeadTracker(), { items: [{}], parameters: { authentication }, credentials, sandbox: { googleRoot: url } });
}
