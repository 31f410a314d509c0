/**
 * A1 notation as the Sheets API v4 reads it: `Sheet1!A1:B2`, `Sheet1!A:A`, `Sheet1!1:2`,
 * `Sheet1!A5:A` (open end), `A1:B2` (first sheet), `Sheet1` (whole sheet), `'My Sheet'!A:A`
 * (quotes for spaces and specials, `''` for a quote inside; a sheet named like a cell, e.g. "A1",
 * must be quoted).
 */

/** A parsed range. Bounds are 0-based and inclusive; `undefined` means open (to the grid edge). */
export interface A1Range {
	/** null: the first sheet of the spreadsheet. */
	sheet: string | null;
	startRow?: number;
	startCol?: number;
	endRow?: number;
	endCol?: number;
}

/** A range resolved against a sheet's grid: every bound known. */
export interface GridBox {
	startRow: number;
	startCol: number;
	endRow: number;
	endCol: number;
}

const CELL = /^([A-Za-z]{1,3})?(\d{1,7})?$/;

export class A1ParseError extends Error {}

export function parseA1(text: string): A1Range {
	const input = text.trim();
	if (input === '') throw new A1ParseError(text);
	let sheet: string | null = null;
	let rest: string | null = input;

	if (input.startsWith("'")) {
		// Quoted sheet name: '' is an escaped quote; the name ends at a lone quote.
		let i = 1;
		let name = '';
		for (; i < input.length; i++) {
			if (input[i] === "'") {
				if (input[i + 1] === "'") {
					name += "'";
					i++;
					continue;
				}
				break;
			}
			name += input[i];
		}
		if (i >= input.length || name === '') throw new A1ParseError(text);
		sheet = name;
		const after = input.slice(i + 1);
		if (after === '') rest = null;
		else if (after.startsWith('!')) rest = after.slice(1);
		else throw new A1ParseError(text);
	} else {
		const bang = input.lastIndexOf('!');
		if (bang >= 0) {
			sheet = input.slice(0, bang);
			rest = input.slice(bang + 1);
			if (sheet === '') throw new A1ParseError(text);
		} else if (!looksLikeCells(input)) {
			// An unquoted name that is not a cell reference is a whole sheet.
			return { sheet: input };
		}
	}
	if (rest === null) return { sheet };
	return { sheet, ...parseCells(rest, text) };
}

function looksLikeCells(text: string): boolean {
	try {
		parseCells(text, text);
		return true;
	} catch {
		return false;
	}
}

function parseCells(text: string, original: string): Omit<A1Range, 'sheet'> {
	const parts = text.split(':');
	if (parts.length > 2 || parts.some((part) => part === '')) throw new A1ParseError(original);
	const [first, second] = parts.map((part) => parseCell(part, original));
	if (!second) {
		// A lone reference: a cell (A1), a column (A) or a row (1) all mean that one line or cell.
		return {
			startRow: first.row,
			startCol: first.col,
			endRow: first.row,
			endCol: first.col,
		};
	}
	// "A:C5" style mixes are accepted the way Sheets does: missing parts are open.
	const range = {
		startRow: first.row,
		startCol: first.col,
		endRow: second.row,
		endCol: second.col,
	};
	if (first.row === undefined && first.col === undefined) throw new A1ParseError(original);
	// Row-only start with a column end ("1:B") is not A1.
	if (first.col === undefined && second.col !== undefined) throw new A1ParseError(original);
	if (first.row === undefined && second.row !== undefined && first.col === undefined) throw new A1ParseError(original);
	if (range.startRow !== undefined && range.endRow !== undefined && range.endRow < range.startRow) {
		[range.startRow, range.endRow] = [range.endRow, range.startRow];
	}
	if (range.startCol !== undefined && range.endCol !== undefined && range.endCol < range.startCol) {
		[range.startCol, range.endCol] = [range.endCol, range.startCol];
	}
	return range;
}

function parseCell(text: string, original: string): { row?: number; col?: number } {
	const match = CELL.exec(text);
	if (!match || (!match[1] && !match[2])) throw new A1ParseError(original);
	const row = match[2] === undefined ? undefined : Number(match[2]) - 1;
	if (row !== undefined && row < 0) throw new A1ParseError(original);
	return { row, col: match[1] === undefined ? undefined : columnIndex(match[1]) };
}

/** "A" -> 0, "Z" -> 25, "AA" -> 26. */
export function columnIndex(letters: string): number {
	let index = 0;
	for (const letter of letters.toUpperCase()) index = index * 26 + (letter.charCodeAt(0) - 64);
	return index - 1;
}

/** 0 -> "A", 26 -> "AA". */
export function columnLetters(index: number): string {
	let letters = '';
	let n = index + 1;
	while (n > 0) {
		const rem = (n - 1) % 26;
		letters = String.fromCharCode(65 + rem) + letters;
		n = Math.floor((n - 1) / 26);
	}
	return letters;
}

/** The sheet name as Sheets writes it in a response: quoted unless it is a plain word. */
export function quoteSheetName(title: string, always = false): string {
	if (!always && /^[A-Za-z_][A-Za-z0-9_]*$/.test(title) && !looksLikeCells(title)) return title;
	return `'${title.replace(/'/g, "''")}'`;
}

export function formatBox(title: string, box: GridBox, alwaysQuote = false): string {
	const start = `${columnLetters(box.startCol)}${box.startRow + 1}`;
	const end = `${columnLetters(box.endCol)}${box.endRow + 1}`;
	return `${quoteSheetName(title, alwaysQuote)}!${start === end ? start : `${start}:${end}`}`;
}

/** Fills open bounds with the grid's edges. */
export function resolveBox(range: A1Range, rowCount: number, columnCount: number): GridBox {
	return {
		startRow: range.startRow ?? 0,
		startCol: range.startCol ?? 0,
		endRow: range.endRow ?? rowCount - 1,
		endCol: range.endCol ?? columnCount - 1,
	};
}

/** True when the range names exactly one cell (e.g. "A1"): Sheets then uses it as an anchor. */
export function isSingleCell(range: A1Range): boolean {
	return (
		range.startRow !== undefined &&
		range.startCol !== undefined &&
		range.startRow === range.endRow &&
		range.startCol === range.endCol
	);
}
