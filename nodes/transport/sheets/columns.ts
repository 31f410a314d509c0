import { fromCell, type CellValue } from './cells';
import type { Row } from './types';

/**
 * Reading big tabs without holding them three times over. A values.batchGet answer is parsed as
 * it arrives, one row at a time, straight into column arrays: the raw JSON text is never held
 * whole, no array per row survives the row, and only the columns asked for (by header name) are
 * kept. Short repeated texts (stage, channel, time zone...) share one string per column.
 */

/** One range of a batchGet, and what to keep of it. */
export interface ColumnRead {
	range: string;
	/**
	 * Header names to keep (first column of that name; header cells are read as text, trimmed).
	 * Omit to keep every named column.
	 */
	columns?: readonly string[];
	/** Keep the rows as they came instead (raw values, for small tabs such as the lock tab). */
	rows?: boolean;
}

const BLOCK_BITS = 14;
const BLOCK = 1 << BLOCK_BITS;

/**
 * One column's values, in blocks of 16,384: growing it never copies what it holds (one array of
 * 100,000 values would be copied a dozen times while it grows, leaving the old copies as garbage).
 */
export class Column {
	private readonly blocks: CellValue[][] = [];
	length = 0;

	push(value: CellValue): void {
		const offset = this.length & (BLOCK - 1);
		if (offset === 0) this.blocks.push([]);
		this.blocks[this.blocks.length - 1].push(value);
		this.length++;
	}

	/** The value at data index `index` ("" past the end). */
	get(index: number): CellValue {
		if (index < 0 || index >= this.length) return '';
		return this.blocks[index >>> BLOCK_BITS][index & (BLOCK - 1)];
	}

	toArray(): CellValue[] {
		const values: CellValue[] = new Array(this.length);
		for (let i = 0; i < this.length; i++) values[i] = this.get(i);
		return values;
	}
}

/** A tab read by header name. Values are typed cells (`fromCell`): "" for empty or missing. */
export interface ColumnTable {
	/** Row 1, each cell as trimmed text. */
	header: string[];
	/** Data rows (row 2 on); sheet row of data index i is i + 2. */
	rowCount: number;
	/** Kept columns by header name (each holds rowCount values). */
	columns: Map<string, Column>;
	/** The raw rows, header included, when the read asked for `rows`. */
	rows?: Row[];
}

/** Text of at most this length is shared per column while a column has few distinct values. */
const INTERN_MAX_LENGTH = 40;
const INTERN_MAX_DISTINCT = 512;

/** Receives one range's rows in order (row 0 is the header). */
class RangeSink {
	readonly table: ColumnTable = { header: [], rowCount: 0, columns: new Map() };
	private keep: Array<{ index: number; values: Column; intern: Map<string, string> | null }> = [];
	private sawHeader = false;

	constructor(private readonly read: ColumnRead) {
		if (read.rows) this.table.rows = [];
	}

	row(row: unknown[]): void {
		if (this.table.rows) {
			this.table.rows.push(row);
			if (!this.sawHeader) {
				this.sawHeader = true;
				this.table.header = row.map((cell) => String(fromCell(cell)).trim());
			} else this.table.rowCount++;
			return;
		}
		if (!this.sawHeader) {
			this.sawHeader = true;
			const header = row.map((cell) => String(fromCell(cell)).trim());
			this.table.header = header;
			const wanted = this.read.columns ? new Set(this.read.columns) : null;
			header.forEach((name, index) => {
				if (name === '' || this.table.columns.has(name) || (wanted && !wanted.has(name))) return;
				const values = new Column();
				this.table.columns.set(name, values);
				this.keep.push({ index, values, intern: new Map() });
			});
			return;
		}
		for (const column of this.keep) {
			let value = column.index < row.length ? fromCell(row[column.index]) : '';
			if (typeof value === 'string' && value !== '' && column.intern && value.length <= INTERN_MAX_LENGTH) {
				const shared = column.intern.get(value);
				if (shared !== undefined) value = shared;
				else if (column.intern.size < INTERN_MAX_DISTINCT) column.intern.set(value, value);
				else column.intern = null;
			}
			column.values.push(value);
		}
		this.table.rowCount++;
	}

	finish(): ColumnTable {
		this.keep = [];
		return this.table;
	}
}

interface Frame {
	kind: 'object' | 'array';
	/** In an object: the key whose value comes next (or is being read). */
	key: string | null;
	/** In an array: the index of the next element. */
	index: number;
}

const WHITESPACE = /\s/;

/**
 * An incremental parser for `{"valueRanges":[{"range":..,"values":[[..],..]},..]}` (any key order,
 * any other keys, a `fields` mask that leaves only `values`): text is pushed in pieces; each complete
 * row of `valueRanges[i].values` is parsed with JSON.parse on its own and handed to sink i.
 */
export class ValueRangesParser {
	private buffer = '';
	private readonly stack: Frame[] = [];
	private done = false;

	constructor(private readonly sinks: RangeSink[]) {}

	push(text: string): void {
		this.buffer = this.buffer === '' ? text : this.buffer + text;
		const consumed = this.scan(false);
		this.buffer = consumed >= this.buffer.length ? '' : this.buffer.slice(consumed);
	}

