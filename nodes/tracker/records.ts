import type { CellValue } from '../transport/sheets';
import { CHANNELS, TOUCH_DIRECTIONS, TOUCH_VERDICTS, touchIdFor, type Touch } from '../core/touch';
import type { FieldError } from '../core/lead';
import type { TrackedLead } from '../core/cadence/types';
import { fixedShape, type TrackerRecord } from './table';

/**
 * Items <-> tracker rows, as pure functions: the lead and touch records the node writes, the
 * merge rule of an upsert, and the typed records the cadence engine reads back.
 */

/** Leads-tab columns of the consent and opt-out fields, per channel. */
export const CONSENT_COLUMNS: Record<string, string> = {
	sms: 'consentSms',
	call: 'consentCall',
	email: 'consentEmail',
	prerecordedVoice: 'consentPrerecordedVoice',
	capturedAt: 'consentCapturedAt',
	text: 'consentText',
};
export const OPT_OUT_COLUMNS: Record<string, string> = { sms: 'optOutSms', call: 'optOutCall', email: 'optOutEmail' };
/** Item fields that are not Leads columns (the normalizer's and scorer's working fields). */
const NOT_COLUMNS = new Set(['consent', 'optOut', 'extra', 'warnings', 'errors', 'factors', 'payload', 'tracker', 'error']);

/** A value as it will sit in a cell (before escaping): text, number, boolean, or "" for empty. */
export function plain(value: unknown): CellValue {
	if (value === null || value === undefined) return '';
	if (typeof value === 'number') return Number.isFinite(value) ? value : '';
	if (typeof value === 'boolean' || typeof value === 'string') return value;
	if (value instanceof Date) return value.toISOString();
	return JSON.stringify(value);
}

export const isBlank = (value: unknown) => value === null || value === undefined || value === '';

/** A lead item (Lead Normalizer / Lead Scorer output) as Leads-tab fields. */
export function leadFields(json: Record<string, unknown>): Record<string, CellValue> {
	const fields: Record<string, CellValue> = {};
	for (const [key, value] of Object.entries(json)) {
		if (!NOT_COLUMNS.has(key)) fields[key] = plain(value);
	}
	const consent = json.consent as Record<string, unknown> | null | undefined;
	if (consent && typeof consent === 'object') {
		for (const [key, column] of Object.entries(CONSENT_COLUMNS)) if (key in consent) fields[column] = plain(consent[key]);
	}
	const optOut = json.optOut as Record<string, unknown> | null | undefined;
	if (optOut && typeof optOut === 'object') {
		for (const [key, column] of Object.entries(OPT_OUT_COLUMNS)) if (key in optOut) fields[column] = plain(optOut[key]);
	}
	return fields;
}

export function checkLeadItem(json: Record<string, unknown>): FieldError[] {
	const errors: FieldError[] = [];
	if (typeof json.leadId !== 'string' || json.leadId.trim() === '') {
		errors.push({ field: 'leadId', message: 'leadId is missing: put the Mortgage Lead Normalizer before the tracker, or map a leadId field' });
	}
	if (!isBlank(json.receivedAt) && Number.isNaN(Date.parse(String(json.receivedAt)))) {
		errors.push({ field: 'receivedAt', message: `receivedAt "${String(json.receivedAt)}" is not an ISO-8601 date-time` });
	}
	if (!isBlank(json.phone) && !/^\+[1-9]\d{6,14}$/.test(String(json.phone))) {
		errors.push({ field: 'phone', message: `phone "${String(json.phone)}" is not in +1 format (E.164); normalize the lead first` });
	}
	return errors;
}

/**
 * The upsert rule: a known field is never blanked by an empty one; any non-empty incoming value
 * replaces the stored one. Returns the merged record.
 */
export function mergeLead(existing: TrackerRecord, incoming: Record<string, CellValue>): TrackerRecord {
	const merged: TrackerRecord = { ...existing };
	for (const [key, value] of Object.entries(incoming)) {
		if (!isBlank(value)) merged[key] = value;
		else if (!(key in merged)) merged[key] = '';
	}
	return merged;
}

function bool(value: CellValue | undefined): boolean | undefined {
	if (typeof value === 'boolean') return value;
	if (typeof value === 'number') return value !== 0;
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	return /^(true|yes|y|1|x|✓)$/i.test(value.trim());
}

const str = (value: CellValue | undefined): string | null => (isBlank(value) ? null : String(value));
const num = (value: CellValue | undefined): number | null => {
	if (isBlank(value)) return null;
	const n = Number(value);
	return Number.isFinite(n) ? n : null;
};

/** A Leads row as the cadence engine reads it. */
function consentOf(record: TrackerRecord): { consent: Record<string, unknown>; optOut: Record<string, boolean> } {
	const consent: Record<string, unknown> = {};
	for (const [key, column] of Object.entries(CONSENT_COLUMNS)) {
		const value = record[column];
		if (isBlank(value)) continue;
		consent[key] = key === 'capturedAt' || key === 'text' ? String(value) : bool(value);
	}
	const optOut: Record<string, boolean> = {};
	for (const [key, column] of Object.entries(OPT_OUT_COLUMNS)) {
		const value = bool(record[column]);
		if (value !== undefined) optOut[key] = value;
	}
	return { consent, optOut };
}

