/**
 * The stand-in's spreadsheets: grids of cells with the v4 values semantics (RAW vs USER_ENTERED,
 * render options, trailing-empty trimming, grid limits, append's table detection) and the
 * structural requests of spreadsheets.batchUpdate, applied atomically.
 */
import {
	A1ParseError,
	columnLetters,
	formatBox,
	isSingleCell,
	parseA1,
	quoteSheetName,
	resolveBox,
	type A1Range,
	type GridBox,
} from './a1';
import { invalidArgument, unableToParseRange, type ApiError } from './errors';

export type Scalar = string | number | boolean;
/** A formula cell keeps its text and the value the stand-in computed for it. */
export interface FormulaCell {
	formula: string;
	value: Scalar;
}
/**
 * A date (or date-time) typed in the Sheets UI, imported from CSV or written USER_ENTERED: Sheets
 * keeps a serial number (days since 1899-12-30 on the spreadsheet's clock, the fraction the time
 * of day) with a date format, shows it formatted, and returns the number with UNFORMATTED_VALUE.
 */
export interface DateCell {
	serial: number;
	format: 'DATE' | 'DATE_TIME';
}
export type Cell = Scalar | FormulaCell | DateCell | null | undefined;

export interface SheetProperties {
	sheetId: number;
	title: string;
	index: number;
	sheetType: 'GRID';
	gridProperties: { rowCount: number; columnCount: number; frozenRowCount?: number; frozenColumnCount?: number };
	hidden?: boolean;
	tabColor?: unknown;
	[key: string]: unknown;
}

export interface Sheet {
	properties: SheetProperties;
	rows: Cell[][];
	/** Validation rules, conditional formats and cell formats as sent (kept for inspection). */
	dataValidations: unknown[];
	conditionalFormats: unknown[];
	formats: unknown[];
	protectedRanges: unknown[];
	/** Charts anchored on this sheet (addChart), as sent plus their chartId. */
	charts?: EmbeddedChart[];
}

/** A chart as Sheets keeps it: `{ chartId, spec, position }`. */
export interface EmbeddedChart {
	chartId: number;
	spec: Record<string, unknown>;
	position: Record<string, unknown>;
	[key: string]: unknown;
}

/** A Google Drive permission on a spreadsheet (POST /drive/v3/files/{id}/permissions). */
export interface DrivePermission {
	id: string;
	type: 'user' | 'group' | 'domain' | 'anyone';
	role: 'owner' | 'organizer' | 'fileOrganizer' | 'writer' | 'commenter' | 'reader';
	emailAddress?: string;
	/** Whether Google would have sent the "shared with you" email (sendNotificationEmail). */
	notified: boolean;
}

export interface Spreadsheet {
	spreadsheetId: string;
	properties: { title: string; locale: string; timeZone: string; autoRecalc: string; [key: string]: unknown };
	sheets: Sheet[];
	/** Who may open it: the creator and whoever it was shared with, or anyone (seeded sheets). */
	sharedWith: string[] | 'anyone';
	nextSheetId: number;
	/** Who made it through the API (its Drive owner); absent for seeded spreadsheets. */
	owner?: string;
	/** Drive permissions granted through the Drive route, in order. */
	permissions?: DrivePermission[];
	/** Drive appProperties (private to the app that set them), for files made through Drive. */
	appProperties?: Record<string, string>;
	/** The Drive folder it was made in (files.create with parents). */
	parents?: string[];
	/** The shared drive it lives in: the drive owns it, not a user. */
	driveId?: string;
}

export type ValueInputOption = 'RAW' | 'USER_ENTERED';
export type ValueRenderOption = 'FORMATTED_VALUE' | 'UNFORMATTED_VALUE' | 'FORMULA';
export type MajorDimension = 'ROWS' | 'COLUMNS';

export interface ValueRange {
	range: string;
	majorDimension: MajorDimension;
	values?: unknown[][];
}

export interface UpdateValuesResponse {
	spreadsheetId: string;
	updatedRange: string;
	updatedRows?: number;
	updatedColumns?: number;
	updatedCells?: number;
}

