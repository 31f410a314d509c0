import * as crypto from 'node:crypto';
import { singleZoneOf, toStateCode, zipInfo, zonesForLabel, zonesForState } from '../geo';
import { stripUnsafeCharacters } from '../safeText';
import { LEAD_SOURCES, type Consent, type FieldError, type Lead, type LeadSource, type NormalizeResult } from '../lead';
import {
	ALIASES,
	CONSENT_CONTAINERS,
	MAPPABLE_FIELDS,
	aliasByContent,
	consentAlias,
	containerRole,
	normalizeKey,
	type Alias,
	type ContainerRole,
	type Target,
} from './aliases';
import { consentSentence, mentionsTexts, readConsentAnswer, wordingChannels } from './consentWording';
import {
	shortText,
	splitFullName,
	text,
	toBoolean,
	toE164,
	toEmail,
	toInstant,
	toLoanPurpose,
	toName,
	toTimeline,
	zipCandidate,
} from './values';

export type NormalizeSource = 'auto' | LeadSource;

export interface NormalizeOptions {
	/** The preset the payload is read with; 'auto' (default) recognizes Facebook, Zillow and LendingTree. */
	source?: NormalizeSource;
	/** When the lead reached us (ISO-8601). Overrides any timestamp in the payload. */
	receivedAt?: string;
	/**
	 * Used only when neither `receivedAt` nor the payload gives a time; the n8n node passes the
	 * execution time here (the core reads no clock).
	 */
	fallbackReceivedAt?: string;
	/**
	 * Extra field names for this payload: input field name -> lead field (`firstName`, `phone`,
	 * `zip`, `smsConsent`... see MAPPABLE_FIELDS). Matched like the built-in aliases; wins over them.
	 */
	fieldMap?: Readonly<Record<string, string>>;
}

const MAX_DEPTH = 6;
const MAX_LEAVES = 2_000;
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const ZILLOW_TYPES = new Set(['simple', 'quote', 'longform', 'propertypreapproval', 'contact', 'inquiry']);
const PERSON_TARGETS = new Set<Target>(['firstName', 'lastName', 'fullName', 'phone', 'email']);

/** One input value at the end of a path, and the lead field it may fill. */
/** A top-level input field; `used` once any value under it made it into the lead. */
interface Top {
	name: string;
	used: boolean;
}

interface Leaf {
	/** Name it is kept under in `extra` if unused: the key (top level, Facebook question) or a.b.c path. */
	path: string;
	top: Top;
	key: string;
	value: unknown;
	target: Target | null;
	rank: number;
	used: boolean;
}

interface Walk {
	leaves: Leaf[];
	tops: Top[];
	warnings: string[];
	custom: ReadonlyMap<string, Target> | null;
	truncated: boolean;
}

