import { CHECKED_CHANNELS, TOUCH_PURPOSES, type CheckedChannel, type TouchPurpose } from '../touch';
import { nanpDigits } from './areaCodes';
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

/** true, or a non-empty text such as the ISO instant it was given ("false"/"no"/"0" mean false). */
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

export function isSet(value: Flag): boolean {
	if (value === true) return true;
	// A consent record ({ capturedAt, text, given? }) counts as given unless it says otherwise.
	if (typeof value === 'object' && value !== null) {
		const record = value as Record<string, unknown>;
		for (const key of ['given', 'granted', 'value', 'optedOut', 'active']) if (key in record) return isSet(record[key] as Flag);
		return Object.keys(record).length > 0;
	}
	if (typeof value === 'number') return value !== 0;
	if (typeof value !== 'string') return false;
	const text = value.trim().toLowerCase();
	return text !== '' && !['false', 'no', 'n', '0', 'off', 'none', 'null', 'revoked', 'withdrawn'].includes(text);
}

/** The instant an opt-out was recorded, when the flag is a timestamp. */
function flagInstant(value: Flag): number | null {
	if (typeof value !== 'string') return null;
	const ms = Date.parse(value);
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

	const location = locateLead(lead);
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

	// 1. What waiting cannot fix: no contact, opted out, no consent.
	const blocked: Reasons = { codes: [], messages: [] };
	checkContact(lead, channel, blocked);
	checkOptOutAndConsent(lead, channel, purpose, history, historyTimes, blocked);
	if (blocked.codes.length > 0) {
		decision.verdict = 'block';
		decision.reasons = blocked.codes;
		decision.messages = blocked.messages;
		return decision;
	}
	// Email has no calling hours; an opt-out confirmation answers the lead right away.
	if (channel === 'email' || purpose === 'opt-out-confirmation') return decision;

	// 2. Calling hours, Sundays and holidays in every zone, caps over the rolling window.
	const rules = applicableRules(location, lead, channel, policy, compiledPolicy);
	decision.rulesApplied = rules.map((rule) => rule.rule.id);
	const clocks = location.zones.map((zone) => zoneClock(zone)).filter((clock): clock is ZoneClock => clock !== null);
	const counted = purpose === 'marketing' ? countedTimes(history, historyTimes, atMs) : [];
	const caps = purpose === 'marketing' ? rules.filter((rule) => rule.cap !== null) : [];
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
			const local = clock.localMs(t);
			const day = Math.floor(local / 86_400_000);
			const msOfDay = local - day * 86_400_000;
			for (const rule of rules) {
				if (localProblem(rule, day, msOfDay) === null) continue;
				const allowed = nextAllowed(rule, clock, t);
				if (allowed === null) return noWindow(decision);
				if (allowed > t) {
					// Reasons describe the intended instant; later rounds only find the way out.
					if (round === 0) {
						const problem = windowProblem(rule, clock, t)!;
						add(found, `${problem}:${rule.rule.id}`, explainProblem(rule, clock, t, problem));
					}
					if (allowed > next) next = allowed;
				}
			}
		}
		for (const rule of caps) {
			const released = capRelease(rule, counted, t);
			if (released > t) {
				if (round === 0) add(found, `cap:${rule.rule.id}`, explainCap(rule, counted, t, released));
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

function checkContact(lead: ComplianceLead, channel: CheckedChannel, blocked: Reasons): void {
	if (PHONE_CHANNELS.has(channel)) {
		if (nanpDigits(lead.phone) === null) {
			add(
				blocked,
				`no-contact:${channel}`,
				lead.phone ? `"${lead.phone}" is not a usable US phone number for ${CHANNEL_WORDS[channel]}` : `the lead has no phone number for ${CHANNEL_WORDS[channel]}`,
			);
		}
	} else if (channel === 'email' && lead.email !== undefined) {
		const email = lead.email;
		if (typeof email !== 'string' || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) {
			add(blocked, 'no-contact:email', email ? `"${email}" is not a usable email address` : 'the lead has no email address');
		}
	}
}

/** Which of the lead's opt-outs stop this channel: automated channels stop on any phone opt-out. */
function optOutsFor(channel: CheckedChannel): Array<'sms' | 'call' | 'email'> {
	switch (channel) {
		case 'sms':
		case 'ai-voice':
			// The product revokes every automated channel on any phone opt-out (FCC revoke-all).
			return ['sms', 'call'];
		case 'call':
			return ['call'];
		case 'email':
			return ['email'];
	}
}

function checkOptOutAndConsent(
	lead: ComplianceLead,
	channel: CheckedChannel,
	purpose: TouchPurpose,
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
		if (!isSet(optOut[channel])) {
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
		}
		return;
	}
	for (const key of optOutsFor(channel)) {
		if (isSet(optOut[key])) {
			add(
				blocked,
				`opted-out:${channel}`,
				key === channel || (channel === 'ai-voice' && key === 'call')
					? `the lead opted out of ${CHANNEL_WORDS[key]}`
					: `the lead opted out of ${CHANNEL_WORDS[key]}, which revokes every automated channel`,
			);
		}
	}
	const consent = lead.consent ?? {};
	if (channel === 'sms' && purpose === 'marketing' && !isSet(consent.sms)) {
		add(blocked, 'no-consent:sms', 'marketing texts need prior express written consent for SMS (consent.sms)');
	}
	if (channel === 'ai-voice' && !isSet(consent.prerecordedVoice)) {
		add(blocked, 'no-consent:ai-voice', 'artificial or prerecorded (AI) voice calls need their own prior express written consent (consent.prerecordedVoice, FCC 24-17)');
	}
}

/** Consent that lifts a "without prior express consent" rule (Utah) for the channel. */
function hasChannelConsent(lead: ComplianceLead, channel: CheckedChannel): boolean {
	const consent = lead.consent ?? {};
	if (channel === 'sms') return isSet(consent.sms);
	if (channel === 'call') return isSet(consent.call);
	if (channel === 'ai-voice') return isSet(consent.prerecordedVoice);
	return isSet(consent.email);
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

const compiledPolicies = new WeakMap<PolicyOverrides, CompiledRule | null>();
function compilePolicy(policy: PolicyOverrides): CompiledRule | null {
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
	compiledPolicies.set(policy, compiled);
	return compiled;
}

function applicableRules(
	location: LeadLocation,
	lead: ComplianceLead,
	channel: CheckedChannel,
	policy: PolicyOverrides,
	compiledPolicy: CompiledRule | null,
): CompiledRule[] {
	const rules = [compiledOf(FEDERAL_RULE)];
	for (const state of [...location.states, ...location.presumedStates]) {
		const rule = STATE_RULES[state] ?? (policy.includeUnverifiedStates ? UNVERIFIED_STATE_RULES[state] : undefined);
		if (rule === undefined) continue;
		if (rule.onlyWithoutConsent && hasChannelConsent(lead, channel)) continue;
		if (!rules.some((known) => known.rule === rule)) rules.push(compiledOf(rule));
	}
	if (compiledPolicy !== null) rules.push(compiledPolicy);
	return rules;
}

/** Instants of earlier solicitations that count toward caps, oldest first. */
function countedTimes(history: readonly HistoryTouch[], times: number[], atMs: number): number[] {
	const counted: number[] = [];
	for (let i = 0; i < history.length; i++) {
		const touch = history[i];
		if (times[i] > atMs) continue;
		if (touch.direction === 'inbound') continue;
		if (neverSent(touch.verdict)) continue;
		if (touch.purpose != null && touch.purpose !== 'marketing') continue;
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
	const { touches, windowMs } = rule.cap!;
	const hours = windowMs / 3_600_000;
	const inWindow = counted.filter((time) => time > t - windowMs).length;
	return `${rule.rule.name} allows ${touches} touches per rolling ${hours} h (all channels); ${inWindow} already made by ${new Date(t).toISOString()}, the next one ages out at ${new Date(released).toISOString()}`;
}
