/**
 * spreadsheets.create and spreadsheets.batchUpdate: the structural requests the tracker uses
 * (addSheet, deleteSheet, updateSheetProperties, dimensions, validation, conditional formats,
 * cell formats, charts: addChart, updateChartSpec and deleteEmbeddedObject; appendCells and
 * updateCells for values). A batch is atomic: it runs on a draft and is committed only if every request
 * succeeds, as Google does.
 */
import { ApiError, invalidArgument } from './errors';
import { cellTooLong, checkCellLimit, newSheet, overCellLimit, type Cell, type EmbeddedChart, type Sheet, type SheetProperties, type Spreadsheet } from './model';

type Request = Record<string, Record<string, unknown> | undefined>;

/** A copy that shares cell rows until a request changes them. */
function draftOf(spreadsheet: Spreadsheet): Spreadsheet {
	return {
		...spreadsheet,
		properties: { ...spreadsheet.properties },
		sheets: spreadsheet.sheets.map((sheet) => ({
			...sheet,
			properties: structuredClone(sheet.properties),
			dataValidations: [...sheet.dataValidations],
			conditionalFormats: [...sheet.conditionalFormats],
			formats: [...sheet.formats],
			protectedRanges: [...sheet.protectedRanges],
			...(sheet.charts ? { charts: [...sheet.charts] } : {}),
		})),
	};
}

export function applyBatchUpdate(spreadsheet: Spreadsheet, body: unknown): { draft: Spreadsheet; replies: unknown[] } {
	const requests = (body as { requests?: unknown })?.requests;
	if (!Array.isArray(requests)) throw invalidArgument('Must specify at least one request.');
	if (requests.length === 0) throw invalidArgument('Must specify at least one request.');
	const draft = draftOf(spreadsheet);
	const replies = requests.map((request, index) => applyOne(draft, request as Request, index));
	checkCellLimit(draft);
	return { draft, replies };
}

function sheetById(spreadsheet: Spreadsheet, sheetId: unknown, where: string): Sheet {
	const sheet = spreadsheet.sheets.find((s) => s.properties.sheetId === Number(sheetId ?? 0));
	if (!sheet) throw invalidArgument(`Invalid requests[${where}: No grid with id: ${Number(sheetId ?? 0)}`);
	return sheet;
}

