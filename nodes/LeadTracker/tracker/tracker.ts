import {
	DEFAULT_CADENCES,
	dueTouches,
	type CadenceStep,
	type DueTouch,
	type DueTouchesOptions,
	type LeadCadenceStatus,
	type SkippedTouch,
	type TrackedLead,
} from '../../core/cadence';
import { classifyReply } from '../../core/compliance';
import type { FieldError } from '../../core/lead';
import type { Touch } from '../../core/touch';
import {
	acquireLock,
	acquireLockWith,
	type CellValue,
	type ColumnRead,
	type ColumnTable,
	type HeldLock,
	type LockOptions,
	type Row,
	type SheetsSession,
} from '../../transport/sheets';
import { isBlank, leadFields, mergeLead, plain, touchKey, touchOf, trackedLeadMaker } from './records';
import {
	cellAt,
	changedRanges,
	headerWrite,
	readTable,
	recordAt,
	recordOf,
	rowOf,
	sheetOf,
	tabRange,
	type ColumnSheet,
	type TableShape,
	type TrackerRecord,
} from './table';
import { TRACKER_LOCK_TAB } from '../../shared/trackerLock';
import { tabByKey, type TabSpec } from '../../shared/trackerTemplate';

/**
 * The tracker's read-modify-write runs, independent of n8n: each reads every tab it needs in one
 * request, writes each tab with one call, and holds the tracker lock while it writes (see
 * nodes/transport/sheets/lock.ts). Item order is kept: results[i] belongs to input i.
 */
export interface RunOptions {
	/** ISO instant of this run (the node's Now). */
	now: string;
	lock?: Partial<LockOptions>;
}

const LEADS = tabByKey('leads');
const TOUCHES = tabByKey('touches');
const CADENCES = tabByKey('cadences');
const CONSENT = tabByKey('consent');
const SETTINGS = tabByKey('settings');

type Write = { range: string; values: unknown[][] };

function lockOptions(options: RunOptions): LockOptions {
	return { ...TRACKER_LOCK_TAB, ...(options.lock ?? {}) };
}

/** Runs `work`, which releases `lock` in its last write; if it fails, the lock is released here. */
async function releasedOnFailure<T>(session: SheetsSession, spreadsheetId: string, lock: HeldLock, work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (error) {
		await session.batchUpdateValues(spreadsheetId, [lock.release()], 'releasing the tracker lock').catch(() => undefined);
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- transport layer: the node turns this into a NodeOperationError with the LO hint
		throw error;
	}
}

/** Runs `work` holding the tracker lock; the lock is released in the run's last write, or on failure. */
async function locked<T>(
	session: SheetsSession,
	spreadsheetId: string,
	options: RunOptions,
	tabs: TabSpec[],
	work: (data: Row[][], lock: HeldLock) => Promise<T>,
): Promise<T> {
	const { lock, data } = await acquireLock(session, spreadsheetId, lockOptions(options), tabs.map(tabRange));
	return releasedOnFailure(session, spreadsheetId, lock, () => work(data, lock));
}

/** `locked`, reading the tabs by columns (session.readColumns) in the same single request. */
async function lockedColumns<T>(
	session: SheetsSession,
	spreadsheetId: string,
	options: RunOptions,
	reads: ColumnRead[],
	work: (data: ColumnTable[], lock: HeldLock) => Promise<T>,
): Promise<T> {
	const { lock, data } = await acquireLockWith(session, spreadsheetId, lockOptions(options), {
		withLock: async (lockRange) => {
			const [lockTab, ...tabs] = await session.readColumns(spreadsheetId, [{ range: lockRange, rows: true }, ...reads], 'reading the tracker tabs');
			return { lockRows: lockTab.rows ?? [], data: tabs };
		},
		alone: () => session.readColumns(spreadsheetId, reads, 'reading the tracker tabs'),
	});
	return releasedOnFailure(session, spreadsheetId, lock, () => work(data, lock));
}

