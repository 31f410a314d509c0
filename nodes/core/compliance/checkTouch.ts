import { CHECKED_CHANNELS, TOUCH_PURPOSES, type CheckedChannel, type TouchPurpose } from '../touch';
import { areaCodeOwner, nanpDigits, NON_US_NANP_COUNTRIES, type NanpCountry } from './areaCodes';
import {
	compileRule,
	ComplianceInputError,
	describeLocal,
	explainProblem,
	localProblem,
	nextAllowed,
	parseLocalDate,
	windowProblem,
	type CompiledRule,
} from './calendar';
import { HOLIDAYS } from './holidays';
import { locateLead, type LeadLocation } from './location';
import {
	AUTOMATED_VOICE_RULES,
	FEDERAL_RULE,
	policyRule,
	RULE_VERSIONS,
	STATE_RULES,
	UNVERIFIED_STATE_RULES,
	type CallingRule,
	type PolicyOverrides,
} from './rules';
import { zoneClock, type ZoneClock } from './zoneClock';

/**
 * checkTouch: may this text, call or email go to this lead at this instant? `send`, `defer` to
 * the exact earliest legal instant, or `block` when waiting cannot fix it. Pure: time is `at`.
 */

/**
 * A consent or opt-out field as stored: a boolean, sheet text ("TRUE", "yes", a date), a number, or
 * a record object. Consent and opt-out read it in opposite directions: see consentGiven / optedOut.
 */
export type Flag = boolean | string | number | null | undefined | { [key: string]: unknown };

export interface ComplianceLead {
	phone?: string | null;
	/** Only checked when present: `null` or "" means the lead has no email address. */
	email?: string | null;
	state?: string | null;
	zip?: string | number | null;
	timeZone?: string | null;
	consent?: { sms?: Flag; call?: Flag; email?: Flag; prerecordedVoice?: Flag } | null;
	/** true, or the ISO instant of the opt-out (then "one confirmation" counts from that instant). */
	optOut?: { sms?: Flag; call?: Flag; email?: Flag } | null;
}

export interface HistoryTouch {
	/** ISO-8601 instant with a UTC offset. */
	at: string;
	channel: string;
	purpose?: string | null;
	/** Inbound replies are not contact attempts and are not counted. */
	direction?: string | null;
	/** Touches that never went out (planned, deferred, blocked, received) are not counted. */
	verdict?: string | null;
}

export interface CheckTouchInput {
	lead: ComplianceLead;
	channel: CheckedChannel;
	/** ISO instant of the intended send, with a UTC offset. */
	at: string;
	/** Default `marketing`. */
	purpose?: TouchPurpose;
	/** Earlier touches to this lead (any channel). */
	history?: readonly HistoryTouch[];
	policy?: PolicyOverrides;
}

export type ComplianceVerdict = 'send' | 'defer' | 'block';

export interface CheckTouchResult {
	verdict: ComplianceVerdict;
	/** Stable codes such as `quiet-hours:FL`, `cap:MD`, `holiday:LA`, `no-consent:sms`, `opted-out:email`. */
	reasons: string[];
	/** One readable sentence per reason, same order as `reasons`. */
	messages: string[];
	/** For `defer`: the exact earliest legal instant (ISO, UTC). */
	sendAfter?: string;
}

/** Everything the decision rested on, for the audit log. */
export interface TouchDecision extends CheckTouchResult {
	channel: CheckedChannel;
	purpose: TouchPurpose;
	at: string;
	location: LeadLocation;
	/** Ids of the calling rules applied (federal, states, policy), strictest wins. */
	rulesApplied: string[];
	/** Touches in `history` counted toward caps (outbound, sent, marketing), with the window used. */
	countedTouches: number;
	ruleVersions: typeof RULE_VERSIONS;
}