	end(): void {
		const consumed = this.scan(true);
		const rest = this.buffer.slice(consumed).trim();
		this.buffer = '';
		if (rest !== '' || !this.done) throw new Error('The Google Sheets answer ended early (incomplete JSON)');
	}

	/** Whether the next '[' opens a row of valueRanges[i].values. */
	private atRows(): boolean {
		const s = this.stack;
		return s.length === 4 && s[3].kind === 'array' && s[2].key === 'values' && s[2].kind === 'object' && s[1].kind === 'array' && s[0].key === 'valueRanges';
	}

	/** Marks a value complete in the innermost container. */
	private completed(): void {
		const top = this.stack[this.stack.length - 1];
		if (!top) {
			this.done = true;
			return;
		}
		if (top.kind === 'array') top.index++;
		else top.key = null;
	}

	/** Scans from the start of the buffer; returns how far it got (only whole tokens are consumed). */
	private scan(final: boolean): number {
		const text = this.buffer;
		const length = text.length;
		let pos = 0;
		while (pos < length) {
			const ch = text.charCodeAt(pos);
			// whitespace , :
			if (ch === 0x20 || ch === 0x0a || ch === 0x0d || ch === 0x09 || ch === 0x2c || ch === 0x3a) {
				pos++;
				continue;
			}
			if (ch === 0x5b /* [ */ && this.atRows()) {
				const end = rowEnd(text, pos + 1);
				if (end < 0) return pos;
				const row = JSON.parse(text.slice(pos, end + 1)) as unknown[];
				const rangeIndex = this.stack[1].index;
				this.sinks[rangeIndex]?.row(row);
				this.completed();
				pos = end + 1;
				continue;
			}
			if (ch === 0x7b /* { */ || ch === 0x5b /* [ */) {
				this.stack.push({ kind: ch === 0x7b ? 'object' : 'array', key: null, index: 0 });
				pos++;
				continue;
			}
			if (ch === 0x7d /* } */ || ch === 0x5d /* ] */) {
				this.stack.pop();
				this.completed();
				pos++;
				continue;
			}
			const top = this.stack[this.stack.length - 1];
			if (ch === 0x22 /* " */) {
				const end = stringEnd(text, pos + 1);
				if (end < 0) return pos;
				if (top && top.kind === 'object' && top.key === null) {
					top.key = JSON.parse(text.slice(pos, end + 1)) as string;
				} else this.completed();
				pos = end + 1;
				continue;
			}
			// A number, true, false or null (not needed: only its extent).
			let end = pos;
			while (end < length && !isDelimiter(text.charCodeAt(end))) end++;
			if (end === length && !final) return pos;
			if (!/^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)$/.test(text.slice(pos, end))) {
				throw new Error(`The Google Sheets answer is not valid JSON near "${text.slice(pos, pos + 20)}"`);
			}
			this.completed();
			pos = end;
		}
		return pos;
	}
}

function isDelimiter(ch: number): boolean {
	return ch === 0x2c || ch === 0x5d || ch === 0x7d || ch === 0x3a || WHITESPACE.test(String.fromCharCode(ch));
}

/** Index of the closing quote of a string whose content starts at `from`, or -1 if not yet in. */
function stringEnd(text: string, from: number): number {
	let pos = from;
	for (;;) {
		const quote = text.indexOf('"', pos);
		if (quote < 0) return -1;
		let backslashes = 0;
		for (let i = quote - 1; i >= from && text.charCodeAt(i) === 0x5c; i--) backslashes++;
		if (backslashes % 2 === 0) return quote;
		pos = quote + 1;
	}
}

/** Index of the ']' closing a row of scalars whose content starts at `from`, or -1 if not yet in. */
function rowEnd(text: string, from: number): number {
	let pos = from;
	for (;;) {
		const close = text.indexOf(']', pos);
		if (close < 0) return -1;
		const quote = text.indexOf('"', pos);
		if (quote < 0 || quote > close) return close;
		const end = stringEnd(text, quote + 1);
		if (end < 0) return -1;
		pos = end + 1;
	}
}

/** Sinks for a batchGet's ranges, in order. */
export function sinksFor(reads: readonly ColumnRead[]): RangeSink[] {
	return reads.map((read) => new RangeSink(read));
}

/** Feeds a batchGet answer to the sinks: a byte stream (parsed as it arrives) or an already-parsed body. */
export async function collectValueRanges(body: unknown, reads: readonly ColumnRead[]): Promise<ColumnTable[]> {
	const sinks = sinksFor(reads);
	if (isAsyncIterable(body)) {
		const parser = new ValueRangesParser(sinks);
		const decoder = new TextDecoder('utf-8');
		for await (const chunk of body) {
			parser.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk as Uint8Array, { stream: true }));
		}
		const tail = decoder.decode();
		if (tail) parser.push(tail);
		parser.end();
	} else {
		const ranges = typeof body === 'string' ? (JSON.parse(body) as { valueRanges?: Array<{ values?: unknown[][] }> }).valueRanges : (body as { valueRanges?: Array<{ values?: unknown[][] }> } | null)?.valueRanges;
		(ranges ?? []).forEach((range, i) => {
			for (const row of range.values ?? []) sinks[i]?.row(row);
		});
	}
	return sinks.map((sink) => sink.finish());
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
	return typeof value === 'object' && value !== null && typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';
}
