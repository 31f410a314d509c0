import type { Channel, Touch, TouchPurpose } from '../touch';
import type { Consent, FieldError, LeadSource, LoanPurpose, Timeline } from '../lead';

/**
 * Cadences as data: one row per step, exactly the columns of the tracker's Cadences tab, so an LO
 * edits a cadence in the sheet, not in code.
 */

/** What a cadence step is measured from. */
export const CADENCE_ANCHORS = ['enrolment', 'birthday', 'milestone'] as const;
/**
 * - `enrolment` (default): when the lead joined the cadence (`enrolledAt`, else `receivedAt`).
 * - `birthday`: local midnight of the lead's birthday (past clients); needs `birthday`.
 * - `milestone`: the date the lead said they plan to move or buy (`targetDate`, else derived from
 *   the timeline bucket); offsets are usually negative ("-P21D": three weeks ahead of it).
 */
export type CadenceAnchor = (typeof CADENCE_ANCHORS)[number];

/** Who a step reaches: the lead, or the referral partner who sent the lead (status update). */
export const CADENCE_AUDIENCES = ['lead', 'partner'] as const;
export type CadenceAudience = (typeof CADENCE_AUDIENCES)[number];

/** A cadence step's purpose: a cadence never plans opt-out confirmations. */
export type CadencePurpose = Extract<TouchPurpose, 'marketing' | 'transactional'>;

export interface CadenceStep {
	cadenceId: string;
	/** 1..99, unique within the cadence. A repeat k of step s is logged as step s + 100·k. */
	step: number;
	/** ISO-8601 duration from the anchor: PT0M, PT45M, P1D, P1M, P1Y; "-P21D" = before the anchor. */
	offset: string;
	/** `call` is a call task for the loan officer; `sms` and `email` are sent by the workflow. */
	channel: Channel;
	/** Message text (or call notes for a call task) with merge fields: {{firstName}}, {{loName}}... */
	template: string;
	purpose: CadencePurpose;
	/** Repeat the step this often after its first occurrence, forever (e.g. P1M, P1Y). */
	repeatEvery?: string | null;
	anchor?: CadenceAnchor | null;
	audience?: CadenceAudience | null;
	/** A short label for people reading the sheet ("Day 1 intro text"). */
	label?: string | null;
}

/**
 * Where a lead is in the pipeline (the Leads tab's `stage` column). The stage decides which
 * cadence runs: see STAGE_RULES in docs/cadences.md.
 */
export const LEAD_STAGES = [
	'new',
	'contacted',
	// An appointment is set (a call task's "Appointment set" link): the cadence runs as for contacted.
	'appointment',
	'nurture',
	'application',
	'closed',
	'lost',
	'do-not-contact',
] as const;
export type LeadStage = (typeof LEAD_STAGES)[number];

/** Opt-outs per channel, as recorded from replies (STOP) and requests. */
export type ChannelOptOut = Partial<Record<Channel, boolean>>;

/**
 * One row of the tracker's Leads tab as `dueTouches` reads it: the normalized Lead (any of its
 * fields) plus the tracker's state. Field names are the Leads tab's column headers. Only `leadId`
 * and `receivedAt` are required; every other field may be missing or null.
 */
export interface TrackedLead {
	leadId: string;
	/** ISO-8601 instant the lead reached us; the enrolment time when `enrolledAt` is empty. */
	receivedAt: string;

	// From the normalized Lead (see nodes/core/lead.ts).
	source?: LeadSource | null;
	sourceDetail?: string | null;
	partnerId?: string | null;
	firstName?: string | null;
	lastName?: string | null;
	phone?: string | null;
	email?: string | null;
	state?: string | null;
	zip?: string | null;
	/** IANA zone; steps are computed on the lead's own calendar (a day later = same local time). */
	timeZone?: string | null;
	loanPurpose?: LoanPurpose | null;
	timeline?: Timeline | null;
	consent?: Partial<Consent> | null;

	// Tracker state.
	/** Missing or empty = `new`. */
	stage?: LeadStage | null;
	/** The cadence the lead is enrolled in (set by the Lead Scorer); empty = chosen from the lead. */
	cadenceId?: string | null;
	/** ISO-8601 instant the lead joined `cadenceId`; empty = `receivedAt`. */
	enrolledAt?: string | null;
	/** ISO-8601 instant the stage last changed: the enrolment time of a cadence a stage switches to. */
	stageChangedAt?: string | null;
	/** ISO-8601 instant of the lead's last real reply (any channel). Opt-outs are not replies. */
	lastReplyAt?: string | null;
	/** ISO-8601 instant until which marketing steps wait (set by the LO, or by reply handling). */
	pausedUntil?: string | null;
	optOut?: ChannelOptOut | null;
	/** The date the lead said they plan to buy or move ("moving in June" -> 2027-06-01), YYYY-MM-DD. */
	targetDate?: string | null;
	/** MM-DD or YYYY-MM-DD, for the past-client birthday step. */
	birthday?: string | null;

