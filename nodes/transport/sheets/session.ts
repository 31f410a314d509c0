import type { IHttpRequestOptions } from 'n8n-workflow';
import { DRIVE_FILE_SCOPE, type GoogleClient } from './client';
import { collectValueRanges, type ColumnRead, type ColumnTable } from './columns';
import { SheetsError, explain, explainDrive } from './errors';
import { pacerFor, QuotaPacer, type PacingLimits } from './pacer';
import { defaultSleep, mayHaveApplied, responseOf, withBackoff, type BackoffOptions } from './retry';
import type {
	AppendValuesResponse,
	BatchGetValuesResponse,
	BatchUpdateSpreadsheetResponse,
	BatchUpdateValuesResponse,
	DriveFile,
	DriveFileList,
	DrivePermission,
	Request,
	Row,
	Spreadsheet,
} from './types';

export type { Row } from './types';

/** Looks whether a write whose answer was lost was applied: its answer as if it had come, or null. */
export type Landed<T> = () => Promise<T | null>;

export interface SessionOptions extends BackoffOptions {
	/** Clock for pacing and lock leases (default Date.now). */
	now?: () => number;
	/** Quota pacing; false turns it off, a number pair sets custom limits. Default Google's 60/60. */
	pacing?: PacingLimits | false;
}

/** How cells come back: typed values (the tracker's reads) or the text the sheet shows. */
export type ValueRenderOption = 'UNFORMATTED_VALUE' | 'FORMATTED_VALUE';

/** Rows per part of a big body (each part is serialized on its own and sent on its own). */
const ROWS_PER_PART = 1000;

/**
 * A big JSON body as its text parts, sent part by part: no string or buffer of the whole body is
 * ever made (a 100,000-lead write is tens of MB). What n8n's HTTP client needs of a readable body
 * is `pipe` plus the end/error/close events (node:stream itself is not available to the pack);
 * each part becomes bytes only when the connection takes it, waiting for 'drain' when it is full.
 * A new `stream()` per attempt: a retried request sends the parts again.
 */
export class JsonParts {
	readonly length: number;

	constructor(readonly parts: readonly string[]) {
		let length = 0;
		for (const part of parts) length += Buffer.byteLength(part);
		this.length = length;
	}

	stream(): PartsStream {
		return new PartsStream(this.parts);
	}
}

interface Writable {
	write(chunk: Buffer): boolean;
	end(): void;
	once(event: 'drain', listener: () => void): unknown;
}

type Listener = (...args: unknown[]) => void;

class PartsStream {
	private readonly listeners = new Map<string, Listener[]>();

	constructor(private readonly parts: readonly string[]) {}

	/** Iterable, so n8n counts the body as non-empty. */
	[Symbol.iterator](): Iterator<string> {
		return this.parts[Symbol.iterator]();
	}

	on(event: string, listener: Listener): this {
		this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
		return this;
	}

	once(event: string, listener: Listener): this {
		const wrapped: Listener = (...args) => {
			this.listeners.set(event, (this.listeners.get(event) ?? []).filter((l) => l !== wrapped));
			listener(...args);
		};
		return this.on(event, wrapped);
	}

	pipe<T extends Writable>(destination: T): T {
		let next = 0;
		const flow = (): void => {
			while (next < this.parts.length) {
				if (!destination.write(Buffer.from(this.parts[next++]))) {
					destination.once('drain', flow);
					return;
				}
			}
			destination.end();
			this.emit('end');
			this.emit('close');
		};
		flow();
		return destination;
	}

	private emit(event: string): void {
		for (const listener of this.listeners.get(event) ?? []) listener();
	}
}

/** The values.batchUpdate body (RAW); a write may come as its JSON text already (a big run serializes its writes as it makes them). */
function updateBody(data: ReadonlyArray<{ range: string; values: Row[] } | string>): JsonParts {
	const parts: string[] = ['{"valueInputOption":"RAW","data":['];
	data.forEach((write, i) => parts.push((i ? ',' : '') + (typeof write === 'string' ? write : JSON.stringify(write))));
	parts.push(']}');
	return new JsonParts(parts);
}

