import type { FieldError } from '../lead';
import { zonesForState } from '../geo';
import { cadenceForSegment, classifySource } from '../scoring/scoreLead';
import { touchIdFor, type Channel, type Touch } from '../touch';
import {
	addDuration,
	calendarZone,
	isValidTimeZone,
	isoInstant,
	localDate,
	localMidnight,
	parseDuration,
	sumDurations,
	timesDuration,
	type CalendarDuration,
	type CalendarZone,
} from './calendar';
import { REPEAT_STRIDE, compileCadences, type CompiledCadence, type CompiledStep, type CompiledTable } from './compile';
import {
	LEAD_STAGES,
	type DueReason,
	type DueTouch,
	type DueTouchesInput,
	type DueTouchesOptions,
	type DueTouchesResult,
	type LeadCadenceStatus,
	type LeadStage,
	type SkippedTouch,
	type StopReason,
	type TrackedLead,
} from './types';

/** Defaults for DueTouchesOptions. */
export const CADENCE_DEFAULTS = Object.freeze({
	replyPause: 'P3D',
	defaultTimeZone: 'America/New_York',
	nurtureCadenceId: 'long-term-nurture',
	checkInCadenceId: 'timeline-check-in',
	pastClientCadenceId: 'past-client',
});

/** The cadenceId of the call task a reply creates; its step is the reply's UTC minute (yyyymmddhhmm). */
export const REPLY_HANDOFF_CADENCE = 'reply-handoff';

/** Verdicts that settle a touch: it is never offered again. `deferred` and `planned` do not. */
const SETTLED = new Set(['sent', 'blocked', 'failed', 'task']);
/** Inbound touches whose reason marks them as no real reply (reply classification kinds). */
const NOT_A_REPLY = new Set(['opt-out', 'opt-in', 'help', 'status']);
const STAGES = new Set<string>(LEAD_STAGES);
/** How far ahead a stated timeline bucket puts the milestone, when no target date is given. */
/** More than the gap between a rough offset (a month = 30.44 days) and the exact one, DST included. */
const MARGIN_MS = 4 * 86_400_000;
const TIMELINE_MILESTONE: Readonly<Record<string, string>> = { '3-6m': 'P3M', '6m+': 'P6M' };

/**
 * The cadence engine. For each lead: the steps due at `now` that have not been sent, each with a
 * deterministic touchId, plus where the lead stands (next touch or a documented terminal state).
 * Pure and clock-free: the same input always gives the same output.
 *
 * Rules (docs/cadences.md): steps already in `touches` (sent, blocked, failed, task) are never
 * offered again; a deferred touch comes back once its `sendAfter` has passed; when several steps
 * fell due since the last run only the latest is sent (the older ones are reported as
 * `superseded`, no burst after an outage); a reply pauses marketing steps and creates one call
 * task; stage `application` stops the drip, `closed` switches to the past-client cadence, `lost`
 * to long-term nurture; a finished cadence rolls into long-term nurture; a stated timeline adds a
 * check-in call ahead of it.
 */
export function dueTouches(input: DueTouchesInput): DueTouchesResult {
	const now = Date.parse(input.now);
	if (Number.isNaN(now)) throw new Error(`now must be an ISO-8601 instant, got "${input.now}"`);
	const engine = createEngine(input.cadences, input.options);
	const { leads: rows, touches } = input;
	// Each lead's touches as a linked list over the touch array: one lookup per touch, no per-lead arrays.
	const leadIndex = new Map<string, number>();
	for (let i = 0; i < rows.length; i++) {
		const id = rows[i]?.leadId;
		if (typeof id === 'string' && !leadIndex.has(id)) leadIndex.set(id, i);
	}
	const head = new Int32Array(rows.length).fill(-1);
	const next = new Int32Array(touches.length);
	for (let t = touches.length - 1; t >= 0; t--) {
		const index = touches[t] ? leadIndex.get(touches[t].leadId) : undefined;
		if (index === undefined) continue;
		next[t] = head[index];
		head[index] = t;
	}
	const due: DueTouch[] = [];
	const skipped: SkippedTouch[] = [];
	const leads: LeadCadenceStatus[] = new Array(rows.length);
	const own: Touch[] = [];
	for (let i = 0; i < rows.length; i++) {
		const lead = rows[i];
		// Duplicate leadIds share the first row's touches.
		const first = typeof lead?.leadId === 'string' ? (leadIndex.get(lead.leadId) ?? i) : i;
		own.length = 0;
		for (let t = head[first]; t !== -1; t = next[t]) own.push(touches[t]);
		leads[i] = engine.evaluate(lead, own, now, due, skipped);
	}
	return { due, leads, skipped, cadenceProblems: engine.table.problems };
}

