import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import {
	SHEETS_SCOPE,
	SheetsError,
	SheetsSession,
	accountOf,
	acquireLockWith,
	createGoogleAuth,
	createSheetsApi,
	explain,
	parseServiceAccountKey,
	pacerFor,
	statusOf,
	withBackoff,
	type BackoffOptions,
	type GoogleCredentials,
	type QuotaPacer,
} from '../../transport/sheets';
import type { ReferralSheets } from '../../tracker/referrals/sheets';

/** The pack's Google credential: a service account JSON key (the sandbox adds a base URL). */
export const GOOGLE_CREDENTIAL = 'mortgageGoogleServiceAccountApi';

/**
 * Google Drive, limited to the files this app makes or is given: enough to make the partner
 * views, find them again and share them. No access to anything else in anyone's Drive.
 */
export const DRIVE_FILE_SCOPE = 'https://www.googleapis.com/auth/drive.file';
/** What the referral node signs in for: the Sheets scope of the shared transport plus drive.file. */
export const REFERRAL_SCOPES = [SHEETS_SCOPE, DRIVE_FILE_SCOPE];

/** The Drive appProperty that marks a partner view, so a lost creation is found again. */
export const VIEW_PROPERTY = 'mortgageFollowupPartnerView';
const SPREADSHEET_MIME_TYPE = 'application/vnd.google-apps.spreadsheet';

export interface ReferralGoogleOptions extends BackoffOptions {
	/** Wait instead of exceeding Google's per-user quota (default true: the pacer shared by the pack). */
	pacing?: boolean;
}

/** The node's Options that tune the Google calls (as the Lead Tracker has them). */
interface RetryOptions {
	retryBaseDelayMs?: number;
	maxRetries?: number;
	paceRequests?: boolean;
}

/** Google clients for this execution, from the node's credential and Options. */
export async function referralSheetsFor(ctx: IExecuteFunctions): Promise<ReferralSheets> {
	const credential = await ctx.getCredentials(GOOGLE_CREDENTIAL);
	let credentials: GoogleCredentials;
	try {
		credentials = parseServiceAccountKey(String(credential.serviceAccountKey ?? ''), (credential.baseUrl as string | undefined) || undefined);
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), (error as Error).message, { description: (error as SheetsError).hint ?? 'Check the Google Service Account credential.' });
	}
	const options = (ctx.getNodeParameter('options', 0, {}) ?? {}) as RetryOptions;
	return referralGoogle(credentials, {
		baseDelayMs: options.retryBaseDelayMs ?? 1000,
		maxRetries: options.maxRetries ?? 8,
		pacing: options.paceRequests !== false,
	});
}

/**
 * ReferralSheets over the shared Sheets transport (nodes/transport/sheets): its sign-in (service
 * account JWT, or OAuth2; base URL for the sandbox), its backoff with jitter on 429/5xx for every
 * call (POSTs and Drive calls included), its per-account quota pacer, and its error messages.
 * The one addition is Drive (drive.file scope) for making, finding and sharing partner views,
 * sent through the same sign-in: a service account signs in for REFERRAL_SCOPES.
 */