export function trackedLeadOf(record: TrackerRecord): TrackedLead {
	const { consent, optOut } = consentOf(record);
	const lead: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(record)) lead[key] = isBlank(value) ? null : value;
	return {
		...lead,
		leadId: String(record.leadId ?? ''),
		receivedAt: String(record.receivedAt ?? ''),
		zip: str(record.zip),
		phone: str(record.phone),
		score: num(record.score),
		cadenceStep: num(record.cadenceStep),
		touchCount: num(record.touchCount),
		consent,
		optOut,
	} as TrackedLead;
}

/**
 * trackedLeadOf for many records with the same columns (a whole Leads tab): the same objects
 * (same keys, same order, same values), built on one shared shape. A record with dozens of
 * columns built key by key ends up as a hash table in V8, about three times the memory of an
 * object with a fixed shape; the leads handed out with the due touches are kept by n8n.
 */
export function trackedLeadMaker(columns: readonly string[]): (record: TrackerRecord) => TrackedLead {
	const names = [...new Set(columns)];
	const fixed = ['leadId', 'receivedAt', 'zip', 'phone', 'score', 'cadenceStep', 'touchCount', 'consent', 'optOut'];
	const keys = [...new Set([...names, ...fixed])];
	const template = fixedShape(keys, null);
	return (record) => {
		// A record with other columns than these: the general rule.
		if (Object.keys(record).length !== names.length || names.some((name) => !(name in record))) return trackedLeadOf(record);
		const lead: Record<string, unknown> = { ...template };
		for (const name of names) {
			const value = record[name];
			lead[name] = isBlank(value) ? null : value;
		}
		const { consent, optOut } = consentOf(record);
		lead.leadId = String(record.leadId ?? '');
		lead.receivedAt = String(record.receivedAt ?? '');
		lead.zip = str(record.zip);
		lead.phone = str(record.phone);
		lead.score = num(record.score);
		lead.cadenceStep = num(record.cadenceStep);
		lead.touchCount = num(record.touchCount);
		lead.consent = consent;
		lead.optOut = optOut;
		return lead as unknown as TrackedLead;
	};
}

// ---------------------------------------------------------------------------------------------
// Touches

export const TOUCH_COLUMNS = [
	'touchId', 'leadId', 'at', 'channel', 'direction', 'purpose', 'cadenceId', 'step', 'verdict',
	'reason', 'sendAfter', 'providerId', 'deliveryStatus', 'error', 'body',
] as const;

/** A touch item (SMS node, compliance gate, due touches) as a Touches row, or what is wrong with it. */
export function touchRecordOf(json: Record<string, unknown>, now: string): { record: TrackerRecord } | { errors: FieldError[] } {
	const errors: FieldError[] = [];
	const leadId = str(plain(json.leadId));
	if (!leadId) errors.push({ field: 'leadId', message: 'leadId is missing' });
	let touchId = str(plain(json.touchId));
	if (!touchId && leadId && !isBlank(json.cadenceId) && !isBlank(json.step)) {
		touchId = touchIdFor(leadId, String(json.cadenceId), Number(json.step));
	}
	if (!touchId) errors.push({ field: 'touchId', message: 'touchId is missing (or give cadenceId and step)' });
	const channel = String(json.channel ?? '');
	if (!(CHANNELS as readonly string[]).includes(channel)) {
		errors.push({ field: 'channel', message: `channel "${channel}" is not one of ${CHANNELS.join(', ')}` });
	}
	const direction = isBlank(json.direction) ? 'outbound' : String(json.direction);
	if (!(TOUCH_DIRECTIONS as readonly string[]).includes(direction)) {
		errors.push({ field: 'direction', message: `direction "${direction}" is not inbound or outbound` });
	}
	if (!isBlank(json.verdict) && !(TOUCH_VERDICTS as readonly string[]).includes(String(json.verdict))) {
		errors.push({ field: 'verdict', message: `verdict "${String(json.verdict)}" is not one of ${TOUCH_VERDICTS.join(', ')}` });
	}
	const at = isBlank(json.at) ? now : String(json.at);
	if (Number.isNaN(Date.parse(at))) errors.push({ field: 'at', message: `at "${at}" is not an ISO-8601 date-time` });
	if (errors.length) return { errors };
	// One literal (the columns in TOUCH_COLUMNS order, then loggedAt): a fixed shape, not a hash table.
	const record: TrackerRecord = {
		touchId: touchId!,
		leadId: leadId!,
		at,
		channel,
		direction,
		purpose: plain(json.purpose),
		cadenceId: plain(json.cadenceId),
		step: plain(json.step),
		verdict: plain(json.verdict),
		reason: plain(json.reason),
		sendAfter: plain(json.sendAfter),
		providerId: plain(json.providerId),
		deliveryStatus: plain(json.deliveryStatus),
		error: plain(json.error),
		body: plain(json.body),
		loggedAt: now,
	};
	return { record };
}

/**
 * What makes two Touches rows the same event: a retried or overlapping run writes nothing new,
 * while a new state of the same touch (deferred, then sent; sent, then delivered) is a new row.
 */
export function touchKey(record: TrackerRecord): string {
	const verdict = String(record.verdict ?? '');
	return [record.touchId, verdict, verdict === 'deferred' ? record.sendAfter : '', record.deliveryStatus ?? ''].map((v) => String(v ?? '')).join('|');
}

/** A Touches row as the cadence engine reads it. */
export function touchOf(record: TrackerRecord): Touch {
	const touch: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(record)) touch[key] = isBlank(value) ? null : value;
	return {
		...touch,
		touchId: String(record.touchId ?? ''),
		leadId: String(record.leadId ?? ''),
		at: String(record.at ?? ''),
		step: num(record.step),
		verdict: (str(record.verdict) ?? undefined) as Touch['verdict'],
	} as Touch;
}
