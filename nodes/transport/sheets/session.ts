import { Readable } from 'node:stream';
import type { sheets_v4 } from '@googleapis/sheets';
import { accountOf, createSheetsApi, type GoogleCredentials } from './client';
import { collectValueRanges, type ColumnRead, type ColumnTable } from './columns';
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
 * Request bodies are serialized here, once: handed to the client as an object, a big body would be
 * deep-copied by the client library before being serialized anyway.
 */
const JSON_BODY = { headers: { 'Content-Type': 'application/json' } };
const jsonBody = (body: unknown): unknown => JSON.stringify(body);

/**
 * A big JSON body given as text parts, sent as a stream of them (with its Content-Length): no
 * single string or buffer of the whole body is made. A new stream per attempt.
 */
function partsBody(parts: readonly string[]): { body: Readable; headers: Record<string, string> } {
	let length = 0;
	for (const part of parts) length += Buffer.byteLength(part);
	const body = Readable.from(
		(function* () {
			for (const part of parts) yield Buffer.from(part);
		})(),
		{ objectMode: false },
	);
	return { body, headers: { 'Content-Type': 'application/json', 'Content-Length': String(length) } };
}

/** Rows per part of a streamed append body. */
const ROWS_PER_PART = 1000;

/** Reads a response stream to its end, keeping nothing (an already-parsed body is left alone). */
async function drain(body: unknown): Promise<void> {
	if (typeof body === 'object' && body !== null && typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
		const chunks = (body as AsyncIterable<unknown>)[Symbol.asyncIterator]();
		while (!(await chunks.next()).done) {
			// each chunk is dropped
		}
	}
}

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

	private async call<T>(
		kind: 'read' | 'write',
		doing: string,
		spreadsheetId: string | undefined,
		send: () => Promise<{ data: T }>,
		streamed = false,
	): Promise<T> {
		try {
			return await withBackoff(async () => {
				await this.pacer?.take(kind);
				this.requests++;
				try {
					return (await send()).data;
				} catch (error) {
					// A failed streamed request carries Google's error envelope as text: parse it for explain().
					const response = (error as { response?: { data?: unknown } })?.response;
					if (streamed && response && typeof response.data === 'string') {
						try {
							response.data = JSON.parse(response.data);
						} catch {
							// not JSON: keep the text
						}
					}
					// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- transport layer: explain() below turns it into a SheetsError, the node into a NodeOperationError
					throw error;
				}
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

	/**
	 * Reads several ranges in one request (like `batchGet`), keeping only what `reads` asks for:
	 * the answer is parsed as it streams in, row by row, into column arrays by header name (see
	 * columns.ts), with a field mask so Google sends nothing but the values. A retried request
	 * starts over from nothing.
	 */
	readColumns(spreadsheetId: string, reads: readonly ColumnRead[], doing: string): Promise<ColumnTable[]> {
		return this.call('read', doing, spreadsheetId, async () => {
			const response = await this.api.spreadsheets.values.batchGet(
				{
					spreadsheetId,
					ranges: reads.map((read) => read.range),
					valueRenderOption: 'UNFORMATTED_VALUE',
					majorDimension: 'ROWS',
					fields: 'valueRanges(values)',
				},
				{ responseType: 'stream' },
			);
			return { data: await collectValueRanges(response.data, reads) };
		}, true);
	}

	/** Writes several ranges in one request, RAW: all or nothing. */
	batchUpdateValues(spreadsheetId: string, data: Array<{ range: string; values: Row[] }>, doing: string): Promise<sheets_v4.Schema$BatchUpdateValuesResponse> {
		const body = jsonBody({ valueInputOption: 'RAW', data });
		return this.call('write', doing, spreadsheetId, () =>
			this.api.spreadsheets.values.batchUpdate({ spreadsheetId, requestBody: body as sheets_v4.Schema$BatchUpdateValuesRequest }, JSON_BODY),
		);
	}

	/**
	 * batchUpdateValues for big writes whose answer is not needed: Google is asked for the total
	 * only (a field mask), and whatever comes back is read and dropped as it arrives instead of
	 * being parsed into one response per range. A write may be given as its JSON text (several
	 * writes joined with commas), so a big run need not hold them all as objects.
	 */
	updateValues(spreadsheetId: string, data: Array<{ range: string; values: Row[] } | string>, doing: string): Promise<void> {
		// A write may come as its JSON text already (a big run serializes its writes as it makes them).
		const parts: string[] = ['{"valueInputOption":"RAW","data":['];
		data.forEach((write, i) => parts.push((i ? ',' : '') + (typeof write === 'string' ? write : JSON.stringify(write))));
		parts.push(']}');
		return this.call(
			'write',
			doing,
			spreadsheetId,
			async () => {
				const { body, headers } = partsBody(parts);
				const response = await this.api.spreadsheets.values.batchUpdate(
					{ spreadsheetId, fields: 'totalUpdatedCells', requestBody: body as sheets_v4.Schema$BatchUpdateValuesRequest },
					{ headers, responseType: 'stream' },
				);
				await drain(response.data);
				return { data: undefined };
			},
			true,
		);
	}

	/** Appends rows after the tab's table, RAW, inserting rows (never overwriting what is below a gap). */
	append(spreadsheetId: string, range: string, values: Row[], doing: string): Promise<sheets_v4.Schema$AppendValuesResponse> {
		// Sent as parts of ROWS_PER_PART rows: thousands of touches need no single body string.
		const parts: string[] = ['{"values":['];
		for (let from = 0; from < values.length; from += ROWS_PER_PART) {
			const text = JSON.stringify(values.slice(from, from + ROWS_PER_PART));
			parts.push((from ? ',' : '') + text.slice(1, -1));
		}
		parts.push(']}');
		return this.call('write', doing, spreadsheetId, () => {
			const { body, headers } = partsBody(parts);
			return this.api.spreadsheets.values.append(
				{
					spreadsheetId,
					range,
					valueInputOption: 'RAW',
					insertDataOption: 'INSERT_ROWS',
					requestBody: body as sheets_v4.Schema$ValueRange,
				},
				{ headers },
			);
		});
	}
}