const NO_POLICY: PolicyOverrides = Object.freeze({});
const PHONE_CHANNELS: ReadonlySet<string> = new Set(['sms', 'call', 'ai-voice']);
const NOT_SENT_VERDICTS: ReadonlySet<string> = new Set(['planned', 'deferred', 'blocked', 'received']);
/** A touch that never reached the lead ("deferred", "blocked: quiet-hours:FL", "planned"...). */
function neverSent(verdict: string | null | undefined): boolean {
	if (typeof verdict !== 'string' || verdict === '') return false;
	return NOT_SENT_VERDICTS.has(verdict.trim().toLowerCase().split(/[\s:,(]/)[0]);
}
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

const CHANNEL_WORDS: Record<CheckedChannel, string> = {
	sms: 'texts',
	call: 'calls',
	email: 'email',
	'ai-voice': 'artificial or prerecorded voice calls',
};

/** The verdict only, as the issue specifies it (plus the readable `messages`). */
export function checkTouch(input: CheckTouchInput): CheckTouchResult {
	const decision = decideTouch(input);
	const result: CheckTouchResult = { verdict: decision.verdict, reasons: decision.reasons, messages: decision.messages };
	if (decision.sendAfter !== undefined) result.sendAfter = decision.sendAfter;
	return result;
}

export function parseInstant(value: unknown, field: string): number {
	const ms = typeof value === 'string' && ISO_INSTANT.test(value.trim()) ? Date.parse(value.trim()) : NaN;
	if (Number.isNaN(ms)) {
		throw new ComplianceInputError(
			field,
			`${field} must be an ISO-8601 instant with a UTC offset, e.g. "2026-03-08T14:30:00Z", got ${JSON.stringify(value)}`,
		);
	}
	return ms;
}

/** Consent words a Leads-tab cell may hold (compared trimmed, without case). */
export const CONSENT_GIVEN_VALUES: readonly string[] = Object.freeze(['true', 'yes', 'y', '1']);
/** The only values that say "not opted out"; anything else in an opt-out field is an opt-out. */
export const NOT_OPTED_OUT_VALUES: readonly string[] = Object.freeze(['', 'false', 'no', 'n', '0', 'off', 'none', 'null']);
const GIVEN_WORDS: ReadonlySet<string> = new Set(CONSENT_GIVEN_VALUES);
const NOT_OPTED_OUT_WORDS: ReadonlySet<string> = new Set(NOT_OPTED_OUT_VALUES);
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[t ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** "2026-06-01" or "2026-06-01T10:00:00Z": a real calendar date (2026-02-30 is not). */
function isIsoDate(text: string): boolean {
	const match = ISO_DATE.exec(text);
	if (match === null) return false;
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const date = new Date(Date.UTC(year, month - 1, day));
	return date.getUTCMonth() === month - 1 && date.getUTCDate() === day && !Number.isNaN(Date.parse(text.toUpperCase()));
}

/**
 * Consent fails closed: given only for true, "true" / "yes" / "y" / "1" (any case), the number 1,
 * a real ISO date (when it was given), or a consent record object. A record's own given / granted
 * / value field, when present, must itself be accepted; a record marked revoked, opted out or
 * withdrawn is not consent. Everything else ("declined", "pending", "N/A", "No consent", "x") is
 * not given.
 */
export function consentGiven(value: Flag): boolean {
	if (value === true) return true;
	if (typeof value === 'string') {
		const text = value.trim().toLowerCase();
		return GIVEN_WORDS.has(text) || isIsoDate(text);
	}
	if (typeof value === 'number') return value === 1;
	if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
		const record = value as Record<string, unknown>;
		for (const key of ['revoked', 'optedOut', 'withdrawn']) if (key in record && optedOut(record[key] as Flag)) return false;
		for (const key of ['given', 'granted', 'value']) if (key in record) return consentGiven(record[key] as Flag);
		if ('active' in record) return consentGiven(record.active as Flag);
		// A record of when and how it was given ({ capturedAt, text, source }), with something in it.
		return Object.values(record).some((field) => field !== null && field !== undefined && field !== '' && field !== false);
	}
	return false;
}

/**
 * Opt-outs fail safe: opted out unless the field is empty or an explicit no (false, "false", "no",
 * "n", "0", "off", "none", "null", 0). "yes", a date, "STOP", "unsubscribed", "x" all mean opted out.
 */
export function optedOut(value: Flag): boolean {
	if (value === undefined || value === null || value === false) return false;
	if (value === true) return true;
	if (typeof value === 'string') return !NOT_OPTED_OUT_WORDS.has(value.trim().toLowerCase());
	if (typeof value === 'number') return value !== 0;
	if (typeof value === 'object' && !Array.isArray(value)) {
		const record = value as Record<string, unknown>;
		for (const key of ['optedOut', 'value', 'active']) if (key in record) return optedOut(record[key] as Flag);
		return Object.keys(record).length > 0;
	}
	return true;
}

/** The instant an opt-out was recorded, when the flag (or its record's `at`) is an ISO instant. */
function flagInstant(value: Flag): number | null {
	let text: unknown = value;
	if (typeof value === 'object' && value !== null) {
		const record = value as Record<string, unknown>;
		text = record.at ?? record.optedOutAt;
	}
	if (typeof text !== 'string' || !ISO_INSTANT.test(text.trim())) return null;
	const ms = Date.parse(text.trim());
	return Number.isNaN(ms) ? null : ms;
}

interface Reasons {
	codes: string[];
	messages: string[];
}

function add(reasons: Reasons, code: string, message: string): void {
	if (reasons.codes.includes(code)) return;
	reasons.codes.push(code);
	reasons.messages.push(message);
}

/** Full decision with everything it rested on (what the gate node writes to the audit log). */
export function decideTouch(input: CheckTouchInput): TouchDecision {
	if (input === null || typeof input !== 'object') throw new ComplianceInputError('input', 'checkTouch needs an object');
	const { lead } = input;
	if (lead === null || typeof lead !== 'object') throw new ComplianceInputError('lead', 'lead must be an object');
	const channel = input.channel;
	if (!(CHECKED_CHANNELS as readonly string[]).includes(channel)) {
		throw new ComplianceInputError('channel', `channel must be one of ${CHECKED_CHANNELS.join(', ')}, got ${JSON.stringify(channel)}`);
	}
	const purpose: TouchPurpose = input.purpose ?? 'marketing';
	if (!(TOUCH_PURPOSES as readonly string[]).includes(purpose)) {
		throw new ComplianceInputError('purpose', `purpose must be one of ${TOUCH_PURPOSES.join(', ')}, got ${JSON.stringify(purpose)}`);
	}
	const atMs = parseInstant(input.at, 'at');
	const history = input.history ?? [];
	if (!Array.isArray(history)) throw new ComplianceInputError('history', 'history must be a list of earlier touches');
	const historyTimes: number[] = [];
	for (let i = 0; i < history.length; i++) {
		const entry = history[i];
		if (entry === null || typeof entry !== 'object') throw new ComplianceInputError(`history[${i}]`, `history[${i}] must be a touch object`);
		historyTimes.push(parseInstant(entry.at, `history[${i}].at`));
	}
	const policy = input.policy ?? NO_POLICY;
	const compiledPolicy = compilePolicy(policy);

	let location = locateLead(lead);
	const decision: TouchDecision = {
		verdict: 'send',
		reasons: [],
		messages: [],
		channel,
		purpose,
		at: new Date(atMs).toISOString(),
		location,
		rulesApplied: [],
		countedTouches: 0,
		ruleVersions: RULE_VERSIONS,
	};

	// 1. What waiting cannot fix: no contact, not a US number, opted out, no consent, a ban.
	const blocked: Reasons = { codes: [], messages: [] };
	const allowedCountry = checkContact(lead, channel, compiledPolicy, blocked);
	checkOptOutAndConsent(lead, channel, purpose, atMs, history, historyTimes, blocked);
	// Email has no calling hours; an opt-out confirmation answers the lead right away.
	const timed = channel !== 'email' && purpose !== 'opt-out-confirmation';
	let set: RuleSet | null = null;
	if (timed) {
		if (allowedCountry !== null) {
			// An allowed non-US number: the calling hours must also hold on that country's clocks.
			location = { ...location, zones: [...location.zones, ...allowedCountry.zones.filter((zone) => !location.zones.includes(zone))] };
			decision.location = location;
		}
		set = ruleSetFor(location, lead, channel, policy, compiledPolicy);
		decision.rulesApplied = set.ids.slice();
		if (purpose === 'marketing') checkBans(set.bans, location, compiledPolicy, channel, blocked);
	}
	if (blocked.codes.length > 0) {
		decision.verdict = 'block';
		decision.reasons = blocked.codes;
		decision.messages = blocked.messages;
		return decision;
	}
	if (set === null) return decision;

	// 2. Calling hours, Sundays and holidays in every zone, caps over the rolling window.
	const { rules, clocks, zoned: zonedRules } = set;
	const caps = purpose === 'marketing' ? set.caps : NO_RULES;
	const counted = caps.length > 0 ? countedTimes(history, historyTimes, atMs, null) : [];
	const countedFor = caps.map((rule) => (rule.cap!.channels === null ? counted : countedTimes(history, historyTimes, atMs, rule.cap!.channels)));
	if (caps.length > 0) {
		const widest = Math.max(...caps.map((rule) => rule.cap!.windowMs));
		decision.countedTouches = counted.filter((t) => t > atMs - widest).length;
	}

	if (!someDayOpen(rules)) return noWindow(decision);

	// Each rule answers "the earliest instant >= t I allow"; the latest answer is a lower bound for
	// all of them, so repeating until every rule allows t gives the earliest instant legal for all.
	const found: Reasons = { codes: [], messages: [] };
	const horizon = atMs + 400 * 86_400_000;
	let t = atMs;
	for (let round = 0; ; round++) {
		let next = t;
		for (const clock of clocks) {
			for (const rule of rules) {
				const allowed = earliestAllowed(rule, clock, t, round === 0 ? found : null);
				if (allowed === null) return noWindow(decision);
				if (allowed > next) next = allowed;
			}
		}
		for (const rule of zonedRules) {
			const allowed = earliestAllowed(rule, rule.extraClock!, t, round === 0 ? found : null);
			if (allowed === null) return noWindow(decision);
			if (allowed > next) next = allowed;
		}
		for (let i = 0; i < caps.length; i++) {
			const rule = caps[i];
			const released = capRelease(rule, countedFor[i], t);
			if (released > t) {
				if (round === 0) add(found, `cap:${rule.rule.id}`, explainCap(rule, countedFor[i], t, released));
				if (released > next) next = released;
			}
		}
		if (next === t) break;
		if (next > horizon) return noWindow(decision);
		t = next;
	}
	if (t !== atMs) {
		decision.verdict = 'defer';
		decision.sendAfter = new Date(t).toISOString();
		decision.reasons = found.codes;
		decision.messages = [...found.messages];
		// The last sentence also says where the wait ends, in the lead's first zone.
		if (clocks.length > 0 && decision.messages.length > 0) {
			decision.messages[decision.messages.length - 1] += `; earliest legal time is ${describeLocal(clocks[0], t)}`;
		}
	}
	return decision;
}

/**
 * The earliest instant >= t the rule allows on the clock (t itself when allowed; null: never).
 * With `found`, a problem at t is recorded there: reasons describe the intended instant, later
 * rounds only find the way out.
 */
function earliestAllowed(rule: CompiledRule, clock: ZoneClock, t: number, found: Reasons | null): number | null {
	const local = clock.localMs(t);
	const day = Math.floor(local / 86_400_000);
	if (localProblem(rule, day, local - day * 86_400_000) === null) return t;
	const allowed = nextAllowed(rule, clock, t);
	if (allowed !== null && allowed > t && found !== null) {
		const problem = windowProblem(rule, clock, t)!;
		const extra = clock === rule.extraClock ? ` (the rule's hours are in ${rule.rule.alsoInZone} all year)` : '';
		add(found, `${problem}:${rule.rule.id}`, explainProblem(rule, clock, t, problem) + extra);
	}
	return allowed;
}

function noWindow(decision: TouchDecision): TouchDecision {
	decision.verdict = 'block';
	decision.reasons = ['no-legal-window'];
	decision.messages = [
		`No instant in the next 400 days is allowed by every rule that applies (${decision.rulesApplied.join(', ')}): check the policy hours and holidays`,
	];
	return decision;
}

/** Cheap early answer for impossible combinations (company hours outside the law's): some weekday must have an overlap. */
function someDayOpen(rules: CompiledRule[]): boolean {
	for (let weekday = 1; weekday <= 7; weekday++) {
		let start = 0;
		let end = 86_400_000;
		for (const rule of rules) {
			const window = rule.days[weekday];
			if (window === null) {
				end = 0;
				break;
			}
			start = Math.max(start, window[0]);
			end = Math.min(end, window[1]);
		}
		if (start < end) return true;
	}
	return false;
}

/**
 * A usable number or address for the channel. A +1 number must be in a US area code (territories
 * included): Canada's and the Caribbean's are blocked unless the policy allows the country, which
 * is then returned so its clocks are checked too.
 */
function checkContact(lead: ComplianceLead, channel: CheckedChannel, policy: CompiledPolicy, blocked: Reasons): NanpCountry | null {
	if (PHONE_CHANNELS.has(channel)) {
		const digits = nanpDigits(lead.phone);
		if (digits === null) {
			add(
				blocked,
				`no-contact:${channel}`,
				lead.phone ? `"${lead.phone}" is not a usable US phone number for ${CHANNEL_WORDS[channel]}` : `the lead has no phone number for ${CHANNEL_WORDS[channel]}`,
			);
			return null;
		}
		const code = digits.slice(0, 3);
		const owner = areaCodeOwner(code);
		if (owner.kind === 'country') {
			if (policy.allowedCountries.has(owner.country.country)) return owner.country;
			add(
				blocked,
				`non-us-number:+1${code}`,
				`+1 ${code} is ${owner.country.name}'s area code, not a US one: ${CHANNEL_WORDS[channel]} there follow ${owner.country.name}'s law, which this gate does not cover (allow "${owner.country.country}" in the policy's allowed countries to contact it anyway)`,
			);
		} else if (owner.kind === 'unknown') {
			add(blocked, `unknown-area-code:+1${code}`, `+1 ${code} is not an area code in US use (NANPA), so the number cannot be checked against US rules`);
		}
	} else if (channel === 'email' && lead.email !== undefined) {
		const email = lead.email;
		if (typeof email !== 'string' || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) {
			add(blocked, 'no-contact:email', email ? `"${email}" is not a usable email address` : 'the lead has no email address');
		}
	}
	return null;
}

/**
 * Which of the lead's opt-outs stop this channel. Automated channels stop on any phone opt-out
 * (FCC revoke-all, applied by the pack now). A text STOP is also a company-specific do-not-call
 * request for marketing calls (47 CFR 64.1200(d)(3)); a transactional call stays allowed.
 */
function optOutsFor(channel: CheckedChannel, purpose: TouchPurpose): Array<'sms' | 'call' | 'email'> {
	switch (channel) {
		case 'sms':
		case 'ai-voice':
			return ['sms', 'call'];
		case 'call':
			return purpose === 'marketing' ? ['call', 'sms'] : ['call'];
		case 'email':
			return ['email'];
	}
}

/** 47 CFR 64.1200(a)(12): the one confirmation is presumed fine within 5 minutes of the opt-out. */
export const CONFIRMATION_WINDOW_MS = 5 * 60_000;

function checkOptOutAndConsent(
	lead: ComplianceLead,
	channel: CheckedChannel,
	purpose: TouchPurpose,
	atMs: number,
	history: readonly HistoryTouch[],
	historyTimes: number[],
	blocked: Reasons,
): void {
	const optOut = lead.optOut ?? {};
	if (purpose === 'opt-out-confirmation') {
		if (channel !== 'sms' && channel !== 'email') {
			add(blocked, `not-a-confirmation-channel:${channel}`, 'an opt-out confirmation is a single text or email, never a call');
			return;
		}
		if (!optedOut(optOut[channel])) {
			add(blocked, `not-opted-out:${channel}`, `the lead has not opted out of ${CHANNEL_WORDS[channel]}, so there is nothing to confirm`);
			return;
		}
		const since = flagInstant(optOut[channel]);
		const sent = history.findIndex(
			(touch, i) => touch.channel === channel && touch.purpose === 'opt-out-confirmation' && touch.direction !== 'inbound' &&
				!neverSent(touch.verdict) && (since === null || historyTimes[i] >= since),
		);
		if (sent >= 0) {
			add(blocked, `opted-out:${channel}`, `the lead opted out of ${CHANNEL_WORDS[channel]}`);
			add(blocked, `confirmation-already-sent:${channel}`, `the one opt-out confirmation was already sent at ${history[sent].at}`);
		} else if (channel === 'sms' && since !== null && atMs > since + CONFIRMATION_WINDOW_MS) {
			add(blocked, `opted-out:${channel}`, `the lead opted out of ${CHANNEL_WORDS[channel]}`);
			add(
				blocked,
				`confirmation-too-late:${channel}`,
				`the one confirmation text is presumed fine only within 5 minutes of the opt-out (47 CFR 64.1200(a)(12)); the lead opted out at ${new Date(since).toISOString()}, it is now ${new Date(atMs).toISOString()}`,
			);
		}
		return;
	}
	for (const key of optOutsFor(channel, purpose)) {
		if (optedOut(optOut[key])) {
			add(
				blocked,
				`opted-out:${channel}`,
				key === channel || (channel === 'ai-voice' && key === 'call')
					? `the lead opted out of ${CHANNEL_WORDS[key]}`
					: channel === 'call'
						? `the lead opted out of texts, which is also a do-not-call request for marketing calls (47 CFR 64.1200(d)(3))`
						: `the lead opted out of ${CHANNEL_WORDS[key]}, which revokes every automated channel`,
			);
		}
	}
	const consent = lead.consent ?? {};
	if (channel === 'sms' && purpose === 'marketing' && !consentGiven(consent.sms)) {
		add(blocked, 'no-consent:sms', 'marketing texts need prior express written consent for SMS (consent.sms: true, yes, 1, a date or a consent record)');
	}
	if (channel === 'ai-voice' && !consentGiven(consent.prerecordedVoice)) {
		add(blocked, 'no-consent:ai-voice', 'artificial or prerecorded (AI) voice calls need their own prior express written consent (consent.prerecordedVoice, FCC 24-17)');
	}
}

/** Consent that lifts a "without prior express consent" rule (Utah) for the channel. */
function hasChannelConsent(lead: ComplianceLead, channel: CheckedChannel): boolean {
	const consent = lead.consent ?? {};
	if (channel === 'sms') return consentGiven(consent.sms);
	if (channel === 'call') return consentGiven(consent.call);
	if (channel === 'ai-voice') return consentGiven(consent.prerecordedVoice);
	return consentGiven(consent.email);
}

/** Marketing bans that waiting cannot lift: recorded-message bans, a declared state of emergency. */
function checkBans(bans: readonly CompiledRule[], location: LeadLocation, policy: CompiledPolicy, channel: CheckedChannel, blocked: Reasons): void {
	for (const rule of bans) add(blocked, `banned:${rule.rule.id}`, `${rule.rule.name} bans marketing ${CHANNEL_WORDS[channel]} (${rule.rule.source})`);
	if (policy.emergencies.size === 0) return;
	for (const state of leadStates(location)) {
		if (policy.emergencies.has(state)) {
			add(
				blocked,
				`state-of-emergency:${state}`,
				`${state} is under a declared state of emergency (policy): no marketing by phone there until it is lifted${state === 'LA' ? ' (La. R.S. 45:844.31)' : ''}`,
			);
		}
	}
}

/** The states whose rules bind the lead: where it may be, plus area-code presumptions; everywhere when unknown. */
const EVERY_RULE_STATE: readonly string[] = Object.freeze([
	...new Set([...Object.keys(STATE_RULES), ...Object.keys(AUTOMATED_VOICE_RULES), ...Object.keys(UNVERIFIED_STATE_RULES)]),
]);
function leadStates(location: LeadLocation): readonly string[] {
	if (location.basis === 'unknown') return EVERY_RULE_STATE;
	return location.presumedStates.length === 0 ? location.states : [...location.states, ...location.presumedStates];
}

const compiledTables = new WeakMap<CallingRule, CompiledRule>();
function compiledOf(rule: CallingRule): CompiledRule {
	let compiled = compiledTables.get(rule);
	if (compiled === undefined) {
		compiled = compileRule(rule);
		compiledTables.set(rule, compiled);
	}
	return compiled;
}

/** A policy, checked and compiled once per policy object. */
interface CompiledPolicy {
	rule: CompiledRule | null;
	allowedCountries: ReadonlySet<string>;
	emergencies: ReadonlySet<string>;
	/** State -> that state's general row compiled with the policy's extra holidays for it. */
	stateHolidayRules: ReadonlyMap<string, CompiledRule>;
}

const KNOWN_COUNTRIES: ReadonlySet<string> = new Set(NON_US_NANP_COUNTRIES.map((row) => row.country));

function codeList(value: unknown, field: string, known: ReadonlySet<string> | null, what: string): Set<string> {
	if (value === undefined) return new Set();
	if (!Array.isArray(value)) throw new ComplianceInputError(field, `${field} must be a list of ${what}, e.g. ["${known ? [...known][0] : 'LA'}"]`);
	const codes = new Set<string>();
	for (const entry of value) {
		const code = typeof entry === 'string' ? entry.trim().toUpperCase() : '';
		if (!/^[A-Z]{2}$/.test(code) || (known !== null && !known.has(code))) {
			throw new ComplianceInputError(field, `${field} must be a list of ${what}, got ${JSON.stringify(entry)}`);
		}
		codes.add(code);
	}
	return codes;
}

const compiledPolicies = new WeakMap<PolicyOverrides, CompiledPolicy>();
function compilePolicy(policy: PolicyOverrides): CompiledPolicy {
	if (policy === null || typeof policy !== 'object') throw new ComplianceInputError('policy', 'policy must be an object');
	const known = compiledPolicies.get(policy);
	if (known !== undefined) return known;
	const rule = policyRule(policy);
	let compiled: CompiledRule | null = null;
	if (rule !== null) {
		if (policy.cap !== undefined) {
			const { touches, hours } = policy.cap;
			if (!Number.isInteger(touches) || touches < 1) throw new ComplianceInputError('policy.cap.touches', `policy.cap.touches must be a whole number of at least 1, got ${JSON.stringify(touches)}`);
			if (hours !== undefined && !(typeof hours === 'number' && hours > 0)) throw new ComplianceInputError('policy.cap.hours', `policy.cap.hours must be a positive number, got ${JSON.stringify(hours)}`);
		}
		const extra = policy.extraHolidays ?? [];
		if (!Array.isArray(extra)) throw new ComplianceInputError('policy.extraHolidays', 'policy.extraHolidays must be a list of dates like "2026-12-24"');
		const days = extra.length > 0 ? new Set(extra.map((date) => parseLocalDate(String(date), 'policy.extraHolidays'))) : null;
		compiled = compileRule(rule, days, policy.federalHolidays ? HOLIDAYS.US : null);
	}
	const stateHolidayRules = new Map<string, CompiledRule>();
	const byState = policy.stateHolidays ?? {};
	if (typeof byState !== 'object' || byState === null || Array.isArray(byState)) {
		throw new ComplianceInputError('policy.stateHolidays', 'policy.stateHolidays must map a state code to dates, e.g. { "LA": ["2026-09-02"] }');
	}
	for (const [name, dates] of Object.entries(byState)) {
		const state = name.trim().toUpperCase();
		const field = `policy.stateHolidays.${name}`;
		if (!/^[A-Z]{2}$/.test(state)) throw new ComplianceInputError(field, `${field}: "${name}" is not a two-letter state code`);
		if (!Array.isArray(dates)) throw new ComplianceInputError(field, `${field} must be a list of dates like "2026-09-02"`);
		if (dates.length === 0) continue;
		const days = new Set(dates.map((date) => parseLocalDate(String(date), field)));
		const row = STATE_RULES[state] ?? (policy.includeUnverifiedStates ? UNVERIFIED_STATE_RULES[state] : undefined);
		const base: CallingRule = row !== undefined
			? { ...row, holidays: true }
			: { id: state, name: `${state} (proclaimed holidays)`, hours: '00:00-24:00', holidays: true, verified: true, source: 'policy: state holidays' };
		stateHolidayRules.set(state, compileRule(base, days, row?.holidays ? (HOLIDAYS[state] ?? null) : null));
	}
	const result: CompiledPolicy = {
		rule: compiled,
		allowedCountries: codeList(policy.allowedCountries, 'policy.allowedCountries', KNOWN_COUNTRIES, `country codes sharing +1 (${[...KNOWN_COUNTRIES].join(', ')})`),
		emergencies: codeList(policy.stateOfEmergency, 'policy.stateOfEmergency', null, 'state codes'),
		stateHolidayRules,
	};
	compiledPolicies.set(policy, result);
	return result;
}

/** The rules for one place, channel and consent, with what the check loop needs, worked out once. */
interface RuleSet {
	rules: CompiledRule[];
	ids: string[];
	clocks: ZoneClock[];
	/** Rules whose hours also hold in a fixed zone (Mississippi). */
	zoned: CompiledRule[];
	caps: CompiledRule[];
	bans: CompiledRule[];
}
const NO_RULES: CompiledRule[] = [];

const WITH_CONSENT: Record<CheckedChannel, string> = { sms: 'sms+consent', call: 'call+consent', email: 'email+consent', 'ai-voice': 'ai-voice+consent' };

// Locations are memoized by locateLead, so the same place meets the same object: cache per policy, place, channel.
const ruleSets = new WeakMap<CompiledPolicy, WeakMap<LeadLocation, Map<string, RuleSet>>>();
function ruleSetFor(location: LeadLocation, lead: ComplianceLead, channel: CheckedChannel, policy: PolicyOverrides, compiledPolicy: CompiledPolicy): RuleSet {
	let byLocation = ruleSets.get(compiledPolicy);
	if (byLocation === undefined) {
		byLocation = new WeakMap();
		ruleSets.set(compiledPolicy, byLocation);
	}
	let byChannel = byLocation.get(location);
	if (byChannel === undefined) {
		byChannel = new Map();
		byLocation.set(location, byChannel);
	}
	// Consent matters only to "without prior express consent" rows (Utah).
	const key = hasChannelConsent(lead, channel) ? WITH_CONSENT[channel] : channel;
	let set = byChannel.get(key);
	if (set === undefined) {
		const rules = applicableRules(location, lead, channel, policy, compiledPolicy);
		set = {
			rules,
			ids: rules.map((rule) => rule.rule.id),
			clocks: location.zones.map((zone) => zoneClock(zone)).filter((clock): clock is ZoneClock => clock !== null),
			zoned: rules.filter((rule) => rule.extraClock !== null),
			caps: rules.filter((rule) => rule.cap !== null),
			bans: rules.filter((rule) => rule.rule.bansMarketing === true),
		};
		byChannel.set(key, set);
	}
	return set;
}

function applicableRules(
	location: LeadLocation,
	lead: ComplianceLead,
	channel: CheckedChannel,
	policy: PolicyOverrides,
	compiledPolicy: CompiledPolicy,
): CompiledRule[] {
	const rules = [compiledOf(FEDERAL_RULE)];
	const push = (rule: Readonly<CallingRule> | undefined, compiled?: CompiledRule): void => {
		if (rule === undefined) return;
		if (rule.onlyWithoutConsent && hasChannelConsent(lead, channel)) return;
		if (rule.channels !== undefined && !rule.channels.includes(channel as 'sms' | 'call' | 'ai-voice')) return;
		const use = compiled ?? compiledOf(rule);
		if (!rules.includes(use)) rules.push(use);
	};
	const states = leadStates(location);
	for (const state of states) {
		const withHolidays = compiledPolicy.stateHolidayRules.get(state);
		const general = STATE_RULES[state] ?? (policy.includeUnverifiedStates ? UNVERIFIED_STATE_RULES[state] : undefined);
		push(withHolidays?.rule ?? general, withHolidays);
	}
	if (channel === 'ai-voice') for (const state of states) push(AUTOMATED_VOICE_RULES[state]);
	if (compiledPolicy.rule !== null) rules.push(compiledPolicy.rule);
	return rules;
}

/** Instants of earlier solicitations that count toward caps (on `channels`, or all), oldest first. */
function countedTimes(history: readonly HistoryTouch[], times: number[], atMs: number, channels: ReadonlySet<string> | null): number[] {
	const counted: number[] = [];
	for (let i = 0; i < history.length; i++) {
		const touch = history[i];
		if (times[i] > atMs) continue;
		if (touch.direction === 'inbound') continue;
		if (neverSent(touch.verdict)) continue;
		if (touch.purpose != null && touch.purpose !== 'marketing') continue;
		if (channels !== null && !channels.has(touch.channel)) continue;
		counted.push(times[i]);
	}
	return counted.sort((a, b) => a - b);
}

/** The earliest instant >= t at which fewer than the cap's touches lie in the rolling window. */
function capRelease(rule: CompiledRule, counted: number[], t: number): number {
	const { touches, windowMs } = rule.cap!;
	let first = counted.length;
	while (first > 0 && counted[first - 1] > t - windowMs) first--;
	const inWindow = counted.length - first;
	if (inWindow < touches) return t;
	return counted[first + inWindow - touches] + windowMs;
}

function explainCap(rule: CompiledRule, counted: number[], t: number, released: number): string {
	const { touches, windowMs, channels } = rule.cap!;
	const hours = windowMs / 3_600_000;
	const inWindow = counted.filter((time) => time > t - windowMs).length;
	const which = channels === null ? 'all channels' : [...channels].join(' and ');
	return `${rule.rule.name} allows ${touches} touch${touches === 1 ? '' : 'es'} per rolling ${hours} h (${which}); ${inWindow} already made by ${new Date(t).toISOString()}, the next one ages out at ${new Date(released).toISOString()}`;
}