export interface CadenceEngine {
	table: CompiledTable;
	/** Evaluates one lead at `now`: pushes its due and skipped touches, returns its status. */
	evaluate(
		lead: TrackedLead,
		touches: readonly Touch[] | undefined,
		now: number,
		due: DueTouch[],
		skipped: SkippedTouch[],
	): LeadCadenceStatus;
}

/** What the log says about one lead: settled touchIds, pending deferrals, the last real reply. */
interface LeadLog {
	settled: string[];
	deferred: Map<string, number> | null;
	lastReplyAt: number | null;
}

/** One step's occurrence on a lead's calendar. */
interface Occurrence {
	step: CompiledStep;
	stepNumber: number;
	due: number;
	repeat: boolean;
}

/** A run of cadences for one lead: the main cadence (and nurture after it), or the check-in. */
interface Segment {
	cadence: CompiledCadence;
	anchor: number;
}

interface Calendar {
	zone: CalendarZone;
	birthday: { month: number; day: number } | null;
	milestone: number | null;
	now: number;
}

function readLog(touches: readonly Touch[] | undefined, now: number): LeadLog {
	const log: LeadLog = { settled: [], deferred: null, lastReplyAt: null };
	if (!touches) return log;
	for (let i = 0; i < touches.length; i++) {
		const touch = touches[i];
		if (touch.direction === 'inbound') {
			if (touch.reason && NOT_A_REPLY.has(touch.reason)) continue;
			const at = Date.parse(touch.at);
			if (at <= now && (log.lastReplyAt === null || at > log.lastReplyAt)) log.lastReplyAt = at;
		} else if (touch.verdict === 'deferred') {
			const after = touch.sendAfter ? Date.parse(touch.sendAfter) : NaN;
			log.deferred ??= new Map();
			const known = log.deferred.get(touch.touchId);
			// No usable sendAfter: offer it again at once (the gate works out the time).
			const until = Number.isNaN(after) ? -Infinity : after;
			if (known === undefined || until > known) log.deferred.set(touch.touchId, until);
		} else if (touch.verdict === undefined || SETTLED.has(touch.verdict)) {
			log.settled.push(touch.touchId);
		}
	}
	return log;
}