/** Appends rows to a tab (its header first when the tab is still empty); returns the first new sheet row. */
async function appendRows(session: SheetsSession, spreadsheetId: string, table: TableShape, records: TrackerRecord[], doing: string): Promise<number> {
	if (!records.length) return 0;
	const rows: CellValue[][] = records.map((record) => rowOf(table, record));
	const needsHeader = table.addedHeaders.length === table.header.length;
	if (needsHeader) rows.unshift(table.header);
	const response = await session.append(spreadsheetId, tabRange(table.tab), rows, doing);
	const first = Number(/![A-Z]+(\d+)/.exec(response.updates?.updatedRange ?? '')?.[1] ?? 0);
	// The header takes the first appended row; an existing header missing some columns is extended later.
	if (needsHeader) table.addedHeaders = [];
	return needsHeader ? first + 1 : first;
}

function headerWrites(tables: TableShape[]): Write[] {
	const headers: Write[] = [];
	for (const table of tables) {
		const write = headerWrite(table);
		if (write) headers.push(write);
	}
	return headers;
}

function finalWrites(tables: TableShape[], rows: Write[], lock: HeldLock): Write[] {
	return [...headerWrites(tables), ...rows, lock.release()];
}

// ---------------------------------------------------------------------------------------------
// Upsert leads

export interface UpsertResult {
	leadId: string;
	action: 'created' | 'updated' | 'unchanged';
	/** Sheet row of the lead in the Leads tab. */
	row: number;
}

export async function upsertLeads(
	session: SheetsSession,
	spreadsheetId: string,
	leads: Array<Record<string, unknown>>,
	options: RunOptions,
): Promise<UpsertResult[]> {
	return locked(session, spreadsheetId, options, [LEADS], async ([leadValues], lock) => {
		const table = readTable(LEADS, leadValues);
		const idCol = table.column.get('leadId')!;
		const rowOfLead = new Map<string, number>();
		table.rows.forEach((row, i) => {
			const id = row[idCol];
			if (!isBlank(id) && !rowOfLead.has(String(id))) rowOfLead.set(String(id), i);
		});
		const changed = new Map<number, TrackerRecord>();
		const created = new Map<string, TrackerRecord>();
		const results: Array<{ leadId: string; action: UpsertResult['action']; existing?: number }> = [];

		for (const lead of leads) {
			const fields = leadFields(lead);
			const leadId = String(fields.leadId);
			const index = rowOfLead.get(leadId);
			if (index !== undefined) {
				const before = changed.get(index) ?? recordOf(table, table.rows[index]);
				const merged = mergeLead(before, fields);
				const same = [...table.column.keys()].every((name) => name === 'updatedAt' || (merged[name] ?? '') === (before[name] ?? ''));
				if (!same) changed.set(index, { ...merged, updatedAt: options.now });
				results.push({ leadId, action: same ? 'unchanged' : 'updated', existing: index });
			} else if (created.has(leadId)) {
				// The same lead twice in one write (a lead source retrying, runs written together).
				const before = created.get(leadId)!;
				const merged = mergeLead(before, fields);
				const same = [...table.column.keys()].every((name) => name === 'updatedAt' || (merged[name] ?? '') === (before[name] ?? ''));
				if (!same) created.set(leadId, merged);
				results.push({ leadId, action: same ? 'unchanged' : 'updated' });
			} else {
				const record = mergeLead({ stage: 'new', touchCount: 0 }, fields);
				if (isBlank(record.receivedAt)) record.receivedAt = options.now;
				created.set(leadId, { ...record, updatedAt: options.now });
				results.push({ leadId, action: 'created' });
			}
		}

		const newRows = [...created.values()];
		const firstNew = await appendRows(session, spreadsheetId, table, newRows, 'adding new leads to the Leads tab');
		const createdRow = new Map([...created.keys()].map((id, i) => [id, firstNew + i]));
		const writes: Write[] = [];
		for (const [index, record] of changed) {
			const after = table.header.map((name) => (table.column.get(name) !== undefined ? plain(record[name]) : ''));
			writes.push(...changedRanges(table, index + 2, table.rows[index], after));
		}
		await session.batchUpdateValues(spreadsheetId, finalWrites([table], writes, lock), 'updating the Leads tab');
		return results.map((r) => ({ leadId: r.leadId, action: r.action, row: r.existing !== undefined ? r.existing + 2 : createdRow.get(r.leadId)! }));
	});
}

