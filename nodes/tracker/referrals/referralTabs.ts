import {
	CHANNELS,
	REFERRAL_COLUMNS,
	TOUCH_VERDICTS,
	referralFromRow,
	typedInstant,
	type Channel,
	type FieldError,
	type Referral,
	type ScoreboardLead,
	type ScoreboardPartner,
	type Touch,
	type TouchVerdict,
} from '../../core';
import { toCell, type CellValue } from '../../transport/sheets';
import { cellRange } from '../../transport/sheets/a1';
import { tabByKey } from '../template';
import type { ShownTable } from './shownTable';

/** The tracker's tabs the referral runs read and write (titles from the tracker template; the Scoreboard tab is made by its run). */
export const TABS = {
	referrals: tabByKey('referrals').title,
	partners: tabByKey('partners').title,
	leads: tabByKey('leads').title,
	touches: tabByKey('touches').title,
	scoreboard: 'Scoreboard',
} as const;

/**
 * The referral runs' reading of the tracker: referrals and partners from their tabs (a row that
 * cannot be read is kept with its errors, never dropped), the rows written back, and what the
 * scoreboard reads from Leads and Touches.
 */
export interface TrackedReferral {
	/** 0-based data row in the Referrals tab. */
	index: number;
	/** The row's referralId and leadId as typed, so an unreadable row can still be named. */
	rawId: string;
	rawLeadId: string;
	referral: Referral | null;
	errors: FieldError[];
}

export function readReferrals(table: ShownTable, timeZone: string): TrackedReferral[] {
	if (table.column('referralId') === undefined || table.column('partnerId') === undefined) {
		throw new Error(`The ${table.tab} tab needs the columns referralId and partnerId in its first row (found: ${table.headers.join(', ') || 'nothing'})`);
	}
	const tracked: TrackedReferral[] = [];
	table.rows.forEach((row, index) => {
		if (row.every((cell) => String(cell ?? '').trim() === '')) return;
		const record = table.record(index, REFERRAL_COLUMNS);
		const result = referralFromRow(record, { timeZone });
		const raw = { index, rawId: (record.referralId ?? '').trim(), rawLeadId: (record.leadId ?? '').trim() };
		tracked.push(result.ok ? { ...raw, referral: result.referral, errors: [] } : { ...raw, referral: null, errors: result.errors });
	});
	return tracked;
}

/**
 * The writes of one Referrals row after a change: only the pack's own columns whose text changed,
 * as runs of adjacent cells; the loan officer's own columns (and their formulas and formats) are
 * never written.
 */
export function referralRowWrites(table: ShownTable, index: number, referral: Referral): Array<{ range: string; values: CellValue[][] }> {
	const row = table.rows[index] ?? [];
	const changed = new Map<number, CellValue>();
	for (const name of REFERRAL_COLUMNS) {
		const column = table.column(name);
		if (column === undefined) continue;
		const value = referral[name];
		const text = value === null || value === undefined ? '' : String(value);
		if (text !== String(row[column] ?? '')) changed.set(column, toCell(text));
	}
	const columns = [...changed.keys()].sort((a, b) => a - b);
	const writes: Array<{ range: string; values: CellValue[][] }> = [];
	for (let i = 0; i < columns.length; ) {
		let j = i;
		while (j + 1 < columns.length && columns[j + 1] === columns[j] + 1) j++;
		writes.push({ range: cellRange(table.tab, columns[i], table.sheetRow(index)), values: [columns.slice(i, j + 1).map((c) => changed.get(c)!)] });
		i = j + 1;
	}
	return writes;
}

/** A new Referrals row in the tab's own column order: known columns filled, the loan officer's own left empty. */
export function referralNewRow(table: ShownTable, referral: Referral): CellValue[] {
	const cells: CellValue[] = table.headers.map(() => '');
	for (const name of REFERRAL_COLUMNS) {
		const column = table.column(name);
		if (column === undefined) continue;
		const value = referral[name];
		cells[column] = toCell(value === null || value === undefined ? '' : String(value));
	}
	return cells;
}

export interface TrackedPartner {
	index: number;
	partnerId: string;
	name: string;
	email: string | null;
	phone: string | null;
	notifyChannel: string | null;
	viewSpreadsheetId: string | null;
}

const PARTNER_COLUMNS = {
	partnerId: ['partnerId', 'id'],
	name: ['name', 'partnerName'],
	email: ['email', 'contactEmail', 'contact'],
	phone: ['phone', 'contactPhone'],
	notifyChannel: ['notifyChannel', 'notify'],
	viewSpreadsheetId: ['viewSpreadsheetId', 'viewSheetId', 'viewSheet', 'view'],
} as const;

