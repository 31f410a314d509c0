import { DateTime } from 'luxon';
import { parseInstant } from '../cadence/calendar';

/**
 * Tracker rows as they come out of Google Sheets, read the way a loan officer fills them in:
 * text, numbers, blanks, dates typed by hand (read back as Sheets date serial numbers, or as
 * "11/20/2026 10:00:00" text) and amounts such as "$350,000". Pure: the sheet's time zone is a
 * parameter, never the machine's.
 */

/** One row keyed by header, as a header-aware reader gives it. */
export type SheetRecord = Readonly<Record<string, unknown>>;

/** A tab as read: records keyed by header, or a grid of values whose first row is the header. */
export type SheetRows = ReadonlyArray<SheetRecord> | ReadonlyArray<ReadonlyArray<unknown>>;

/** A row that could not be read (or only partly), named by tab, sheet row and field. */
export interface SheetProblem {
	tab: string;
	/** The sheet's own row number: the header is row 1, the first data row is row 2. */
	row: number;
	field: string;
	message: string;
}

/** A tab read by column name: header spellings match loosely ("Lead ID" = leadId). */
export interface TabColumns<Field extends string> {
	readonly length: number;
	/** The cell of data row `index` (0-based) for `field`, undefined when the tab has no such column. */
	cell(index: number, field: Field): unknown;
	/** The sheet row number of data row `index`. */
	sheetRow(index: number): number;
}

/**
 * Opens a tab for reading by field. `columns` names each field's header and the other spellings
 * it may go by. Grids are matched loosely on their header row once; records by their keys.
 */
export function tabColumns<Field extends string>(
	rows: SheetRows,
	columns: Readonly<Record<Field, readonly string[]>>,
): TabColumns<Field> {
	const fields = Object.keys(columns) as Field[];
	if (rows.length > 0 && Array.isArray(rows[0])) {
		const grid = rows as ReadonlyArray<ReadonlyArray<unknown>>;
		const byKey = new Map<string, number>();
		grid[0].forEach((header, column) => {
			const key = headerKey(String(header ?? ''));
			if (key && !byKey.has(key)) byKey.set(key, column);
		});
		const position = new Map<Field, number>();
		for (const field of fields) {
			const column = [field, ...columns[field]].map((name) => byKey.get(headerKey(name))).find((found) => found !== undefined);
			if (column !== undefined) position.set(field, column);
		}
		return {
			length: grid.length - 1,
			cell: (index, field) => {
				const column = position.get(field);
				return column === undefined ? undefined : grid[index + 1]?.[column];
			},
			sheetRow: (index) => index + 2,
		};
	}
	const records = rows as ReadonlyArray<SheetRecord>;
	const names = new Map<Field, readonly string[]>(fields.map((field) => [field, [field, ...columns[field]]]));
	return {
		length: records.length,
		cell: (index, field) => {
			const record = records[index];
			for (const name of names.get(field) as readonly string[]) if (name in record) return record[name];
			return undefined;
		},
		sheetRow: (index) => index + 2,
	};
}

/** "Lead ID", "lead_id" and "leadId" are the same header. */
export function headerKey(header: string): string {
	return header.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** True for a cell with nothing in it: undefined, null, or only spaces. */
export function isBlank(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** The cell as trimmed text, or null when blank. */
export function sheetText(value: unknown): string | null {
	if (isBlank(value)) return null;
	const text = (typeof value === 'string' ? value : String(value)).trim();
	return text === '' ? null : text;
}

/** Days between Sheets' day 0 (1899-12-30) and 1970-01-01. */
const SERIAL_UNIX_EPOCH_DAYS = 25_569;
/** Sheets' last date, 9999-12-31. */
const LAST_SERIAL = 2_958_465;
export const DAY_MS = 86_400_000;
const OFFSET_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;
const NUMBER_TEXT = /^\d+(?:\.\d+)?$/;
/** Dates as a loan officer may type them (or Sheets may show them), besides ISO-8601. */
const TYPED_FORMATS = [
	'M/d/yyyy H:mm:ss',
	'M/d/yyyy H:mm',
	'M/d/yyyy h:mm:ss a',
	'M/d/yyyy h:mm a',
	'M/d/yyyy',
	'yyyy-MM-dd H:mm:ss',
	'yyyy-MM-dd H:mm',
];

/**
 * The instant (epoch ms) a cell holds: null when blank, NaN when it is not a date-time. A number
 * is a Sheets date serial in the sheet's zone (46346.5 = 2026-11-20 12:00 there), or epoch ms
 * when it is far too large to be a serial; text is ISO-8601 (an offset wins over `zone`) or a
 * typed US date ("11/20/2026 2:03 PM"), read in `zone`.
 */
export function sheetInstant(value: unknown, zone: string): number | null {
	if (isBlank(value)) return null;
	if (typeof value === 'number') return fromNumber(value, zone);
	if (value instanceof Date) return value.getTime();
	const text = String(value).trim();
	if (OFFSET_INSTANT.test(text)) return parseInstant(text);
	if (NUMBER_TEXT.test(text)) return fromNumber(Number(text), zone);
	let parsed = DateTime.fromISO(text, { zone });
	for (const format of TYPED_FORMATS) {
		if (parsed.isValid) break;
		parsed = DateTime.fromFormat(text, format, { zone });
	}
	return parsed.isValid ? parsed.toMillis() : NaN;
}

function fromNumber(value: number, zone: string): number {
	if (!Number.isFinite(value) || value <= 0) return NaN;
	if (value >= 1e11) return value;
	if (value > LAST_SERIAL) return NaN;
	// The serial is the wall clock of the sheet's zone; to the second, as Sheets shows it.
	const wallMs = Math.round((value - SERIAL_UNIX_EPOCH_DAYS) * 86_400) * 1000;
	const wall = DateTime.fromMillis(wallMs, { zone: 'utc' });
	const local = DateTime.fromObject(
		{ year: wall.year, month: wall.month, day: wall.day, hour: wall.hour, minute: wall.minute, second: wall.second },
		{ zone },
	);
	return local.isValid ? local.toMillis() : NaN;
}

/** An amount in dollars: null when blank, NaN when not a non-negative amount ("$350,000" is fine). */
export function sheetAmount(value: unknown): number | null {
	if (isBlank(value)) return null;
	const amount = typeof value === 'number' ? value : Number(String(value).replace(/[$,\s]/g, ''));
	return Number.isFinite(amount) && amount >= 0 ? amount : NaN;
}

const CODE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A code as written in a drop-down or typed: "Appointment set", "appointment_set" -> "appointment-set". */
export function codeOf(value: unknown): string | null {
	if (typeof value === 'string' && CODE.test(value)) return value;
	const text = sheetText(value);
	if (text === null) return null;
	return text
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '');
}