// ---------------------------------------------------------------------------------------------
// Reading the tracker for the cadence engine

function cadenceOf(record: TrackerRecord): CadenceStep {
	const text = (value: CellValue | undefined) => (isBlank(value) ? null : String(value));
	return {
		cadenceId: String(record.cadenceId ?? ''),
		step: Number(record.step),
		offset: String(record.offset ?? ''),
		channel: String(record.channel ?? '') as CadenceStep['channel'],
		template: String(record.template ?? ''),
		purpose: String(record.purpose ?? '') as CadenceStep['purpose'],
		repeatEvery: text(record.repeatEvery),
		anchor: text(record.anchor) as CadenceStep['anchor'],
		audience: text(record.audience) as CadenceStep['audience'],
		label: text(record.label),
	};
}

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
function settingsFrom(read: ColumnTable): Record<string, string> {
	const sheet = sheetOf(SETTINGS, read, ['setting', 'value']);
	const settings: Record<string, string> = {};
	for (let i = 0; i < sheet.count; i++) {
		const setting = cellAt(sheet, 'setting', i);
		if (!isBlank(setting)) settings[String(setting).trim()] = String(cellAt(sheet, 'value', i) ?? '');
	}
	return settings;
}

function cadencesFrom(read: ColumnTable): CadenceStep[] {
	const sheet = sheetOf(CADENCES, read, ['cadenceId', 'step', 'offset', 'channel']);
	const steps: CadenceStep[] = [];
	for (let i = 0; i < sheet.count; i++) {
		const record = recordAt(sheet, i);
		if (!isBlank(record.cadenceId)) steps.push(cadenceOf(record));
	}
	return steps.length ? steps : [...DEFAULT_CADENCES];
}

/**
 * The Touches columns the cadence engine reads (what it needs of the log per lead: settled
 * touchIds and steps, deferrals, the last real reply), plus what identifies a logged state
 * (touchKey). Message bodies, provider ids and errors are not read.
 */
const ENGINE_TOUCH_COLUMNS = ['touchId', 'leadId', 'at', 'channel', 'direction', 'purpose', 'cadenceId', 'step', 'verdict', 'reason', 'sendAfter'] as const;
const KEY_TOUCH_COLUMNS = ['touchId', 'verdict', 'sendAfter', 'deliveryStatus'] as const;

/** A Touches row as the engine sees it: touchOf on the engine's columns only. */
function engineTouchAt(sheet: ColumnSheet, index: number): Touch {
	const record: TrackerRecord = {};
	for (const name of ENGINE_TOUCH_COLUMNS) if (sheet.column.has(name)) record[name] = cellAt(sheet, name, index);
	return touchOf(record);
}

/**
 * Leads by id, and each lead's touches as a linked list over the Touches rows (as dueTouches
 * does it: a touch goes to the first row with its leadId; duplicate ids share it).
 */
class LeadIndex {
	/** leadId -> first data index with it. */
	readonly first = new Map<string, number>();
	/** first index -> last data index with the same leadId. */
	readonly last: Int32Array;
	private head: Int32Array | null = null;
	private next: Int32Array | null = null;

	constructor(private readonly leads: ColumnSheet) {
		this.last = new Int32Array(leads.count);
		for (let i = 0; i < leads.count; i++) {
			const id = String(cellAt(leads, 'leadId', i) ?? '');
			const first = this.first.get(id);
			if (first === undefined) {
				this.first.set(id, i);
				this.last[i] = i;
			} else this.last[first] = i;
		}
	}

