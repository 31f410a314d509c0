import type { sheets_v4 } from '@googleapis/sheets';
import { DEFAULT_CADENCES } from '../core/cadence';
import { toCell, type SheetsSession } from '../transport/sheets';
import { cellRange, columnLetter } from '../transport/sheets/a1';
import { rowOfTemplate } from './table';
import { SETTINGS_ROWS, TRACKER_TABS, headersOf, type TabSpec } from './template';

/**
 * Builds the tracker from the template: a new spreadsheet, or the missing tabs of an existing one
 * (tabs already there are left exactly as they are). Three requests: create or add the tabs,
 * format them, write their headers and starting rows (Settings, default Cadences).
 */
export interface CreateResult {
	spreadsheetId: string;
	spreadsheetUrl: string;
	createdTabs: string[];
	existingTabs: string[];
}

/** Empty columns a new tab gets for the LO's own notes: none in the append-only Touches log. */
export function spareColumns(tab: TabSpec): number {
	return tab.key === 'touches' ? 0 : 4;
}

function propertiesOf(tab: TabSpec): sheets_v4.Schema$SheetProperties {
	return {
		sheetId: tab.sheetId,
		title: tab.title,
		hidden: tab.hidden ?? false,
		// Only the columns needed, plus room for a few of the LO's own except in Touches: cells count
		// against Google's 10 million per spreadsheet, and Touches grows by a row per touch (100,000
		// leads with 240,000 touches fit only without spare Touches columns).
		gridProperties: { rowCount: 1000, columnCount: tab.columns.length + spareColumns(tab), frozenRowCount: 1 },
	};
}

/** Header style, text format for ids/phones/dates, drop-downs, checkboxes, row highlights. */
export function formatRequests(tab: TabSpec): sheets_v4.Schema$Request[] {
	const requests: sheets_v4.Schema$Request[] = [
		{
			repeatCell: {
				range: { sheetId: tab.sheetId, startRowIndex: 0, endRowIndex: 1 },
				cell: { userEnteredFormat: { textFormat: { bold: true }, backgroundColor: { red: 0.9, green: 0.93, blue: 0.98 } } },
				fields: 'userEnteredFormat(textFormat,backgroundColor)',
			},
		},
	];
	tab.columns.forEach((column, index) => {
		const range = { sheetId: tab.sheetId, startRowIndex: 1, startColumnIndex: index, endColumnIndex: index + 1 };
		if (['id', 'phone', 'text', 'instant', 'date'].includes(column.type)) {
			// Plain text: "+13055551234" or "02134" typed by hand stays as typed.
			requests.push({ repeatCell: { range, cell: { userEnteredFormat: { numberFormat: { type: 'TEXT' } } }, fields: 'userEnteredFormat.numberFormat' } });
		}
		if (column.type === 'choice' && column.choices) {
			requests.push({
				setDataValidation: {
					range,
					rule: { condition: { type: 'ONE_OF_LIST', values: column.choices.map((value) => ({ userEnteredValue: value })) }, strict: false, showCustomUi: true },
				},
			});
		}
		if (column.type === 'boolean') requests.push({ setDataValidation: { range, rule: { condition: { type: 'BOOLEAN' } } } });
	});
	for (const highlight of tab.highlights ?? []) {
		const index = tab.columns.findIndex((c) => c.header === highlight.column);
		requests.push({
			addConditionalFormatRule: {
				index: 0,
				rule: {
					ranges: [{ sheetId: tab.sheetId, startRowIndex: 1 }],
					booleanRule: {
						condition: { type: 'CUSTOM_FORMULA', values: [{ userEnteredValue: `=$${columnLetter(index)}2="${highlight.equals}"` }] },
						format: { backgroundColor: highlight.color },
					},
				},
			},
		});
	}
	return requests;
}

/** Header row plus the starting rows of a new tab. */
function startingRows(tab: TabSpec): unknown[][] {
	const rows: unknown[][] = [headersOf(tab).map(toCell)];
	if (tab.key === 'settings') for (const s of SETTINGS_ROWS) rows.push(rowOfTemplate(tab, { setting: s.setting, value: '', notes: s.notes }));
	if (tab.key === 'cadences') for (const step of DEFAULT_CADENCES) rows.push(rowOfTemplate(tab, step as unknown as Record<string, unknown>));
	return rows;
}

export async function createTracker(session: SheetsSession, target: { spreadsheetId?: string; title?: string; dropBlankTabs?: boolean }): Promise<CreateResult> {
	let spreadsheetId = target.spreadsheetId ?? '';
	let spreadsheetUrl = '';
	let missing: TabSpec[];
	let existing: string[] = [];
	let drop: number[] = [];
	if (!spreadsheetId) {
		const created = await session.createSpreadsheet({
			properties: { title: target.title || 'Mortgage Lead Tracker' },
			sheets: TRACKER_TABS.map((tab) => ({ properties: propertiesOf(tab) })),
		});
		spreadsheetId = created.spreadsheetId!;
		spreadsheetUrl = created.spreadsheetUrl ?? '';
		missing = [...TRACKER_TABS];
	} else {
		const spreadsheet = await session.getSpreadsheet(spreadsheetId);
		spreadsheetUrl = spreadsheet.spreadsheetUrl ?? '';
		const titles = (spreadsheet.sheets ?? []).map((s) => s.properties?.title ?? '');
		const ids = new Set((spreadsheet.sheets ?? []).map((s) => s.properties?.sheetId));
		existing = TRACKER_TABS.filter((tab) => titles.some((t) => t.toLowerCase() === tab.title.toLowerCase())).map((tab) => tab.title);
		missing = TRACKER_TABS.filter((tab) => !existing.includes(tab.title));
		// A sheet just made through Drive comes with one blank tab ("Sheet1"): it goes once the tracker's tabs are in.
		if (target.dropBlankTabs) drop = (spreadsheet.sheets ?? []).filter((s) => !TRACKER_TABS.some((tab) => tab.title === s.properties?.title)).map((s) => s.properties?.sheetId ?? 0);
		if (missing.some((tab) => ids.has(tab.sheetId))) {
			throw new Error(`A tab of this spreadsheet already uses a sheet id the tracker needs (${missing.map((t) => t.sheetId).join(', ')}); create the tracker in a new spreadsheet instead.`);
		}
	}
	if (missing.length) {
		const add = target.spreadsheetId ? missing.map((tab) => ({ addSheet: { properties: propertiesOf(tab) } })) : [];
		const remove = drop.map((sheetId) => ({ deleteSheet: { sheetId } }));
		await session.batchUpdate(spreadsheetId, [...add, ...remove, ...missing.flatMap(formatRequests)], 'adding and formatting the tracker tabs');
		await session.batchUpdateValues(
			spreadsheetId,
			missing.map((tab) => ({ range: cellRange(tab.title, 0, 1), values: startingRows(tab) })),
			'writing the tracker headers',
		);
	}
	return { spreadsheetId, spreadsheetUrl, createdTabs: missing.map((t) => t.title), existingTabs: existing };
}
