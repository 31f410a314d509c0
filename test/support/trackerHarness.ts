import { generateKeyPairSync } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';
import { startSheetsStandIn, type SheetsStandIn, type SheetsStandInOptions } from '../../sandbox/sheets';
import { MortgageLeadTracker } from '../../nodes/LeadTracker/MortgageLeadTracker.node';
import { runNode, type RunNodeOptions } from './nodeHarness';

/**
 * The Mortgage Lead Tracker node as n8n runs it (real class, real Google client, a service account
 * whose JWT the stand-in verifies) against a Sheets stand-in on loopback.
 */
export const SERVICE_ACCOUNT = 'tracker-bot@mortgage-pack.iam.gserviceaccount.com';

export interface TrackerHarness {
	url: string;
	standIn: SheetsStandIn;
	credentials: Record<string, IDataObject>;
	run(parameters: Record<string, unknown>, items?: RunNodeOptions['items'], extra?: Partial<RunNodeOptions>): ReturnType<typeof runNode>;
	close(): Promise<void>;
}

const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privateKey = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const publicKey = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();

export function serviceAccountKey(email = SERVICE_ACCOUNT): string {
	return JSON.stringify({ type: 'service_account', client_email: email, private_key: privateKey, token_uri: 'https://oauth2.googleapis.com/token' });
}

/** Fast retries and no pacing: tests never wait on the real clock. */
export const FAST = { retryBaseDelayMs: 1, paceRequests: false };

export async function startTrackerHarness(options: SheetsStandInOptions = {}): Promise<TrackerHarness> {
	const running = await startSheetsStandIn({ quotas: false, ...options, serviceAccountKeys: { [SERVICE_ACCOUNT]: publicKey } });
	const credentials = { mortgageGoogleServiceAccountApi: { serviceAccountKey: serviceAccountKey(), baseUrl: running.url } };
	return {
		url: running.url,
		standIn: running.standIn,
		credentials,
		run: (parameters, items = [{}], extra = {}) =>
			runNode(new MortgageLeadTracker(), { items, credentials, ...extra, parameters: { options: FAST, ...parameters } }),
		close: running.close,
	};
}

/** Leads as the Lead Normalizer emits them. */
export function makeLead(i: number, overrides: IDataObject = {}): IDataObject {
	const n = String(i).padStart(7, '0');
	return {
		leadId: `ld_${n}`,
		source: 'web-form',
		sourceId: null,
		sourceDetail: 'Website',
		partnerId: null,
		firstName: `First${i}`,
		lastName: `Last${i}`,
		phone: `+1305${n}`,
		email: `lead${i}@example.com`,
		state: 'FL',
		zip: '33101',
		timeZone: 'America/New_York',
		loanPurpose: 'purchase',
		cashOut: false,
		timeline: '3-6m',
		consent: { sms: true, call: true, email: true, prerecordedVoice: false, capturedAt: '2026-03-01T12:00:00.000Z', text: 'I agree to be contacted' },
		receivedAt: '2026-03-01T12:00:00.000Z',
		extra: {},
		...overrides,
	};
}

/** Rows of a tab as records keyed by its header. */
export function records(standIn: SheetsStandIn, spreadsheetId: string, tab: string): Array<Record<string, string>> {
	const [header = [], ...rows] = standIn.readTab(spreadsheetId, tab);
	return rows.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i] ?? ''])));
}