	/** Links the Touches rows to their leads (only leads that `wanted` accepts, when given). */
	link(touches: ColumnSheet, wanted?: (leadIndex: number) => boolean): void {
		const head = new Int32Array(this.leads.count).fill(-1);
		const next = new Int32Array(touches.count);
		for (let t = touches.count - 1; t >= 0; t--) {
			const index = this.first.get(String(cellAt(touches, 'leadId', t) ?? ''));
			if (index === undefined || (wanted && !wanted(index))) continue;
			next[t] = head[index];
			head[index] = t;
		}
		this.head = head;
		this.next = next;
	}

	/** The first data index with the same leadId as row `index` (duplicate rows share its touches). */
	firstOf(index: number): number {
		return this.first.get(String(cellAt(this.leads, 'leadId', index) ?? '')) ?? index;
	}

	/** Appends the touches linked to lead row `first`, as the engine reads them. */
	appendTouchesOf(first: number, touches: ColumnSheet, into: Touch[]): void {
		if (!this.head || !this.next) return;
		for (let t = this.head[first]; t !== -1; t = this.next[t]) into.push(engineTouchAt(touches, t));
	}
}

/**
 * A built-up string (`${a}:${b}`, an ISO time put together from parts) is a tree of pieces in V8,
 * several times the size of the text; reading a character flattens it in place. Used on the
 * strings of the objects the run keeps (due touches, skipped steps, Leads write-back).
 */
function flat<T>(value: T): T {
	if (typeof value === 'string' && value.length > 0) value.charCodeAt(0);
	return value;
}

/** Leads per call of the cadence engine: its input objects exist for one chunk at a time. */
const CHUNK = 200;

/** The Settings tab's say over the cadence engine, the same for planning and for the write-back. */
function engineOptions(settings: Record<string, string>): DueTouchesOptions {
	return {
		...(settings.defaultTimeZone ? { defaultTimeZone: settings.defaultTimeZone } : {}),
		...(settings.replyPause ? { replyPause: settings.replyPause } : {}),
	};
}

export interface DuePlan {
	/** Touches due now, in lead order. */
	due: DueTouch[];
	/** Lead rows that could not be read (state `invalid`), in row order. */
	invalid: LeadCadenceStatus[];
	skipped: SkippedTouch[];
	cadenceProblems: FieldError[];
	/** The lead a due touch belongs to (the last row with its leadId), as the engine read it. */
	leadOf(leadId: string): TrackedLead | undefined;
	settings: Record<string, string>;
}

/**
 * Get due touches: one read of Leads, Cadences, Touches and Settings, then the cadence engine,
 * a chunk of leads at a time (no object per lead is kept, except for leads with a touch due). No writes.
 */