/** Google's limit on cells per spreadsheet, over all its sheets. */
export const MAX_CELLS = 10_000_000;
export const NEW_SHEET_ROWS = 1000;
export const NEW_SHEET_COLUMNS = 26;

export function newSheet(properties: Partial<SheetProperties> & { sheetId: number; title: string; index: number }): Sheet {
	return {
		properties: {
			...properties,
			sheetType: 'GRID',
			gridProperties: {
				rowCount: NEW_SHEET_ROWS,
				columnCount: NEW_SHEET_COLUMNS,
				...(properties.gridProperties ?? {}),
			},
		},
		rows: [],
		dataValidations: [],
		conditionalFormats: [],
		formats: [],
		protectedRanges: [],
	};
}

// ---------------------------------------------------------------------------------------------
// Ranges

export interface Located {
	sheet: Sheet;
	range: A1Range;
}

export function locate(spreadsheet: Spreadsheet, text: string): Located {
	let range: A1Range;
	try {
		range = parseA1(text);
	} catch (error) {
		if (error instanceof A1ParseError) throw unableToParseRange(text);
		throw error;
	}
	const sheet =
		range.sheet === null
			? spreadsheet.sheets[0]
			: spreadsheet.sheets.find((s) => s.properties.title.toLowerCase() === range.sheet!.toLowerCase());
	if (!sheet) throw unableToParseRange(text);
	return { sheet, range };
}

function checkGrid(sheet: Sheet, box: GridBox): void {
	const { rowCount, columnCount } = sheet.properties.gridProperties;
	if (box.endRow >= rowCount || box.endCol >= columnCount || box.startRow >= rowCount || box.startCol >= columnCount) {
		const corner = {
			startRow: Math.min(box.startRow, box.endRow),
			startCol: Math.min(box.startCol, box.endCol),
			endRow: box.endRow,
			endCol: box.endCol,
		};
		throw invalidArgument(
			`Range (${formatBox(sheet.properties.title, corner, true)}) exceeds grid limits. Max rows: ${rowCount}, max columns: ${columnCount}`,
		);
	}
}

function boxOf(located: Located): GridBox {
	const { rowCount, columnCount } = located.sheet.properties.gridProperties;
	const box = resolveBox(located.range, rowCount, columnCount);
	checkGrid(located.sheet, box);
	return box;
}

// ---------------------------------------------------------------------------------------------
// Cells in and out

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function isEmpty(cell: Cell): boolean {
	return cell === null || cell === undefined || cell === '';
}

/** A value as the Sheets UI would store it if typed by hand (USER_ENTERED). */
export function parseUserEntered(text: string): Cell {
	if (text === '') return null;
	if (text.startsWith("'")) return text.slice(1); // the apostrophe forces text and is not stored
	if (text.startsWith('=')) return { formula: text, value: evaluate(text.slice(1)) };
	if (text.startsWith('+')) {
		// "+13055551234" is read as the formula =+13055551234: the phone's "+" is gone.
		if (NUMBER.test(text)) return Number(text);
		return { formula: `=${text}`, value: evaluate(text) };
	}
	const date = typedDate(text);
	if (date) return date;
	const plain = text.replace(/,/g, '');
	if (NUMBER.test(text) || (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(text) && NUMBER.test(plain))) return Number(plain);
	if (/^-?\d+(\.\d+)?%$/.test(text)) return Number(text.slice(0, -1)) / 100;
	if (/^true$/i.test(text)) return true;
	if (/^false$/i.test(text)) return false;
	return text;
}

const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** "4/1/2026", "4/1/2026 9:00 AM", "2026-04-01", "2026-04-01 09:00:00" as Sheets (en_US) reads them typed; else null. */
function typedDate(text: string): DateCell | null {
	const us = US_DATE.exec(text.trim());
	const iso = us ? null : ISO_DATE.exec(text.trim());
	if (!us && !iso) return null;
	const [year, month, day] = us ? [+us[3], +us[1], +us[2]] : [+iso![1], +iso![2], +iso![3]];
	const [hourText, minute, second, meridiem] = us ? [us[4], us[5], us[6], us[7]] : [iso![4], iso![5], iso![6], undefined];
	let hour = hourText === undefined ? 0 : +hourText;
	if (meridiem) {
		if (hour < 1 || hour > 12) return null;
		hour = (hour % 12) + (/^p/i.test(meridiem) ? 12 : 0);
	}
	const ms = Date.UTC(year, month - 1, day, hour, +(minute ?? 0), +(second ?? 0));
	const check = new Date(ms);
	if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || +(minute ?? 0) > 59 || +(second ?? 0) > 59) return null;
	return { serial: ms / 86_400_000 + 25569, format: hourText === undefined ? 'DATE' : 'DATE_TIME' };
}