export function createEngine(cadences: DueTouchesInput['cadences'], options: DueTouchesOptions = {}): CadenceEngine {
	const table = compileCadences(cadences);
	const replyPause = parseDuration(options.replyPause ?? CADENCE_DEFAULTS.replyPause);
	if (!replyPause) throw new Error(`replyPause must be an ISO-8601 duration such as P3D, got "${options.replyPause}"`);
	const defaultZone = options.defaultTimeZone ?? CADENCE_DEFAULTS.defaultTimeZone;
	if (!isValidTimeZone(defaultZone)) throw new Error(`defaultTimeZone "${defaultZone}" is not an IANA time zone`);
	const nurtureId = options.nurtureCadenceId ?? CADENCE_DEFAULTS.nurtureCadenceId;
	const checkInId = options.checkInCadenceId ?? CADENCE_DEFAULTS.checkInCadenceId;
	const nurture = table.cadences.get(nurtureId) ?? null;
	const checkIn = table.cadences.get(checkInId) ?? null;

	function evaluate(
		lead: TrackedLead,
		touches: readonly Touch[] | undefined,
		now: number,
		due: DueTouch[],
		skipped: SkippedTouch[],
	): LeadCadenceStatus {
		const problems: FieldError[] = [];
		const leadId = lead && typeof lead.leadId === 'string' ? lead.leadId.trim() : '';
		const status: LeadCadenceStatus = {
			leadId,
			state: 'invalid',
			reason: null,
			cadenceId: null,
			enrolledAt: null,
			cadenceStep: null,
			nextTouchAt: null,
			problems,
		};
		if (leadId === '') {
			problems.push({ field: 'leadId', message: 'is empty' });
			return status;
		}
		const receivedAt = instant(lead.receivedAt, 'receivedAt', problems);
		let enrolledAt = instant(lead.enrolledAt, 'enrolledAt', problems);
		if (enrolledAt === null && receivedAt === null) {
			problems.push({ field: 'receivedAt', message: 'is needed to place the lead on its cadence' });
			return status;
		}
		enrolledAt ??= receivedAt as number;
		const stageChangedAt = instant(lead.stageChangedAt, 'stageChangedAt', problems);
		const pausedUntil = instant(lead.pausedUntil, 'pausedUntil', problems);
		let stage: LeadStage = 'new';
		if (lead.stage !== undefined && lead.stage !== null && String(lead.stage).trim() !== '') {
			const given = String(lead.stage).trim().toLowerCase();
			if (STAGES.has(given)) stage = given as LeadStage;
			else problems.push({ field: 'stage', message: `"${lead.stage}" is not a stage (${LEAD_STAGES.join(', ')}); read as new` });
		}
		const zone = calendarZone(zoneOf(lead, defaultZone, problems));
		const calendar: Calendar = {
			zone,
			birthday: birthdayOf(lead.birthday, problems),
			milestone: stage === 'closed' || stage === 'lost' ? null : milestoneOf(lead, receivedAt ?? enrolledAt, zone, problems),
			now,
		};

		const log = readLog(touches, now);
		let lastReply = instant(lead.lastReplyAt, 'lastReplyAt', problems);
		if (lastReply !== null && lastReply > now) lastReply = null;
		if (log.lastReplyAt !== null && (lastReply === null || log.lastReplyAt > lastReply)) lastReply = log.lastReplyAt;
		const replyPauseEnd = lastReply === null ? -Infinity : addDuration(lastReply, zone, replyPause as CalendarDuration);
		const pauseEnd = Math.max(pausedUntil ?? -Infinity, replyPauseEnd);
		const paused = now < pauseEnd;
		const optOut = lead.optOut ?? {};
		const optedOut = (channel: Channel) => optOut[channel] === true;

		status.state = 'active';
		const stop = (reason: StopReason): LeadCadenceStatus => {
			status.state = 'stopped';
			status.reason = reason;
			status.nextTouchAt = null;
			return status;
		};
		const wasSettled = (touchId: string) => log.settled.includes(touchId);

		// A real reply: one call task for the LO, whatever the cadence, while its pause runs.
		if (lastReply !== null && now < replyPauseEnd && stage !== 'do-not-contact' && !optedOut('call')) {
			const touchId = touchIdFor(leadId, REPLY_HANDOFF_CADENCE, replyStamp(lastReply));
			const deferredUntil = log.deferred?.get(touchId);
			if (!wasSettled(touchId) && (deferredUntil === undefined || deferredUntil <= now)) {
				due.push({
					touchId,
					leadId,
					cadenceId: REPLY_HANDOFF_CADENCE,
					step: replyStamp(lastReply),
					at: isoInstant(lastReply),
					channel: 'call',
					direction: 'outbound',
					purpose: 'marketing',
					verdict: 'planned',
					audience: 'lead',
					template: '{{firstName|The lead}} replied: call them back now.',
					label: 'Reply: call back',
					reason: 'reply-handoff',
				});
			}
		}

		if (stage === 'do-not-contact') return stop('do-not-contact');
		if (optedOut('sms') && optedOut('call') && optedOut('email')) return stop('opted-out');
		if (stage === 'application') return stop('in-application');

		// Which cadence runs, from when.
		let cadenceId: string;
		let anchor: number;
		if (stage === 'closed') {
			cadenceId = CADENCE_DEFAULTS.pastClientCadenceId;
			anchor = stageChangedAt ?? enrolledAt;
		} else if (stage === 'lost') {
			cadenceId = nurtureId;
			anchor = stageChangedAt ?? enrolledAt;
		} else {
			const given = typeof lead.cadenceId === 'string' ? lead.cadenceId.trim() : '';
			cadenceId = given !== '' ? given : stage === 'nurture' ? nurtureId : defaultCadenceFor(lead);
			anchor = enrolledAt;
		}
		const cadence = table.cadences.get(cadenceId);
		if (!cadence) {
			problems.push({ field: 'cadenceId', message: `"${cadenceId}" is not in the cadence table` });
			status.cadenceId = cadenceId;
			return stop('unknown-cadence');
		}

		const segments: Segment[] = [{ cadence, anchor }];
		let rollAt: number | null = null;
		if (!cadence.repeats && nurture && cadence !== nurture) {
			rollAt = lastFirstDue(cadence, anchor, calendar);
			segments.push({ cadence: nurture, anchor: rollAt });
		}
		const rolled = rollAt !== null && now >= rollAt;
		status.cadenceId = rolled ? nurtureId : cadenceId;
		status.enrolledAt = isoInstant(rolled ? (rollAt as number) : anchor);

		const context: TrackContext = { leadId, now, paused, pauseEnd, optedOut, log, due, skipped, reason: 'cadence-step' };
		const main = runTrack(segments, calendar, context);
		let next = main.next;
		let blockedByOptOut = main.blockedByOptOut;
		const inEffect = rolled ? nurtureId : cadenceId;
		for (const occurrence of main.latest) {
			if (occurrence.step.cadenceId === inEffect && occurrence.stepNumber > (status.cadenceStep ?? 0)) status.cadenceStep = occurrence.stepNumber;
		}

		// A stated timeline: the check-in call ahead of it, alongside the cadence.
		if (checkIn && checkIn !== cadence) {
			if (calendar.milestone !== null && calendar.milestone > enrolledAt) {
				const side = runTrack([{ cadence: checkIn, anchor: enrolledAt }], calendar, { ...context, reason: 'timeline-check-in' });
				if (side.next !== null && (next === null || side.next < next)) next = side.next;
				blockedByOptOut ||= side.blockedByOptOut;
			}
		}

		if (next === null) return stop(blockedByOptOut ? 'no-usable-channel' : 'cadence-finished');
		status.nextTouchAt = isoInstant(next);
		if (paused) {
			status.state = 'paused';
			status.reason = 'reply-pause';
		}
		return status;
	}

	return { table, evaluate };
}

