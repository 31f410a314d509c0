import { SheetsError, type CellData, type CellValue, type HeldLock, type SheetsSession } from '../transport/sheets';
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
 * and the release, applied together or not at all): a run whose only write is a few new rows costs
 * one request instead of two. It needs the tab's sheet id as the template makes it; a tracker built
 * by hand (other sheet ids) or a tab whose header must grow takes the two requests instead.
 */
/**
 * Above this many rows the append goes as plain values (values.append, then the release: one
 * request more): batchUpdate carries every cell as an object, several times the memory and JSON
 * of a values row (at 100,000 leads' claims, about 270 MB more at the peak).
 */
export const ONE_REQUEST_APPEND_LIMIT = 20_000;

export async function appendAndRelease(session: SheetsSession, spreadsheetId: string, table: TableShape, records: TrackerRecord[], lock: HeldLock, doing: string): Promise<void> {
	if (!records.length) {
		await session.batchUpdateValues(spreadsheetId, [lock.release()], 'releasing the tracker lock');
		return;
	}
	if (!table.addedHeaders.length && records.length <= ONE_REQUEST_APPEND_LIMIT) {
		const cells = records.map((record) => rowOf(table, record));
		const rows = cells.map((row) => ({ values: row.map(cellData) }));
		const known = rowsRead(table);
		const keyColumn = table.column.get(table.tab.idColumn);
		// Applied together or not at all: if the rows are there, so is the release.
		const landed =
			known === undefined || keyColumn === undefined
				? undefined
				: async () => ((await appendedRows(session, spreadsheetId, table.tab.title, keyColumn, cells.map((row) => row[keyColumn] ?? ''), known + 1)) ? {} : null);
		const done = await session
			.batchUpdate(spreadsheetId, [{ appendCells: { sheetId: table.tab.sheetId, rows, fields: 'userEnteredValue' } }, lock.releaseRequest()], doing, landed)
			.then(
				() => null,
				(error: unknown) => error,
			);
		if (done === null) return;
		// Only "no such sheet id" (a hand-made tracker) falls back; anything else is the run's failure.
		if (!(done instanceof SheetsError && /No grid with id/i.test(done.googleMessage))) throw done;
	}
	await appendRows(session, spreadsheetId, table, records, doing);
	await session.batchUpdateValues(spreadsheetId, [...headerWrites([table]), lock.release()], 'releasing the tracker lock');
}

/** A cell as spreadsheets.batchUpdate carries it, RAW as every other write. */
function cellData(value: CellValue): CellData {
	if (typeof value === 'number') return { userEnteredValue: { numberValue: value } };
	if (typeof value === 'boolean') return { userEnteredValue: { boolValue: value } };
	return value === '' ? {} : { userEnteredValue: { stringValue: value } };
}