/** The values.append body, serialized in parts of ROWS_PER_PART rows: thousands of touches need no single body string. */
function appendBody(values: readonly Row[]): JsonParts {
	const parts: string[] = ['{"values":['];
	for (let from = 0; from < values.length; from += ROWS_PER_PART) {
		const text = JSON.stringify(values.slice(from, from + ROWS_PER_PART));
		parts.push((from ? ',' : '') + text.slice(1, -1));
	}
	parts.push(']}');
	return new JsonParts(parts);
}

/** The answer of a failed streamed request is a stream too: read it (Google's error envelope) for explain(). */
async function readErrorStream(error: unknown): Promise<void> {
	const response = responseOf(error) as { data?: unknown } | undefined;
	const data = response?.data;
	if (!response || typeof data !== 'object' || data === null || typeof (data as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function') return;
	let text = '';
	const decoder = new TextDecoder('utf-8');
	for await (const chunk of data as AsyncIterable<unknown>) text += typeof chunk === 'string' ? chunk : decoder.decode(chunk as Uint8Array, { stream: true });
	text += decoder.decode();
	let parsed: unknown = text;
	try {
		parsed = JSON.parse(text);
	} catch {
		// not JSON: keep the text
	}
	response.data = parsed;
	// Through n8n's authenticated helper the answer is the NodeApiError's context.data.
	const context = (error as { context?: { data?: unknown } }).context;
	if (context && context.data === data) context.data = parsed;
}

const quoted = (text: string) => encodeURIComponent(text);

/**
 * Every call the pack makes to Google goes through here, sent by n8n's request helpers (see
 * client.ts for the sign-in): Sheets calls paced to the per-user quota, every call retried with
 * backoff on 429/5xx, failures explained in LO words (SheetsError; the node turns it into a
 * NodeApiError with the hint). All writes are RAW. `requests` counts the HTTP requests sent to
 * Sheets and Drive (retries included; the token exchange is not counted), which the benchmark reports.
 */
export class SheetsSession {
	readonly user: string;
	readonly now: () => number;
	readonly sleep: (ms: number) => Promise<void>;
	requests = 0;
	private readonly pacer: QuotaPacer | null;

	constructor(
		readonly client: GoogleClient,
		private readonly options: SessionOptions = {},
	) {
		this.user = client.user;
		this.now = options.now ?? Date.now;
		this.sleep = options.sleep ?? defaultSleep;
		if (options.pacing === false) this.pacer = null;
		else if (options.pacing || options.now || options.sleep) this.pacer = new QuotaPacer(options.pacing || undefined, this.now, this.sleep);
		else this.pacer = pacerFor(client.quotaKey);
	}

	/** One Sheets request: paced, counted, retried; failures explained. */
	private async sheets<T>(kind: 'read' | 'write', doing: string, spreadsheetId: string | undefined, request: IHttpRequestOptions, checked = true, landed?: Landed<T>): Promise<T> {
		const streamed = request.encoding === 'stream';
		// After a failure that may have been applied (mayHaveApplied), `landed` looks before the write goes again.
		let unsure = false;
		const sent = await this.attempts(async () => {
			if (unsure && landed) {
				const found = await landed();
				if (found !== null) return found;
			}
			await this.pacer?.take(kind);
			const sending = this.send(request, streamed);
			// Noted before the retry looks at the failure (handlers run in the order they were added).
			sending.then(undefined, (error: unknown) => {
				unsure = mayHaveApplied(error);
			});
			return sending;
		}, checked);
		if (sent.ok) return sent.value as T;
		throw explain(sent.error, { doing, spreadsheetId, user: this.user });
	}

	/** One Drive call (Drive has its own quota: not paced against the Sheets one); `run` may send several requests. */
	private async drive<T>(doing: string, spreadsheetId: string | undefined, run: () => Promise<T>): Promise<T> {
		const done = await this.attempts(run);
		if (done.ok) return done.value;
		throw explainDrive(done.error, { doing, spreadsheetId, user: this.user }, DRIVE_FILE_SCOPE);
	}

	/**
	 * Runs `check` before every attempt of every request of this session until the returned
	 * function is called: the tracker lock renews its lease there (lock.ts), and stops a run whose
	 * lease lapsed before it writes anything more. A check that throws fails the request as it is.
	 */
	beforeEachRequest(check: () => Promise<void>): () => void {
		this.checks.add(check);
		return () => this.checks.delete(check);
	}

	private readonly checks = new Set<() => Promise<void>>();

	private async attempts<T>(run: () => Promise<T>, withChecks = true): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
		const checked = async () => {
			for (const check of this.checks) await check();
			return run();
		};
		try {
			return { ok: true, value: await withBackoff(withChecks && this.checks.size ? checked : run, this.options) };
		} catch (error) {
			return { ok: false, error };
		}
	}

	/** Sends one request and counts it; a streamed failure has its error body read for explain(). */
	private async send(request: IHttpRequestOptions, streamed = false): Promise<unknown> {
		this.requests++;
		let failure: unknown;
		try {
			// Google's APIs do not redirect; without redirect following the HTTP client keeps no copy of the body.
			// A big body goes as its parts (JsonParts), a fresh stream of them per attempt.
			const parts = request.body instanceof JsonParts ? request.body : null;
			return await this.client.send({
				...request,
				headers: { ...(request.headers ?? {}), ...(parts ? { 'Content-Length': String(parts.length) } : {}) },
				...(parts ? { body: parts.stream() as unknown as IHttpRequestOptions['body'] } : {}),
				disableFollowRedirect: true,
			});
		} catch (error) {
			failure = error;
		}
		if (streamed) await readErrorStream(failure);
		throw failure;
	}

	private spreadsheetUrl(spreadsheetId: string, rest = ''): string {
		return `${this.client.roots.sheets}spreadsheets/${quoted(spreadsheetId)}${rest}`;
	}

	createSpreadsheet(body: Spreadsheet): Promise<Spreadsheet> {
		return this.sheets('write', 'creating the tracker spreadsheet', undefined, { method: 'POST', url: `${this.client.roots.sheets}spreadsheets`, body, json: true });
	}

	/** The spreadsheet's properties and tabs; `fields` narrows the answer (e.g. "sheets.properties"). */
	getSpreadsheet(spreadsheetId: string, fields?: string): Promise<Spreadsheet> {
		return this.sheets('read', 'reading the list of tabs', spreadsheetId, {
			method: 'GET',
			url: this.spreadsheetUrl(spreadsheetId),
			qs: fields ? { fields } : {},
			json: true,
		});
	}

	/** spreadsheets.batchUpdate; `landed` as for append (for requests that add rows). */
	batchUpdate(spreadsheetId: string, requests: Request[], doing: string, landed?: Landed<BatchUpdateSpreadsheetResponse>): Promise<BatchUpdateSpreadsheetResponse> {
		return this.sheets('write', doing, spreadsheetId, { method: 'POST', url: this.spreadsheetUrl(spreadsheetId, ':batchUpdate'), body: { requests }, json: true }, true, landed);
	}

	/**
	 * spreadsheets.batchUpdate whose `requests` come as JSON text in parts (joined, they are the
	 * array's content), sent part by part: a big appendCells never exists as cell objects nor as
	 * one string. Google is asked for nothing back (a field mask). `landed` as for append.
	 */
	async batchUpdateParts(spreadsheetId: string, parts: readonly string[], doing: string, landed?: Landed<unknown>): Promise<void> {
		await this.sheets('write', doing, spreadsheetId, {
			method: 'POST',
			url: this.spreadsheetUrl(spreadsheetId, ':batchUpdate'),
			qs: { fields: 'spreadsheetId' },
			headers: { 'Content-Type': 'application/json' },
			body: new JsonParts(['{"requests":[', ...parts, ']}']) as unknown as IHttpRequestOptions['body'],
			json: true,
		}, true, landed);
	}

	/** Reads several ranges in one request, values typed (UNFORMATTED_VALUE) unless told otherwise. */
	async batchGet(spreadsheetId: string, ranges: string[], doing: string, render: ValueRenderOption = 'UNFORMATTED_VALUE'): Promise<Row[][]> {
		const data = await this.sheets<BatchGetValuesResponse>('read', doing, spreadsheetId, {
			method: 'GET',
			url: this.spreadsheetUrl(spreadsheetId, '/values:batchGet'),
			qs: { ranges, valueRenderOption: render, majorDimension: 'ROWS' },
			arrayFormat: 'repeat',
			json: true,
		});
		const read = data?.valueRanges ?? [];
		return ranges.map((_, index) => (read[index]?.values ?? []) as Row[]);
	}

	/**
	 * Reads several ranges in one request (like `batchGet`), keeping only what `reads` asks for:
	 * the answer is parsed as it streams in, row by row, into column arrays by header name (see
	 * columns.ts), with a field mask so Google sends nothing but the values. A retried request
	 * starts over from nothing.
	 */
	async readColumns(spreadsheetId: string, reads: readonly ColumnRead[], doing: string): Promise<ColumnTable[]> {
		const request: IHttpRequestOptions = {
			method: 'GET',
			url: this.spreadsheetUrl(spreadsheetId, '/values:batchGet'),
			qs: { ranges: reads.map((read) => read.range), valueRenderOption: 'UNFORMATTED_VALUE', majorDimension: 'ROWS', fields: 'valueRanges(values)' },
			arrayFormat: 'repeat',
			encoding: 'stream',
		};
		const done = await this.attempts(async () => {
			await this.pacer?.take('read');
			const body = await this.send(request, true);
			return collectValueRanges(body, reads);
		});
		if (done.ok) return done.value;
		throw explain(done.error, { doing, spreadsheetId, user: this.user });
	}

	/** Writes several ranges in one request, RAW: all or nothing. */
	batchUpdateValues(spreadsheetId: string, data: Array<{ range: string; values: Row[] }>, doing: string, checked = true): Promise<BatchUpdateValuesResponse> {
		return this.sheets('write', doing, spreadsheetId, {
			method: 'POST',
			url: this.spreadsheetUrl(spreadsheetId, '/values:batchUpdate'),
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ valueInputOption: 'RAW', data }),
			json: true,
		}, checked);
	}

	/** batchUpdateValues without the checks of beforeEachRequest: the lock's own lease writes. */
	leaseWrite(spreadsheetId: string, data: Array<{ range: string; values: Row[] }>, doing: string): Promise<BatchUpdateValuesResponse> {
		return this.batchUpdateValues(spreadsheetId, data, doing, false);
	}

	/**
	 * batchUpdateValues for big writes whose answer is not needed: Google is asked for the total
	 * only (a field mask). A write may be given as its JSON text (several writes joined with
	 * commas), so a big run need not hold them all as objects.
	 */
	async updateValues(spreadsheetId: string, data: Array<{ range: string; values: Row[] } | string>, doing: string): Promise<void> {
		await this.sheets('write', doing, spreadsheetId, {
			method: 'POST',
			url: this.spreadsheetUrl(spreadsheetId, '/values:batchUpdate'),
			qs: { fields: 'totalUpdatedCells' },
			headers: { 'Content-Type': 'application/json' },
			body: updateBody(data) as unknown as IHttpRequestOptions['body'],
			json: true,
		});
	}

	/**
	 * Appends rows after the tab's table, RAW, inserting rows (never overwriting what is below a gap).
	 * An append is not idempotent: when an attempt fails in a way Google may have applied it (a 5xx,
	 * a timeout), `landed` is asked before the next attempt whether the rows are there (the caller
	 * knows their keys) and, if they are, answers for the append instead of sending it again.
	 */
	append(spreadsheetId: string, range: string, values: Row[], doing: string, landed?: Landed<AppendValuesResponse>): Promise<AppendValuesResponse> {
		return this.sheets('write', doing, spreadsheetId, {
			method: 'POST',
			url: this.spreadsheetUrl(spreadsheetId, `/values/${quoted(range)}:append`),
			qs: { valueInputOption: 'RAW', insertDataOption: 'INSERT_ROWS' },
			headers: { 'Content-Type': 'application/json' },
			body: appendBody(values) as unknown as IHttpRequestOptions['body'],
			json: true,
		}, true, landed);
	}

	/** Drive files.list: the files the app may see that match `q` (Drive's query language), shared drives included. */
	listFiles(q: string, doing: string, fields = 'files(id,name)'): Promise<DriveFileList> {
		return this.drive(doing, undefined, () => this.driveRequest<DriveFileList>({ method: 'GET', path: 'files', qs: { q, fields, spaces: 'drive', ...ALL_DRIVES, includeItemsFromAllDrives: 'true' } }));
	}

	/**
	 * The Drive file carrying the app property `mark` (key and value), else a new one made with
	 * `file` and that mark. Each attempt looks first: a creation Google made but whose answer was
	 * lost (a 5xx or a dropped connection after the commit) is found, never made twice.
	 */
	findOrCreateFile(file: DriveFile, mark: { key: string; value: string }, doing: string): Promise<{ id: string; created: boolean }> {
		const q = [`appProperties has { key='${escapeQuery(mark.key)}' and value='${escapeQuery(mark.value)}' }`, ...(file.mimeType ? [`mimeType = '${escapeQuery(file.mimeType)}'`] : []), 'trashed = false'].join(' and ');
		// Shared drives included: a file may be made in a shared drive's folder (`file.parents`), the
		// one place a service account may make files (it cannot own any).
		return this.drive(doing, undefined, async () => {
			const found = await this.driveRequest<DriveFileList>({ method: 'GET', path: 'files', qs: { q, fields: 'files(id)', spaces: 'drive', ...ALL_DRIVES, includeItemsFromAllDrives: 'true' } });
			const existing = found?.files?.find((candidate) => candidate.id)?.id;
			if (existing) return { id: existing, created: false };
			const made = await this.driveRequest<DriveFile>({
				method: 'POST',
				path: 'files',
				qs: { fields: 'id', ...ALL_DRIVES },
				body: { ...file, appProperties: { ...(file.appProperties ?? {}), [mark.key]: mark.value } },
			});
			if (!made?.id) throw new SheetsError(`Google did not return an id for the new file "${file.name ?? ''}"`, 502, '', 'Run the step again: the file is found, not made twice.');
			return { id: made.id, created: true };
		});
	}

	/** Drive permissions.create: shares the file (e.g. a reader; Google emails them when `notify`). */
	createPermission(fileId: string, permission: DrivePermission, doing: string, notify = true): Promise<DrivePermission> {
		return this.drive(doing, fileId, () =>
			this.driveRequest<DrivePermission>({
				method: 'POST',
				path: `files/${quoted(fileId)}/permissions`,
				qs: { sendNotificationEmail: String(notify), fields: 'id', ...ALL_DRIVES },
				body: permission,
			}),
		);
	}

	private driveRequest<T>(request: { method: 'GET' | 'POST'; path: string; qs?: IHttpRequestOptions['qs']; body?: unknown }): Promise<T> {
		return this.send({
			method: request.method,
			url: `${this.client.roots.drive}${request.path}`,
			qs: request.qs,
			...(request.body !== undefined ? { body: request.body as IHttpRequestOptions['body'] } : {}),
			json: true,
		}) as Promise<T>;
	}
}

/** Drive calls that may touch a shared drive's files say so (else Drive answers 404 for them). */
const ALL_DRIVES = { supportsAllDrives: 'true' } as const;

/** A literal inside a Drive query string ('...'): backslash and quote escaped. */
function escapeQuery(text: string): string {
	return text.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
}