const keyMemo = new Map<string, string>();
function keyOf(key: string): string {
	let normalized = keyMemo.get(key);
	if (normalized === undefined) {
		normalized = normalizeKey(key);
		if (keyMemo.size < 50_000 && key.length < 200) keyMemo.set(key, normalized);
	}
	return normalized;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Facebook Lead Ads `field_data` and similar question lists: `[{ name, values: [...] }]`. */
function isQuestionList(value: unknown[]): boolean {
	return (
		value.length > 0 &&
		value.every(
			(entry) =>
				isPlainObject(entry) &&
				typeof (entry.name ?? entry.key ?? entry.question) === 'string' &&
				('values' in entry || 'value' in entry || 'answer' in entry),
		)
	);
}

function aliasFor(walk: Walk, key: string, path: string, role: ContainerRole, depth: number, inConsent: boolean): Alias | undefined {
	if (walk.custom !== null) {
		const target = walk.custom.get(key) ?? (depth > 0 ? walk.custom.get(keyOf(path)) : undefined);
		if (target !== undefined) return { target, rank: -1 };
	}
	if (role === 'other') return undefined;
	if (role === 'partner') {
		return ['id', 'partnerid', 'referrerid', 'code', 'agentid'].includes(key) ? { target: 'partnerId', rank: 0 } : undefined;
	}
	const alias = inConsent ? consentAlias(key) : (ALIASES.get(key) ?? aliasByContent(key));
	if (alias === undefined) return undefined;
	// Names and contact details inside a property, loan or tracking object are not the lead's.
	if (role === 'about' && depth > 0 && PERSON_TARGETS.has(alias.target)) return undefined;
	const placement = depth === 0 ? 1 : role === 'person' ? 0 : 2;
	return { target: alias.target, rank: alias.rank * 4 + placement };
}

function addLeaf(walk: Walk, path: string, top: Top, key: string, value: unknown, alias: Alias | undefined): void {
	walk.leaves.push({ path, top, key, value, target: alias?.target ?? null, rank: alias?.rank ?? 0, used: false });
}

function use(leaf: Leaf): void {
	leaf.used = true;
	leaf.top.used = true;
}

function collect(
	walk: Walk,
	object: Record<string, unknown>,
	depth: number,
	role: ContainerRole,
	prefix: string,
	top: Top | null,
	inConsent: boolean,
): void {
	for (const name of Object.keys(object)) {
		if (walk.leaves.length >= MAX_LEAVES) {
			walk.truncated = true;
			return;
		}
		if (UNSAFE_KEYS.has(name)) {
			walk.warnings.push(`Ignored the field "${name}": that name is not allowed.`);
			continue;
		}
		const value = object[name];
		const key = keyOf(name);
		const path = prefix === '' ? name : `${prefix}.${name}`;
		let topKey = top;
		if (topKey === null) {
			topKey = { name, used: false };
			walk.tops.push(topKey);
		}

		if (Array.isArray(value) && value.length > 0 && value.length <= 200 && isQuestionList(value)) {
			for (const entry of value as Array<Record<string, unknown>>) {
				const question = String(entry.name ?? entry.key ?? entry.question);
				if (UNSAFE_KEYS.has(question)) continue;
				const answer = 'values' in entry ? entry.values : 'value' in entry ? entry.value : entry.answer;
				const questionKey = keyOf(question);
				const alias = aliasFor(walk, questionKey, question, role === 'other' ? 'other' : 'person', 0, false);
				addLeaf(walk, question, topKey, questionKey, Array.isArray(answer) && answer.length === 1 ? answer[0] : answer, alias);
			}
			continue;
		}
		// Facebook custom disclaimer checkboxes: [{ checkbox_key, is_checked }].
		if (key === 'customdisclaimerresponses' && Array.isArray(value) && value.length <= 50) {
			let index = 0;
			for (const entry of value) {
				if (isPlainObject(entry) && typeof entry.checkbox_key === 'string') {
					const checkboxKey = keyOf(entry.checkbox_key);
					const alias = consentAlias(checkboxKey) ?? { target: 'consentAll' as Target, rank: 0 };
					addLeaf(walk, `${path}.${index}`, topKey, checkboxKey, entry.is_checked, { target: alias.target, rank: alias.rank * 4 + 1 });
				} else {
					addLeaf(walk, `${path}.${index}`, topKey, key, entry, undefined);
				}
				index++;
			}
			continue;
		}
		const inner = isPlainObject(value)
			? value
			: Array.isArray(value) && value.length === 1 && isPlainObject(value[0])
				? (value[0] as Record<string, unknown>) // XML converted to JSON wraps objects in arrays
				: null;
		if (inner !== null && depth < MAX_DEPTH) {
			// A partner given as a plain string/number is handled as a leaf below; as an object, read its id.
			const childRole: ContainerRole = role === 'other' ? 'other' : role === 'partner' ? 'partner' : containerRole(key);
			collect(walk, inner, depth + 1, childRole, path, topKey, inConsent || CONSENT_CONTAINERS.has(key));
			continue;
		}
		const alias = inner === null ? aliasFor(walk, key, path, role, depth, inConsent) : undefined;
		addLeaf(walk, path, topKey, key, value, alias);
	}
}

const NONE: Leaf[] = [];

/** The input values for each lead field, best first. */
type Candidates = Map<Target, Leaf[]>;

function groupByTarget(leaves: Leaf[]): Candidates {
	const groups: Candidates = new Map();
	for (const leaf of leaves) {
		if (leaf.target === null) continue;
		const group = groups.get(leaf.target);
		if (group === undefined) groups.set(leaf.target, [leaf]);
		else group.push(leaf);
	}
	for (const group of groups.values()) if (group.length > 1) group.sort((a, b) => a.rank - b.rank);
	return groups;
}

/** The leaves that may fill `target`, best first. */
function candidates(groups: Candidates, target: Target): Leaf[] {
	return groups.get(target) ?? NONE;
}

/** The first candidate `read` can use, marked used; the others stay for `extra`. */
function pick<T>(leaves: Candidates, target: Target, read: (value: unknown) => T | null): { value: T; leaf: Leaf } | null {
	for (const leaf of candidates(leaves, target)) {
		const value = read(leaf.value);
		if (value !== null) {
			use(leaf);
			return { value, leaf };
		}
	}
	return null;
}

function describe(value: unknown): string {
	const shown = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
	return shown.length > 60 ? `${shown.slice(0, 57)}...` : shown;
}

const BRAND_FIELDS = ['source', 'brand', 'lead_source', 'leadSource'];
const hintMemo = new Map<string, LeadSource | null>();

/** What a top-level field name alone says about the source ("QFName" -> LendingTree). */
function sourceHint(name: string): LeadSource | null {
	let hint = hintMemo.get(name);
	if (hint === undefined) {
		const key = keyOf(name);
		hint = key.includes('lendingtree') || key === 'qfname' || key === 'ltid' ? 'lendingtree' : key.includes('zillow') ? 'zillow' : null;
		if (hintMemo.size < 50_000 && name.length < 200) hintMemo.set(name, hint);
	}
	return hint;
}

function detectSource(raw: Record<string, unknown>): LeadSource {
	if (Array.isArray(raw.field_data) || 'leadgen_id' in raw) return 'facebook';
	let zillow = isPlainObject(raw.sender) || 'zpid' in raw;
	let lendingTree = false;
	for (const name of Object.keys(raw)) {
		const hint = sourceHint(name);
		if (hint === 'lendingtree') lendingTree = true;
		else if (hint === 'zillow') zillow = true;
	}
	for (const field of BRAND_FIELDS) {
		const brand = raw[field];
		if (typeof brand !== 'string' || brand.length > 200) continue;
		if (/lending\s*tree/i.test(brand)) lendingTree = true;
		else if (/zillow/i.test(brand)) zillow = true;
	}
	if (typeof raw.type === 'string' && ZILLOW_TYPES.has(keyOf(raw.type)) && isPlainObject(raw.details)) zillow = true;
	if (lendingTree) return 'lendingtree';
	if (zillow) return 'zillow';
	return 'web-form';
}

function leadIdFor(source: LeadSource, kind: 'id' | 'phone' | 'email', value: string): string {
	const key = `${source}|${kind}|${value}`;
	// crypto.hash (Node >= 20.12) is the one-shot form, twice as fast as createHash.
	const hex = typeof crypto.hash === 'function' ? crypto.hash('sha256', key, 'hex') : crypto.createHash('sha256').update(key).digest('hex');
	return `ld_${hex.slice(0, 16)}`;
}

/** Numbers and "$25,000" read as a cash-out amount; booleans and yes/no as a flag. */
function toCashOut(value: unknown): boolean | null {
	const flag = toBoolean(value);
	if (flag !== null) return flag;
	if (typeof value === 'number') return Number.isFinite(value) ? value > 0 : null;
	const raw = text(value);
	if (raw === null) return null;
	const amount = Number(raw.replace(/[$,\s]/g, ''));
	if (Number.isFinite(amount) && raw.length < 30) return amount > 0;
	return /cash[\s-]*out/i.test(raw) ? true : null;
}

function customMap(fieldMap: NormalizeOptions['fieldMap'], warnings: string[]): Map<string, Target> | null {
	if (!isPlainObject(fieldMap)) return null;
	const map = new Map<string, Target>();
	for (const [input, field] of Object.entries(fieldMap)) {
		const target = typeof field === 'string' ? MAPPABLE_FIELDS[field] : undefined;
		if (target === undefined || !Object.prototype.hasOwnProperty.call(MAPPABLE_FIELDS, field)) {
			warnings.push(`Ignored the custom mapping "${input}" -> "${String(field)}": not a lead field.`);
			continue;
		}
		map.set(keyOf(input), target);
	}
	return map.size > 0 ? map : null;
}

const CONSENT_TARGETS = ['consentAll', 'consentSms', 'consentCall', 'consentEmail', 'consentVoice'] as const;
type ConsentTarget = (typeof CONSENT_TARGETS)[number];

/**
 * Consent fails closed. Texts: only a field about texts whose answer affirms, or a general TCPA
 * consent whose wording names texts. Any "no" or refusal for a channel wins over a "yes" for it; a
 * wording that refuses while naming texts is never consent to texts. General terms agreements
 * never reach here (aliases.ts keeps them in extra). The exact words are kept: the first
 * consent sentence (or the disclosure) becomes `text`, others stay in `extra`.
 */
function consentFrom(leaves: Candidates, payloadTime: string | null, warnings: string[]): Consent {
	const answers: Record<ConsentTarget, boolean | null> = { consentAll: null, consentSms: null, consentCall: null, consentEmail: null, consentVoice: null };
	const textLeaf = pick(leaves, 'consentText', (value) => {
		const t = text(value);
		return t !== null && t.length <= 10_000 ? t : null;
	});
	let wording: string | null = textLeaf?.value ?? null;
	let refusedTexts = false;
	for (const target of CONSENT_TARGETS) {
		for (const leaf of candidates(leaves, target)) {
			const answer = readConsentAnswer(leaf.value);
			const sentence = consentSentence(leaf.value);
			if (sentence !== null) {
				if (wording === null) {
					wording = sentence;
					use(leaf);
				}
				if (answer === false) {
					warnings.push(`Consent field "${leaf.path}" says "${describe(sentence)}": read as a refusal, not consent.`);
					if (target === 'consentSms' || mentionsTexts(sentence)) refusedTexts = true;
				}
			} else if (answer !== null) use(leaf);
			if (answer === false) answers[target] = false;
			else if (answer === true && answers[target] === null) answers[target] = true;
		}
	}
	const named = wording === null ? null : wordingChannels(wording);
	if (named !== null && named.refuses && mentionsTexts(wording as string)) refusedTexts = true;
	const general = answers.consentAll === true;
	const sms = !refusedTexts && (answers.consentSms ?? (general && named?.texts === true));
	const call = answers.consentCall ?? (general && (named === null || named.calls));
	const email = answers.consentEmail ?? false;
	const prerecordedVoice = answers.consentVoice ?? (general && named?.prerecordedVoice === true);
	if (general && answers.consentSms === null && !sms && !refusedTexts) {
		warnings.push('A general consent was given, but no field about texts and no wording naming texts: not read as consent to texts.');
	}
	const given = sms || call || email || prerecordedVoice;
	const captured = pick(leaves, 'consentCapturedAt', toInstant);
	return {
		sms,
		call,
		email,
		prerecordedVoice,
		capturedAt: captured?.value ?? (given ? payloadTime : null),
		text: wording,
	};
}

/** Bounds on a payload's shape. Beyond them the lead is rejected, naming the field, never half-read. */
export const PAYLOAD_LIMITS = Object.freeze({
	/** Levels of nested objects and lists. */
	depth: 32,
	/** Fields and list entries, at every level together. */
	values: 10_000,
	/** Characters in one text value: a Google Sheets cell holds at most 50,000. */
	textLength: 50_000,
});

function shortPath(path: string): string {
	const parts = path.split('.');
	return parts.length > 4 ? `${parts.slice(0, 3).join('.')}...(${parts.length} levels)` : path;
}

/**
 * Errors for a payload too deep, too big or with a too long text, found by a walk with its own
 * stack (a payload nested 10,000 deep must not overflow ours, nor later JSON or n8n's). The walk
 * keeps no paths; the rare payload that fails is walked again to name the field.
 */
function shapeErrors(raw: Record<string, unknown>): FieldError[] | null {
	const names = Object.keys(raw);
	if (names.length > PAYLOAD_LIMITS.values) {
		return [{ field: 'payload', message: `The lead has ${names.length} fields; at most ${PAYLOAD_LIMITS.values} fields and list entries are read.` }];
	}
	let values = names.length;
	const stack: unknown[] = [];
	const depths: number[] = [];
	for (const name of names) {
		const value = raw[name];
		// Most fields are short texts and numbers: checked here, only objects and lists are walked.
		if (typeof value === 'string') {
			if (value.length > PAYLOAD_LIMITS.textLength) return [shapeError(raw, 'text')];
			continue;
		}
		if (typeof value !== 'object' || value === null) continue;
		stack.push(value);
		depths.push(1);
		while (stack.length > 0) {
			const current = stack.pop() as object;
			const depth = depths.pop() as number;
			const children: unknown[] = Array.isArray(current) ? current : Object.values(current);
			if (children.length === 0) continue;
			if (depth >= PAYLOAD_LIMITS.depth) return [shapeError(raw, 'depth')];
			values += children.length;
			if (values > PAYLOAD_LIMITS.values) return [shapeError(raw, 'values')];
			for (const child of children) {
				if (typeof child === 'string') {
					if (child.length > PAYLOAD_LIMITS.textLength) return [shapeError(raw, 'text')];
				} else if (typeof child === 'object' && child !== null) {
					stack.push(child);
					depths.push(depth + 1);
				}
			}
		}
	}
	return null;
}

/** The field that broke a limit, found by walking again with paths, and the error naming it. */
function shapeError(raw: Record<string, unknown>, limit: 'depth' | 'values' | 'text'): FieldError {
	const stack: Array<{ value: unknown; depth: number; path: string; top: string }> = [];
	for (const name of Object.keys(raw)) stack.unshift({ value: raw[name], depth: 1, path: name, top: name });
	let values = Object.keys(raw).length;
	let last = { path: 'payload', top: 'payload' };
	while (stack.length > 0) {
		const { value, depth, path, top } = stack.pop() as (typeof stack)[number];
		last = { path, top };
		if (typeof value === 'string') {
			if (limit === 'text' && value.length > PAYLOAD_LIMITS.textLength) {
				return { field: top, message: `Field "${shortPath(path)}" is ${value.length} characters long; at most ${PAYLOAD_LIMITS.textLength} are accepted.` };
			}
			continue;
		}
		if (typeof value !== 'object' || value === null) continue;
		const entries = Array.isArray(value) ? value.map((entry, index): [string, unknown] => [String(index), entry]) : Object.entries(value);
		if (entries.length === 0) continue;
		if (limit === 'depth' && depth >= PAYLOAD_LIMITS.depth) {
			return { field: top, message: `Field "${shortPath(path)}" is nested more than ${PAYLOAD_LIMITS.depth} levels deep; at most ${PAYLOAD_LIMITS.depth} are accepted.` };
		}
		values += entries.length;
		if (limit === 'values' && values > PAYLOAD_LIMITS.values) break;
		for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i][1], depth: depth + 1, path: `${path}.${entries[i][0]}`, top });
	}
	return {
		field: last.top,
		message: `The lead has more than ${PAYLOAD_LIMITS.values} fields and list entries (field "${shortPath(last.path)}" among them); at most ${PAYLOAD_LIMITS.values} are read.`,
	};
}

