import type { Touch } from '../touch';
import { parseInstant } from './calendar';

/**
 * Reading the Touches tab for the cadence engine. A pass looks at every logged touch of every
 * lead: 100,000 leads with 20 touches each is 2 million rows, spread over a heap of a gigabyte or
 * more. What costs is not the work per touch but fetching the touch from memory, and fetching
 * them lead by lead jumps all over that heap. So the touches are read in the order of the tab
 * (the order their rows sit in memory), and what the engine needs from each is kept in typed
 * arrays grouped by lead: the last real reply per lead, and for each touch that settles or
 * defers a step, which step that is (and until when). The engine never goes back to the touches.
 */

/** Verdicts that settle a touch: it is never offered again. `deferred` and `planned` do not. */
const SETTLED = new Set(['sent', 'blocked', 'failed', 'task']);
/** Inbound touches whose reason marks them as no real reply (reply classification kinds). */
const NOT_A_REPLY = new Set(['opt-out', 'opt-in', 'help', 'status']);

/** What a touch says about its step (0: nothing, as a reply or another verdict). */
const SETTLES = 1;
const DEFERS = 2;
/** Numbers per record (see TouchIndex.records). */
const RECORD = 3;

/** A step of a cadence (by number) settled or deferred, as one number; never 0 (0: nothing). */
function stepKey(cadence: number, kind: number): number {
	return (cadence + 1) * 4 + kind;
}

/** How many touches are read ahead of their lookups (fits the CPU's caches). */
const MATCH_BLOCK = 512;

/**
 * The cadences a touchId can name, numbered: a touchId is `${leadId}:${cadenceId}:${step}`
 * (touchIdFor), and the engine only ever asks about the cadences of its table and the reply
 * handoff, so a logged touchId is kept as (cadence number, step) and compared as numbers.
 */
export interface CadenceNumbers {
	/** Cadence ids by number. */
	ids: readonly string[];
	numberOf: ReadonlyMap<string, number>;
}

export function numberCadences(ids: Iterable<string>): CadenceNumbers {
	const numberOf = new Map<string, number>();
	for (const id of ids) if (!numberOf.has(id)) numberOf.set(id, numberOf.size);
	return { ids: [...numberOf.keys()], numberOf };
}

/**
 * The Touches tab read for one pass, by lead row. Lead rows with the same leadId share the
 * first one's touches (touches are matched to leads by exact leadId, as a Map would).
 */
export class TouchIndex {
	/** Per lead row: the first row with the same leadId. */
	private readonly firstRow: Int32Array;
	/** Per first row: its latest real reply at or before `now`, NaN without one. */
	private readonly lastReplyAt: Float64Array;
	/** First row r's records are numbers from[r] .. from[r + 1] - 1. */
	private readonly from: Int32Array;
	/**
	 * The records, RECORD numbers each, side by side so that writing one touches one place in
	 * memory: what the touch says (`stepKey`: which step, settled or deferred; 0: nothing), the
	 * step number, and for a deferred step its `sendAfter` (-Infinity when it has none usable).
	 */
	private readonly records: Float64Array;

	/**
	 * Matches `touches` to `rows` by leadId. With `oneLead`, the touches are all the one row's,
	 * whatever their leadId (previewCadence passes a lead's log, including the touches it plans).
	 */
	constructor(
		rows: ReadonlyArray<{ leadId?: unknown } | null | undefined>,
		touches: ReadonlyArray<Touch | null | undefined>,
		now: number,
		private readonly cadences: CadenceNumbers,
		oneLead = false,
	) {
		const leads = tableOfLeads(rows);
		this.firstRow = leads.firstRow;
		// First read: which lead row each touch belongs to, and how many each row has.
		const rowOfTouch = new Int32Array(touches.length);
		this.from = new Int32Array(rows.length + 1);
		if (oneLead) {
			for (let t = 0; t < touches.length; t++) rowOfTouch[t] = touches[t] ? 0 : -1;
			this.from[1] = rowOfTouch.filter((row) => row === 0).length;
		} else {
			matchTouches(leads, touches, rowOfTouch, this.from);
		}
		for (let r = 0; r < rows.length; r++) this.from[r + 1] += this.from[r];
		// Second read, in the same order: what each touch says, into its row's range.
		const total = this.from[rows.length];
		this.records = new Float64Array(total * RECORD);
		this.lastReplyAt = new Float64Array(rows.length).fill(NaN);
		// The lead's touchIds start with its leadId as the engine writes it (trimmed). A matched
		// touch carries its lead row's leadId; in `oneLead` it may not, so the row's is used.
		const leadId = oneLead && typeof rows[0]?.leadId === 'string' ? (rows[0].leadId as string).trim() : null;
		this.readTouches(touches, rowOfTouch, this.from.slice(0, rows.length), now, leadId);
	}