/** A serial as the Sheets UI shows it in en_US: 4/1/2026, or 4/1/2026 9:00:00. */
function formatSerial(cell: DateCell): string {
	const date = new Date(Math.round((cell.serial - 25569) * 86_400_000));
	const day = `${date.getUTCMonth() + 1}/${date.getUTCDate()}/${date.getUTCFullYear()}`;
	if (cell.format === 'DATE') return day;
	return `${day} ${date.getUTCHours()}:${String(date.getUTCMinutes()).padStart(2, '0')}:${String(date.getUTCSeconds()).padStart(2, '0')}`;
}

/**
 * A tiny evaluator: sums of numbers, and HYPERLINK's label. Anything else shows #NAME? (an unknown
 * function) or #ERROR! (a formula parse error), as the Sheets UI does.
 */
function evaluate(expression: string): Scalar {
	const body = expression.trim();
	const link = /^HYPERLINK\(\s*"([^"]*)"\s*(?:[,;]\s*"([^"]*)"\s*)?\)$/i.exec(body);
	if (link) return link[2] ?? link[1];
	if (/^[+-]?\s*\d+(\.\d+)?(\s*[+-]\s*\d+(\.\d+)?)*$/.test(body)) {
		const terms = body.replace(/\s+/g, '').match(/[+-]?[^+-]+/g) ?? [];
		return terms.reduce((sum, term) => sum + Number(term), 0);
	}
	if (/^[A-Za-z_][A-Za-z0-9_.]*\(/.test(body)) return '#NAME?';
	return '#ERROR!';
}

/** Google's limit on the text of one cell. */
export const MAX_CELL_CHARACTERS = 50_000;

/** True when `text` is over Google's cell limit (counted in characters: an emoji is one). */
export const overCellLimit = (text: string) => text.length > MAX_CELL_CHARACTERS && [...text].length > MAX_CELL_CHARACTERS;

/** Google's answer to a cell over the limit, after `prefix` ("Invalid data[4]: " in a values.batchUpdate). */
export function cellTooLong(prefix = ''): ApiError {
	return invalidArgument(`${prefix}Your input contains more than the maximum of ${MAX_CELL_CHARACTERS} characters in a single cell.`);
}

function toCell(value: unknown, option: ValueInputOption, where: string): Cell | undefined {
	if (value === null || value === undefined) return undefined; // null skips the cell (API docs)
	if (typeof value === 'string') {
		if (value === '') return null;
		if (overCellLimit(value)) {
			const entry = /^data\[(\d+)\]/.exec(where);
			throw cellTooLong(entry ? `Invalid data[${entry[1]}]: ` : '');
		}
		return option === 'RAW' ? value : parseUserEntered(value);
	}
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) throw invalidArgument(`Invalid ${where}: number_value ${value}`);
		return value;
	}
	if (typeof value === 'boolean') return value;
	throw invalidArgument(`Invalid ${where}: struct_value ${JSON.stringify(value)}`);
}

function formatNumber(value: number): string {
	if (Number.isInteger(value)) return String(value);
	return String(Number(value.toPrecision(15)));
}

export function render(cell: Cell, option: ValueRenderOption): Scalar | '' {
	if (cell === null || cell === undefined) return '';
	if (typeof cell === 'object') {
		if ('serial' in cell) return option === 'FORMATTED_VALUE' ? formatSerial(cell) : cell.serial;
		if (option === 'FORMULA') return cell.formula;
		return render(cell.value, option);
	}
	if (option !== 'FORMATTED_VALUE') return cell;
	if (typeof cell === 'number') return formatNumber(cell);
	if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
	return cell;
}

// ---------------------------------------------------------------------------------------------
// values.get / batchGet