/** A lead's own time may run ahead of the receipt time by clock skew or a zone mix-up, not more. */
export const FUTURE_TOLERANCE_MS = 24 * 3_600_000;
/** A "received" time older than this before the receipt time is not when the lead came in. */
export const MAX_LEAD_AGE_YEARS = 10;
/** Without a receipt time to compare with, times outside these years are not believed. */
const EARLIEST_YEAR = 2000;
const LATEST_YEAR = 2100;

// Every lead of a run shares the receipt time: read once (toInstant's one-entry memo is kept
// for the leads' own times), its bounds worked out once.
const lastReceipt: { input: string | undefined; instant: string | null } = { input: undefined, instant: null };
function receiptTime(input: string | undefined): string | null {
	if (!input) return null;
	if (lastReceipt.input !== input) Object.assign(lastReceipt, { input, instant: toInstant(input) });
	return lastReceipt.instant;
}

// Every lead of a run shares the receipt time: its bounds are worked out once.
const lastBounds = { receipt: '', oldest: 0, latest: 0 };
function boundsAround(receipt: string): [number, number] {
	if (lastBounds.receipt !== receipt) {
		const reference = Date.parse(receipt);
		const oldest = new Date(reference);
		oldest.setUTCFullYear(oldest.getUTCFullYear() - MAX_LEAD_AGE_YEARS);
		Object.assign(lastBounds, { receipt, oldest: oldest.getTime(), latest: reference + FUTURE_TOLERANCE_MS });
	}
	return [lastBounds.oldest, lastBounds.latest];
}

