import { statusOf, type RetryReport } from './retry';

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
	const data = (error as { response?: { data?: { error?: { message?: string; status?: string; details?: Array<{ reason?: string }> } } } })
		?.response?.data?.error;
	return {
		message: data?.message ?? String((error as Error)?.message ?? error),
		status: data?.status ?? '',
		reason: data?.details?.find((d) => d.reason)?.reason ?? '',
	};
}

export function explain(error: unknown, context: CallContext): SheetsError {
	if (error instanceof SheetsError) return error;
	const status = statusOf(error);
	const google = googleMessageOf(error);
	const report = (error as { retryReport?: RetryReport })?.retryReport;
	const tries = report && report.attempts > 1 ? ` after ${report.attempts} tries over ${Math.round(report.waitedMs / 1000)} s` : '';
	const id = context.spreadsheetId ? `"${context.spreadsheetId}"` : '';
	const make = (message: string, hint: string) =>
		new SheetsError(`${message} (while ${context.doing})`, status, google.message, hint);

	if (status === 401) {
		return make(
			`Google did not accept the sign-in of ${context.user}`,
			'Check the Google credential: paste the service account JSON key again, or reconnect the Google account.',
		);
	}
	if (status === 403 && /scope/i.test(google.message)) {
		return make(
			`The Google credential of ${context.user} is not allowed to use Google Sheets`,
			'Reconnect the Google credential; it needs the Google Sheets permission (scope https://www.googleapis.com/auth/spreadsheets).',
		);
	}
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
			'Check the internet connection of n8n, and the Base URL of the credential if one is set.',
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