export async function getDueTouches(session: SheetsSession, spreadsheetId: string, options: RunOptions): Promise<DuePlan> {
	const [leadRead, cadenceRead, touchRead, settingRead] = await session.readColumns(
		spreadsheetId,
		[
			{ range: tabRange(LEADS) },
			{ range: tabRange(CADENCES) },
			{ range: tabRange(TOUCHES), columns: ENGINE_TOUCH_COLUMNS },
			{ range: tabRange(SETTINGS) },
		],
		'reading the Leads, Cadences, Touches and Settings tabs',
	);
	const leads = sheetOf(LEADS, leadRead);
	const touches = sheetOf(TOUCHES, touchRead);
	const cadences = cadencesFrom(cadenceRead);
	const settings = settingsFrom(settingRead);

	const engineOpts = engineOptions(settings);
	// dueTouches is pure per lead: running it over chunks of leads, each with its leads' touches,
	// gives the same due touches, statuses and skipped steps as one call over the whole tab.
	const { cadenceProblems } = dueTouches({ leads: [], cadences, touches: [], now: options.now, options: engineOpts });
	const makeLead = trackedLeadMaker([...leads.column.keys()]);
	const index = new LeadIndex(leads);
	index.link(touches);
	const due: DueTouch[] = [];
	const skipped: SkippedTouch[] = [];
	const invalid: LeadCadenceStatus[] = [];
	for (let from = 0; from < leads.count; from += CHUNK) {
		const batch: TrackedLead[] = [];
		const batchTouches: Touch[] = [];
		const withTouches = new Set<number>();
		for (let i = from; i < Math.min(leads.count, from + CHUNK); i++) {
			batch.push(makeLead(recordAt(leads, i)));
			const first = index.firstOf(i);
			if (!withTouches.has(first)) {
				withTouches.add(first);
				index.appendTouchesOf(first, touches, batchTouches);
			}
		}
		const result = dueTouches({ leads: batch, cadences, touches: batchTouches, now: options.now, options: engineOpts });
		for (const touch of result.due) {
			flat(touch.touchId);
			flat(touch.at);
			due.push(touch);
		}
		for (const skip of result.skipped) {
			flat(skip.touchId);
			flat(skip.at);
			skipped.push(skip);
		}
		for (const status of result.leads) if (status.state === 'invalid') invalid.push(status);
	}
	// The lead objects handed out with the due touches: one per lead, built once.
	const built = new Map<number, TrackedLead>();
	const leadOf = (leadId: string): TrackedLead | undefined => {
		const first = index.first.get(leadId);
		if (first === undefined) return undefined;
		const row = index.last[first];
		let lead = built.get(row);
		if (!lead) {
			lead = makeLead(recordAt(leads, row));
			built.set(row, lead);
		}
		return lead;
	};
	return { due, invalid, skipped, cadenceProblems, leadOf, settings };
}

export async function readSettings(session: SheetsSession, spreadsheetId: string): Promise<Record<string, string>> {
	const [values] = await session.batchGet(spreadsheetId, [tabRange(SETTINGS)], 'reading the Settings tab');
	return settingsOf(values);
}

// ---------------------------------------------------------------------------------------------
// Log touches

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
		await appendRows(session, spreadsheetId, logged, fresh, 'logging touches in the Touches tab');
		const writes = leadWriteBack(leads, logged, cadences, settings, fresh, options.now);
		await session.updateValues(spreadsheetId, [...headerWrites([logged, leads]), ...writes, lock.release()], 'updating the Leads tab');
		return results;
	});
}

/**
 * The Leads write-back of Log Touches: for each touched lead, the cells that change, as JSON text
 * (one string per chunk of leads: 100,000 leads make 300,000 small ranges, far smaller as text).
 */