/**
 * The time, or the receipt time (with a warning) when it is implausible: more than a day after
 * the lead was received (2099-01-01 would park it for decades) or more than 10 years before it
 * (1900). Without a receipt time, only a year outside 2000-2099 is refused: receivedAt is then null.
 */
function plausibleTime(instant: string, receipt: string | null, what: string, warnings: string[]): string | null {
	const time = Date.parse(instant);
	if (receipt !== null) {
		const [oldest, latest] = boundsAround(receipt);
		const tooLate = time > latest;
		if (!tooLate && time >= oldest) return instant;
		warnings.push(
			`${what} ${instant} is ${tooLate ? 'more than a day after' : `more than ${MAX_LEAD_AGE_YEARS} years before`} the lead was received: receivedAt set to the time it was received (${receipt}).`,
		);
		return receipt;
	}
	const year = new Date(time).getUTCFullYear();
	if (year >= EARLIEST_YEAR && year < LATEST_YEAR) return instant;
	warnings.push(`${what} ${instant} is not a plausible time for a lead (${EARLIEST_YEAR}-${LATEST_YEAR - 1}) and there is no receipt time: receivedAt is null.`);
	return null;
}

/** Where name fields that do not look like names are kept in `extra`: evidence, never a greeting. */
export const NAMES_NOT_USED = 'namesNotUsed';

