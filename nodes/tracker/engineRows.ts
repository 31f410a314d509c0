import { DEFAULT_CADENCES, type CadenceStep, type DueTouchesOptions, type TrackedLead } from '../core/cadence';
import { optedOut, PERSON_CHANNELS } from '../core/compliance';
import type { Touch } from '../core/touch';
import type { CellValue, ColumnTable } from '../transport/sheets';
import { OPT_OUT_COLUMNS, isBlank, touchOf } from './records';
import { peopleOfSheet } from './people';
import { cellAt, recordAt, sheetOf, type ColumnSheet, type TrackerRecord } from './table';
import { tabByKey } from './template';

/**
 * The tabs as the cadence engine reads them, shared by Get Due Touches and Log Touches (whose
 * write-back of nextTouchAt must be what Get Due Touches will plan): cadence steps, the Touches
 * columns the engine needs, leads indexed with their touches, and the Settings' say over the engine.
 */
const CADENCES = tabByKey('cadences');

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

export function cadencesFrom(read: ColumnTable): CadenceStep[] {
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
export const ENGINE_TOUCH_COLUMNS = ['touchId', 'leadId', 'at', 'channel', 'direction', 'purpose', 'cadenceId', 'step', 'verdict', 'reason', 'sendAfter'] as const;
export const KEY_TOUCH_COLUMNS = ['touchId', 'verdict', 'sendAfter', 'deliveryStatus'] as const;

/** A Touches row as the engine sees it: touchOf on the engine's columns only. */
export function engineTouchAt(sheet: ColumnSheet, index: number): Touch {
	const record: TrackerRecord = {};
	for (const name of ENGINE_TOUCH_COLUMNS) if (sheet.column.has(name)) record[name] = cellAt(sheet, name, index);
	return touchOf(record);
}

/**
 * Leads by id, and each lead's touches as a linked list over the Touches rows (as dueTouches
 * does it: a touch goes to the first row with its leadId; duplicate ids share it).
 */
export class LeadIndex {
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

	/**
	 * Links the Touches rows to their leads (only leads that `wanted` accepts, when given; rows
	 * marked in `skip` left out: rows about to be written over).
	 */
	link(touches: ColumnSheet, wanted?: (leadIndex: number) => boolean, skip?: Uint8Array): void {
		const head = new Int32Array(this.leads.count).fill(-1);
		const next = new Int32Array(touches.count);
		for (let t = touches.count - 1; t >= 0; t--) {
			if (skip?.[t]) continue;
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
export function flat<T>(value: T): T {
	if (typeof value === 'string' && value.length > 0) value.charCodeAt(0);
	return value;
}

/**
 * The lead maker of the cadence engine's reads, with opt-outs that belong to the person: a lead
 * is opted out of a channel when its own cell says so (read with the compliance rule: TRUE, a
 * date, "STOP"...) or any other Leads row with the same phone (texts, calls) or email address
 * (email) does. Get Due Touches and Log Touches' write-back both build their leads with it.
 */
export function personLeadMaker(leads: ColumnSheet, make: (record: TrackerRecord) => TrackedLead): (record: TrackerRecord) => TrackedLead {
	const people = peopleOfSheet(leads);
	return (record) => {
		const lead = make(record);
		const person = people.stateOf(record);
		const optOut: Record<string, boolean> = { ...(lead.optOut ?? {}) };
		for (const channel of PERSON_CHANNELS) {
			if (person.optOut[channel] || optedOut(record[OPT_OUT_COLUMNS[channel]])) optOut[channel] = true;
		}
		lead.optOut = optOut;
		return lead;
	};
}

/** Leads per call of the cadence engine: its input objects exist for one chunk at a time. */
export const CHUNK = 200;

/** The Settings tab's say over the cadence engine, the same for planning and for the write-back. */
export function engineOptions(settings: Record<string, string>): DueTouchesOptions {
	return {
		...(settings.defaultTimeZone ? { defaultTimeZone: settings.defaultTimeZone } : {}),
		...(settings.replyPause ? { replyPause: settings.replyPause } : {}),
	};
}
