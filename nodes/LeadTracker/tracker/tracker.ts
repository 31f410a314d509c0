import { DEFAULT_CADENCES, dueTouches, type CadenceStep, type DueTouchesResult, type TrackedLead } from '../../core/cadence';
import { classifyReply } from '../../core/compliance';
import type { FieldError } from '../../core/lead';
import { acquireLock, type CellValue, type HeldLock, type LockOptions, type Row, type SheetsSession } from '../../transport/sheets';
import { isBlank, leadFields, mergeLead, plain, touchKey, touchOf, trackedLeadOf } from './records';
import { changedRanges, headerWrite, readTable, recordOf, rowOf, tabRange, type Table, type TrackerRecord } from './table';
import { headersOf, tabByKey, type TabSpec } from './template';

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
const LOCKS = tabByKey('locks');

type Write = { range: string; values: unknown[][] };

function lockOptions(options: RunOptions): LockOptions {
	return { tab: LOCKS.title, sheetId: LOCKS.sheetId, headers: headersOf(LOCKS), ...(options.lock ?? {}) };
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
	try {
		return await work(data, lock);
	} catch (error) {
		await session.batchUpdateValues(spreadsheetId, [lock.release()], 'releasing the tracker lock').catch(() => undefined);
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- transport layer: the node turns this into a NodeOperationError with the LO hint
		throw error;
	}
}

