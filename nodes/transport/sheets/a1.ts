/**
 * A1 notation, the one helper for it in the pack: every range the tracker, the lock and Referral
 * Status write is built here. Columns are numbered from 0 (the index in a row), as everywhere else
 * in the code: column 0 is A, 25 is Z, 26 is AA.
 */

/** A tab's name as A1 wants it: always quoted, so titles with spaces, digits or "!" are read as titles. */
export function quoteTab(title: string): string {
	return `'${title.replace(/'/g, "''")}'`;
}

/** The letters of the column at 0-based `index`: 0 -> A, 26 -> AA, 701 -> ZZ. */
export function columnLetter(index: number): string {
	if (!Number.isInteger(index) || index < 0) throw new RangeError(`A column index is a whole number from 0, got ${index}`);
	let letters = '';
	for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
	return letters;
}

/** One cell, or the top-left cell of a write: `'Leads'!C7` for column index 2, sheet row 7 (1-based). */
export function cellRange(tab: string, column: number, sheetRow: number): string {
	return `${quoteTab(tab)}!${columnLetter(column)}${sheetRow}`;
}

/**
 * A box from A1 over `width` columns and `height` rows (`'Scoreboard'!A1:G30`): a write that must
 * also blank what it does not fill. At least one column and one row.
 */
export function boxRange(tab: string, width: number, height: number, firstRow = 1): string {
	const lastColumn = Math.max(1, width) - 1;
	const lastRow = firstRow + Math.max(1, height) - 1;
	return `${quoteTab(tab)}!A${firstRow}:${columnLetter(lastColumn)}${lastRow}`;
}

/**
 * Where rows are appended to a tab whose table starts in column A: `'Leads'!A:A`. Google appends
 * after the last table it finds in the range, from that table's first column; over the whole tab,
 * a note or totals row below a gap is such a table, and new rows would land under it, shifted
 * to its column. Column A alone sees only the data's first column.
 */
export function appendRange(tab: string): string {
	return `${quoteTab(tab)}!A:A`;
}
