/**
 * Call outcomes in one tap (issue 17): the call task the loan officer gets carries one signed link
 * per outcome (reached, left voicemail, ... wrong number), and the loan officer's own activity
 * (a call from their own phone, a handwritten note, a coffee) has signed links of its own. This
 * file says what the links are and what each outcome does to the lead; the tracker writes it.
 *
 * A call-outcome link answers one call task once: it carries the task's touchId as its signed
 * reference, and the logged call's touchId is derived from it, so a second tap (the same link
 * again, or another outcome of the same task) finds the call already logged and changes nothing.
 *
 * Pure: the secret, `now` and the lead's row are parameters.
 */
import { addDuration, parseDuration } from './cadence/calendar';
import { CADENCE_DEFAULTS } from './cadence/dueTouches';
import { codeOf } from './scoreboard/sheetCells';
import { linkExpiry, makeSignedLink, verifySignedLink, type LinkCheck, type LinkQuery } from './signedLink';

/** What the loan officer can say happened on a call. */
export const CALL_OUTCOMES = [
	'reached',
	'left-voicemail',
	'no-answer',
	'appointment-set',
	'not-interested',
	'wrong-number',
	'call-back-later',
] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export interface CallOutcomeRule {
	label: string;
	/** The loan officer spoke with the lead: marketing steps pause as after a reply. */
	conversation: boolean;
	/** An appointment came out of it. */
	appointment: boolean;
}

/** Which outcomes were a real conversation: someone spoke with the lead, whatever they said. */
export const CALL_OUTCOME_RULES: Readonly<Record<CallOutcome, CallOutcomeRule>> = {
	reached: { label: 'Reached', conversation: true, appointment: false },
	'left-voicemail': { label: 'Left voicemail', conversation: false, appointment: false },
	'no-answer': { label: 'No answer', conversation: false, appointment: false },
	'appointment-set': { label: 'Appointment set', conversation: true, appointment: true },
	'not-interested': { label: 'Not interested', conversation: true, appointment: false },
	'wrong-number': { label: 'Wrong number', conversation: false, appointment: false },
	'call-back-later': { label: 'Call back later', conversation: true, appointment: false },
};

/** "Appointment set", "appointment_set", "APPOINTMENT-SET" -> appointment-set; null otherwise. */
export function callOutcomeFromText(value: unknown): CallOutcome | null {
	const code = codeOf(value);
	return code !== null && (CALL_OUTCOMES as readonly string[]).includes(code) ? (code as CallOutcome) : null;
}

/**
 * What the loan officer did off the system, logged in one tap: each is a touch on a channel, and
 * the ones with a conversation pause marketing like a reply.
 */
export const LO_ACTIVITIES = {
	'own-phone-talked': { label: 'Called from my phone: we talked', channel: 'call', outcome: 'reached' },
	'own-phone-no-answer': { label: 'Called from my phone: no answer', channel: 'call', outcome: 'no-answer' },
	'own-phone-text': { label: 'Texted from my phone', channel: 'sms', outcome: null },
	'handwritten-note': { label: 'Sent a handwritten note', channel: 'note', outcome: null },
	coffee: { label: 'Coffee or a meeting', channel: 'meeting', outcome: 'reached' },
} as const satisfies Record<string, { label: string; channel: string; outcome: CallOutcome | null }>;
export type LoActivity = keyof typeof LO_ACTIVITIES;
export const LO_ACTIVITY_KINDS = Object.keys(LO_ACTIVITIES) as LoActivity[];

/** The signed action of a loan officer's activity link (the kind is chosen on the page it opens). */
export const ACTIVITY_LINK_ACTION = 'log-activity';
/** Call-outcome links work this long: a call task is answered the same day or not at all. */
export const CALL_OUTCOME_LINK_DAYS = 14;
/** The activity page link works this long (it is in the loan officer's own emails). */
export const ACTIVITY_LINK_DAYS = 60;

export interface CallOutcomeLink {
	outcome: CallOutcome;
	label: string;
	url: string;
}

/** One signed link per outcome for one call task, working `validDays` days from `now`. */
export function makeCallOutcomeLinks(
	input: { baseUrl: string; leadId: string; taskId: string; now: string; validDays?: number },
	secret: string,
): { links: CallOutcomeLink[]; expiresAt: string } {
	const expiresAt = linkExpiry(input.now, input.validDays ?? CALL_OUTCOME_LINK_DAYS);
	const links = CALL_OUTCOMES.map((outcome) => ({
		outcome,
		label: CALL_OUTCOME_RULES[outcome].label,
		url: makeSignedLink({ baseUrl: input.baseUrl, leadId: input.leadId, channel: 'call', action: outcome, expiresAt, ref: input.taskId }, secret),
	}));
	return { links, expiresAt };
}

export type CallOutcomeCheck =
	| { valid: true; leadId: string; outcome: CallOutcome; taskId: string; expiresAt: string }
	| Extract<LinkCheck, { valid: false }>;

