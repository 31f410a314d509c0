import { fromCell, headerChanged, toCell, type CellValue, type Row } from '../../transport/sheets';
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

export const quoteTab = (title: string) => `'${title.replace(/'/g, "''")}'`;
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
export function rowOf(table: Table, record: Record<string, unknown>): CellValue[] {
	const row: CellValue[] = new Array(table.header.length).fill('');
	for (const [name, index] of table.column) if (name in record) row[index] = toCell(record[name]);
	let end = row.length;
	while (end > 0 && row[end - 1] === '') end--;
	return row.slice(0, end);
}

/** The header cells this run adds at the end of row 1, as a write (or nothing). */
export function headerWrite(table: Table): { range: string; values: CellValue[][] } | null {
	if (!table.addedHeaders.length) return null;
	const start = table.header.length - table.addedHeaders.length;
	return { range: `${quoteTab(table.tab.title)}!${columnLetter(start)}1`, values: [table.addedHeaders] };
}

/**
 * The cells of `row` (sheet row number, 1-based) that differ between `before` and `after`, as
 * ranges of contiguous columns: only changed cells are written, so an LO's edit elsewhere in the
 * row in the meantime is not overwritten.
 */
export function changedRanges(table: Table, sheetRow: number, before: CellValue[], after: CellValue[]): Array<{ range: string; values: CellValue[][] }> {
	const writes: Array<{ range: string; values: CellValue[][] }> = [];
	const width = Math.max(before.length, after.length);
	let start = -1;
	const flush = (end: number) => {
		if (start < 0) return;
		const values = [];
		for (let c = start; c < end; c++) values.push(toCell(after[c] ?? ''));
		writes.push({ range: `${quoteTab(table.tab.title)}!${columnLetter(start)}${sheetRow}`, values: [values] });
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

export function columnLetter(index: number): string {
	let letters = '';
	for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
	return letters;
}

/** The sheet row just after the table's last non-empty row (where an append of n rows starts). */
export function sheetRowOf(dataIndex: number): number {
	return dataIndex + 2;
}