export function readValues(
	spreadsheet: Spreadsheet,
	text: string,
	options: { majorDimension?: MajorDimension; valueRenderOption?: ValueRenderOption } = {},
): ValueRange {
	const located = locate(spreadsheet, text);
	const box = boxOf(located);
	const majorDimension = options.majorDimension ?? 'ROWS';
	const renderOption = options.valueRenderOption ?? 'FORMATTED_VALUE';
	const { sheet } = located;
	const result: ValueRange = { range: formatBox(sheet.properties.title, box), majorDimension };

	const lastRow = Math.min(box.endRow, sheet.rows.length - 1);
	let rows: unknown[][] = [];
	let lastNonEmpty = -1;
	for (let r = box.startRow; r <= lastRow; r++) {
		const source = sheet.rows[r];
		const out: unknown[] = [];
		if (source) {
			const lastCol = Math.min(box.endCol, source.length - 1);
			let width = 0;
			for (let c = box.startCol; c <= lastCol; c++) {
				const cell = source[c];
				if (!isEmpty(cell)) width = c - box.startCol + 1;
			}
			for (let c = 0; c < width; c++) out.push(render(source[box.startCol + c], renderOption));
		}
		rows.push(out);
		if (out.length) lastNonEmpty = rows.length - 1;
	}
	rows.length = lastNonEmpty + 1; // trailing empty rows are omitted
	if (majorDimension === 'COLUMNS') rows = transpose(rows);
	if (rows.length) result.values = rows;
	return result;
}

function transpose(rows: unknown[][]): unknown[][] {
	const width = rows.reduce((max, row) => Math.max(max, row.length), 0);
	const columns: unknown[][] = [];
	for (let c = 0; c < width; c++) {
		const column = rows.map((row) => (c < row.length ? row[c] : ''));
		let end = column.length;
		while (end > 0 && column[end - 1] === '') end--;
		columns.push(column.slice(0, end));
	}
	return columns;
}

// ---------------------------------------------------------------------------------------------
// values.update / batchUpdate / append / clear

interface PreparedWrite {
	sheet: Sheet;
	box: GridBox;
	cells: Array<Array<Cell | undefined>>;
	range: string;
}

function rowsOf(values: unknown, majorDimension: MajorDimension | undefined, where: string): unknown[][] {
	if (values === undefined || values === null) return [];
	if (!Array.isArray(values) || values.some((row) => !Array.isArray(row))) {
		throw invalidArgument(`Invalid value at '${where}' (type.googleapis.com/google.protobuf.ListValue)`);
	}
	const rows = values as unknown[][];
	return majorDimension === 'COLUMNS' ? transposeRaw(rows) : rows;
}

function transposeRaw(columns: unknown[][]): unknown[][] {
	const height = columns.reduce((max, column) => Math.max(max, column.length), 0);
	return Array.from({ length: height }, (_, r) => columns.map((column) => (r < column.length ? column[r] : null)));
}

function convertRows(rows: unknown[][], option: ValueInputOption, prefix: string): Array<Array<Cell | undefined>> {
	return rows.map((row, r) => row.map((value, c) => toCell(value, option, `${prefix}[${r}][${c}]`)));
}

export function checkValueInputOption(option: unknown): ValueInputOption {
	if (option === 'RAW' || option === 'USER_ENTERED') return option;
	if (option === undefined || option === null || option === '' || option === 'INPUT_VALUE_OPTION_UNSPECIFIED') {
		throw invalidArgument("'valueInputOption' is required but not specified");
	}
	throw invalidArgument(`Invalid value at 'value_input_option' (TYPE_ENUM), "${String(option)}"`);
}