interface TrackContext {
	leadId: string;
	now: number;
	paused: boolean;
	pauseEnd: number;
	optedOut: (channel: Channel) => boolean;
	log: LeadLog;
	due: DueTouch[];
	skipped: SkippedTouch[];
	reason: DueReason;
}

interface TrackResult {
	/** The occurrences that fell due last (same instant), latest first. */
	latest: Occurrence[];
	/** The earliest instant something of this track is next offered, or null. */
	next: number | null;
	/** True when some step would still come but its channel is opted out. */
	blockedByOptOut: boolean;
}

/**
 * One track of a lead: emits what is due now and finds when the next touch comes. Of the steps
 * that fell due, only those at the latest instant are offered; older unsent ones are superseded
 * (a deferred one stays owed: defer, never drop).
 */
function runTrack(segments: Segment[], calendar: Calendar, ctx: TrackContext): TrackResult {
	const { now, log } = ctx;
	const past: Occurrence[] = [];
	let next: number | null = null;
	let blockedByOptOut = false;
	let latestDue = -Infinity;
	for (const segment of segments) {
		for (const step of segment.cadence.steps) {
			// Sorted by rough offset: a one-off step days past the next touch found cannot come first.
			if (next !== null && !step.repeatEvery && step.anchor === 'enrolment' && segment.anchor + step.offset.approxMs > next + MARGIN_MS) {
				continue;
			}
			const around = placeStep(step, segment.anchor, calendar);
			if (around.latest) {
				past.push(around.latest);
				if (around.latest.due > latestDue) latestDue = around.latest.due;
			}
			if (!Number.isNaN(around.nextDue)) {
				if (step.audience === 'lead' && ctx.optedOut(step.channel)) {
					blockedByOptOut = true;
					continue;
				}
				const at = step.purpose === 'marketing' && ctx.paused ? Math.max(around.nextDue, ctx.pauseEnd) : around.nextDue;
				if (next === null || at < next) next = at;
			}
		}
	}
	const latest: Occurrence[] = [];
	// What the log already settled; a superseded step is reported until a later step is settled.
	let lastSettledDue = -Infinity;
	const settled: boolean[] = new Array(past.length);
	for (let i = 0; i < past.length; i++) {
		const occurrence = past[i];
		if (occurrence.due === latestDue) latest.push(occurrence);
		settled[i] = isSettled(log, ctx.leadId, occurrence);
		if (settled[i] && occurrence.due > lastSettledDue) lastSettledDue = occurrence.due;
	}
	for (let i = 0; i < past.length; i++) {
		if (settled[i]) continue;
		const occurrence = past[i];
		const { step } = occurrence;
		const touchId = touchIdFor(ctx.leadId, step.cadenceId, occurrence.stepNumber);
		const deferredUntil = log.deferred?.get(touchId);
		if (deferredUntil !== undefined && deferredUntil > now) {
			if (next === null || deferredUntil < next) next = deferredUntil;
			continue;
		}
		const superseded = deferredUntil === undefined && occurrence.due < latestDue;
		// Earlier repeats of a repeating step are simply history; a one-off step is reported once
		// (until a later step is logged).
		if (superseded && (occurrence.repeat || occurrence.due < lastSettledDue)) continue;
		const optedOut = step.audience === 'lead' && ctx.optedOut(step.channel);
		if (!superseded && !optedOut && step.purpose === 'marketing' && ctx.paused) {
			if (next === null || ctx.pauseEnd < next) next = ctx.pauseEnd;
			continue;
		}
		const at = isoInstant(occurrence.due);
		if (superseded || optedOut) {
			ctx.skipped.push({
				touchId,
				leadId: ctx.leadId,
				cadenceId: step.cadenceId,
				step: occurrence.stepNumber,
				at,
				channel: step.channel,
				reason: superseded ? 'superseded' : `opted-out:${step.channel}`,
			});
			continue;
		}
		ctx.due.push({
			touchId,
			leadId: ctx.leadId,
			cadenceId: step.cadenceId,
			step: occurrence.stepNumber,
			at,
			channel: step.channel,
			direction: 'outbound',
			purpose: step.purpose,
			verdict: 'planned',
			audience: step.audience,
			template: step.template,
			label: step.label,
			reason: ctx.reason,
		});
	}
	return { latest, next, blockedByOptOut };
}