const NAME_LABELS: ReadonlyArray<[Target, string]> = [['firstName', 'First name'], ['lastName', 'Last name'], ['fullName', 'Name']];

/** Name fields that are not names ("Your Loan Is Denied. Reply At Evil.example"): taken out of the lead, kept apart. */
function notNames(leaves: Candidates, warnings: string[]): Record<string, unknown> | null {
	let kept: Record<string, unknown> | null = null;
	for (const [target, label] of NAME_LABELS) {
		for (const leaf of candidates(leaves, target)) {
			if (leaf.used || text(leaf.value) === null) continue;
			const readable = target === 'fullName' ? splitFullName(leaf.value) !== null : toName(leaf.value) !== null;
			if (readable) continue;
			kept ??= {};
			kept[leaf.path] = leaf.value;
			use(leaf);
			warnings.push(`${label} "${describe(stripUnsafeCharacters(String(text(leaf.value))))}" (field "${leaf.path}") does not look like a name: not used in greetings, kept in extra.${NAMES_NOT_USED}.`);
		}
	}
	return kept;
}

/**
 * A time zone the payload states ("EST", "Central", "America/Chicago"), read as the real IANA zone
 * with its DST. The ZIP's zone wins; an ambiguous label ("MST": Arizona or Mountain) that the
 * state does not settle leaves the zone empty, so the gate allows only hours legal in each.
 * Labels not used stay in extra.
 */
