import { toCell, type ColumnTable, type Row, type SheetsSession } from '../transport/sheets';
import { cellRange } from '../transport/sheets/a1';
import { isBlank } from './records';
import { cellAt, headerWrite, readTable, recordOf, rowOf, sheetOf, tabRange } from './table';
import { SETTINGS_ROWS, tabByKey } from './template';

/**
 * The Settings tab, the one place the LO's identity and addresses live (name, NMLS ID, company,
 * postal address, email, mobile, sending number or Messaging Service, public n8n address), the
 * default time zone and the reply pause: read as setting/value rows into one object, cached per
 * process for the nodes, and written by the setup.
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

/**
 * Who is writing and from where: the identity rows of the Settings tab under the names the
 * nodes and workflow expressions use (`$json.settings.loEmail`...). Blank rows are empty strings.
 */
export interface LoIdentity {
	loName: string;
	nmlsId: string;
	company: string;
	postalAddress: string;
	loEmail: string;
	loMobile: string;
	/** The number texts go out from (a Twilio number, E.164). */
	sendingNumber: string;
	/** Or the Twilio Messaging Service they go out through (MG...). */
	messagingServiceSid: string;
	/** The LO's n8n as the internet reaches it, no trailing slash (status callbacks, links). */
	publicN8nAddress: string;
	/** The number a lead calls back: the business phone, else the mobile, else the sending number. */
	loPhone: string;
}

export const IDENTITY_SETTINGS = ['loName', 'nmlsId', 'company', 'postalAddress', 'loEmail', 'loMobile', 'sendingNumber', 'messagingServiceSid', 'publicN8nAddress'] as const;

export function identityOf(settings: Record<string, string>): LoIdentity {
	const value = (name: string) => String(settings[name] ?? '').trim();
	const identity = Object.fromEntries(IDENTITY_SETTINGS.map((name) => [name, value(name)])) as unknown as LoIdentity;
	identity.publicN8nAddress = identity.publicN8nAddress.replace(/\/+$/, '');
	identity.loPhone = value('phone') || identity.loMobile || identity.sendingNumber;
	return identity;
}

/** How long a Settings read serves without asking Google again. */
export const SETTINGS_FRESH_MS = 60_000;
/** How long a read may still serve while a fresh one is fetched (or Google is failing). */
export const SETTINGS_STALE_MS = 60 * 60_000;

interface CachedSettings {
	settings?: Record<string, string>;
	readAt: number;
	pending?: Promise<Record<string, string>>;
}

const cache = new Map<string, CachedSettings>();

/**
 * The Settings tab through a per-process cache keyed by tracker (and account and endpoint): the
 * first read waits for Google; for a minute after, reads are answered from memory; for an hour
 * after, a read is answered from memory at once while one fresh read runs behind it (so
 * speed-to-lead never waits for Google once warm). Past an hour, or on the first read, a failure
 * is the caller's error; a failed refresh behind a served value is retried by the next read.
 */
export function cachedSettings(key: string, read: () => Promise<Record<string, string>>, nowMs = Date.now()): Promise<Record<string, string>> {
	const entry = cache.get(key) ?? { readAt: 0 };
	cache.set(key, entry);
	const age = nowMs - entry.readAt;
	if (entry.settings && age < SETTINGS_FRESH_MS) return Promise.resolve(entry.settings);
	if (!entry.pending) {
		entry.pending = read().then(
			(settings) => {
				entry.settings = settings;
				entry.readAt = Date.now();
				entry.pending = undefined;
				return settings;
			},
			(error: unknown) => {
				entry.pending = undefined;
				throw error;
			},
		);
	}
	if (entry.settings && age < SETTINGS_STALE_MS) {
		// Served from memory; the refresh's failure is not lost: the next read tries again.
		entry.pending.catch(() => undefined);
		return Promise.resolve(entry.settings);
	}
	return entry.pending;
}

/** Forgets the cached Settings of one tracker (after this process wrote them), or of all. */
export function forgetSettings(key?: string): void {
	if (key === undefined) cache.clear();
	else for (const k of cache.keys()) if (k === key || k.startsWith(`${key}|`)) cache.delete(k);
}

/**
 * Writes setting values (name -> value) into the Settings tab: a known row's value cell is
 * overwritten, an unknown name gets a new row at the end (with the template's note). Values are
 * written RAW. One read, one write. Returns the names written.
 */
export async function writeSettings(session: SheetsSession, spreadsheetId: string, values: Record<string, string>, doing = 'writing the Settings tab'): Promise<string[]> {
	const names = Object.keys(values).filter((name) => name.trim() !== '');
	if (!names.length) return [];
	const [rows] = await session.batchGet(spreadsheetId, [tabRange(SETTINGS)], 'reading the Settings tab');
	const table = readTable(SETTINGS, rows, ['setting', 'value']);
	const valueColumn = table.column.get('value')!;
	const rowOfSetting = new Map<string, number>();
	table.rows.forEach((row, index) => {
		const name = String(row[table.column.get('setting')!] ?? '').trim();
		if (name && !rowOfSetting.has(name)) rowOfSetting.set(name, index + 2);
	});
	const writes: Array<{ range: string; values: Row[] }> = [];
	const header = headerWrite(table);
	if (header) writes.push(header);
	let next = table.rows.length + 2;
	for (const name of names) {
		const at = rowOfSetting.get(name);
		if (at !== undefined) {
			writes.push({ range: cellRange(SETTINGS.title, valueColumn, at), values: [[toCell(values[name])]] });
		} else {
			const note = SETTINGS_ROWS.find((row) => row.setting === name)?.notes ?? '';
			writes.push({ range: cellRange(SETTINGS.title, 0, next), values: [rowOf(table, { setting: name, value: values[name], notes: note })] });
			next++;
		}
	}
	await session.batchUpdateValues(spreadsheetId, writes, doing);
	return names;
}