function applyOne(draft: Spreadsheet, request: Request, index: number): unknown {
	const kinds = Object.keys(request ?? {});
	if (kinds.length === 0) throw invalidArgument(`Invalid requests[${index}]: No request set.`);
	if (kinds.length > 1) {
		throw invalidArgument(`Invalid requests[${index}]: Only one kind of request may be set per request, found: ${kinds.join(', ')}`);
	}
	const kind = kinds[0];
	const args = (request[kind] ?? {}) as Record<string, unknown>;
	const at = `${index}].${kind}`;
	switch (kind) {
		case 'addSheet':
			return { addSheet: { properties: addSheet(draft, args, at) } };
		case 'deleteSheet': {
			const sheet = sheetById(draft, args.sheetId, at);
			if (draft.sheets.filter((s) => !s.properties.hidden).length <= 1 && !sheet.properties.hidden) {
				throw invalidArgument(`Invalid requests[${at}: You can't remove all the visible sheets in a document.`);
			}
			draft.sheets = draft.sheets.filter((s) => s !== sheet);
			draft.sheets.forEach((s, i) => (s.properties.index = i));
			return {};
		}
		case 'updateSheetProperties': {
			const properties = (args.properties ?? {}) as Partial<SheetProperties>;
			const sheet = sheetById(draft, properties.sheetId, at);
			const fields = String(args.fields ?? '');
			if (!fields) throw invalidArgument(`Invalid requests[${at}: You must specify which fields to update.`);
			for (const field of fields === '*' ? Object.keys(properties) : fields.split(',')) {
				const path = field.trim().split('.');
				if (path[0] === 'title') {
					const title = String(properties.title ?? '');
					checkTitle(draft, title, at, sheet);
					sheet.properties.title = title;
				} else if (path[0] === 'gridProperties') {
					const grid = properties.gridProperties ?? ({} as SheetProperties['gridProperties']);
					if (path.length === 1) Object.assign(sheet.properties.gridProperties, grid);
					else (sheet.properties.gridProperties as Record<string, unknown>)[path[1]] = (grid as Record<string, unknown>)[path[1]];
				} else if (path[0] !== 'sheetId') {
					sheet.properties[path[0]] = properties[path[0]];
				}
			}
			return {};
		}
		case 'appendDimension': {
			const sheet = sheetById(draft, args.sheetId, at);
			const length = Number(args.length ?? 0);
			if (!(length > 0)) throw invalidArgument(`Invalid requests[${at}: length must be greater than 0`);
			if (args.dimension === 'COLUMNS') sheet.properties.gridProperties.columnCount += length;
			else sheet.properties.gridProperties.rowCount += length;
			return {};
		}
		case 'insertDimension':
		case 'deleteDimension': {
			const range = (args.range ?? {}) as { sheetId?: number; dimension?: string; startIndex?: number; endIndex?: number };
			const sheet = sheetById(draft, range.sheetId, at);
			const start = Number(range.startIndex ?? 0);
			const end = Number(range.endIndex ?? 0);
			const grid = sheet.properties.gridProperties;
			const limit = range.dimension === 'COLUMNS' ? grid.columnCount : grid.rowCount;
			if (!(end > start) || start < 0 || (kind === 'deleteDimension' ? end > limit : start > limit)) {
				throw invalidArgument(`Invalid requests[${at}: Invalid dimension range [${start}, ${end})`);
			}
			const count = end - start;
			const sign = kind === 'insertDimension' ? 1 : -1;
			if (range.dimension === 'COLUMNS') {
				sheet.rows = sheet.rows.map((row) => {
					const copy = [...row];
					if (sign > 0) copy.splice(start, 0, ...new Array<Cell>(count).fill(null));
					else copy.splice(start, count);
					return copy;
				});
				grid.columnCount += sign * count;
			} else {
				const rows = [...sheet.rows];
				if (sign > 0) {
					if (start < rows.length) rows.splice(start, 0, ...Array.from({ length: count }, () => []));
				} else rows.splice(start, count);
				sheet.rows = rows;
				grid.rowCount += sign * count;
			}
			if (grid.rowCount < 1 || grid.columnCount < 1) {
				throw invalidArgument(`Invalid requests[${at}: You can't delete all the rows on the sheet.`);
			}
			return {};
		}
		case 'setDataValidation':
			sheetById(draft, (args.range as { sheetId?: number })?.sheetId, at).dataValidations.push(structuredClone(args));
			return {};
		case 'addConditionalFormatRule': {
			const rule = args.rule as { ranges?: Array<{ sheetId?: number }> } | undefined;
			const sheetId = rule?.ranges?.[0]?.sheetId;
			sheetById(draft, sheetId, at).conditionalFormats.push(structuredClone(args));
			return {};
		}
		case 'repeatCell':
		case 'updateBorders':
		case 'updateDimensionProperties':
		case 'autoResizeDimensions': {
			const range = (args.range ?? args.dimensions ?? {}) as { sheetId?: number };
			sheetById(draft, range.sheetId, at).formats.push({ [kind]: structuredClone(args) });
			return {};
		}
		case 'addProtectedRange': {
			const protectedRange = (args.protectedRange ?? {}) as { range?: { sheetId?: number } };
			sheetById(draft, protectedRange.range?.sheetId, at).protectedRanges.push(structuredClone(protectedRange));
			return { addProtectedRange: { protectedRange } };
		}
		case 'addChart':
			return { addChart: { chart: addChart(draft, args, at) } };
		case 'updateChartSpec': {
			const chartId = Number(args.chartId);
			const sheet = draft.sheets.find((s) => (s.charts ?? []).some((chart) => chart.chartId === chartId));
			if (!sheet) throw invalidArgument(`Invalid requests[${at}: No chart with id: ${String(args.chartId)}`);
			if (!args.spec || typeof args.spec !== 'object') throw invalidArgument(`Invalid requests[${at}: spec is required.`);
			for (const source of chartSources(args.spec)) sheetById(draft, source.sheetId, at);
			sheet.charts = (sheet.charts ?? []).map((chart) => (chart.chartId === chartId ? { ...chart, spec: structuredClone(args.spec) as Record<string, unknown> } : chart));
			return {};
		}
		case 'deleteEmbeddedObject': {
			const objectId = Number(args.objectId);
			const sheet = draft.sheets.find((s) => (s.charts ?? []).some((chart) => chart.chartId === objectId));
			if (!sheet) throw invalidArgument(`Invalid requests[${at}: No object with id: ${String(args.objectId)}`);
			sheet.charts = (sheet.charts ?? []).filter((chart) => chart.chartId !== objectId);
			return {};
		}
		case 'appendCells':
		case 'updateCells':
			return writeCells(sheetById(draft, kind === 'appendCells' ? args.sheetId : (args.start as { sheetId?: number })?.sheetId, at), kind, args, at);
		case 'updateSpreadsheetProperties': {
			const properties = (args.properties ?? {}) as Record<string, unknown>;
			if (typeof properties.title === 'string') draft.properties.title = properties.title;
			return {};
		}
		default:
			throw new ApiError(
				400,
				'INVALID_ARGUMENT',
				`Invalid JSON payload received. Unknown name "${kind}" at 'requests[${index}]': Cannot find field.`,
			);
	}
}