/**
 * Whether the log settled this occurrence: its touchId (leadId:cadenceId:step) compared piece by
 * piece, so no id string is built for the many steps a run only checks.
 */
function isSettled(log: LeadLog, leadId: string, occurrence: Occurrence): boolean {
	const ids = log.settled;
	if (ids.length === 0) return false;
	const suffix = occurrence.repeat ? `:${occurrence.step.cadenceId}:${occurrence.stepNumber}` : occurrence.step.idSuffix;
	const length = leadId.length + suffix.length;
	for (let i = 0; i < ids.length; i++) {
		const id = ids[i];
		if (id.length === length && id.endsWith(suffix) && id.startsWith(leadId)) return true;
	}
	return false;
}

/** Where a step stands at `now`, written by `placeStep` (one reused object: no garbage per step). */
interface Placement {
	/** The last occurrence at or before now, or null. */
	latest: Occurrence | null;
	/** The due time of the first occurrence after now, or NaN. */
	nextDue: number;
}
const placement: Placement = { latest: null, nextDue: NaN };

/** The last occurrence of a step at or before `now`, and when the first after it falls due. */
function placeStep(step: CompiledStep, segmentAnchor: number, calendar: Calendar): Placement {
	const { now, zone } = calendar;
	placement.latest = null;
	placement.nextDue = NaN;
	if (step.anchor === 'birthday') {
		const around = birthdayOccurrences(step, segmentAnchor, calendar);
		placement.latest = around.latest;
		placement.nextDue = around.next ? around.next.due : NaN;
		return placement;
	}
	let first: number;
	if (step.anchor === 'milestone') {
		if (calendar.milestone === null) return placement;
		first = addDuration(calendar.milestone, zone, step.offset);
	} else {
		first = addDuration(segmentAnchor, zone, step.offset);
	}
	const repeatEvery = step.anchor === 'milestone' ? null : step.repeatEvery;
	if (first > now) {
		placement.nextDue = first;
		return placement;
	}
	if (!repeatEvery) {
		placement.latest = { step, stepNumber: step.step, due: first, repeat: false };
		return placement;
	}
	// Repeat k is anchor + (offset + k × interval) in one step, so month ends neither drift nor
	// stick: monthly from Jan 31 gives Feb 28, Mar 31, Apr 30.
	const base = step.anchor === 'milestone' ? (calendar.milestone as number) : segmentAnchor;
	let k = Math.max(0, Math.floor((now - first) / repeatEvery.approxMs));
	const at = (n: number) => (n === 0 ? first : addDuration(base, zone, sumDurations(step.offset, timesDuration(repeatEvery, n))));
	let due = at(k);
	while (k > 0 && due > now) due = at(--k);
	let following = at(k + 1);
	while (following <= now) {
		k++;
		due = following;
		following = at(k + 1);
	}
	placement.latest = { step, stepNumber: step.step + REPEAT_STRIDE * k, due, repeat: true };
	placement.nextDue = following;
	return placement;
}

