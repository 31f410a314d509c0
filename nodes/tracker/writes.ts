import { SheetsError, type CellValue, type HeldLock, type SheetsSession } from '../transport/sheets';
import { appendRange } from '../transport/sheets/a1';
import { appendedRows } from '../transport/sheets/landed';
import { headerWrite, rowOf, type ColumnSheet, type Table, type TableShape, type TrackerRecord } from './table';

/** How the runs write: appends placed by Google, then one batch write that also releases the lock. */
export type Write = { range: string; values: unknown[][] };

/** Appends rows to a tab (its header first when the tab is still empty); returns the first new sheet row. */
export async function appendRows(session: SheetsSession, spreadsheetId: string, table: TableShape, records: TrackerRecord[], doing: string): Promise<number> {
	if (!records.length) return 0;
	const rows: CellValue[][] = records.map((record) => rowOf(table, record));
	const needsHeader = table.addedHeaders.length === table.header.length;
	if (needsHeader) rows.unshift(table.header);
	// Lost answers: before appending again, look for the rows by their key (idColumn) below the rows read.
	const known = rowsRead(table);
	const keyColumn = table.column.get(table.tab.idColumn);
	const landed =
		known === undefined || keyColumn === undefined
			? undefined
			: () => appendedRows(session, spreadsheetId, table.tab.title, keyColumn, rows.map((row) => row[keyColumn] ?? ''), needsHeader ? 0 : known + 1);
	const response = await session.append(spreadsheetId, appendRange(table.tab.title), rows, doing, landed);
	const first = Number(/![A-Z]+(\d+)/.exec(response.updates?.updatedRange ?? '')?.[1] ?? 0);
	// The header takes the first appended row; an existing header missing some columns is extended later.
	if (needsHeader) table.addedHeaders = [];
	return needsHeader ? first + 1 : first;
}

/** How many data rows the run read of the tab (a Table or a ColumnSheet), if it says. */
function rowsRead(table: TableShape): number | undefined {
	if ('count' in table) return (table as ColumnSheet).count;
	if ('rows' in table) return (table as Table).rows.length;
	return undefined;
}

export function headerWrites(tables: TableShape[]): Write[] {
	const headers: Write[] = [];
	for (const table of tables) {
		const write = headerWrite(table);
		if (write) headers.push(write);
	}
	return headers;
}

export function finalWrites(tables: TableShape[], rows: Write[], lock: HeldLock): Write[] {
	return [...headerWrites(tables), ...rows, lock.release()];
}

/**
 * Appends rows to a tab and releases the lock in ONE request (spreadsheets.batchUpdate: appendCells
 * and the release, applied together or not at all): a run whose only write is new rows (a drip
 * run's touch claims) costs one request instead of two, at any size. The request's JSON is made as
 * text, a part per ROWS_PER_PART rows, never as cell objects (at 100,000 leads' claims those cost
 * about 270 MB more at the peak than the values rows), and streamed. It needs the tab's sheet id as
 * the template makes it; a tracker built by hand (other sheet ids) or a tab whose header must grow
 * takes the two requests instead.
 */
export async function appendAndRelease(session: SheetsSession, spreadsheetId: string, table: TableShape, records: TrackerRecord[], lock: HeldLock, doing: string): Promise<void> {
	if (!records.length) {
		await session.batchUpdateValues(spreadsheetId, [lock.release()], 'releasing the tracker lock');
		return;
	}
	if (!table.addedHeaders.length) {
		const known = rowsRead(table);
		const { keys, rows } = rowsParts(table, records);
		const request = [`{"appendCells":{"sheetId":${JSON.stringify(table.tab.sheetId)},"fields":"userEnteredValue","rows":[`, ...rows, `]}},${JSON.stringify(lock.releaseRequest())}`];
		if (await oneRequest(session, spreadsheetId, table, request, keys, known === undefined ? undefined : known + 1, doing)) return;
	}
	await appendRows(session, spreadsheetId, table, records, doing);
	await session.batchUpdateValues(spreadsheetId, [...headerWrites([table]), lock.release()], 'releasing the tracker lock');
}