function checkTitle(draft: Spreadsheet, title: string, at: string, self?: Sheet): void {
	if (title.trim() === '') throw invalidArgument(`Invalid requests[${at}: Sheet name cannot be empty.`);
	const clash = draft.sheets.find((s) => s !== self && s.properties.title.toLowerCase() === title.toLowerCase());
	if (clash) {
		throw invalidArgument(
			`Invalid requests[${at}: A sheet with the name "${title}" already exists. Please enter another name.`,
		);
	}
}

export function addSheet(draft: Spreadsheet, args: Record<string, unknown>, at: string): SheetProperties {
	const requested = (args.properties ?? {}) as Partial<SheetProperties>;
	let title = requested.title;
	if (title === undefined) {
		let n = draft.sheets.length + 1;
		while (draft.sheets.some((s) => s.properties.title.toLowerCase() === `sheet${n}`)) n++;
		title = `Sheet${n}`;
	}
	checkTitle(draft, title, at);
	let sheetId = requested.sheetId;
	if (sheetId !== undefined) {
		if (draft.sheets.some((s) => s.properties.sheetId === sheetId)) {
			throw invalidArgument(`Invalid requests[${at}: Sheet with id ${sheetId} already exists.`);
		}
	} else {
		sheetId = draft.nextSheetId;
	}
	draft.nextSheetId = Math.max(draft.nextSheetId, sheetId) + 1;
	const index = Math.min(requested.index ?? draft.sheets.length, draft.sheets.length);
	const sheet = newSheet({ ...requested, title, sheetId, index });
	draft.sheets.splice(index, 0, sheet);
	draft.sheets.forEach((s, i) => (s.properties.index = i));
	return sheet.properties;
}

function allCharts(spreadsheet: Spreadsheet): EmbeddedChart[] {
	return spreadsheet.sheets.flatMap((sheet) => sheet.charts ?? []);
}

/** Every GridRange a chart spec reads (`sourceRange.sources`), wherever it sits in the spec. */
function chartSources(value: unknown, found: Array<{ sheetId?: unknown }> = []): Array<{ sheetId?: unknown }> {
	if (Array.isArray(value)) value.forEach((entry) => chartSources(entry, found));
	else if (value && typeof value === 'object') {
		for (const [key, entry] of Object.entries(value)) {
			if (key === 'sourceRange' && entry && typeof entry === 'object') {
				const sources = (entry as { sources?: unknown }).sources;
				if (Array.isArray(sources)) found.push(...(sources as Array<{ sheetId?: unknown }>));
			} else chartSources(entry, found);
		}
	}
	return found;
}

/**
 * addChart: the chart is kept on the sheet it is anchored to (overlayPosition.anchorCell.sheetId,
 * or position.sheetId), with a chartId Google-style (the one asked for, else a new positive
 * number). Every sheet the spec reads must exist. A chart on a new sheet of its own
 * (position.newSheet, or no position) is not modelled: the stand-in answers 400 for it.
 */