	/** Records what each matched touch says, in touch order, at the next free place of its row. */
	private readTouches(
		touches: ReadonlyArray<Touch | null | undefined>,
		rowOfTouch: Int32Array,
		free: Int32Array,
		now: number,
		leadId: string | null,
	): void {
		const { records, lastReplyAt } = this;
		for (let t = 0; t < touches.length; t++) {
			const row = rowOfTouch[t];
			if (row === -1) continue;
			const touch = touches[t] as Touch;
			const record = free[row]++;
			if (touch.direction === 'inbound') {
				if (touch.reason && NOT_A_REPLY.has(touch.reason)) continue;
				const at = instantOf(touch.at);
				const last = lastReplyAt[row];
				if (at <= now && (Number.isNaN(last) || at > last)) lastReplyAt[row] = at;
			} else if (touch.verdict === 'deferred' || touch.verdict === undefined || SETTLED.has(touch.verdict)) {
				if (!readTouchId(touch.touchId, leadId ?? trimmed(touch.leadId), this.cadences)) continue;
				const at = record * RECORD;
				records[at + 1] = touchIdKey.step;
				if (touch.verdict === 'deferred') {
					records[at] = stepKey(touchIdKey.cadence, DEFERS);
					// Read now, while the touch is at hand: coming back to it later, lead by lead, costs more.
					const after = touch.sendAfter ? instantOf(touch.sendAfter) : NaN;
					// No usable sendAfter: offer it again at once (the gate works out the time).
					records[at + 2] = Number.isNaN(after) ? -Infinity : after;
				} else {
					records[at] = stepKey(touchIdKey.cadence, SETTLES);
				}
			}
		}
	}

	/** Points `log` at what the touches say about lead row `row`. */
	readInto(log: LeadLog, row: number): void {
		const first = this.firstRow[row];
		log.index = this;
		log.start = this.from[first];
		log.end = this.from[first + 1];
		const last = this.lastReplyAt[first];
		log.lastReplyAt = Number.isNaN(last) ? null : last;
	}

	/** Whether records start .. end - 1 hold one of this kind for this step. */
	has(kind: number, start: number, end: number, cadenceId: string, step: number): boolean {
		const key = stepKey(this.cadences.numberOf.get(cadenceId) ?? -1, kind);
		const records = this.records;
		for (let at = start * RECORD; at < end * RECORD; at += RECORD) {
			if (records[at] === key && records[at + 1] === step) return true;
		}
		return false;
	}

	/** The latest `sendAfter` of the deferred records start .. end - 1 for this step (see LeadLog.deferredUntil). */
	deferredUntil(start: number, end: number, cadenceId: string, step: number): number | undefined {
		const key = stepKey(this.cadences.numberOf.get(cadenceId) ?? -1, DEFERS);
		const records = this.records;
		let until: number | undefined;
		for (let at = start * RECORD; at < end * RECORD; at += RECORD) {
			if (records[at] !== key || records[at + 1] !== step) continue;
			if (until === undefined || records[at + 2] > until) until = records[at + 2];
		}
		return until;
	}
}

/**
 * What the log says about one lead: which of its steps are settled, which are deferred (and
 * until when), and its last real reply. Filled by TouchIndex.readInto; one instance is reused
 * lead after lead.
 */
export class LeadLog {
	index: TouchIndex | null = null;
	start = 0;
	end = 0;
	/** The latest real reply at or before `now`, or null. */
	lastReplyAt: number | null = null;