/** Birthday steps come every year from the first birthday on or after the anchor. */
function birthdayOccurrences(step: CompiledStep, anchor: number, calendar: Calendar) {
	const { birthday, zone, now } = calendar;
	if (birthday === null) return { latest: null, next: null };
	const at = (year: number) => {
		// Feb 29 birthdays are marked on Feb 28 in other years.
		const day = Math.min(birthday.day, new Date(Date.UTC(year, birthday.month + 1, 0)).getUTCDate());
		return addDuration(localMidnight(zone, year, birthday.month, day), zone, step.offset);
	};
	let firstYear = localDate(zone, anchor).year;
	if (at(firstYear) < anchor) firstYear++;
	let year = Math.max(firstYear, localDate(zone, now).year);
	if (at(year) > now) year--;
	const occurrence = (y: number): Occurrence => ({ step, stepNumber: step.step + REPEAT_STRIDE * (y - firstYear), due: at(y), repeat: true });
	return {
		latest: year >= firstYear ? occurrence(year) : null,
		next: occurrence(Math.max(year + 1, firstYear)),
	};
}

/** When a finite cadence's last step falls due for this lead: long-term nurture starts there. */
function lastFirstDue(cadence: CompiledCadence, anchor: number, calendar: Calendar): number {
	// Steps are sorted by rough length: only those near the longest can be the last one exactly.
	let longest = -Infinity;
	for (const step of cadence.steps) if (step.anchor === 'enrolment' && step.offset.approxMs > longest) longest = step.offset.approxMs;
	let last = anchor;
	for (const step of cadence.steps) {
		if (step.anchor !== 'enrolment' || step.offset.approxMs < longest - 3 * 86_400_000) continue;
		const due = addDuration(anchor, calendar.zone, step.offset);
		if (due > last) last = due;
	}
	return last;
}

