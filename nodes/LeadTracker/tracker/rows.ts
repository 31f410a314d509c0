import { toCell, type CellValue } from '../../transport/sheets';
import type { TabSpec } from '../../shared/trackerTemplate';

/** A record as a row in the template's column order (escaped, ready for a RAW write). */
export function rowOfTemplate(tab: TabSpec, record: Record<string, unknown>): CellValue[] {
	const row = tab.columns.map((column) => toCell(record[column.header]));
	let end = row.length;
	while (end > 0 && row[end - 1] === '') end--;
	return row.slice(0, end);
}
