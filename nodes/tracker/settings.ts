import type { ColumnTable, Row, SheetsSession } from '../transport/sheets';
import { isBlank } from './records';
import { cellAt, readTable, recordOf, sheetOf, tabRange } from './table';
import { tabByKey } from './template';

/**
 * Read Settings, and the Settings tab as the other runs read it: setting/value rows as one object
 * (the LO's identity, the default time zone, the reply pause).
 */

const SETTINGS = tabByKey('settings');

export function settingsOf(values: Row[]): Record<string, string> {
	const table = readTable(SETTINGS, values, ['setting', 'value']);
	const settings: Record<string, string> = {};
	for (const row of table.rows) {
		const record = recordOf(table, row);
		if (!isBlank(record.setting)) settings[String(record.setting).trim()] = String(record.value ?? '');
	}
	return settings;
}

/** The Settings tab read by columns, as settingsOf. */
export function settingsFrom(read: ColumnTable): Record<string, string> {
	const sheet = sheetOf(SETTINGS, read, ['setting', 'value']);
	const settings: Record<string, string> = {};
	for (let i = 0; i < sheet.count; i++) {
		const setting = cellAt(sheet, 'setting', i);
		if (!isBlank(setting)) settings[String(setting).trim()] = String(cellAt(sheet, 'value', i) ?? '');
	}
	return settings;
}

export async function readSettings(session: SheetsSession, spreadsheetId: string): Promise<Record<string, string>> {
	const [values] = await session.batchGet(spreadsheetId, [tabRange(SETTINGS)], 'reading the Settings tab');
	return settingsOf(values);
}
