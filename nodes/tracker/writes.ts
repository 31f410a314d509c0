import type { CellValue, HeldLock, SheetsSession } from '../transport/sheets';
import { headerWrite, rowOf, tabRange, type TableShape, type TrackerRecord } from './table';

/** How the runs write: appends placed by Google, then one batch write that also releases the lock. */
export type Write = { range: string; values: unknown[][] };

/** Appends rows to a tab (its header first when the tab is still empty); returns the first new sheet row. */
export async function appendRows(session: SheetsSession, spreadsheetId: string, table: TableShape, records: TrackerRecord[], doing: string): Promise<number> {
	if (!records.length) return 0;
	const rows: CellValue[][] = records.map((record) => rowOf(table, record));
	const needsHeader = table.addedHeaders.length === table.header.length;
	if (needsHeader) rows.unshift(table.header);
	const response = await session.append(spreadsheetId, tabRange(table.tab), rows, doing);
	const first = Number(/![A-Z]+(\d+)/.exec(response.updates?.updatedRange ?? '')?.[1] ?? 0);
	// The header takes the first appended row; an existing header missing some columns is extended later.
	if (needsHeader) table.addedHeaders = [];
	return needsHeader ? first + 1 : first;
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
