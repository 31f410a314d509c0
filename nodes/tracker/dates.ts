import { isoInstant, serialDate, serialInstant } from '../core/cadence/calendar';
import { Column, type CellValue, type ColumnTable, type Row, type SheetsSession } from '../transport/sheets';
import type { TabSpec } from './template';

/**
 * Dates the LO typed in the Sheets UI or imported from CSV: Google keeps them as serial numbers
 * and the tracker's reads (UNFORMATTED_VALUE) get numbers back (46113 is 2026-04-01). The pack
 * writes and reads ISO text, so before a run looks at a tab, the numbers in its instant and date
 * columns become ISO text, read on the spreadsheet's own clock (its time zone, asked of Google
 * once per process, and only when a tab holds such a number): an LO's "pausedUntil 4/1/2026"
 * pauses the lead instead of being dropped as unreadable.
 */

/** A tab as read: by columns (ColumnTable) or as rows with the header first. */
export type TabRead = ColumnTable | Row[];

const zones = new Map<string, Promise<string>>();

/** The spreadsheet's time zone (Settings in Google Sheets: File > Settings), once per process. */
function spreadsheetZone(session: SheetsSession, spreadsheetId: string): Promise<string> {
	const key = `${session.user}|${session.client.roots.sheets}|${spreadsheetId}`;
	let zone = zones.get(key);
	if (!zone) {
		zone = session.getSpreadsheet(spreadsheetId, 'properties.timeZone').then((s) => s.properties?.timeZone || 'UTC');
		zones.set(key, zone);
		zone.catch(() => zones.delete(key));
	}
	return zone;
}

/** Forgets the time zones looked up (tests). */
export function forgetSpreadsheetZones(): void {
	zones.clear();
}

const dateColumns = (tab: TabSpec) => new Map(tab.columns.filter((c) => c.type === 'instant' || c.type === 'date').map((c) => [c.header, c.type]));

/** The ISO text of a serial in a column of `type` (instant: the instant; date: the calendar date), or the number as it was. */
function isoOf(value: number, type: string, zone: string): string | number {
	if (type === 'date') return serialDate(value) ?? value;
	const ms = serialInstant(value, zone);
	return Number.isNaN(ms) ? value : isoInstant(ms);
}

/** Where the reads' instant and date columns hold a serial number: [read, column (header name or index), type]. */
function serialColumns(reads: Array<[TabSpec, TabRead]>): Array<{ read: TabRead; column: string | number; type: string }> {
	const found: Array<{ read: TabRead; column: string | number; type: string }> = [];
	for (const [tab, read] of reads) {
		const types = dateColumns(tab);
		if (Array.isArray(read)) {
			const header = (read[0] ?? []).map((cell) => String(cell ?? '').trim());
			header.forEach((name, index) => {
				const type = types.get(name);
				if (type && read.some((row, r) => r > 0 && typeof row[index] === 'number')) found.push({ read, column: index, type });
			});
			continue;
		}
		for (const [name, type] of types) {
			const column = read.columns.get(name);
			if (!column) continue;
			for (let i = 0; i < column.length; i++) {
				if (typeof column.get(i) === 'number') {
					found.push({ read, column: name, type });
					break;
				}
			}
		}
	}
	return found;
}

/**
 * The serial numbers in the instant and date columns of these reads, as ISO text in place. Costs
 * nothing when there are none; otherwise one request the first time (the spreadsheet's zone).
 */
export async function readSheetDates(session: SheetsSession, spreadsheetId: string, reads: Array<[TabSpec, TabRead]>): Promise<void> {
	const found = serialColumns(reads);
	if (!found.length) return;
	const zone = await spreadsheetZone(session, spreadsheetId);
	const read = (value: CellValue, type: string): CellValue => (typeof value === 'number' ? isoOf(value, type, zone) : value);
	for (const { read: tab, column, type } of found) {
		if (Array.isArray(tab)) {
			for (let r = 1; r < tab.length; r++) if (column as number < tab[r].length) tab[r][column as number] = read(tab[r][column as number] as CellValue, type);
			continue;
		}
		// A column is kept in blocks: it is rebuilt, not changed in place.
		const old = tab.columns.get(column as string)!;
		const fresh = new Column();
		for (let i = 0; i < old.length; i++) fresh.push(read(old.get(i), type));
		tab.columns.set(column as string, fresh);
	}
}