function defaultCadenceFor(lead: TrackedLead): string {
	return cadenceForSegment({
		timeline: lead.timeline ?? 'unknown',
		loanPurpose: lead.loanPurpose ?? 'unknown',
		source: classifySource({ source: lead.source ?? undefined, sourceDetail: lead.sourceDetail ?? null, partnerId: lead.partnerId ?? null }),
		engagement: 'warm',
	});
}

function zoneOf(lead: TrackedLead, fallback: string, problems: FieldError[]): string {
	if (lead.timeZone) {
		if (isValidTimeZone(lead.timeZone)) return lead.timeZone;
		problems.push({ field: 'timeZone', message: `"${lead.timeZone}" is not an IANA time zone; used ${fallback}` });
	}
	if (lead.state) {
		const zones = zonesForState(String(lead.state).toUpperCase());
		if (zones.length > 0) return zones[0];
	}
	return fallback;
}

/** Parses an optional ISO instant; a present but unusable value is reported. */
function instant(value: unknown, field: string, problems: FieldError[]): number | null {
	if (value === undefined || value === null || value === '') return null;
	const ms = typeof value === 'string' ? Date.parse(value) : NaN;
	if (Number.isNaN(ms)) {
		problems.push({ field, message: `${JSON.stringify(value)} is not an ISO-8601 date-time` });
		return null;
	}
	return ms;
}

function birthdayOf(value: unknown, problems: FieldError[]): { month: number; day: number } | null {
	if (value === undefined || value === null || value === '') return null;
	const match = typeof value === 'string' ? /^(?:\d{4}-|--)?(\d{2})-(\d{2})$/.exec(value.trim()) : null;
	const month = match ? Number(match[1]) : 0;
	const day = match ? Number(match[2]) : 0;
	if (!match || month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(2024, month, 0)).getUTCDate()) {
		problems.push({ field: 'birthday', message: `${JSON.stringify(value)} is not a date like 07-14 or 1985-07-14` });
		return null;
	}
	return { month: month - 1, day };
}

/** The stated target date (local midnight), else the start of the timeline bucket. */
function milestoneOf(lead: TrackedLead, receivedAt: number, zone: CalendarZone, problems: FieldError[]): number | null {
	const target = lead.targetDate;
	if (target !== undefined && target !== null && target !== '') {
		const date = typeof target === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(target.trim()) : null;
		if (date) return localMidnight(zone, Number(date[1]), Number(date[2]) - 1, Number(date[3]));
		const ms = typeof target === 'string' ? Date.parse(target) : NaN;
		if (!Number.isNaN(ms)) return ms;
		problems.push({ field: 'targetDate', message: `${JSON.stringify(target)} is not a date like 2027-06-01` });
		return null;
	}
	const ahead = lead.timeline ? TIMELINE_MILESTONE[lead.timeline] : undefined;
	return ahead ? addDuration(receivedAt, zone, parseDuration(ahead) as CalendarDuration) : null;
}

/** A reply's UTC minute as a number (202611201403): the step of its call task, stable across runs. */
function replyStamp(ms: number): number {
	const d = new Date(ms);
	return (
		d.getUTCFullYear() * 1e8 +
		(d.getUTCMonth() + 1) * 1e6 +
		d.getUTCDate() * 1e4 +
		d.getUTCHours() * 100 +
		d.getUTCMinutes()
	);
}