export function referralGoogle(credentials: GoogleCredentials, options: ReferralGoogleOptions = {}): ReferralSheets {
	const google = createGoogleAuth(credentials, { scopes: REFERRAL_SCOPES });
	const api = createSheetsApi(credentials, { auth: google });
	const client = google.client;
	const root = google.rootUrl ?? 'https://www.googleapis.com/';
	const user = accountOf(credentials);
	const pacer: QuotaPacer | null = options.pacing === false ? null : pacerFor(user);
	const backoff: BackoffOptions = options;
	// The tracker lock's own calls (claim, waiting, housekeeping) go through the shared session, paced with the rest.
	const lockSession = new SheetsSession(credentials, { ...backoff, api, pacing: options.pacing === false ? false : undefined });

	/** One Sheets call: paced, retried on 429/5xx, failures in words a loan officer can act on. */
	const sheetsCall = async <T>(kind: 'read' | 'write', doing: string, spreadsheetId: string | undefined, send: () => Promise<{ data: T }>) => {
		try {
			return await withBackoff(async () => {
				await pacer?.take(kind);
				return (await send()).data;
			}, backoff);
		} catch (error) {
			throw explain(error, { doing, spreadsheetId, user });
		}
	};
	/** One Drive request (Drive has its own quota: not paced against the Sheets one). */
	const drive = async <T>(request: { path: string; method: 'GET' | 'POST'; params?: Record<string, string>; data?: unknown }) =>
		(await client.request<T>({ url: `${root}drive/v3/${request.path}`, method: request.method, params: request.params, data: request.data })).data;
	const driveCall = async <T>(doing: string, spreadsheetId: string | undefined, send: () => Promise<T>, retry = true) => {
		try {
			return retry ? await withBackoff(send, backoff) : await send();
		} catch (error) {
			throw explainDrive(error, { doing, spreadsheetId, user });
		}
	};

	/** Ranges (A1, tabs quoted) of one spreadsheet in one request, cells as the sheet shows them. */
	const readRanges = async (spreadsheetId: string, ranges: string[], doing: string) => {
		const data = await sheetsCall('read', doing, spreadsheetId, () =>
			api.spreadsheets.values.batchGet({ spreadsheetId, ranges, valueRenderOption: 'FORMATTED_VALUE' }),
		);
		const read = data.valueRanges ?? [];
		return ranges.map((_, index) => (read[index]?.values ?? []).map((row) => row.map((cell) => String(cell ?? ''))));
	};
	const reading = (tabs: readonly string[]) => `reading the ${tabs.join(', ')} tab${tabs.length > 1 ? 's' : ''}`;
	const byTab = (tabs: readonly string[], values: string[][][]) => Object.fromEntries(tabs.map((tab, index) => [tab, values[index]]));

	return {
		async readTabs(spreadsheetId, tabs) {
			return byTab(tabs, await readRanges(spreadsheetId, tabs.map(quote), reading(tabs)));
		},
		async readTabsLocked(spreadsheetId, tabs, lockOptions) {
			const { lock, data } = await acquireLockWith(lockSession, spreadsheetId, lockOptions, {
				withLock: async (lockRange) => {
					const [lockRows, ...values] = await readRanges(spreadsheetId, [lockRange, ...tabs.map(quote)], reading(tabs));
					return { lockRows, data: values };
				},
				alone: () => readRanges(spreadsheetId, tabs.map(quote), reading(tabs)),
			});
			const release = () => {
				const write = lock.release();
				return { range: write.range, values: write.values.map((row) => row.map(String)) };
			};
			return { tabs: byTab(tabs, data), lock: { release } };
		},
		async writeRanges(spreadsheetId, data) {
			if (data.length === 0) return;
			await sheetsCall('write', 'writing to the spreadsheet', spreadsheetId, () =>
				api.spreadsheets.values.batchUpdate({ spreadsheetId, requestBody: { valueInputOption: 'RAW', data } }),
			);
		},
		async appendRows(spreadsheetId, tab, rows) {
			if (rows.length === 0) return;
			await sheetsCall('write', `adding rows to the ${tab} tab`, spreadsheetId, () =>
				api.spreadsheets.values.append({
					spreadsheetId,
					range: quote(tab),
					valueInputOption: 'RAW',
					insertDataOption: 'INSERT_ROWS',
					requestBody: { values: rows },
				}),
			);
		},
		async tabIds(spreadsheetId) {
			const data = await sheetsCall('read', 'reading the list of tabs', spreadsheetId, () =>
				api.spreadsheets.get({ spreadsheetId, fields: 'sheets.properties' }),
			);
			return new Map((data.sheets ?? []).map((sheet) => [sheet.properties?.title ?? '', sheet.properties?.sheetId ?? 0]));
		},
		async tabsWithCharts(spreadsheetId) {
			const data = await sheetsCall('read', 'reading the list of tabs', spreadsheetId, () =>
				api.spreadsheets.get({ spreadsheetId, fields: 'sheets(properties(sheetId,title),charts(chartId,spec))' }),
			);
			return (data.sheets ?? []).map((sheet) => ({ title: sheet.properties?.title ?? '', sheetId: sheet.properties?.sheetId ?? 0, charts: sheet.charts ?? [] }));
		},
		async batchUpdate(spreadsheetId, requests) {
			const data = await sheetsCall('write', 'changing the tabs', spreadsheetId, () =>
				api.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests } }),
			);
			return data.replies ?? [];
		},
		async ensureView(title, key) {
			const doing = `making the partner sheet "${title}"`;
			// Each attempt looks for the view first: a creation Google made but whose answer was lost
			// (a 5xx or a dropped connection after the commit) is found, never made twice.
			return driveCall(doing, undefined, async () => {
				const found = await drive<{ files?: Array<{ id?: string }> }>({
					path: 'files',
					method: 'GET',
					params: {
						q: `appProperties has { key='${VIEW_PROPERTY}' and value='${key}' } and mimeType = '${SPREADSHEET_MIME_TYPE}' and trashed = false`,
						fields: 'files(id)',
						spaces: 'drive',
					},
				});
				const existing = found.files?.find((file) => file.id)?.id;
				if (existing) return { spreadsheetId: existing, created: false };
				const made = await drive<{ id?: string }>({
					path: 'files',
					method: 'POST',
					params: { fields: 'id' },
					data: { name: title, mimeType: SPREADSHEET_MIME_TYPE, appProperties: { [VIEW_PROPERTY]: key } },
				});
				if (!made.id) throw new SheetsError(`Google did not return an id for the new spreadsheet "${title}"`, 502, '', 'Run the step again: the sheet is found, not made twice.');
				return { spreadsheetId: made.id, created: true };
			});
		},
		async share(spreadsheetId, email) {
			// A reader permission; Google emails the partner. Sharing the same person again keeps one permission.
			await driveCall(`sharing the partner sheet with ${email}`, spreadsheetId, () =>
				drive({
					path: `files/${encodeURIComponent(spreadsheetId)}/permissions`,
					method: 'POST',
					params: { sendNotificationEmail: 'true', fields: 'id' },
					data: { type: 'user', role: 'reader', emailAddress: email },
				}),
			);
		},
	};
}

