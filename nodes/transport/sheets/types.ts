/**
 * The parts of the Google Sheets API v4 and Drive API v3 bodies the pack sends and reads, as plain
 * types (field names and nesting as Google's discovery documents give them; enums are strings). test/transport/sheets/types.test.ts checks them
 * against the @googleapis/sheets types: what we send is a valid request there, what Google answers
 * fits here.
 */

/** A primitive field of a Google answer: absent, null or set (object fields are absent or set). */
export type Maybe<T> = T | null;

/** A cell value as the Sheets API carries it (UNFORMATTED_VALUE reads: text, number or boolean). */
export type Row = unknown[];

export interface GridRange {
	sheetId?: Maybe<number>;
	startRowIndex?: Maybe<number>;
	endRowIndex?: Maybe<number>;
	startColumnIndex?: Maybe<number>;
	endColumnIndex?: Maybe<number>;
}

export interface GridProperties {
	rowCount?: Maybe<number>;
	columnCount?: Maybe<number>;
	frozenRowCount?: Maybe<number>;
	frozenColumnCount?: Maybe<number>;
}

export interface SheetProperties {
	sheetId?: Maybe<number>;
	title?: Maybe<string>;
	index?: Maybe<number>;
	hidden?: Maybe<boolean>;
	gridProperties?: GridProperties;
}

export interface Color {
	red?: Maybe<number>;
	green?: Maybe<number>;
	blue?: Maybe<number>;
	alpha?: Maybe<number>;
}

export interface CellFormat {
	textFormat?: { bold?: Maybe<boolean>; italic?: Maybe<boolean> };
	backgroundColor?: Color;
	numberFormat?: { type?: Maybe<string>; pattern?: Maybe<string> };
}

/** A value as a spreadsheets.batchUpdate request carries it: text stays text (as RAW writes keep it). */
export interface ExtendedValue {
	stringValue?: Maybe<string>;
	numberValue?: Maybe<number>;
	boolValue?: Maybe<boolean>;
}

export interface CellData {
	userEnteredFormat?: CellFormat;
	userEnteredValue?: ExtendedValue;
}

export interface RowData {
	values?: CellData[];
}

export interface GridCoordinate {
	sheetId?: Maybe<number>;
	rowIndex?: Maybe<number>;
	columnIndex?: Maybe<number>;
}

export interface BooleanCondition {
	type?: Maybe<string>;
	values?: Array<{ userEnteredValue?: Maybe<string> }>;
}

export interface DataValidationRule {
	condition?: BooleanCondition;
	strict?: Maybe<boolean>;
	showCustomUi?: Maybe<boolean>;
	inputMessage?: Maybe<string>;
}

export interface ConditionalFormatRule {
	ranges?: GridRange[];
	booleanRule?: { condition?: BooleanCondition; format?: CellFormat };
}

export interface ChartData {
	sourceRange?: { sources?: GridRange[] };
}

export interface BasicChartSpec {
	chartType?: Maybe<string>;
	legendPosition?: Maybe<string>;
	headerCount?: Maybe<number>;
	axis?: Array<{ position?: Maybe<string>; title?: Maybe<string> }>;
	domains?: Array<{ domain?: ChartData }>;
	series?: Array<{ series?: ChartData; targetAxis?: Maybe<string> }>;
}

export interface ChartSpec {
	title?: Maybe<string>;
	basicChart?: BasicChartSpec;
}

export interface EmbeddedChart {
	chartId?: Maybe<number>;
	spec?: ChartSpec;
	position?: {
		overlayPosition?: { anchorCell?: { sheetId?: Maybe<number>; rowIndex?: Maybe<number>; columnIndex?: Maybe<number> } };
	};
}

export interface Sheet {
	properties?: SheetProperties;
	charts?: EmbeddedChart[];
}

/** spreadsheets.create body and spreadsheets.get answer. */
export interface Spreadsheet {
	spreadsheetId?: Maybe<string>;
	spreadsheetUrl?: Maybe<string>;
	properties?: { title?: Maybe<string>; timeZone?: Maybe<string>; locale?: Maybe<string> };
	sheets?: Sheet[];
}

/** One request of spreadsheets.batchUpdate (exactly one of these fields is set). */
export interface Request {
	addSheet?: { properties?: SheetProperties };
	updateSheetProperties?: { properties?: SheetProperties; fields?: Maybe<string> };
	deleteSheet?: { sheetId?: Maybe<number> };
	deleteDimension?: { range?: { sheetId?: Maybe<number>; dimension?: Maybe<string>; startIndex?: Maybe<number>; endIndex?: Maybe<number> } };
	repeatCell?: { range?: GridRange; cell?: CellData; fields?: Maybe<string> };
	setDataValidation?: { range?: GridRange; rule?: DataValidationRule };
	addConditionalFormatRule?: { rule?: ConditionalFormatRule; index?: Maybe<number> };
	addChart?: { chart?: EmbeddedChart };
	updateChartSpec?: { chartId?: Maybe<number>; spec?: ChartSpec };
	/** Rows after the sheet's last row with data, rows inserted as needed. */
	appendCells?: { sheetId?: Maybe<number>; rows?: RowData[]; fields?: Maybe<string> };
	updateCells?: { start?: GridCoordinate; rows?: RowData[]; fields?: Maybe<string> };
}

/** One reply of spreadsheets.batchUpdate, in request order. */
export interface Response {
	addSheet?: { properties?: SheetProperties };
	addChart?: { chart?: EmbeddedChart };
}

export interface BatchUpdateSpreadsheetResponse {
	spreadsheetId?: Maybe<string>;
	replies?: Response[];
}

export interface ValueRange {
	range?: Maybe<string>;
	majorDimension?: Maybe<string>;
	values?: Maybe<unknown[][]>;
}

export interface BatchGetValuesResponse {
	spreadsheetId?: Maybe<string>;
	valueRanges?: ValueRange[];
}

export interface UpdateValuesResponse {
	spreadsheetId?: Maybe<string>;
	updatedRange?: Maybe<string>;
	updatedRows?: Maybe<number>;
	updatedColumns?: Maybe<number>;
	updatedCells?: Maybe<number>;
}

export interface BatchUpdateValuesRequest {
	valueInputOption?: Maybe<string>;
	data?: ValueRange[];
}

export interface BatchUpdateValuesResponse {
	spreadsheetId?: Maybe<string>;
	totalUpdatedRows?: Maybe<number>;
	totalUpdatedColumns?: Maybe<number>;
	totalUpdatedCells?: Maybe<number>;
	totalUpdatedSheets?: Maybe<number>;
	responses?: UpdateValuesResponse[];
}

export interface AppendValuesResponse {
	spreadsheetId?: Maybe<string>;
	tableRange?: Maybe<string>;
	updates?: UpdateValuesResponse;
}

/** Drive v3 file (files.create body and answer, files.list entries). */
export interface DriveFile {
	id?: Maybe<string>;
	name?: Maybe<string>;
	mimeType?: Maybe<string>;
	appProperties?: Maybe<Record<string, string>>;
	/** The folder to make the file in (Drive v3 takes one). */
	parents?: Maybe<string[]>;
}

export interface DriveFileList {
	files?: DriveFile[];
	nextPageToken?: Maybe<string>;
}

/** Drive v3 permission (permissions.create body and answer). */
export interface DrivePermission {
	id?: Maybe<string>;
	type?: Maybe<string>;
	role?: Maybe<string>;
	emailAddress?: Maybe<string>;
}