function leadWriteBack(table: ColumnSheet, logged: ColumnSheet, cadences: CadenceStep[], settings: Record<string, string>, fresh: TrackerRecord[], now: string): string[] {
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
	index.link(logged, (i) => touched.has(i));
	const makeLead = trackedLeadMaker([...table.column.keys()]);
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

// ---------------------------------------------------------------------------------------------
// Replies and opt-outs

export interface ReplyEvent {
	leadId?: string;
	phone?: string;
	email?: string;
	channel: 'sms' | 'call' | 'email';
	words: string;
	at: string;
	/** Provider message id: makes a retried webhook idempotent. */
	eventId?: string;
	source: string;
	/** `auto`: read the words (STOP, START...) with the compliance reply classifier. */
	kind: 'auto' | 'reply' | 'opt-out' | 'opt-in';
}

export interface ReplyResult {
	leadId: string | null;
	kind: 'reply' | 'opt-out' | 'opt-in' | 'help';
	action: 'recorded' | 'duplicate' | 'unknown-lead';
	error?: FieldError;
}

export async function recordReplies(session: SheetsSession, spreadsheetId: string, events: ReplyEvent[], options: RunOptions): Promise<ReplyResult[]> {
	return locked(session, spreadsheetId, options, [LEADS, TOUCHES, CONSENT], async ([leadValues, touchValues, consentValues], lock) => {
		const leads = readTable(LEADS, leadValues);
		const touches = readTable(TOUCHES, touchValues);
		const consent = readTable(CONSENT, consentValues);
		const records = leads.rows.map((row) => recordOf(leads, row));
		const find = (key: 'leadId' | 'phone' | 'email', value?: string) =>
			value ? records.findIndex((r) => String(r[key] ?? '').toLowerCase() === value.toLowerCase()) : -1;
		const knownTouches = new Set(touches.rows.map((row) => touchKey(recordOf(touches, row))));
		const knownConsent = new Set(consent.rows.map((row) => String(recordOf(consent, row).eventId ?? '')));
		const updated = new Map<number, TrackerRecord>();
		const newTouches: TrackerRecord[] = [];
		const newConsent: TrackerRecord[] = [];

		const results = events.map((event): ReplyResult => {
			const intent = event.kind === 'auto' ? classifyReply(event.words) : event.kind;
			const kind: ReplyResult['kind'] = intent === 'other' ? 'reply' : intent;
			let index = find('leadId', event.leadId);
			if (index < 0) index = find('phone', event.phone);
			if (index < 0) index = find('email', event.email);
			if (index < 0) {
				const by = event.leadId ? `leadId ${event.leadId}` : event.phone ? `phone ${event.phone}` : `email ${event.email ?? ''}`;
				return { leadId: null, kind, action: 'unknown-lead', error: { field: event.leadId ? 'leadId' : event.phone ? 'phone' : 'email', message: `No lead with ${by} in the Leads tab` } };
			}
			const lead = updated.get(index) ?? { ...records[index] };
			const leadId = String(lead.leadId);
			const eventId = event.eventId || `${leadId}:${event.channel}:${event.at}`;
			const touch: TrackerRecord = {
				touchId: `in:${eventId}`, leadId, at: event.at, channel: event.channel, direction: 'inbound',
				verdict: 'received', reason: kind === 'reply' ? '' : kind, body: event.words, providerId: event.eventId ?? '', loggedAt: options.now,
			};
			const duplicate = knownTouches.has(touchKey(touch));
			if (duplicate) return { leadId, kind, action: 'duplicate' };
			knownTouches.add(touchKey(touch));
			newTouches.push(touch);
			const column = event.channel.charAt(0).toUpperCase() + event.channel.slice(1);
			if (kind === 'reply') lead.lastReplyAt = event.at;
			if (kind === 'opt-out') lead[`optOut${column}`] = true;
			if (kind === 'opt-in') {
				lead[`optOut${column}`] = false;
				lead[`consent${column}`] = true;
				lead.consentCapturedAt = event.at;
			}
			if ((kind === 'opt-out' || kind === 'opt-in') && !knownConsent.has(eventId)) {
				knownConsent.add(eventId);
				newConsent.push({
					eventId, leadId, phone: event.phone ?? lead.phone ?? '', email: event.email ?? lead.email ?? '', channel: event.channel,
					action: kind, at: event.at, words: event.words, source: event.source, recordedAt: options.now,
				});
			}
			lead.updatedAt = options.now;
			updated.set(index, lead);
			return { leadId, kind, action: 'recorded' };
		});

		await appendRows(session, spreadsheetId, touches, newTouches, 'logging replies in the Touches tab');
		await appendRows(session, spreadsheetId, consent, newConsent, 'recording consent in the Consent log tab');
		const writes: Write[] = [];
		for (const [index, record] of updated) {
			const after = leads.header.map((name) => plain(record[name]));
			writes.push(...changedRanges(leads, index + 2, leads.rows[index], after));
		}
		await session.batchUpdateValues(spreadsheetId, finalWrites([leads, touches, consent], writes, lock), 'updating the Leads tab');
		return results;
	});
}