/**
 * New rows inserted at sheet row `at` + 1 (0-based `at`: where values.append would put them, found
 * by the caller holding the lock) and the lock released, in ONE request (insertDimension,
 * updateCells and the release, applied together or not at all). False when the tracker's tab has
 * another sheet id than the template's (built by hand): nothing was written, the caller appends.
 */
export async function insertAndRelease(session: SheetsSession, spreadsheetId: string, table: TableShape, records: TrackerRecord[], at: number, lock: HeldLock, doing: string): Promise<boolean> {
	const { keys, rows } = rowsParts(table, records);
	const sheetId = JSON.stringify(table.tab.sheetId);
	const request = [
		`{"insertDimension":{"range":{"sheetId":${sheetId},"dimension":"ROWS","startIndex":${at},"endIndex":${at + records.length}},"inheritFromBefore":${at > 0}}},`,
		`{"updateCells":{"start":{"sheetId":${sheetId},"rowIndex":${at},"columnIndex":0},"fields":"userEnteredValue","rows":[`,
		...rows,
		`]}},${JSON.stringify(lock.releaseRequest())}`,
	];
	return oneRequest(session, spreadsheetId, table, request, keys, at, doing);
}

/** Sends one batchUpdate that writes rows (keys: their idColumn cells, from: where they may have landed) and releases; false if the sheet id is not the tab's. */
async function oneRequest(session: SheetsSession, spreadsheetId: string, table: TableShape, request: string[], keys: CellValue[] | undefined, from: number | undefined, doing: string): Promise<boolean> {
	const keyColumn = table.column.get(table.tab.idColumn);
	// Applied together or not at all: if the rows are there, so is the release.
	const landed =
		from === undefined || keyColumn === undefined || !keys
			? undefined
			: async () => ((await appendedRows(session, spreadsheetId, table.tab.title, keyColumn, keys, from)) ? {} : null);
	const done = await session.batchUpdateParts(spreadsheetId, request, doing, landed).then(
		() => null,
		(error: unknown) => error,
	);
	if (done === null) return true;
	// Only "no such sheet id" (a hand-made tracker) falls back; anything else is the run's failure.
	if (!(done instanceof SheetsError && /No grid with id/i.test(done.googleMessage))) throw done;
	return false;
}

/** The records as RowData JSON text, a part per ROWS_PER_PART rows, with their keys (idColumn cells). */
function rowsParts(table: TableShape, records: TrackerRecord[]): { keys: CellValue[] | undefined; rows: string[] } {
	const keyColumn = table.column.get(table.tab.idColumn);
	const keys: CellValue[] = [];
	const rows: string[] = [];
	for (let from = 0; from < records.length; from += ROWS_PER_PART) {
		const texts: string[] = [];
		for (let r = from; r < Math.min(records.length, from + ROWS_PER_PART); r++) {
			const row = rowOf(table, records[r]);
			if (keyColumn !== undefined) keys.push(row[keyColumn] ?? '');
			texts.push(rowText(row));
		}
		rows.push((from ? ',' : '') + texts.join(','));
	}
	return { keys: keyColumn === undefined ? undefined : keys, rows };
}

/** Rows of appendCells per part of the request's text. */
const ROWS_PER_PART = 1000;

/** A row as appendCells carries it (RowData's JSON), empty cells at its end left out; RAW as every other write. */
function rowText(row: CellValue[]): string {
	let end = row.length;
	while (end > 0 && row[end - 1] === '') end--;
	let text = '{"values":[';
	for (let c = 0; c < end; c++) text += (c ? ',' : '') + cellText(row[c]);
	return text + ']}';
}

/** A cell as spreadsheets.batchUpdate carries it (CellData's JSON). */
function cellText(value: CellValue): string {
	if (typeof value === 'number') return Number.isFinite(value) ? `{"userEnteredValue":{"numberValue":${value}}}` : '{}';
	if (typeof value === 'boolean') return `{"userEnteredValue":{"boolValue":${value}}}`;
	return value === '' ? '{}' : `{"userEnteredValue":{"stringValue":${JSON.stringify(value)}}}`;
}