/** Validates a write completely before anything changes (so batch writes stay atomic). */
export function prepareWrite(
	spreadsheet: Spreadsheet,
	text: string,
	values: unknown,
	options: { valueInputOption: ValueInputOption; majorDimension?: MajorDimension },
	where = 'data.values',
): PreparedWrite {
	const located = locate(spreadsheet, text);
	const { sheet, range } = located;
	const rows = rowsOf(values, options.majorDimension, where);
	const cells = convertRows(rows, options.valueInputOption, where === 'data.values' ? 'values' : where);
	const height = Math.max(1, cells.length);
	const width = Math.max(1, cells.reduce((max, row) => Math.max(max, row.length), 0));
	const { rowCount, columnCount } = sheet.properties.gridProperties;
	const declared = resolveBox(range, rowCount, columnCount);
	let box: GridBox;
	if (isSingleCell(range)) {
		// A single cell is an anchor: the values spread right and down from it.
		box = { startRow: declared.startRow, startCol: declared.startCol, endRow: declared.startRow + height - 1, endCol: declared.startCol + width - 1 };
	} else {
		const rangeText = formatBox(sheet.properties.title, declared, true);
		if (cells.length > declared.endRow - declared.startRow + 1) {
			throw invalidArgument(
				`Requested writing within range [${rangeText}], but tried writing to row [${declared.startRow + cells.length}]`,
			);
		}
		if (width > declared.endCol - declared.startCol + 1 && cells.length) {
			throw invalidArgument(
				`Requested writing within range [${rangeText}], but tried writing to column [${columnLetters(declared.startCol + width - 1)}]`,
			);
		}
		box = { startRow: declared.startRow, startCol: declared.startCol, endRow: declared.startRow + height - 1, endCol: declared.startCol + width - 1 };
	}
	checkGrid(sheet, box);
	return { sheet, box, cells, range: text };
}

export function applyWrite(spreadsheet: Spreadsheet, write: PreparedWrite): UpdateValuesResponse {
	const { sheet, box, cells } = write;
	let updatedCells = 0;
	let updatedColumns = 0;
	// Rows are stored densely so reads can index them: a write below the last row fills the gap.
	while (sheet.rows.length < box.startRow) sheet.rows.push([]);
	for (let r = 0; r < cells.length; r++) {
		const rowIndex = box.startRow + r;
		const row = (sheet.rows[rowIndex] ??= []);
		updatedColumns = Math.max(updatedColumns, cells[r].length);
		for (let c = 0; c < cells[r].length; c++) {
			const cell = cells[r][c];
			if (cell === undefined) continue;
			row[box.startCol + c] = cell;
			updatedCells++;
		}
	}
	if (!cells.length) return { spreadsheetId: spreadsheet.spreadsheetId, updatedRange: formatBox(sheet.properties.title, { ...box, endRow: box.startRow, endCol: box.startCol }) };
	return {
		spreadsheetId: spreadsheet.spreadsheetId,
		updatedRange: formatBox(sheet.properties.title, box),
		updatedRows: cells.length,
		updatedColumns,
		updatedCells,
	};
}

export function totalCells(spreadsheet: Spreadsheet): number {
	return spreadsheet.sheets.reduce(
		(sum, sheet) => sum + sheet.properties.gridProperties.rowCount * sheet.properties.gridProperties.columnCount,
		0,
	);
}

export function checkCellLimit(spreadsheet: Spreadsheet): void {
	if (totalCells(spreadsheet) > MAX_CELLS) {
		throw invalidArgument(
			`This action would increase the number of cells in the workbook above the limit of ${MAX_CELLS} cells.`,
		);
	}
}

export interface AppendResponse {
	spreadsheetId: string;
	tableRange?: string;
	updates: UpdateValuesResponse;
}

/**
 * values.append: finds the "table" in the input range and writes after its last row, from the
 * table's first column (Google's "Append values" guide). A table is a block of consecutive rows
 * with data in the range's columns; a blank row ends it. With several, Google appends after the
 * LAST one: a note or a totals row below a gap is a table of its own, so rows appended to a
 * whole-tab range land under it, starting at the note's column. A one-column range ('Leads'!A:A)
 * only sees that column, so what sits in other columns below the data moves nothing.
 */
