import { generateKeyPairSync } from 'node:crypto';
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import { startSheetsStandIn, type RunningSheetsStandIn, type SheetsStandIn, type SheetsStandInOptions } from '../../sandbox/sheets';
import { Tracker } from '../../nodes/tracker/tracker';
import { MortgageLeadTracker } from '../../nodes/LeadTracker/MortgageLeadTracker.node';
import { SHEETS_SCOPE, SheetsSession, forgetServiceAccountTokens, googleRoots, serviceAccountClient, type SessionOptions } from '../../nodes/transport/sheets';
import { createExecuteContext, forStandIn, runNode, type RunNodeOptions } from './nodeHarness';

/**
 * The Mortgage Lead Tracker node as n8n runs it (real class, n8n-core's request helpers, n8n's
 * Google Service Account credential whose JWT the stand-in verifies) against a Sheets stand-in on
 * loopback, reached through the node's hidden sandbox parameter as in the sandbox.
 */
export const SERVICE_ACCOUNT = 'tracker-bot@mortgage-pack.iam.gserviceaccount.com';

export interface TrackerHarness {
	url: string;
	standIn: SheetsStandIn;
	credentials: Record<string, ICredentialDataDecryptedObject>;
	run(parameters: Record<string, unknown>, items?: RunNodeOptions['items'], extra?: Partial<RunNodeOptions>): ReturnType<typeof runNode>;
	close(): Promise<void>;
}

const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privateKey = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const publicKey = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();

/** The Google service-account credential (mortgageGoogleServiceAccountApi) as an LO fills it in from the JSON key file. */
export function serviceAccountCredential(email = SERVICE_ACCOUNT): ICredentialDataDecryptedObject {
	return { email, privateKey, inpersonate: false, httpNode: false };
}

/** The public key the stand-in checks the service account's signatures with. */
export const SERVICE_ACCOUNT_PUBLIC_KEY = publicKey;

/** Fast retries and no pacing: tests never wait on the real clock. */
export const FAST = { retryBaseDelayMs: 1, paceRequests: false };

export async function startTrackerHarness(options: SheetsStandInOptions = {}): Promise<TrackerHarness> {
	const running = await startSheetsStandIn({ quotas: false, ...options, serviceAccountKeys: { [SERVICE_ACCOUNT]: publicKey } });
	const credentials = forStandIn({ mortgageGoogleServiceAccountApi: serviceAccountCredential() }, { googleRoot: running.url });
	return {
		url: running.url,
		standIn: running.standIn,
		credentials,
		run: (parameters, items = [{}], extra = {}) =>
			runNode(new MortgageLeadTracker(), { items, credentials, ...extra, parameters: { options: FAST, ...parameters } }),
		close: running.close,
	};
}

/**
 * A Google session of its own (as another n8n process would open), signed in as the tracker's
 * service account through n8n-core's request helpers, at the stand-in on `url`.
 */
export function googleSession(url: string, options: SessionOptions = {}, scopes: readonly string[] = [SHEETS_SCOPE]): SheetsSession {
	const credential = serviceAccountCredential();
	const ctx = createExecuteContext(new MortgageLeadTracker(), { items: [{}], credentials: { mortgageGoogleServiceAccountApi: credential }, sandbox: { googleRoot: url } });
	const client = serviceAccountClient(ctx, { email: String(credential.email), privateKey: String(credential.privateKey) }, googleRoots(url), { scopes, now: options.now });
	return new SheetsSession(client, options);
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

/**
 * A shared drive's folder with the harness's service account as a member: where it may make new
 * spreadsheets (Create Tracker, partner sheets), since a service account cannot own files.
 */
export function sharedDriveFolder(h: Pick<TrackerHarness, 'standIn'>): string {
	return h.standIn.createFolder({ name: 'Mortgage (shared drive)', sharedDrive: true, members: [SERVICE_ACCOUNT] });
}

/** A harness with a new tracker made by Create Tracker (in a shared drive's folder), as most node tests start. */
export async function harnessWithNewTracker(): Promise<{ h: TrackerHarness; spreadsheetId: string }> {
	const h = await startTrackerHarness();
	const [[created]] = await h.run({ operation: 'createTracker', target: 'new', title: 'Test tracker', folderId: sharedDriveFolder(h) });
	return { h, spreadsheetId: created.json.spreadsheetId as string };
}

/**
 * The tracker layer without a node (tracker tests): a Sheets stand-in the harness's service
 * account signs in to (its token cache cleared), and the Tracker repository on one of its
 * spreadsheets at the instant `now`, as the node's router opens it.
 */
export async function startTrackerStandIn(): Promise<RunningSheetsStandIn> {
	forgetServiceAccountTokens();
	return startSheetsStandIn({ quotas: false, serviceAccountKeys: { [SERVICE_ACCOUNT]: publicKey } });
}

export function trackerAt(url: string, spreadsheetId: string, now: string): Tracker {
	return new Tracker(googleSession(url, { pacing: false, baseDelayMs: 1 }), spreadsheetId, { now }, `test|${spreadsheetId}|${Math.random()}`);
}
