/**
 * Cell values in and out of the tracker. Everything is written RAW, so nothing is ever parsed as a
 * formula by Sheets; on top of that, text starting with = + - @ tab or CR gets a leading
 * apostrophe, so a tracker downloaded as CSV and opened in Excel is safe too (CWE-1236). Plain
 * numbers such as an E.164 phone ("+13055551234") carry no formula and stay exactly as they are.
 */
export type CellValue = string | number | boolean;

const RISKY_START = /^[=+\-@\t\r']/;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

export function escapeText(text: string): string {
	if (!RISKY_START.test(text) || PLAIN_NUMBER.test(text)) return text;
	return `'${text}`;
}

export function unescapeText(text: string): string {
	return text.startsWith("'") ? text.slice(1) : text;
}

/** Google's limit on the text of one cell: a longer one fails the whole write it is in. */
export const MAX_CELL_CHARACTERS = 50_000;

/**
 * Text that fits in a cell: a longer one is cut, with a visible marker that keeps the original
 * length as evidence ("… [cut: 120000 characters in all]"), so one oversized note or reply cannot
 * fail every write of the run. Never splits a character made of two UTF-16 units.
 */
export function fitCell(text: string): string {
	if (text.length <= MAX_CELL_CHARACTERS) return text;
	const marker = ` … [cut: ${text.length} characters in all]`;
	let end = MAX_CELL_CHARACTERS - marker.length;
	const last = text.charCodeAt(end - 1);
	if (last >= 0xd800 && last <= 0xdbff) end--;
	return text.slice(0, end) + marker;
}

/**
 * A JS value as a tracker cell: null/undefined -> "", text escaped and cut to the cell limit,
 * numbers and booleans kept. Every cell the pack writes goes through here.
 */
export function toCell(value: unknown): CellValue {
	if (value === null || value === undefined) return '';
	if (typeof value === 'number') return Number.isFinite(value) ? value : '';
	if (typeof value === 'boolean') return value;
	if (typeof value === 'string') return fitCell(escapeText(value));
	if (value instanceof Date) return value.toISOString();
	return fitCell(escapeText(JSON.stringify(value)));
}

/** A cell read with UNFORMATTED_VALUE back to text/number/boolean; "" stays "". */
export function fromCell(value: unknown): CellValue {
	if (typeof value === 'string') return unescapeText(value);
	if (typeof value === 'number' || typeof value === 'boolean') return value;
	return '';
}