/** Checks a call-outcome link: genuine, unexpired, for a call, with an outcome and its task. */
export function verifyCallOutcomeLink(query: LinkQuery, options: { secret: string; now: string }): CallOutcomeCheck {
	const check = verifySignedLink(query, { ...options, action: CALL_OUTCOMES, wrongAction: 'This link is for something else, not for a call outcome.' });
	if (!check.valid) return check;
	if (check.channel !== 'call' || check.ref === undefined) {
		return { valid: false, reason: 'wrong-action', message: 'This link is for something else, not for a call outcome.' };
	}
	return { valid: true, leadId: check.leadId, outcome: check.action as CallOutcome, taskId: check.ref, expiresAt: check.expiresAt };
}

/** The loan officer's activity page for one lead (the page offers LO_ACTIVITIES). */
export function makeActivityLink(input: { baseUrl: string; leadId: string; now: string; validDays?: number }, secret: string): { url: string; expiresAt: string } {
	const expiresAt = linkExpiry(input.now, input.validDays ?? ACTIVITY_LINK_DAYS);
	return { url: makeSignedLink({ baseUrl: input.baseUrl, leadId: input.leadId, channel: 'lo', action: ACTIVITY_LINK_ACTION, expiresAt }, secret), expiresAt };
}

export function verifyActivityLink(query: LinkQuery, options: { secret: string; now: string }): LinkCheck {
	return verifySignedLink(query, { ...options, action: ACTIVITY_LINK_ACTION, wrongAction: 'This link is for something else, not for logging your activity.' });
}

/** The logged call's touchId: one per call task, whichever outcome is tapped first. */
export function callOutcomeTouchId(taskId: string): string {
	return `outcome:${taskId}`;
}

/** The Leads columns a call outcome reads. */
export interface OutcomeLead {
	stage?: unknown;
	appointmentAt?: unknown;
	pausedUntil?: unknown;
}

/** What an outcome changes on the lead's row (only the columns named change). */
export interface OutcomeChanges {
	/** Marketing steps wait until then (a conversation pauses them like a reply). */
	pausedUntil?: string;
	appointmentAt?: string;
	stage?: 'appointment' | 'nurture';
	stageChangedAt?: string;
	/** Long-term nurture starts from the call (its steps count from here). */
	cadenceId?: string;
	enrolledAt?: string;
	cadenceStatus?: string;
	/** Wrong number: the number is not the lead's; no texts or calls go to it. */
	phoneStatus?: 'wrong-number';
	optOutSms?: true;
	optOutCall?: true;
}

/** Stages an appointment does not move back from. */
const BEYOND_APPOINTMENT: ReadonlySet<string> = new Set(['appointment', 'application', 'closed', 'do-not-contact']);

/**
 * What a call with `outcome` at `at` does to the lead: a conversation pauses marketing for
 * `replyPause` (ISO duration, the Settings tab's; default P3D) from the call; "appointment set"
 * stamps appointmentAt (the first one stays) and moves the stage to appointment; "not interested"
 * moves the lead to long-term nurture, starting now; "wrong number" marks the phone bad and stops
 * texts and calls to it. `zone` is the lead's (the pause ends at the same wall-clock time).
 */
export function callOutcomeChanges(outcome: CallOutcome, lead: OutcomeLead, options: { at: string; replyPause?: string; zone?: string }): OutcomeChanges {
	const at = options.at;
	const changes: OutcomeChanges = {};
	const rule = CALL_OUTCOME_RULES[outcome];
	const stage = String(lead.stage ?? '').trim().toLowerCase();
	if (rule.conversation) {
		const pause = parseDuration(options.replyPause || CADENCE_DEFAULTS.replyPause) ?? (parseDuration(CADENCE_DEFAULTS.replyPause) as NonNullable<ReturnType<typeof parseDuration>>);
		const until = new Date(addDuration(Date.parse(at), options.zone || 'UTC', pause)).toISOString();
		const current = Date.parse(String(lead.pausedUntil ?? ''));
		if (Number.isNaN(current) || current < Date.parse(until)) changes.pausedUntil = until;
	}
	if (rule.appointment) {
		if (String(lead.appointmentAt ?? '').trim() === '') changes.appointmentAt = at;
		if (!BEYOND_APPOINTMENT.has(stage)) {
			changes.stage = 'appointment';
			changes.stageChangedAt = at;
		}
	}
	if (outcome === 'not-interested' && stage !== 'do-not-contact' && stage !== 'closed') {
		changes.stage = 'nurture';
		changes.stageChangedAt = at;
		changes.cadenceId = CADENCE_DEFAULTS.nurtureCadenceId;
		changes.enrolledAt = at;
		changes.cadenceStatus = 'nurture: not interested for now (call outcome)';
	}
	if (outcome === 'wrong-number') {
		changes.phoneStatus = 'wrong-number';
		changes.optOutSms = true;
		changes.optOutCall = true;
		changes.cadenceStatus = 'wrong number: no texts or calls to this phone';
	}
	return changes;
}