function quote(title: string): string {
	return `'${title.replace(/'/g, "''")}'`;
}

/** Drive failures: the shared explanations, with Drive's own sign-in and setup problems named. */
function explainDrive(error: unknown, context: { doing: string; spreadsheetId?: string; user: string }): SheetsError {
	if (error instanceof SheetsError) return error;
	const status = statusOf(error);
	const message = String((error as { response?: { data?: { error?: { message?: string } } } })?.response?.data?.error?.message ?? (error as Error)?.message ?? '');
	if (status === 403 && /scope/i.test(message)) {
		return new SheetsError(
			`The Google credential of ${context.user} may not use Google Drive (while ${context.doing})`,
			status,
			message,
			`Partner sheets are made and shared through Google Drive with the scope ${DRIVE_FILE_SCOPE}: allow it for the service account (domain-wide delegation settings, if your Google Workspace limits scopes).`,
		);
	}
	if (status === 403 && /has not been used|is disabled|accessNotConfigured/i.test(message)) {
		return new SheetsError(
			`The Google Drive API is not enabled for the Google Cloud project of ${context.user} (while ${context.doing})`,
			status,
			message,
			'In Google Cloud, open APIs & Services → Library, enable "Google Drive API" for the project of the service account, wait a minute and run again.',
		);
	}
	return explain(error, context);
}
