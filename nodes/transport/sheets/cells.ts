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

/** A JS value as a tracker cell: null/undefined -> "", text escaped, numbers and booleans kept. */
export function toCell(value: unknown): CellValue {
	if (value === null || value === undefined) return '';
	if (typeof value === 'number') return Number.isFinite(value) ? value : '';
	if (typeof value === 'boolean') return value;
	if (typeof value === 'string') return escapeText(value);
	if (value instanceof Date) return value.toISOString();
	return escapeText(JSON.stringify(value));
}

/** A cell read with UNFORMATTED_VALUE back to text/number/boolean; "" stays "". */
export function fromCell(value: unknown): CellValue {
	if (typeof value === 'string') return unescapeText(value);
	if (typeof value === 'number' || typeof value === 'boolean') return value;
	return '';
}
