import type { sheets_v4 } from '@googleapis/sheets';
import { accountOf, createSheetsApi, type GoogleCredentials } from './client';
import { explain } from './errors';
import { pacerFor, QuotaPacer, type PacingLimits } from './pacer';
import { defaultSleep, withBackoff, type BackoffOptions } from './retry';

export interface SessionOptions extends BackoffOptions {
	/** Clock for pacing and lock leases (default Date.now). */
	now?: () => number;
	/** Quota pacing; false turns it off, a number pair sets custom limits. Default Google's 60/60. */
	pacing?: PacingLimits | false;
	/** Use this client instead of building one (tests). */
	api?: sheets_v4.Sheets;
}

export type Row = unknown[];

/**
 * Every call the tracker makes to Google goes through here: paced to the per-user quota, retried
 * with backoff on 429/5xx, failures explained in LO words. All writes are RAW. `requests` counts
 * the HTTP requests sent (retries included), which the benchmark reports.
 */
export class SheetsSession {
	readonly api: sheets_v4.Sheets;
	readonly user: string;
	readonly now: () => number;
	readonly sleep: (ms: number) => Promise<void>;
	requests = 0;
	private readonly pacer: QuotaPacer | null;

	constructor(
		credentials: GoogleCredentials,
		private readonly options: SessionOptions = {},
	) {
		this.api = options.api ?? createSheetsApi(credentials);
		this.user = accountOf(credentials);
		this.now = options.now ?? Date.now;
		this.sleep = options.sleep ?? defaultSleep;
		if (options.pacing === false) this.pacer = null;
		else if (options.pacing || options.now || options.sleep) this.pacer = new QuotaPacer(options.pacing || undefined, this.now, this.sleep);
		else this.pacer = pacerFor(this.user);
	}

	private async call<T>(kind: 'read' | 'write', doing: string, spreadsheetId: string | undefined, send: () => Promise<{ data: T }>): Promise<T> {
		try {
			return await withBackoff(async () => {
				await this.pacer?.take(kind);
				this.requests++;
				return (await send()).data;
			}, this.options);
		} catch (error) {
			throw explain(error, { doing, spreadsheetId, user: this.user });
		}
	}

	createSpreadsheet(body: sheets_v4.Schema$Spreadsheet): Promise<sheets_v4.Schema$Spreadsheet> {
		return this.call('write', 'creating the tracker spreadsheet', undefined, () => this.api.spreadsheets.create({ requestBody: body }));
	}

	getSpreadsheet(spreadsheetId: string): Promise<sheets_v4.Schema$Spreadsheet> {
		return this.call('read', 'reading the list of tabs', spreadsheetId, () => this.api.spreadsheets.get({ spreadsheetId }));
	}

	batchUpdate(spreadsheetId: string, requests: sheets_v4.Schema$Request[], doing: string): Promise<sheets_v4.Schema$BatchUpdateSpreadsheetResponse> {
		return this.call('write', doing, spreadsheetId, () => this.api.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests } }));
	}

	/** Reads several ranges in one request, values typed (UNFORMATTED_VALUE). */
	async batchGet(spreadsheetId: string, ranges: string[], doing: string): Promise<Row[][]> {
		const data = await this.call('read', doing, spreadsheetId, () =>
			this.api.spreadsheets.values.batchGet({ spreadsheetId, ranges, valueRenderOption: 'UNFORMATTED_VALUE', majorDimension: 'ROWS' }),
		);
		return (data.valueRanges ?? []).map((range) => (range.values ?? []) as Row[]);
	}

	/** Writes several ranges in one request, RAW: all or nothing. */
	batchUpdateValues(spreadsheetId: string, data: Array<{ range: string; values: Row[] }>, doing: string): Promise<sheets_v4.Schema$BatchUpdateValuesResponse> {
		return this.call('write', doing, spreadsheetId, () =>
			this.api.spreadsheets.values.batchUpdate({ spreadsheetId, requestBody: { valueInputOption: 'RAW', data } }),
		);
	}

	/** Appends rows after the tab's table, RAW, inserting rows (never overwriting what is below a gap). */
	append(spreadsheetId: string, range: string, values: Row[], doing: string): Promise<sheets_v4.Schema$AppendValuesResponse> {
		return this.call('write', doing, spreadsheetId, () =>
			this.api.spreadsheets.values.append({
				spreadsheetId,
				range,
				valueInputOption: 'RAW',
				insertDataOption: 'INSERT_ROWS',
				requestBody: { values },
			}),
		);
	}
}
