import { responseOf, statusOf, type RetryReport } from './retry';

/**
 * A Google Sheets failure told in words a loan officer can act on. `googleMessage` keeps Google's
 * own text for whoever debugs it.
 */
export class SheetsError extends Error {
	constructor(
		message: string,
		readonly status: number,
		readonly googleMessage: string,
		readonly hint: string,
	) {
		super(message);
		this.name = 'SheetsError';
	}
}

export interface CallContext {
	/** What we were doing, e.g. "reading the Leads, Cadences and Touches tabs". */
	doing: string;
	spreadsheetId?: string;
	/** The Google account the node signs in as. */
	user: string;
}

function googleMessageOf(error: unknown): { message: string; status: string; reason: string } {
	const body = responseOf(error)?.data as { error?: { message?: string; status?: string; details?: Array<{ reason?: string }> } } | undefined;
	const data = body && typeof body === 'object' && typeof body.error === 'object' ? body.error : undefined;
	return {
		message: data?.message ?? String((error as Error)?.message ?? error),
		status: data?.status ?? '',
		reason: data?.details?.find((d) => d.reason)?.reason ?? '',
	};
}

/**
 * The OAuth2 token refresh n8n makes was refused (a revoked or expired refresh token): the OAuth2
 * client's AuthError (code EAUTH), as such or as the NodeApiError n8n wraps it in (httpCode EAUTH).
 */
function refreshRefused(error: unknown): { said: string } | null {
	const e = error as { code?: unknown; httpCode?: unknown; message?: unknown; body?: { error_description?: unknown } } | undefined;
	if (e?.code !== 'EAUTH' && e?.httpCode !== 'EAUTH') return null;
	return { said: String(e.body?.error_description ?? e.message ?? '') };
}

export function explain(error: unknown, context: CallContext): SheetsError {
	if (error instanceof SheetsError) return error;
	const refused = refreshRefused(error);
	const status = refused ? 401 : statusOf(error);
	const google = googleMessageOf(error);
	const report = (error as { retryReport?: RetryReport })?.retryReport;
	const tries = report && report.attempts > 1 ? ` after ${report.attempts} tries over ${Math.round(report.waitedMs / 1000)} s` : '';
	const id = context.spreadsheetId ? `"${context.spreadsheetId}"` : '';
	const make = (message: string, hint: string) =>
		new SheetsError(`${message} (while ${context.doing})`, status, google.message, hint);

	if (status === 401) {
		return make(
			`Google did not accept the sign-in of ${context.user}${refused?.said ? `: ${refused.said}` : ''}`,
			'Check the Google credential: paste the service account JSON key again, or reconnect the Google account.',
		);
	}
	if (status === 403 && /scope/i.test(google.message)) {
		return make(
			`The Google credential of ${context.user} is not allowed to use Google Sheets`,
			'Reconnect the Google credential; it needs the Google Sheets permission (scope https://www.googleapis.com/auth/spreadsheets).',
		);
	}
	if (status === 403 && !context.spreadsheetId && isServiceAccountEmail(context.user)) return cannotOwnFiles(error, context, status);
	if (status === 403) {
		return make(
			`The spreadsheet ${id} is not shared with ${context.user}`,
			`Open the spreadsheet in Google Sheets, click Share, and add ${context.user} as an Editor.`,
		);
	}
	if (status === 404) {
		return make(
			`No spreadsheet with the ID ${id} was found`,
			'Copy the ID from the spreadsheet address: docs.google.com/spreadsheets/d/<this part>/edit.',
		);
	}
	const missingTab = /^Unable to parse range: (.*)$/.exec(google.message);
	if (status === 400 && missingTab) {
		const tab = missingTab[1].replace(/!.*$/, '').replace(/^'(.*)'$/, '$1').replace(/''/g, "'");
		return make(
			`The spreadsheet has no "${tab}" tab`,
			`Run the tracker's "Create Tracker" operation on this spreadsheet to add the missing tabs, or rename the tab back to "${tab}".`,
		);
	}
	if (status === 400 && /above the limit of 10000000 cells/.test(google.message)) {
		return make(
			'The spreadsheet is full: Google allows 10 million cells per spreadsheet',
			'Move old rows of the Touches tab to an archive spreadsheet, then run again. Nothing was written.',
		);
	}
	if (status === 429) {
		return make(
			`Google's per-minute request limit for ${context.user} is still exceeded${tries}`,
			'Nothing from this step was lost: run it again in a minute, or run the workflow less often.',
		);
	}
	if (status >= 500) {
		return make(
			`Google Sheets is unavailable (HTTP ${status})${tries}`,
			'This is on Google\'s side. Nothing from this step was lost: run it again later.',
		);
	}
	if (status === 0) {
		return make(
			`Could not reach Google Sheets (${google.message})${tries}`,
			'Check the internet connection of the n8n machine, then run again.',
		);
	}
	return make(`Google Sheets refused the request: ${google.message}`, 'Check the Spreadsheet ID and the tracker tabs.');
}

