import { dueTouches, type CadenceStep } from '../core/cadence';
import type { Touch } from '../core/touch';
import type { CellValue, ColumnRead, SheetsSession } from '../transport/sheets';
import { cellRange } from '../transport/sheets/a1';
import { SENDING, latestStates } from './claims';
import { CHUNK, ENGINE_TOUCH_COLUMNS, KEY_TOUCH_COLUMNS, LeadIndex, cadencesFrom, engineOptions, flat, personLeadMaker } from './engineRows';
import { lockedColumns, type RunOptions } from './lock';
import { isBlank, plain, touchKey, touchOf, trackedLeadMaker } from './records';
import { settingsFrom } from './settings';
import { cellAt, changedRanges, recordAt, rowOf, sheetOf, tabRange, type ColumnSheet, type TrackerRecord } from './table';
import { readSheetDates } from './dates';
import { tabByKey } from './template';
import { appendRows, headerWrites, type Write } from './writes';

/**
 * Log Touches: one locked read of Touches, Leads, Cadences and Settings; each new state written
 * once (never one twice): over the touch's open `sending` claim row (claims.ts) when it has one,
 * appended otherwise; the touched leads' counters and cadence position written back in the write
 * that also releases the lock. A drip run's touches all have claims: three requests in all.
 */

const LEADS = tabByKey('leads');
const TOUCHES = tabByKey('touches');
const CADENCES = tabByKey('cadences');
const SETTINGS = tabByKey('settings');

export interface LogResult {
	touchId: string;
	action: 'logged' | 'duplicate';
}

const COUNTED = new Set(['sent', 'task']);

/**
 * Appends touches to the Touches tab, skipping any already there (same touch, same state), then
 * brings the touched leads' rows up to date: lastTouchAt, touchCount, and where their cadence now
 * stands (cadenceStep, nextTouchAt) computed by the cadence engine with the new touches included.
 */
export async function logTouches(
	session: SheetsSession,
	spreadsheetId: string,
	touches: TrackerRecord[],
	options: RunOptions,
): Promise<LogResult[]> {
	const reads: ColumnRead[] = [
		{ range: tabRange(TOUCHES), columns: [...new Set([...ENGINE_TOUCH_COLUMNS, ...KEY_TOUCH_COLUMNS])] },
		{ range: tabRange(LEADS) },
		{ range: tabRange(CADENCES) },
		{ range: tabRange(SETTINGS) },
	];
	return lockedColumns(session, spreadsheetId, options, reads, async ([touchRead, leadRead, cadenceRead, settingRead], lock) => {
		await readSheetDates(session, spreadsheetId, [[LEADS, leadRead], [TOUCHES, touchRead]]);
		const leads = sheetOf(LEADS, leadRead);
		const logged = sheetOf(TOUCHES, touchRead);
		const cadences = cadencesFrom(cadenceRead);
		const settings = settingsFrom(settingRead);
		// Only the logged states that some incoming touch could repeat are kept.
		const incoming = new Set(touches.map(touchKey));
		const known = new Set<string>();
		for (let t = 0; t < logged.count; t++) {
			const key = touchKey({
				touchId: cellAt(logged, 'touchId', t),
				verdict: cellAt(logged, 'verdict', t),
				sendAfter: cellAt(logged, 'sendAfter', t),
				deliveryStatus: cellAt(logged, 'deliveryStatus', t),
			});
			if (incoming.has(key)) known.add(key);
		}
		incoming.clear();
		const fresh: TrackerRecord[] = [];
		const results = touches.map((touch): LogResult => {
			const key = touchKey(touch);
			if (known.has(key)) return { touchId: String(touch.touchId), action: 'duplicate' };
			known.add(key);
			fresh.push(touch);
			return { touchId: String(touch.touchId), action: 'logged' };
		});
		known.clear();
		// A claim row becomes the touch's state in place (written with the release); the rest are appended.
		const claims = latestStates(logged, new Set(fresh.map((touch) => String(touch.touchId))));
		const claimRows: Array<{ index: number; touch: TrackerRecord }> = [];
		const appended: TrackerRecord[] = [];
		for (const touch of fresh) {
			const claim = claims.get(String(touch.touchId));
			if (claim && claim.verdict === SENDING && touch.direction !== 'inbound') {
				claimRows.push({ index: claim.index, touch });
				claims.delete(String(touch.touchId)); // a second state of the same touch in this run is a new row
			} else appended.push(touch);
		}
		// The claim rows written over are not the leads' touches any more: their new state (in `fresh`) is.
		const replaced = new Uint8Array(logged.count);
		for (const { index } of claimRows) replaced[index] = 1;
		const overClaims = claimBlocks(logged, claimRows);
		await appendRows(session, spreadsheetId, logged, appended, 'logging touches in the Touches tab');
		const writes = leadWriteBack(leads, logged, cadences, settings, fresh, options.now, replaced);
		await session.updateValues(spreadsheetId, [...headerWrites([logged, leads]), ...overClaims, ...writes, lock.release()], 'updating the Leads tab');
		return results;
	});
}