function zoneFromLabels(leaves: Candidates, fromZip: string | null, state: string | null, warnings: string[]): string | null {
	for (const leaf of candidates(leaves, 'timeZone')) {
		const label = shortText(leaf.value);
		if (label === null) continue;
		const zones = zonesForLabel(label);
		if (zones === null) {
			warnings.push(`Time zone "${describe(label)}" (field "${leaf.path}") does not say where the lead is: ignored, kept in extra.`);
			continue;
		}
		if (fromZip !== null) {
			if (!zones.includes(fromZip)) warnings.push(`Time zone "${describe(label)}" (field "${leaf.path}") differs from the ZIP's (${fromZip}): the ZIP's is used.`);
			return fromZip;
		}
		const stateZones = state === null ? [] : zonesForState(state);
		const narrowed = stateZones.length > 0 && zones.some((zone) => stateZones.includes(zone)) ? zones.filter((zone) => stateZones.includes(zone)) : zones;
		if (narrowed.length === 1) {
			use(leaf);
			if (stateZones.length > 0 && !stateZones.includes(narrowed[0])) {
				warnings.push(`Time zone "${describe(label)}" (field "${leaf.path}") is not a zone of ${state}: the gate applies both.`);
			}
			return narrowed[0];
		}
		warnings.push(`Time zone "${describe(label)}" (field "${leaf.path}") may be ${narrowed.join(' or ')}: left empty so the gate allows only hours legal in each; kept in extra.`);
		return null;
	}
	return fromZip;
}

function buildExtra(raw: Record<string, unknown>, walk: Walk): Record<string, unknown> {
	const extra: Record<string, unknown> = {};
	for (const top of walk.tops) if (!top.used) extra[top.name] = raw[top.name];
	for (const leaf of walk.leaves) {
		if (leaf.top.used && !leaf.used && !UNSAFE_KEYS.has(leaf.path)) extra[leaf.path] = leaf.value;
	}
	// Keys beyond the walk limit are kept as they came.
	if (walk.truncated) {
		for (const name of Object.keys(raw)) {
			if (!UNSAFE_KEYS.has(name) && !(name in extra) && !walk.tops.some((top) => top.name === name)) extra[name] = raw[name];
		}
	}
	return extra;
}

/**
 * One clean lead from any lead source's payload (web form, Facebook Lead Ads, Zillow, LendingTree,
 * CSV row, referral). Never throws: an unusable payload gives `ok: false` with an error per field.
 * A lead needs at least one usable contact (phone or email) and a time it was received.
 */
export function normalizeLead(raw: unknown, options: NormalizeOptions = {}): NormalizeResult {
	try {
		return normalize(raw, isPlainObject(options) ? options : {});
	} catch (error) {
		return {
			ok: false,
			errors: [{ field: 'payload', message: `The lead could not be read: ${(error as Error)?.message ?? String(error)}` }],
		};
	}
}