/** A tab whose header row lost a column the tracker needs. */
export function headerChanged(tab: string, missing: string[]): SheetsError {
	return new SheetsError(
		`The "${tab}" tab has no ${missing.map((m) => `"${m}"`).join(', ')} column in its first row`,
		400,
		'',
		`Put the header${missing.length > 1 ? 's' : ''} back in row 1 of "${tab}" (columns may be in any order, and you may add your own).`,
	);
}

/** A Google service account's address (client_email of its JSON key). */
export const isServiceAccountEmail = (email: string) => /@[^@\s]+\.gserviceaccount\.com$/i.test(email.trim());

/**
 * Google gives service accounts no Drive storage (since 2025): a file one makes must go in a
 * shared drive, else Drive answers 403 storageQuotaExceeded (Sheets: "The caller does not have
 * permission"). Said in the LO's words, with the two ways out.
 */
function cannotOwnFiles(error: unknown, context: CallContext, status: number): SheetsError {
	return new SheetsError(
		`Google does not let the service account ${context.user} own files, so it cannot make a new spreadsheet (while ${context.doing})`,
		status,
		googleMessageOf(error).message,
		`Either sign this node in with your own Google account (Authentication: OAuth2), so the new spreadsheet is yours; or, with Google Workspace, make a folder in a shared drive, add ${context.user} to the shared drive as Content manager, and give that folder's ID (the last part of its address, drive.google.com/drive/folders/<ID>) for partner sheets in a row "driveFolderId" of the tracker's Settings tab, for a new tracker as Create Tracker's Folder ID.`,
	);
}

/** Drive failures: the shared explanations, with Drive's own permission and setup problems named. */
export function explainDrive(error: unknown, context: CallContext, scope: string): SheetsError {
	if (error instanceof SheetsError) return error;
	const status = statusOf(error);
	const message = googleMessageOf(error).message;
	const reasons = ((responseOf(error)?.data as { error?: { errors?: Array<{ reason?: string }> } } | undefined)?.error?.errors ?? []).map((e) => e.reason);
	const missing = /^File not found: (.*?)\.?$/.exec(message);
	if (status === 404 && missing) {
		return new SheetsError(
			`Google Drive has no folder or file "${missing[1]}" that ${context.user} can use (while ${context.doing})`,
			status,
			message,
			`Check the folder ID (the last part of the folder's address, drive.google.com/drive/folders/<ID>). A folder of a shared drive is found only when ${context.user} is a member of that shared drive (Content manager).`,
		);
	}
	if (status === 403 && (reasons.includes('storageQuotaExceeded') || /storage quota/i.test(message))) {
		if (isServiceAccountEmail(context.user)) return cannotOwnFiles(error, context, status);
		return new SheetsError(
			`The Google Drive of ${context.user} is full, so no new spreadsheet can be made (while ${context.doing})`,
			status,
			message,
			'Free some space in Google Drive (or buy more storage), then run again. Nothing was made.',
		);
	}
	if (status === 403 && /scope/i.test(message)) {
		return new SheetsError(
			`The Google credential of ${context.user} may not use Google Drive (while ${context.doing})`,
			status,
			message,
			`Partner sheets are made and shared through Google Drive with the scope ${scope}: reconnect the Google account allowing Drive, or for a service account allow that scope (domain-wide delegation settings, if your Google Workspace limits scopes).`,
		);
	}
	if (status === 403 && /has not been used|is disabled|accessNotConfigured/i.test(message)) {
		return new SheetsError(
			`The Google Drive API is not enabled for the Google Cloud project of ${context.user} (while ${context.doing})`,
			status,
			message,
			'In Google Cloud, open APIs & Services → Library, enable "Google Drive API" for the project of the credential, wait a minute and run again.',
		);
	}
	return explain(error, context);
}