function addChart(draft: Spreadsheet, args: Record<string, unknown>, at: string): EmbeddedChart {
	const chart = (args.chart ?? {}) as { chartId?: unknown; spec?: unknown; position?: Record<string, unknown> };
	if (!chart.spec || typeof chart.spec !== 'object') throw invalidArgument(`Invalid requests[${at}: chart.spec is required.`);
	const position = chart.position ?? {};
	const overlay = position.overlayPosition as { anchorCell?: { sheetId?: unknown } } | undefined;
	const anchorSheetId = overlay ? overlay.anchorCell?.sheetId : position.sheetId;
	if (anchorSheetId === undefined) {
		throw invalidArgument(`Invalid requests[${at}: the Sheets stand-in places charts with position.overlayPosition or position.sheetId only (a chart on a new sheet is not modelled).`);
	}
	const sheet = sheetById(draft, anchorSheetId, at);
	for (const source of chartSources(chart.spec)) sheetById(draft, source.sheetId, at);
	const used = new Set(allCharts(draft).map((c) => c.chartId));
	let chartId: number;
	if (chart.chartId !== undefined && chart.chartId !== null) {
		chartId = Number(chart.chartId);
		if (!Number.isInteger(chartId) || chartId < 0) throw invalidArgument(`Invalid requests[${at}: Invalid chartId: ${String(chart.chartId)}`);
		if (used.has(chartId)) throw invalidArgument(`Invalid requests[${at}: An object with id ${chartId} already exists.`);
	} else {
		do chartId = 1 + Math.floor(Math.random() * 2_000_000_000);
		while (used.has(chartId));
	}
	const stored: EmbeddedChart = { chartId, spec: structuredClone(chart.spec) as Record<string, unknown>, position: structuredClone(position) };
	sheet.charts = [...(sheet.charts ?? []), stored];
	return structuredClone(stored);
}

type CellData = { userEnteredValue?: { stringValue?: string; numberValue?: number; boolValue?: boolean } };

/**
 * appendCells (after the sheet's last row with data, rows added as needed) and updateCells (from
 * `start`, within the grid), values only (`fields: 'userEnteredValue'`): a stringValue is kept as
 * typed, as RAW input is. The rows are copied before the change (the draft shares them).
 */
function writeCells(sheet: Sheet, kind: 'appendCells' | 'updateCells', args: Record<string, unknown>, at: string): unknown {
	if (!String(args.fields ?? '').split(',').some((f) => f.trim() === 'userEnteredValue' || f.trim() === '*')) {
		throw invalidArgument(`Invalid requests[${at}: At least one field must be updated. Set fields to "userEnteredValue".`);
	}
	const rows = ((args.rows ?? []) as Array<{ values?: CellData[] }>).map((row) => (row.values ?? []).map(cellOf));
	for (const row of rows) for (const cell of row) if (typeof cell === 'string' && overCellLimit(cell)) throw cellTooLong(`Invalid requests[${at}.${kind}: `);
	const grid = sheet.properties.gridProperties;
	let startRow: number;
	let startCol = 0;
	if (kind === 'appendCells') {
		let last = sheet.rows.length - 1;
		while (last >= 0 && !(sheet.rows[last] ?? []).some((cell) => cell !== null && cell !== undefined && cell !== '')) last--;
		startRow = last + 1;
		if (startRow + rows.length > grid.rowCount) grid.rowCount = startRow + rows.length;
	} else {
		const start = (args.start ?? {}) as { rowIndex?: number; columnIndex?: number };
		startRow = Number(start.rowIndex ?? 0);
		startCol = Number(start.columnIndex ?? 0);
		const width = rows.reduce((most, row) => Math.max(most, row.length), 0);
		if (startRow + rows.length > grid.rowCount || startCol + width > grid.columnCount) {
			throw invalidArgument(`Invalid requests[${at}: Range ('${sheet.properties.title}'!R${startRow + rows.length}C${startCol + width}) exceeds grid limits. Max rows: ${grid.rowCount}, max columns: ${grid.columnCount}`);
		}
	}
	// (No spread of the rows: an append of 100,000 rows would overflow the call stack.)
	const width = rows.reduce((most, row) => Math.max(most, startCol + row.length), 0);
	if (width > grid.columnCount) grid.columnCount = width;
	const stored = [...sheet.rows];
	while (stored.length < startRow) stored.push([]);
	rows.forEach((cells, r) => {
		const row = [...(stored[startRow + r] ?? [])];
		cells.forEach((cell, c) => {
			if (cell !== undefined) row[startCol + c] = cell;
		});
		stored[startRow + r] = row;
	});
	sheet.rows = stored;
	return {};
}

/** With fields userEnteredValue, a cell given without one is cleared, as Google does. */
function cellOf(data: CellData): Cell | undefined {
	const value = data?.userEnteredValue;
	if (!value) return null;
	if (value.stringValue !== undefined) return String(value.stringValue);
	if (value.numberValue !== undefined) return Number(value.numberValue);
	if (value.boolValue !== undefined) return Boolean(value.boolValue);
	return undefined;
}