function normalize(input: unknown, options: NormalizeOptions): NormalizeResult {
	let raw = input;
	if (typeof raw === 'string' && raw.length < 1_000_000 && raw.trimStart().startsWith('{')) {
		try {
			raw = JSON.parse(raw);
		} catch {
			// not JSON: reported below as not a lead object
		}
	}
	if (!isPlainObject(raw)) {
		const kind = raw === null ? 'null' : Array.isArray(raw) ? 'a list' : typeof raw;
		return { ok: false, errors: [{ field: 'payload', message: `Expected a lead (an object with fields), got ${kind}.` }] };
	}
	const warnings: string[] = [];
	const requested = options.source ?? 'auto';
	let source: LeadSource;
	if (requested === 'auto') source = detectSource(raw);
	else if ((LEAD_SOURCES as readonly string[]).includes(requested)) source = requested;
	else {
		source = detectSource(raw);
		warnings.push(`Unknown source "${describe(requested)}": read as ${source}.`);
	}

	const tooBig = shapeErrors(raw);
	if (tooBig !== null) return { ok: false, errors: tooBig };

	const walk: Walk = { leaves: [], tops: [], warnings, custom: customMap(options.fieldMap, warnings), truncated: false };
	collect(walk, raw, 0, 'person', '', null, false);
	if (walk.truncated) warnings.push(`The lead has more than ${MAX_LEAVES} fields; the rest are kept unread in extra.`);
	const leaves = groupByTarget(walk.leaves);
	const errors: FieldError[] = [];

	// Contact
	const phone = pick(leaves, 'phone', toE164);
	const email = pick(leaves, 'email', toEmail);
	for (const [target, label, read] of [['phone', 'phone number', toE164], ['email', 'email address', toEmail]] as const) {
		for (const leaf of candidates(leaves, target)) {
			if (leaf.used || text(leaf.value) === null || read(leaf.value) !== null) continue;
			const problem = `"${describe(leaf.value)}" (field "${leaf.path}") is not a valid ${label}`;
			if (phone !== null || email !== null) warnings.push(`Dropped ${problem}; kept in extra.`);
			else errors.push({ field: target, message: `${problem}.` });
		}
	}
	if (phone === null && email === null) {
		if (!errors.some((e) => e.field === 'phone')) errors.push({ field: 'phone', message: 'No phone number given.' });
		if (!errors.some((e) => e.field === 'email')) errors.push({ field: 'email', message: 'No email address given.' });
		errors.push({ field: 'contact', message: 'A lead needs at least one usable phone number or email address.' });
	}

	// Time
	const payloadLeaf = pick(leaves, 'receivedAt', toInstant);
	let payloadTime = payloadLeaf?.value ?? null;
	// When the lead reached us (the node's run time): the yardstick for a time that cannot be right.
	const receipt = receiptTime(options.fallbackReceivedAt);
	let receivedAt: string | null = null;
	let noTimeWarning = false;
	if (options.receivedAt !== undefined && options.receivedAt !== null && options.receivedAt !== '') {
		receivedAt = toInstant(options.receivedAt);
		if (receivedAt === null) errors.push({ field: 'receivedAt', message: `Received At "${describe(options.receivedAt)}" is not a date and time.` });
		else {
			if (payloadTime !== null) {
				// The payload's own timestamp did not become receivedAt: keep it in extra.
				for (const leaf of candidates(leaves, 'receivedAt')) leaf.used = false;
			}
			receivedAt = plausibleTime(receivedAt, receipt, 'Received At', warnings);
		}
	} else {
		if (payloadTime !== null && payloadLeaf !== null) {
			const checked = plausibleTime(payloadTime, receipt, `The lead's time (field "${payloadLeaf.leaf.path}")`, warnings);
			if (checked !== payloadTime) {
				// Kept as sent in extra: evidence of what the source claimed.
				payloadLeaf.leaf.used = false;
				payloadTime = checked;
			}
		}
		receivedAt = payloadTime ?? receipt;
		// A missing time does not make a lead unusable: the core reads no clock, so it says so and
		// leaves receivedAt null (the n8n node always passes the run time as the fallback).
		if (receivedAt === null && payloadLeaf === null) noTimeWarning = true;
	}
	if (errors.length > 0) return { ok: false, errors };
	if (noTimeWarning) {
		warnings.push('No time the lead was received (no created_time, submitted_at... and no receivedAt option): receivedAt is null.');
	}

	// Name: only what looks like a name reaches a greeting; anything else is evidence only.
	let firstName = pick(leaves, 'firstName', toName)?.value ?? null;
	let lastName = pick(leaves, 'lastName', toName)?.value ?? null;
	if (firstName === null || lastName === null) {
		const full = pick(leaves, 'fullName', (value) => {
			const parts = splitFullName(value);
			return parts !== null && (parts.firstName !== null || parts.lastName !== null) ? parts : null;
		});
		if (full !== null) {
			firstName ??= full.value.firstName;
			lastName ??= full.value.lastName;
		}
	}
	const namesNotUsed = notNames(leaves, warnings);

	// Place
	const stateFound = pick(leaves, 'state', (value) => toStateCode(text(value)));
	let state = stateFound?.value ?? null;
	let zip: string | null = null;
	let timeZone: string | null = null;
	for (const leaf of candidates(leaves, 'zip')) {
		const candidate = zipCandidate(leaf.value);
		if (candidate === null) continue;
		const info = zipInfo(candidate.zip);
		if (candidate.padded && (info === null || (state !== null && info.state !== state))) continue;
		zip = candidate.zip;
		use(leaf);
		if (candidate.padded) warnings.push(`ZIP "${describe(leaf.value)}" read as ${zip} (leading zero restored).`);
		if (info === null) warnings.push(`ZIP ${zip} is not in the ZIP table: time zone taken from the state.`);
		else {
			timeZone = info.timeZone;
			if (state === null) state = info.state;
			else if (info.state !== state) warnings.push(`ZIP ${zip} is in ${info.state}, not ${state}: time zone taken from the ZIP.`);
		}
		break;
	}
	for (const leaf of candidates(leaves, 'zip')) {
		if (!leaf.used && zip === null && text(leaf.value) !== null) warnings.push(`Dropped ZIP "${describe(leaf.value)}" (field "${leaf.path}"): not a US ZIP code.`);
	}
	if (stateFound === null) {
		for (const leaf of candidates(leaves, 'state')) {
			if (text(leaf.value) !== null) warnings.push(`State "${describe(leaf.value)}" (field "${leaf.path}") is not a US state.`);
		}
	}
	timeZone = zoneFromLabels(leaves, timeZone, state, warnings);
	if (timeZone === null && state !== null) timeZone = singleZoneOf(state);

	// Loan
	const purpose = pick(leaves, 'loanPurpose', toLoanPurpose);
	const cashOutFlag = pick(leaves, 'cashOut', toCashOut)?.value ?? null;
	const cashOut = cashOutFlag ?? purpose?.value.cashOut ?? false;
	let loanPurpose = purpose?.value.loanPurpose ?? 'unknown';
	if (loanPurpose === 'unknown' && cashOut) loanPurpose = 'refinance';
	if (purpose === null) {
		const given = candidates(leaves, 'loanPurpose').find((leaf) => text(leaf.value) !== null);
		if (given) warnings.push(`Loan purpose "${describe(given.value)}" not recognized: set to unknown.`);
	}
	const timelineFound = pick(leaves, 'timeline', toTimeline);
	if (timelineFound === null) {
		const given = candidates(leaves, 'timeline').find((leaf) => text(leaf.value) !== null);
		if (given) warnings.push(`Timeline "${describe(given.value)}" not recognized: set to unknown.`);
	}

	// Origin
	const idText = (value: unknown): string | null => {
		const t = text(value);
		return t !== null && t.length <= 200 ? t : null;
	};
	const sourceId = pick(leaves, 'sourceId', idText)?.value ?? null;
	const sourceDetail = pick(leaves, 'sourceDetail', idText)?.value ?? null;
	const partnerId = pick(leaves, 'partnerId', idText)?.value ?? null;
	const consent = consentFrom(leaves, payloadTime, warnings);

	const leadId =
		sourceId !== null
			? leadIdFor(source, 'id', sourceId)
			: phone !== null
				? leadIdFor(source, 'phone', phone.value)
				: leadIdFor(source, 'email', (email as { value: string }).value);

	const lead: Lead = {
		leadId,
		source,
		sourceId,
		sourceDetail,
		partnerId,
		firstName,
		lastName,
		phone: phone?.value ?? null,
		email: email?.value ?? null,
		state,
		zip,
		timeZone,
		loanPurpose,
		cashOut,
		timeline: timelineFound?.value ?? 'unknown',
		consent,
		receivedAt,
		extra: namesNotUsed === null ? buildExtra(raw, walk) : { ...buildExtra(raw, walk), [NAMES_NOT_USED]: namesNotUsed },
	};
	return { ok: true, lead, warnings };
}
