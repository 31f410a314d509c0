import { fromCell, headerChanged, toCell, type CellValue, type Column, type ColumnTable, type Row } from '../transport/sheets';
import { cellRange, quoteTab } from '../transport/sheets/a1';
import type { TabSpec } from './template';

/**
 * One tab as read in a run: its header row and data rows, addressed by header name, so an LO can
 * reorder columns or add their own. Writes go to the columns by name too; template columns the
 * tab lacks are added at the end of its header instead of being dropped.
 */
export type TrackerRecord = Record<string, CellValue>;

export interface Table {
	tab: TabSpec;
	header: string[];
	/** header name -> column index. */
	column: Map<string, number>;
	/** Data rows (sheet row = index + 2), typed values, escapes undone. */
	rows: CellValue[][];
	/** Header cells to add at the end of row 1 (template columns the tab lacks). */
	addedHeaders: string[];
}

/** What writes need of a tab: its header and where each name sits (no rows). */
export type TableShape = Omit<Table, 'rows'>;

/**
 * A tab read by columns (session.readColumns): the table's header rules, with the kept columns'
 * values by name instead of rows. Data index i is sheet row i + 2.
 */
export interface ColumnSheet extends TableShape {
	count: number;
	values: Map<string, Column>;
}

/** The whole tab (an explicit column range past the grid would be refused by Google). */
export const tabRange = (tab: TabSpec) => quoteTab(tab.title);

export function readTable(tab: TabSpec, values: Row[], required: readonly string[] = [tab.idColumn]): Table {
	const header = (values[0] ?? []).map((cell) => String(fromCell(cell)).trim());
	if (values.length === 0 || header.every((h) => h === '')) {
		// An empty tab (just created, or cleared): the template header is written with the first rows.
		return withHeader(tab, [], [], tab.columns.map((c) => c.header));
	}
	const missing = required.filter((name) => !header.includes(name));
	if (missing.length) throw headerChanged(tab.title, missing);
	const addedHeaders = tab.columns.map((c) => c.header).filter((name) => !header.includes(name));
	const rows = values.slice(1).map((row) => row.map(fromCell));
	return withHeader(tab, header, rows, addedHeaders);
}

/** readTable for a tab read by columns: same header checks, same added template columns. */
export function sheetOf(tab: TabSpec, read: ColumnTable, required: readonly string[] = [tab.idColumn]): ColumnSheet {
	const { header } = read;
	if (header.length === 0 || header.every((h) => h === '')) {
		const { tab: t, header: h, column, addedHeaders } = withHeader(tab, [], [], tab.columns.map((c) => c.header));
		return { tab: t, header: h, column, addedHeaders, count: 0, values: new Map() };
	}
	const missing = required.filter((name) => !header.includes(name));
	if (missing.length) throw headerChanged(tab.title, missing);
	const addedHeaders = tab.columns.map((c) => c.header).filter((name) => !header.includes(name));
	const shape = withHeader(tab, header, [], addedHeaders);
	return { tab: shape.tab, header: shape.header, column: shape.column, addedHeaders: shape.addedHeaders, count: read.rowCount, values: read.columns };
}

/** One value of a column sheet ("" for a column the tab does not have or the read did not keep). */
export function cellAt(sheet: ColumnSheet, name: string, index: number): CellValue {
	const values = sheet.values.get(name);
	return values === undefined ? '' : values.get(index);
}

const shapes = new WeakMap<ColumnSheet, { names: string[]; template: TrackerRecord }>();

/**
 * recordOf for a column sheet: every column of the tab by name, in header order. Records of one
 * sheet share one fixed shape (built key by key, a record of 40+ columns would be a hash table in
 * V8, several times bigger and slower).
 */
export function recordAt(sheet: ColumnSheet, index: number): TrackerRecord {
	let shape = shapes.get(sheet);
	if (!shape) {
		const names = [...sheet.column.keys()];
		shape = { names, template: fixedShape(names, '') as TrackerRecord };
		shapes.set(sheet, shape);
	}
	const record: TrackerRecord = { ...shape.template };
	for (const name of shape.names) record[name] = cellAt(sheet, name, index);
	return record;
}

/** An object with these keys in this order, all set to `fill`, in one fixed shape (a spread of it keeps the shape). */
export function fixedShape(keys: readonly string[], fill: unknown): Record<string, unknown> {
	return JSON.parse(JSON.stringify(Object.fromEntries(keys.map((key) => [key, fill])))) as Record<string, unknown>;
}

function withHeader(tab: TabSpec, header: string[], rows: CellValue[][], addedHeaders: string[]): Table {
	const full = [...header, ...addedHeaders];
	const column = new Map<string, number>();
	full.forEach((name, index) => {
		if (name !== '' && !column.has(name)) column.set(name, index);
	});
	return { tab, header: full, column, rows, addedHeaders };
}

export function recordOf(table: Table, row: CellValue[]): TrackerRecord {
	const record: TrackerRecord = {};
	for (const [name, index] of table.column) record[name] = index < row.length ? row[index] : '';
	return record;
}

/** A full row in the tab's column order, escaped for writing. */
export function rowOf(table: TableShape, record: Record<string, unknown>): CellValue[] {
	const row: CellValue[] = new Array(table.header.length).fill('');
	for (const [name, index] of table.column) if (name in record) row[index] = toCell(record[name]);
	let end = row.length;
	while (end > 0 && row[end - 1] === '') end--;
	return row.slice(0, end);
}

/** The header cells this run adds at the end of row 1, as a write (or nothing). */
export function headerWrite(table: TableShape): { range: string; values: CellValue[][] } | null {
	if (!table.addedHeaders.length) return null;
	const start = table.header.length - table.addedHeaders.length;
	return { range: cellRange(table.tab.title, start, 1), values: [table.addedHeaders] };
}

/**
 * The cells of `row` (sheet row number, 1-based) that differ between `before` and `after`, as
 * ranges of contiguous columns: only changed cells are written, so an LO's edit elsewhere in the
 * row in the meantime is not overwritten.
 */
export function changedRanges(table: TableShape, sheetRow: number, before: CellValue[], after: CellValue[]): Array<{ range: string; values: CellValue[][] }> {
	const writes: Array<{ range: string; values: CellValue[][] }> = [];
	const width = Math.max(before.length, after.length);
	let start = -1;
	const flush = (end: number) => {
		if (start < 0) return;
		const values = [];
		for (let c = start; c < end; c++) values.push(toCell(after[c] ?? ''));
		writes.push({ range: cellRange(table.tab.title, start, sheetRow), values: [values] });
		start = -1;
	};
	for (let c = 0; c < width; c++) {
		const same = sameCell(before[c], after[c]);
		if (!same && start < 0) start = c;
		if (same) flush(c);
	}
	flush(width);
	return writes;
}

function sameCell(a: CellValue | undefined, b: CellValue | undefined): boolean {
	return (a ?? '') === (b ?? '');
}

/** A record as a row in the template's column order (escaped, ready for a RAW write): a new tab's starting rows. */
export function rowOfTemplate(tab: TabSpec, record: Record<string, unknown>): CellValue[] {
	const row = tab.columns.map((column) => toCell(record[column.header]));
	let end = row.length;
	while (end > 0 && row[end - 1] === '') end--;
	return row.slice(0, end);
}
