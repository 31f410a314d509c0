import type { sheets_v4 } from '@googleapis/sheets';

/**
 * The few spreadsheet calls the referral operations make. Every operation works through this
 * interface so the number of API requests per run is visible in one place: one read of the
 * tracker, one write per tab, and per partner view one read and one write.
 */
export type CellValue = string | number;

export interface ReferralSheets {
	/** The named tabs of one spreadsheet in one request (values as the sheet shows them). */
	readTabs(spreadsheetId: string, tabs: readonly string[]): Promise<Record<string, string[][]>>;
	/** Several ranges of one spreadsheet written in one request, RAW (text stays text). */
	writeRanges(spreadsheetId: string, data: Array<{ range: string; values: CellValue[][] }>): Promise<void>;
	/** Tab title -> sheetId, in one request. */
	tabIds(spreadsheetId: string): Promise<Map<string, number>>;
	/** A new spreadsheet with one tab; returns its id and the tab's sheetId. */
	createSpreadsheet(title: string, tab: string, frozenRows: number): Promise<{ spreadsheetId: string; sheetId: number }>;
	/** Structural changes (new tab, chart) in one atomic request; returns the replies. */
	batchUpdate(spreadsheetId: string, requests: sheets_v4.Schema$Request[]): Promise<sheets_v4.Schema$Response[]>;
	/** Gives `email` read access to the spreadsheet (Google Drive permission). */
	share(spreadsheetId: string, email: string): Promise<void>;
}

/** A1 name of a tab, quoted so titles with spaces or digits are read as titles. */
export function quoteTab(title: string): string {
	return `'${title.replace(/'/g, "''")}'`;
}

/** Column letters for a 1-based column number: 1 -> A, 27 -> AA. */
export function columnLetter(column: number): string {
	let letters = '';
	for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
	return letters;
}

/**
 * ReferralSheets over the real Sheets v4 client. Sharing is a Google Drive call, so it is
 * passed in (the caller's authorized request function), keeping this file about Sheets.
 */
export function referralSheetsFromClient(
	api: sheets_v4.Sheets,
	share: (spreadsheetId: string, email: string) => Promise<void>,
	/** Wraps every request: retries with backoff (the shared Sheets transport) in the node. */
	call: <T>(request: () => Promise<T>) => Promise<T> = (request) => request(),
): ReferralSheets {
	const sheets: ReferralSheets = {
		async readTabs(spreadsheetId, tabs) {
			const response = await api.spreadsheets.values.batchGet({
				spreadsheetId,
				ranges: tabs.map(quoteTab),
				valueRenderOption: 'FORMATTED_VALUE',
			});
			const ranges = response.data.valueRanges ?? [];
			return Object.fromEntries(tabs.map((tab, index) => [tab, (ranges[index]?.values ?? []).map((row) => row.map((cell) => String(cell ?? '')))]));
		},
		async writeRanges(spreadsheetId, data) {
			if (data.length === 0) return;
			await api.spreadsheets.values.batchUpdate({
				spreadsheetId,
				requestBody: { valueInputOption: 'RAW', data },
			});
		},
		async tabIds(spreadsheetId) {
			const response = await api.spreadsheets.get({ spreadsheetId, fields: 'sheets.properties' });
			return new Map(
				(response.data.sheets ?? []).map((sheet) => [sheet.properties?.title ?? '', sheet.properties?.sheetId ?? 0]),
			);
		},
		async createSpreadsheet(title, tab, frozenRows) {
			const response = await api.spreadsheets.create({
				requestBody: {
					properties: { title },
					sheets: [{ properties: { title: tab, gridProperties: { frozenRowCount: frozenRows } } }],
				},
			});
			const spreadsheetId = response.data.spreadsheetId;
			if (!spreadsheetId) throw new Error(`Google did not return an id for the new spreadsheet "${title}"`);
			return { spreadsheetId, sheetId: response.data.sheets?.[0]?.properties?.sheetId ?? 0 };
		},
		async batchUpdate(spreadsheetId, requests) {
			const response = await api.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests } });
			return response.data.replies ?? [];
		},
		share,
	};
	const wrapped = {} as Record<keyof ReferralSheets, unknown>;
	for (const [name, method] of Object.entries(sheets) as Array<[keyof ReferralSheets, (...args: unknown[]) => Promise<unknown>]>) {
		wrapped[name] = (...args: unknown[]) => call(() => method(...args));
	}
	return wrapped as unknown as ReferralSheets;
}