export function appendValues(
	spreadsheet: Spreadsheet,
	text: string,
	values: unknown,
	options: { valueInputOption: ValueInputOption; insertDataOption?: 'OVERWRITE' | 'INSERT_ROWS'; majorDimension?: MajorDimension },
): AppendResponse {
	const { sheet, range } = locate(spreadsheet, text);
	const { rowCount, columnCount } = sheet.properties.gridProperties;
	const search = isSingleCell(range)
		? { startRow: range.startRow!, startCol: range.startCol!, endRow: rowCount - 1, endCol: columnCount - 1 }
		: resolveBox(range, rowCount, columnCount);
	checkGrid(sheet, { ...search, endRow: search.startRow, endCol: search.startCol });
	const cells = convertRows(rowsOf(values, options.majorDimension, 'values'), options.valueInputOption, 'values');

	const rowHasData = (r: number): [number, number] | null => {
		const row = sheet.rows[r];
		if (!row) return null;
		let first = -1;
		let last = -1;
		const end = Math.min(search.endCol, row.length - 1);
		for (let c = search.startCol; c <= end; c++) {
			if (!isEmpty(row[c])) {
				if (first < 0) first = c;
				last = c;
			}
		}
		return first < 0 ? null : [first, last];
	};
	let tableStart = -1;
	let tableEnd = -1;
	let tableFirstCol = Infinity;
	let tableLastCol = -1;
	// A table must start inside the range but may run on below it (Google's own example appends
	// with Sheet1!A1:E1 after a table that fills A1:D12). The last table found is the one.
	const lastRow = sheet.rows.length - 1;
	let inTable = false;
	for (let r = search.startRow; r <= lastRow; r++) {
		const span = rowHasData(r);
		if (!span) {
			inTable = false;
			if (r > search.endRow) break;
			continue;
		}
		if (!inTable) {
			if (r > search.endRow) break;
			inTable = true;
			tableStart = r;
			tableFirstCol = Infinity;
			tableLastCol = -1;
		}
		tableEnd = r;
		tableFirstCol = Math.min(tableFirstCol, span[0]);
		tableLastCol = Math.max(tableLastCol, span[1]);
	}
	const targetRow = tableStart >= 0 ? tableEnd + 1 : search.startRow;
	const targetCol = tableStart >= 0 ? tableFirstCol : search.startCol;
	const height = cells.length;
	const width = cells.reduce((max, row) => Math.max(max, row.length), 0);

	const grid = sheet.properties.gridProperties;
	const before = { rowCount: grid.rowCount, columnCount: grid.columnCount, rows: sheet.rows };
	if (height > 0) {
		if ((options.insertDataOption ?? 'OVERWRITE') === 'INSERT_ROWS') {
			if (targetRow < sheet.rows.length) {
				sheet.rows = [...sheet.rows.slice(0, targetRow), ...Array.from({ length: height }, () => []), ...sheet.rows.slice(targetRow)];
			}
			grid.rowCount += height;
		} else if (targetRow + height > grid.rowCount) {
			grid.rowCount = targetRow + height;
		}
		if (targetCol + width > grid.columnCount) grid.columnCount = targetCol + width;
		try {
			checkCellLimit(spreadsheet);
		} catch (error) {
			Object.assign(grid, { rowCount: before.rowCount, columnCount: before.columnCount });
			sheet.rows = before.rows;
			throw error;
		}
	}
	const box = { startRow: targetRow, startCol: targetCol, endRow: targetRow + Math.max(1, height) - 1, endCol: targetCol + Math.max(1, width) - 1 };
	const updates = applyWrite(spreadsheet, { sheet, box, cells, range: text });
	const response: AppendResponse = { spreadsheetId: spreadsheet.spreadsheetId, updates };
	if (tableStart >= 0) {
		response.tableRange = formatBox(sheet.properties.title, {
			startRow: tableStart,
			startCol: tableFirstCol,
			endRow: tableEnd,
			endCol: tableLastCol,
		});
	}
	return response;
}

export function clearValues(spreadsheet: Spreadsheet, text: string): string {
	const located = locate(spreadsheet, text);
	const box = boxOf(located);
	const { sheet } = located;
	const lastRow = Math.min(box.endRow, sheet.rows.length - 1);
	for (let r = box.startRow; r <= lastRow; r++) {
		const row = sheet.rows[r];
		if (!row) continue;
		const lastCol = Math.min(box.endCol, row.length - 1);
		for (let c = box.startCol; c <= lastCol; c++) row[c] = null;
	}
	return formatBox(sheet.properties.title, box);
}

export { quoteSheetName };