export function viewColumn(table: ShownTable): number | undefined {
	return table.column(...PARTNER_COLUMNS.viewSpreadsheetId);
}

export function readPartners(table: ShownTable): TrackedPartner[] {
	if (table.column(...PARTNER_COLUMNS.partnerId) === undefined) {
		throw new Error(`The ${table.tab} tab needs a partnerId column in its first row (found: ${table.headers.join(', ') || 'nothing'})`);
	}
	const cell = (row: string[], names: readonly string[]) => {
		const column = table.column(...names);
		const value = column === undefined ? '' : String(row[column] ?? '').trim();
		return value === '' ? null : value;
	};
	const partners: TrackedPartner[] = [];
	table.rows.forEach((row, index) => {
		const partnerId = cell(row, PARTNER_COLUMNS.partnerId);
		if (!partnerId) return;
		const contact = cell(row, PARTNER_COLUMNS.email);
		partners.push({
			index,
			partnerId,
			name: cell(row, PARTNER_COLUMNS.name) ?? partnerId,
			email: contact && contact.includes('@') ? contact : null,
			phone: cell(row, PARTNER_COLUMNS.phone) ?? (contact && !contact.includes('@') ? contact : null),
			notifyChannel: cell(row, PARTNER_COLUMNS.notifyChannel),
			viewSpreadsheetId: cell(row, PARTNER_COLUMNS.viewSpreadsheetId),
		});
	});
	return partners;
}

export function partnersForScoreboard(partners: readonly TrackedPartner[]): ScoreboardPartner[] {
	return partners.map((partner) => ({ partnerId: partner.partnerId, name: partner.name }));
}

/** What the scoreboard reads from the Leads tab; rows without an id or a time are counted, not used. */
export function readLeads(table: ShownTable, zone = 'UTC'): { leads: ScoreboardLead[]; unreadable: number } {
	const leads: ScoreboardLead[] = [];
	let unreadable = 0;
	table.rows.forEach((_, index) => {
		const row = table.record(index, ['leadId', 'receivedAt', 'source', 'sourceDetail', 'appointmentAt']);
		if (!row.leadId?.trim() && !row.receivedAt?.trim()) return;
		const receivedAt = instant(row.receivedAt, zone);
		if (!row.leadId?.trim() || !receivedAt) {
			unreadable++;
			return;
		}
		leads.push({
			leadId: row.leadId.trim(),
			receivedAt,
			source: row.source?.trim() || null,
			sourceDetail: row.sourceDetail?.trim() || null,
			appointmentAt: instant(row.appointmentAt, zone),
		});
	});
	return { leads, unreadable };
}

/** What the scoreboard reads from the Touches tab. */
export function readTouches(table: ShownTable, zone = 'UTC'): { touches: Touch[]; unreadable: number } {
	const touches: Touch[] = [];
	let unreadable = 0;
	table.rows.forEach((_, index) => {
		const row = table.record(index, ['touchId', 'leadId', 'at', 'channel', 'direction', 'verdict']);
		if (Object.values(row).every((value) => value.trim() === '')) return;
		const at = instant(row.at, zone);
		const channel = (row.channel ?? '').trim().toLowerCase() as Channel;
		const direction = (row.direction ?? '').trim().toLowerCase() === 'inbound' ? 'inbound' : 'outbound';
		const verdictText = (row.verdict ?? '').trim().toLowerCase();
		const knownVerdict = verdictText === '' || (TOUCH_VERDICTS as readonly string[]).includes(verdictText);
		if (!at || !row.leadId?.trim() || !CHANNELS.includes(channel) || !knownVerdict) {
			unreadable++;
			return;
		}
		touches.push({
			touchId: row.touchId ?? '',
			leadId: row.leadId.trim(),
			at,
			channel,
			direction,
			...(verdictText ? { verdict: verdictText as TouchVerdict } : {}),
		});
	});
	return { touches, unreadable };
}

/** A time as the sheet shows it (ISO as the pack writes it, or a date the LO typed, read in the tracker's zone). */
function instant(value: string | undefined, zone: string): string | null {
	if (!value || value.trim() === '') return null;
	const text = value.trim();
	// The pack's own "2026-03-09T15:00:00.000Z" (nearly every cell) without luxon.
	if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(text)) {
		const ms = Date.parse(text);
		return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
	}
	return typedInstant(text, zone);
}