	/** Whether a settling touch (sent, blocked, failed, task) is logged for this step of the lead's. */
	settles(cadenceId: string, step: number): boolean {
		return this.start < this.end && (this.index as TouchIndex).has(SETTLES, this.start, this.end, cadenceId, step);
	}

	/**
	 * Until when a deferred step waits: the latest `sendAfter` logged for it, -Infinity when it
	 * has none usable (offer it again at once: the gate works out the time), undefined when it
	 * was never deferred.
	 */
	deferredUntil(cadenceId: string, step: number): number | undefined {
		return this.start < this.end ? (this.index as TouchIndex).deferredUntil(this.start, this.end, cadenceId, step) : undefined;
	}
}

/**
 * Finds each touch's lead row (-1: none) and counts the touches per row in `count[row + 1]`.
 * The lookups wait on memory, not on work: the touch, its leadId, the table slot and the lead's
 * id are four places in memory, each found from the one before. So a block of touches goes
 * through one step at a time, in tight loops whose memory reads the CPU overlaps.
 */
function matchTouches(leads: LeadTable, touches: ReadonlyArray<Touch | null | undefined>, rowOfTouch: Int32Array, count: Int32Array): void {
	const { mask, slots: table, slotId } = leads;
	const ids: Array<string | null> = new Array<string | null>(MATCH_BLOCK).fill(null);
	const hashes = new Int32Array(MATCH_BLOCK);
	const slots = new Int32Array(MATCH_BLOCK);
	for (let start = 0; start < touches.length; start += MATCH_BLOCK) {
		const size = Math.min(MATCH_BLOCK, touches.length - start);
		// The leadIds (only strings can match a lead) and their hashes.
		for (let i = 0; i < size; i++) {
			const id = touches[start + i]?.leadId;
			if (typeof id === 'string') {
				ids[i] = id;
				hashes[i] = hashOf(id);
			} else {
				ids[i] = null;
			}
		}
		// The first slot with the same hash, or -1.
		for (let i = 0; i < size; i++) {
			if (ids[i] === null) {
				slots[i] = -1;
				continue;
			}
			const hash = hashes[i];
			let slot = hash & mask;
			while (table[slot * 2] !== 0 && table[slot * 2 + 1] !== hash) slot = (slot + 1) & mask;
			slots[i] = table[slot * 2] === 0 ? -1 : slot;
		}
		// The ids compared; another lead with the same hash sends the touch through the whole table.
		for (let i = 0; i < size; i++) {
			const slot = slots[i];
			const id = ids[i] as string;
			const row = slot === -1 ? -1 : slotId[slot] === id ? table[slot * 2] - 1 : rowOf(leads, id);
			rowOfTouch[start + i] = row;
			if (row !== -1) count[row + 1]++;
		}
	}
}

/** text.trim(), without the call when both ends are plain ASCII (nearly every id): this runs per touch. */
function trimmed(text: string): string {
	const first = text.charCodeAt(0);
	const last = text.charCodeAt(text.length - 1);
	return first > 32 && first < 127 && last > 32 && last < 127 ? text : text.trim();
}

/** Date.parse of a logged value (usually an ISO string; anything else as Date.parse reads it). */
function instantOf(value: unknown): number {
	return typeof value === 'string' ? parseInstant(value) : Date.parse(value as string);
}

/** Where `readTouchId` puts its answer (no object per touch). */
const touchIdKey = { cadence: 0, step: 0 };

/**
 * Reads a logged touchId as touchIdFor(leadId, cadenceId, step) for one of `cadences`: true, with
 * the cadence number and step in `touchIdKey`, when it is exactly such an id (the step written as
 * String(step) writes a whole number); false when it cannot be the id of any step the engine
 * asks about. At most one cadence fits: a cadence id that continues another with ":" would leave
 * a ":" in the step.
 */
