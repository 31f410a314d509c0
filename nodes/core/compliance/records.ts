import type { Touch } from '../touch';
import { optedOut, type ComplianceLead, type Flag, type HistoryTouch } from './checkTouch';

/**
 * Builders for checkTouch's input from what the pack stores: a Leads-tab row (flat columns such
 * as `consentSms`, `optOutSms`) or a normalized Lead (nested `consent` object), and Touches-tab
 * rows. The gate node and the SMS node (which re-checks at send time) both use them, so a lead
 * reads the same wherever it is checked.
 */

type Row = Record<string, unknown>;

/** Column names compared without case, spaces, dots, dashes or underscores. */
function keyOf(name: string): string {
	return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function indexRow(row: Row): Map<string, unknown> {
	const index = new Map<string, unknown>();
	for (const [name, value] of Object.entries(row)) {
		if (value !== undefined && !index.has(keyOf(name))) index.set(keyOf(name), value);
	}
	return index;
}

function pick(index: Map<string, unknown>, names: string[]): unknown {
	for (const name of names) if (index.has(name)) return index.get(name);
	return undefined;
}

function asFlag(value: unknown): Flag {
	if (typeof value === 'boolean' || typeof value === 'string' || typeof value === 'number') return value;
	if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Flag;
	return undefined;
}

function asText(value: unknown): string | null | undefined {
	if (value === null) return null;
	if (typeof value === 'string') return value;
	if (typeof value === 'number') return String(value);
	return undefined;
}

const CONSENT_COLUMNS: Record<'sms' | 'call' | 'email' | 'prerecordedVoice', string[]> = {
	sms: ['consentsms', 'smsconsent', 'consenttext', 'textconsent'],
	call: ['consentcall', 'callconsent', 'consentphone'],
	email: ['consentemail', 'emailconsent'],
	prerecordedVoice: ['consentprerecordedvoice', 'prerecordedvoiceconsent', 'consentaivoice', 'aivoiceconsent', 'consentvoice'],
};
const OPT_OUT_COLUMNS: Record<'sms' | 'call' | 'email', string[]> = {
	sms: ['optoutsms', 'smsoptout', 'optouttext', 'textoptout', 'optedoutsms'],
	call: ['optoutcall', 'calloptout', 'optoutphone', 'optedoutcall'],
	email: ['optoutemail', 'emailoptout', 'optedoutemail'],
};
/** When the opt-out happened, kept beside the TRUE flag (the SMS nodes write `optOutSmsAt`). */
const OPT_OUT_TIME_COLUMNS: Record<'sms' | 'call' | 'email', string[]> = {
	sms: ['optoutsmsat', 'smsoptoutat', 'optedoutsmsat'],
	call: ['optoutcallat', 'calloptoutat', 'optedoutcallat'],
	email: ['optoutemailat', 'emailoptoutat', 'optedoutemailat'],
};
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

/**
 * The lead as checkTouch reads it, from a Leads-tab row or a normalized Lead. Nested `consent` /
 * `optOut` objects and flat columns are both understood; a flat column wins when both are given,
 * because the sheet is where loan officers record opt-outs by hand.
 */
export function complianceLeadFrom(record: Row): ComplianceLead {
	const index = indexRow(record);
	const lead: ComplianceLead = {
		phone: asText(pick(index, ['phone', 'mobile', 'cell', 'phonenumber'])) ?? null,
		state: asText(pick(index, ['state'])) ?? null,
		zip: asText(pick(index, ['zip', 'zipcode', 'postalcode'])) ?? null,
		timeZone: asText(pick(index, ['timezone', 'tz'])) ?? null,
	};
	const email = pick(index, ['email', 'emailaddress']);
	if (email !== undefined) lead.email = asText(email) ?? null;

	const nestedConsent = (typeof record.consent === 'object' && record.consent !== null ? record.consent : {}) as Row;
	const nestedOptOut = (typeof record.optOut === 'object' && record.optOut !== null ? record.optOut : {}) as Row;
	const consent: NonNullable<ComplianceLead['consent']> = {};
	for (const [channel, columns] of Object.entries(CONSENT_COLUMNS) as Array<[keyof typeof CONSENT_COLUMNS, string[]]>) {
		const flat = pick(index, columns);
		consent[channel] = asFlag(flat !== undefined ? flat : nestedConsent[channel]);
	}
	const optOut: NonNullable<ComplianceLead['optOut']> = {};
	for (const [channel, columns] of Object.entries(OPT_OUT_COLUMNS) as Array<[keyof typeof OPT_OUT_COLUMNS, string[]]>) {
		const flat = pick(index, columns);
		let flag = asFlag(flat !== undefined ? flat : nestedOptOut[channel]);
		// TRUE plus the time in its own column: checkTouch needs the time (the 5-minute confirmation window).
		const at = pick(index, OPT_OUT_TIME_COLUMNS[channel]);
		if (optedOut(flag) && typeof flag !== 'object' && !(typeof flag === 'string' && ISO_INSTANT.test(flag.trim())) && typeof at === 'string' && ISO_INSTANT.test(at.trim())) {
			flag = at.trim();
		}
		optOut[channel] = flag;
	}
	lead.consent = consent;
	lead.optOut = optOut;
	return lead;
}

/**
 * Earlier touches for checkTouch from Touches-tab rows (or Touch records): only this lead's when
 * `leadId` is given. Direction and verdict travel along, so replies and touches that never went
 * out are not counted toward caps.
 */
export function historyFromTouches(touches: ReadonlyArray<Partial<Touch> | Row>, leadId?: string): HistoryTouch[] {
	const history: HistoryTouch[] = [];
	for (const touch of touches) {
		if (touch === null || typeof touch !== 'object') continue;
		const row = touch as Row;
		if (leadId !== undefined && row.leadId !== undefined && row.leadId !== leadId) continue;
		history.push({
			at: String(row.at ?? ''),
			channel: String(row.channel ?? ''),
			purpose: typeof row.purpose === 'string' && row.purpose !== '' ? row.purpose : null,
			direction: typeof row.direction === 'string' && row.direction !== '' ? row.direction : null,
			verdict: typeof row.verdict === 'string' && row.verdict !== '' ? row.verdict : null,
		});
	}
	return history;
}

/** True when no text or email has gone out to the lead yet (the SAFE Act's "initial" message). */
export function isFirstWrittenMessage(history: readonly HistoryTouch[]): boolean {
	return !history.some(
		(touch) =>
			(touch.channel === 'sms' || touch.channel === 'email') &&
			touch.direction !== 'inbound' &&
			(touch.verdict == null || /^(sent|delivered)/i.test(touch.verdict)),
	);
}