	// Written back by the tracker from the last run; `dueTouches` does not rely on them.
	segment?: unknown;
	score?: number | null;
	cadenceStep?: number | null;
	nextTouchAt?: string | null;
	lastTouchAt?: string | null;
	touchCount?: number | null;
}

/** A touch the cadence engine says is due now: a Touch with verdict `planned`, plus what to send. */
export interface DueTouch {
	/** touchIdFor(leadId, cadenceId, step): the idempotency key. */
	touchId: string;
	leadId: string;
	cadenceId: string;
	step: number;
	/** ISO-8601 instant the step fell due (the send time is decided by the compliance gate). */
	at: string;
	channel: Channel;
	direction: 'outbound';
	purpose: CadencePurpose;
	verdict: 'planned';
	audience: CadenceAudience;
	/** The step's template, not yet rendered (the SMS node renders it with the Settings). */
	template: string;
	label: string | null;
	/** Why it is due: `cadence-step`, `reply-handoff` (call the lead back), `timeline-check-in`. */
	reason: DueReason;
}

export const DUE_REASONS = ['cadence-step', 'reply-handoff', 'timeline-check-in'] as const;
export type DueReason = (typeof DUE_REASONS)[number];

/**
 * Why a lead has no touch coming: the documented terminal (or waiting) states.
 * - `in-application`: stage `application`; the LO works the loan, no drip.
 * - `do-not-contact`: stage `do-not-contact`.
 * - `opted-out`: opted out of every channel.
 * - `cadence-finished`: the cadence (and long-term nurture after it) has no further step.
 * - `unknown-cadence`: `cadenceId` is not in the cadence table (fix the Cadences tab).
 * - `no-usable-channel`: every remaining step is on a channel the lead opted out of.
 */
export const STOP_REASONS = [
	'in-application',
	'do-not-contact',
	'opted-out',
	'cadence-finished',
	'unknown-cadence',
	'no-usable-channel',
] as const;
export type StopReason = (typeof STOP_REASONS)[number];

/** Where each lead stands after a `dueTouches` pass: what the tracker writes back to the Leads tab. */
export interface LeadCadenceStatus {
	leadId: string;
	/**
	 * `active`: has a next touch; `paused`: waiting for a reply pause to end (still has a next
	 * touch); `stopped`: a terminal state, see `reason`; `invalid`: the row could not be read, see
	 * `problems`.
	 */
	state: 'active' | 'paused' | 'stopped' | 'invalid';
	reason: StopReason | 'reply-pause' | null;
	/** The cadence in effect (after a stage switch or the roll into long-term nurture). */
	cadenceId: string | null;
	/** ISO-8601 enrolment instant of that cadence. */
	enrolledAt: string | null;
	/** The latest step of that cadence that has fallen due, or null before the first. */
	cadenceStep: number | null;
	/** When the next touch falls due (ISO-8601), null only for `stopped` and `invalid`. */
	nextTouchAt: string | null;
	/** Unusable fields in the row, each naming the field. */
	problems: FieldError[];
}

/** A step that fell due but will not be sent, reported rather than silently dropped. */
export interface SkippedTouch {
	touchId: string;
	leadId: string;
	cadenceId: string;
	step: number;
	at: string;
	channel: Channel;
	/** `superseded`: a later step of the same cadence is due too (no bursts after an outage); `opted-out:<channel>`. */
	reason: string;
}

export interface DueTouchesInput {
	leads: readonly TrackedLead[];
	/** The cadence table (the Cadences tab, or DEFAULT_CADENCES). */
	cadences: readonly CadenceStep[];
	/** The Touches tab: every touch logged so far, any order. */
	touches: readonly Touch[];
	/** ISO-8601 instant of this run. */
	now: string;
	options?: DueTouchesOptions;
}

export interface DueTouchesOptions {
	/** How long a reply pauses marketing steps (ISO-8601 duration, default P3D). */
	replyPause?: string;
	/** Zone for leads without a time zone (Settings tab; default America/New_York). */
	defaultTimeZone?: string;
	/** The cadence finished cadences roll into (default `long-term-nurture`). */
	nurtureCadenceId?: string;
	/** The cadence a stated timeline schedules (default `timeline-check-in`). */
	checkInCadenceId?: string;
}

export interface DueTouchesResult {
	/** Touches due now, in lead order. */
	due: DueTouch[];
	/** One status per input lead, in input order: count in = count out. */
	leads: LeadCadenceStatus[];
	/** Steps that fell due but are not sent, with the reason. */
	skipped: SkippedTouch[];
	/** Problems in the cadence table itself (each names the row and field); bad rows are ignored. */
	cadenceProblems: FieldError[];
}