function readTouchId(id: unknown, leadId: string, cadences: CadenceNumbers): boolean {
	// indexOf(x, at) === at rather than startsWith(x, at): the same answer here, but V8's
	// startsWith is a much slower builtin, and this runs for nearly every touch.
	if (typeof id !== 'string' || id.charCodeAt(leadId.length) !== COLON || id.indexOf(leadId) !== 0) return false;
	const cadenceAt = leadId.length + 1;
	for (let number = 0; number < cadences.ids.length; number++) {
		const cadenceId = cadences.ids[number];
		const stepAt = cadenceAt + cadenceId.length + 1;
		if (id.length <= stepAt || id.charCodeAt(stepAt - 1) !== COLON || id.indexOf(cadenceId, cadenceAt) !== cadenceAt) continue;
		const step = wholeNumber(id, stepAt);
		if (Number.isNaN(step)) continue;
		touchIdKey.cadence = number;
		touchIdKey.step = step;
		return true;
	}
	return false;
}

const COLON = 58;
const MINUS = 45;

/** The whole number String(n) writes as text[start..], or NaN (leading zeros, "-0", other characters, too long to be exact). */
function wholeNumber(text: string, start: number): number {
	const negative = text.charCodeAt(start) === MINUS;
	const first = negative ? start + 1 : start;
	const digits = text.length - first;
	if (digits < 1 || digits > 15 || (digits > 1 && text.charCodeAt(first) === 48) || (negative && digits === 1 && text.charCodeAt(first) === 48)) {
		return NaN;
	}
	let value = 0;
	for (let i = first; i < text.length; i++) {
		const digit = text.charCodeAt(i) - 48;
		if (digit < 0 || digit > 9) return NaN;
		value = value * 10 + digit;
	}
	return negative ? -value : value;
}

/**
 * Lead rows by leadId: a hash table over typed arrays (open addressing, linear probing) with the
 * hash computed here. A Map<string, number> gives the same answers, but a pass matches 2 million
 * touches, each with its own leadId string fresh from the sheet, and V8 hashes a string for a
 * Map the first time in a runtime call that costs more than this whole lookup. The touches'
 * leadIds are compared with fresh copies of the leads' ids, made together so that they sit in a
 * few pages of memory rather than spread over 100,000 lead rows.
 */
interface LeadTable {
	/** Per lead row: the first row with the same leadId (itself for a row without a string leadId). */
	firstRow: Int32Array;
	mask: number;
	/** Per slot s: slots[2s] the first row + 1 (0 = empty) and slots[2s + 1] the leadId's hash, side by side; slotId[s] a copy of the leadId. */
	slots: Int32Array;
	slotId: string[];
}

function tableOfLeads(rows: ReadonlyArray<{ leadId?: unknown } | null | undefined>): LeadTable {
	// At most half full, so a lookup rarely probes more than one slot.
	let size = 16;
	while (size < rows.length * 2) size *= 2;
	const mask = size - 1;
	const table = new Int32Array(size * 2);
	const firstRow = new Int32Array(rows.length);
	const ids: string[] = [];
	const slots: number[] = [];
	for (let row = 0; row < rows.length; row++) {
		const id = rows[row]?.leadId;
		firstRow[row] = row;
		if (typeof id !== 'string') continue;
		const hash = hashOf(id);
		let slot = hash & mask;
		for (;;) {
			const known = table[slot * 2];
			if (known === 0) {
				table[slot * 2] = row + 1;
				table[slot * 2 + 1] = hash;
				ids.push(id);
				slots.push(slot);
				break;
			}
			if (table[slot * 2 + 1] === hash && rows[known - 1]?.leadId === id) {
				firstRow[row] = known - 1;
				break;
			}
			slot = (slot + 1) & mask;
		}
	}
	// JSON.parse makes new strings, one after the other, with the same characters.
	const copies = JSON.parse(JSON.stringify(ids)) as string[];
	const slotId = new Array<string>(size).fill('');
	for (let i = 0; i < slots.length; i++) slotId[slots[i]] = copies[i];
	return { firstRow, mask, slots: table, slotId };
}

/** The first row with this leadId, or -1. */
function rowOf(leads: LeadTable, id: string): number {
	const hash = hashOf(id);
	let slot = hash & leads.mask;
	for (;;) {
		const known = leads.slots[slot * 2];
		if (known === 0) return -1;
		if (leads.slots[slot * 2 + 1] === hash && leads.slotId[slot] === id) return known - 1;
		slot = (slot + 1) & leads.mask;
	}
}

/** FNV-1a over the string's character codes. */
function hashOf(text: string): number {
	let hash = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
	return hash;
}