/** Appends rows to a tab (its header first when the tab is still empty); returns the first new sheet row. */
async function appendRows(session: SheetsSession, spreadsheetId: string, table: Table, records: TrackerRecord[], doing: string): Promise<number> {
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

function finalWrites(tables: Table[], rows: Write[], lock: HeldLock): Write[] {
	const headers: Write[] = [];
	for (const table of tables) {
		const write = headerWrite(table);
		if (write) headers.push(write);
	}
	return [...headers, ...rows, lock.release()];
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
				created.set(leadId, mergeLead(created.get(leadId)!, fields));
				results.push({ leadId, action: 'updated' });
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

export interface TrackerSnapshot {
	leads: TrackedLead[];
	cadences: CadenceStep[];
	touches: ReturnType<typeof touchOf>[];
	settings: Record<string, string>;
}

function snapshotOf(values: { leads: Row[]; cadences: Row[]; touches: Row[]; settings: Row[] }): TrackerSnapshot & { leadsTable: Table; touchesTable: Table } {
	const leadsTable = readTable(LEADS, values.leads);
	const touchesTable = readTable(TOUCHES, values.touches);
	const cadenceTable = readTable(CADENCES, values.cadences, ['cadenceId', 'step', 'offset', 'channel']);
	const cadenceRows = cadenceTable.rows.map((row) => recordOf(cadenceTable, row)).filter((r) => !isBlank(r.cadenceId));
	return {
		leadsTable,
		touchesTable,
		// One object per lead (the rows stay as arrays): this is what 100,000 leads cost in memory.
		leads: leadsTable.rows.map((row) => trackedLeadOf(recordOf(leadsTable, row))),
		cadences: cadenceRows.length ? cadenceRows.map(cadenceOf) : [...DEFAULT_CADENCES],
		touches: touchesTable.rows.map((row) => touchOf(recordOf(touchesTable, row))),
		settings: settingsOf(values.settings),
	};
}

function plan(snapshot: TrackerSnapshot, now: string): DueTouchesResult {
	return dueTouches({
		leads: snapshot.leads,
		cadences: snapshot.cadences,
		touches: snapshot.touches,
		now,
		options: {
			...(snapshot.settings.defaultTimeZone ? { defaultTimeZone: snapshot.settings.defaultTimeZone } : {}),
			...(snapshot.settings.replyPause ? { replyPause: snapshot.settings.replyPause } : {}),
		},
	});
}

/** Get due touches: one read of Leads, Cadences, Touches and Settings, then the cadence engine. No writes. */
export async function getDueTouches(session: SheetsSession, spreadsheetId: string, options: RunOptions): Promise<{ result: DueTouchesResult; snapshot: TrackerSnapshot }> {
	const [leads, cadences, touches, settings] = await session.batchGet(
		spreadsheetId,
		[LEADS, CADENCES, TOUCHES, SETTINGS].map(tabRange),
		'reading the Leads, Cadences, Touches and Settings tabs',
	);
	const snapshot = snapshotOf({ leads, cadences, touches, settings });
	return { result: plan(snapshot, options.now), snapshot };
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
	return locked(session, spreadsheetId, options, [TOUCHES, LEADS, CADENCES, SETTINGS], async ([touchValues, leadValues, cadenceValues, settingValues], lock) => {
		const snapshot = snapshotOf({ leads: leadValues, cadences: cadenceValues, touches: touchValues, settings: settingValues });
		const known = new Set(snapshot.touchesTable.rows.map((row) => touchKey(recordOf(snapshot.touchesTable, row))));
		const fresh: TrackerRecord[] = [];
		const results = touches.map((touch): LogResult => {
			const key = touchKey(touch);
			if (known.has(key)) return { touchId: String(touch.touchId), action: 'duplicate' };
			known.add(key);
			fresh.push(touch);
			return { touchId: String(touch.touchId), action: 'logged' };
		});
		await appendRows(session, spreadsheetId, snapshot.touchesTable, fresh, 'logging touches in the Touches tab');
		const writes = leadWriteBack(snapshot, fresh, options.now);
		await session.batchUpdateValues(spreadsheetId, finalWrites([snapshot.touchesTable, snapshot.leadsTable], writes, lock), 'updating the Leads tab');
		return results;
	});
}

function leadWriteBack(snapshot: TrackerSnapshot & { leadsTable: Table }, fresh: TrackerRecord[], now: string): Write[] {
	const table = snapshot.leadsTable;
	const indexOf = new Map<string, number>();
	const idCol = table.column.get('leadId')!;
	table.rows.forEach((row, i) => {
		const id = row[idCol];
		if (!isBlank(id) && !indexOf.has(String(id))) indexOf.set(String(id), i);
	});
	const touched = new Map<number, TrackerRecord[]>();
	for (const touch of fresh) {
		const index = indexOf.get(String(touch.leadId));
		if (index === undefined) continue; // a touch for a lead not (yet) in the tab is still logged
		touched.set(index, [...(touched.get(index) ?? []), touch]);
	}
	if (!touched.size) return [];
	const indexes = [...touched.keys()];
	const status = dueTouches({
		leads: indexes.map((i) => snapshot.leads[i]),
		cadences: snapshot.cadences,
		touches: [...snapshot.touches.filter((t) => touched.has(indexOf.get(t.leadId) ?? -1)), ...fresh.map(touchOf)],
		now,
		options: snapshot.settings.defaultTimeZone ? { defaultTimeZone: snapshot.settings.defaultTimeZone } : {},
	}).leads;
	const writes: Write[] = [];
	indexes.forEach((index, k) => {
		const before = recordOf(table, table.rows[index]);
		const mine = touched.get(index)!;
		const outbound = mine.filter((t) => t.direction !== 'inbound' && COUNTED.has(String(t.verdict)));
		const after: TrackerRecord = { ...before };
		if (outbound.length) {
			after.touchCount = (Number(before.touchCount) || 0) + outbound.length;
			after.lastTouchAt = outbound.map((t) => String(t.at)).sort().pop()!;
		}
		const s = status[k];
		if (s.state !== 'invalid') {
			after.cadenceId = s.cadenceId ?? before.cadenceId;
			after.enrolledAt = s.enrolledAt ?? before.enrolledAt;
			after.cadenceStep = s.cadenceStep ?? '';
			after.nextTouchAt = s.nextTouchAt ?? '';
			after.cadenceStatus = s.reason ? `${s.state}: ${s.reason}` : s.state;
		}
		after.updatedAt = now;
		const row = table.header.map((name) => plain(after[name]));
		const beforeRow = table.header.map((name) => plain(before[name]));
		if (row.some((cell, c) => cell !== beforeRow[c] && table.header[c] !== 'updatedAt')) {
			writes.push(...changedRanges(table, index + 2, beforeRow, row));
		}
	});
	return writes;
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
