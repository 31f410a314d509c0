import { unescapeText, type CellValue, type Row, type SheetsSession } from '../../transport/sheets';
import { appendRange, quoteTab } from '../../transport/sheets/a1';
import { appendedRows } from '../../transport/sheets/landed';
import type { EmbeddedChart, Request, Response } from '../../transport/sheets/types';

/**
 * The few Google calls the referral runs make, all through the one Google session (paced,
 * retried, explained there): one read of the tracker, one write per tab, and per partner view one
 * read and one write (plus, the first time, finding or making the view and sharing it). Here only
 * what differs from the Lead Tracker's use of the session: tabs read as the sheet shows them
 * (FORMATTED_VALUE: a date an LO typed reads as typed), cells as text, and the Drive calls for
 * partner views.
 */

/** The Drive appProperty that marks a partner view, so a lost creation is found again. */
export const VIEW_PROPERTY = 'mortgageFollowupPartnerView';
const SPREADSHEET_MIME_TYPE = 'application/vnd.google-apps.spreadsheet';

const reading = (tabs: readonly string[]) => `reading the ${tabs.join(', ')} tab${tabs.length > 1 ? 's' : ''}`;

export class ReferralSheets {
	constructor(readonly session: SheetsSession) {}

	/** Ranges (A1, tabs quoted) of one spreadsheet in one request, cells as text as the sheet shows them. */
	async readShown(spreadsheetId: string, ranges: string[], doing: string): Promise<string[][][]> {
		const read = await this.session.batchGet(spreadsheetId, ranges, doing, 'FORMATTED_VALUE');
		return ranges.map((_, index) => (read[index] ?? []).map((row) => row.map((cell) => String(cell ?? ''))));
	}

	/** The named tabs of one spreadsheet in one request (values as the sheet shows them, the pack's text escapes undone). */
	async readTabs(spreadsheetId: string, tabs: readonly string[]): Promise<Record<string, string[][]>> {
		return byTab(tabs, await this.readShown(spreadsheetId, tabs.map(quoteTab), reading(tabs)));
	}

	/** readTabs in the same request as the lock tab (first), for the tracker lock (see run.ts). */
	async readTabsWith(spreadsheetId: string, lockRange: string, tabs: readonly string[]): Promise<{ lockRows: string[][]; tabs: Record<string, string[][]> }> {
		const [lockRows, ...values] = await this.readShown(spreadsheetId, [lockRange, ...tabs.map(quoteTab)], reading(tabs));
		return { lockRows, tabs: byTab(tabs, values) };
	}

	/** Several ranges of one spreadsheet written in one request, RAW (text stays text). Nothing to write, no request. */
	async writeRanges(spreadsheetId: string, data: Array<{ range: string; values: Row[] }>): Promise<void> {
		if (data.length === 0) return;
		await this.session.batchUpdateValues(spreadsheetId, data, 'writing to the spreadsheet');
	}

	/**
	 * Rows added below a tab's table in one request, RAW, inserting rows: Google places them, so two
	 * runs appending at the same moment never write over each other's rows; found by column A, so a
	 * note below the table moves nothing (appendRange).
	 *
	 * `key`: the column (0-based) that tells the rows apart (a referralId). When an answer is lost
	 * after a failure Google may have applied (a 503 or a timeout after the commit), the session
	 * looks for the rows by that key (landed.ts, as the Lead Tracker's appends do) before it
	 * appends again: a retried append never adds the rows twice. The run holds the tracker lock,
	 * so nobody else added those keys in between.
	 */
	async appendRows(spreadsheetId: string, tab: string, rows: CellValue[][], key?: { column: number }): Promise<void> {
		if (rows.length === 0) return;
		const landed = key === undefined ? undefined : () => appendedRows(this.session, spreadsheetId, tab, key.column, rows.map((row) => row[key.column] ?? ''), 1);
		await this.session.append(spreadsheetId, appendRange(tab), rows, `adding rows to the ${tab} tab`, landed);
	}

	/** Tab title -> sheetId, in one request. */
	async tabIds(spreadsheetId: string): Promise<Map<string, number>> {
		const data = await this.session.getSpreadsheet(spreadsheetId, 'sheets.properties');
		return new Map((data.sheets ?? []).map((sheet) => [sheet.properties?.title ?? '', sheet.properties?.sheetId ?? 0]));
	}

	/** Every tab with its sheetId and charts (id and spec), in one request. */
	async tabsWithCharts(spreadsheetId: string): Promise<Array<{ title: string; sheetId: number; charts: EmbeddedChart[] }>> {
		const data = await this.session.getSpreadsheet(spreadsheetId, 'sheets(properties(sheetId,title),charts(chartId,spec))');
		return (data.sheets ?? []).map((sheet) => ({ title: sheet.properties?.title ?? '', sheetId: sheet.properties?.sheetId ?? 0, charts: sheet.charts ?? [] }));
	}

	/** Structural changes (new tab, chart) in one atomic request; returns the replies. */
	async batchUpdate(spreadsheetId: string, requests: Request[]): Promise<Response[]> {
		return (await this.session.batchUpdate(spreadsheetId, requests, 'changing the tabs')).replies ?? [];
	}

	/**
	 * The partner view spreadsheet marked with `key` (a Drive appProperty set when it was made),
	 * else a new empty one titled `title` carrying that mark, in the Drive folder `folderId` when
	 * given (a service account may only make files in a shared drive's folder). Safe to retry: a creation whose answer
	 * was lost is found by its mark on the next attempt, so a partner never gets a second sheet.
	 */
	async ensureView(title: string, key: string, folderId = ''): Promise<{ spreadsheetId: string; created: boolean }> {
		const file = await this.session.findOrCreateFile(
			{ name: title, mimeType: SPREADSHEET_MIME_TYPE, ...(folderId ? { parents: [folderId] } : {}) },
			{ key: VIEW_PROPERTY, value: key },
			`making the partner sheet "${title}"`,
		);
		return { spreadsheetId: file.id, created: file.created };
	}

	/** Gives `email` read access to the spreadsheet (a Drive permission; Google emails them). Sharing again keeps one permission. */
	async share(spreadsheetId: string, email: string): Promise<void> {
		await this.session.createPermission(spreadsheetId, { type: 'user', role: 'reader', emailAddress: email }, `sharing the partner sheet with ${email}`);
	}
}

/** Tab cells as text, each written by the pack's one escaping rule (toCell) read back as it was meant. */
function byTab(tabs: readonly string[], values: string[][][]): Record<string, string[][]> {
	return Object.fromEntries(tabs.map((tab, index) => [tab, (values[index] ?? []).map((row) => row.map(unescapeText))]));
}