/**
 * The rows written over claim rows, one range per run of adjacent rows (at most BLOCK_ROWS each),
 * as JSON text made a row at a time: a drip run's claims were appended together, so 100,000
 * touches make about a hundred ranges instead of 100,000, and no array of their rows is kept.
 */
function claimBlocks(table: ColumnSheet, claimRows: Array<{ index: number; touch: TrackerRecord }>): string[] {
	claimRows.sort((a, b) => a.index - b.index);
	const blocks: string[] = [];
	let start = -1;
	let rows: string[] = [];
	const close = () => {
		if (rows.length) blocks.push(`{"range":${JSON.stringify(cellRange(table.tab.title, 0, start + 2))},"values":[${rows.join(',')}]}`);
		rows = [];
	};
	for (const { index, touch } of claimRows) {
		if (!rows.length || index !== start + rows.length || rows.length >= BLOCK_ROWS) {
			close();
			start = index;
		}
		rows.push(JSON.stringify(claimRowOf(table, touch)));
	}
	close();
	return blocks;
}

const BLOCK_ROWS = 1000;

/** A touch's row written over its claim row: every column of the tab, so no claim cell is left behind. */
function claimRowOf(table: ColumnSheet, touch: TrackerRecord): CellValue[] {
	const row = rowOf(table, touch);
	while (row.length < table.header.length) row.push('');
	return row;
}

/**
 * The Leads write-back of Log Touches: for each touched lead, the cells that change, as JSON text
 * (one string per chunk of leads: 100,000 leads make 300,000 small ranges, far smaller as text).
 */
function leadWriteBack(table: ColumnSheet, logged: ColumnSheet, cadences: CadenceStep[], settings: Record<string, string>, fresh: TrackerRecord[], now: string, replaced?: Uint8Array): string[] {
	const index = new LeadIndex(table);
	const touched = new Map<number, TrackerRecord[]>();
	for (const touch of fresh) {
		const i = index.first.get(String(touch.leadId));
		if (i === undefined || isBlank(touch.leadId)) continue; // a touch for a lead not (yet) in the tab is still logged
		const mine = touched.get(i);
		if (mine) mine.push(touch);
		else touched.set(i, [touch]);
	}
	if (!touched.size) return [];
	// nextTouchAt written back must be what Get Due Touches will plan: same Settings, reply pause included.
	const engineOpts = engineOptions(settings);
	index.link(logged, (i) => touched.has(i), replaced);
	const makeLead = personLeadMaker(table, trackedLeadMaker([...table.column.keys()]));
	const entries = [...touched];
	const text: string[] = [];
	for (let from = 0; from < entries.length; from += CHUNK) {
		const writes: Write[] = [];
		const chunk = entries.slice(from, from + CHUNK);
		const befores = chunk.map(([i]) => recordAt(table, i));
		const own: Touch[] = [];
		for (const [i] of chunk) index.appendTouchesOf(i, logged, own);
		for (const [, mine] of chunk) for (const touch of mine) own.push(touchOf(touch));
		const status = dueTouches({ leads: befores.map(makeLead), cadences, touches: own, now, options: engineOpts }).leads;
		chunk.forEach(([i, mine], k) => {
			// The record is this lead's own copy: it becomes the "after" in place, its old row taken first.
			const record = befores[k];
			const beforeRow = table.header.map((name) => plain(record[name]));
			const s = status[k];
			const outbound = mine.filter((t) => t.direction !== 'inbound' && COUNTED.has(String(t.verdict)));
			if (outbound.length) {
				record.touchCount = (Number(record.touchCount) || 0) + outbound.length;
				record.lastTouchAt = outbound.map((t) => String(t.at)).sort().pop()!;
			}
			if (s.state !== 'invalid') {
				record.cadenceId = s.cadenceId ?? record.cadenceId;
				record.enrolledAt = flat(s.enrolledAt) ?? record.enrolledAt;
				record.cadenceStep = s.cadenceStep ?? '';
				record.nextTouchAt = flat(s.nextTouchAt) ?? '';
				record.cadenceStatus = flat(s.reason ? `${s.state}: ${s.reason}` : s.state);
			}
			record.updatedAt = now;
			const row = table.header.map((name) => plain(record[name]));
			if (row.some((cell, c) => cell !== beforeRow[c] && table.header[c] !== 'updatedAt')) {
				writes.push(...changedRanges(table, i + 2, beforeRow, row));
			}
		});
		if (writes.length) text.push(JSON.stringify(writes).slice(1, -1));
	}
	return text;
}
