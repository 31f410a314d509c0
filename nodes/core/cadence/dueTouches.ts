import type { FieldError } from '../lead';
import { zonesForState } from '../geo';
import { optedOut as isOptedOut, type Flag } from '../compliance/checkTouch';
import { cadenceForSegment, classifySource } from '../scoring/scoreLead';
import { touchIdFor, type Channel } from '../touch';
import {
	addDuration,
	addRepeat,
	calendarZone,
	flattened,
	isValidTimeZone,
	isoInstant,
	localDate,
	localMidnight,
	parseDuration,
	parseInstant,
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
import { LeadLog, TouchIndex, numberCadences, type CadenceNumbers } from './touchLog';

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

const STAGES = new Set<string>(LEAD_STAGES);
/** More than the gap between a rough offset (a month = 30.44 days) and the exact one, DST included. */
const MARGIN_MS = 4 * 86_400_000;
/** How far ahead a stated timeline bucket puts the milestone, when no target date is given. */
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
	const index = new TouchIndex(rows, touches, now, engine.cadenceNumbers);
	const due: DueTouch[] = [];
	const skipped: SkippedTouch[] = [];
	const leads: LeadCadenceStatus[] = new Array(rows.length);
	const log = new LeadLog();
	for (let i = 0; i < rows.length; i++) {
		index.readInto(log, i);
		leads[i] = engine.evaluate(rows[i], log, now, due, skipped);
	}
	return { due, leads, skipped, cadenceProblems: engine.table.problems };
}

export interface CadenceEngine {
	table: CompiledTable;
	/** The cadences a logged touchId can name: the table's and the reply handoff (see TouchIndex). */
	cadenceNumbers: CadenceNumbers;
	/**
	 * Evaluates one lead at `now`, given what its log says (see LeadLog): pushes its due and
	 * skipped touches, returns its status. Not reentrant: an engine reuses its working objects.
	 */
	evaluate(lead: TrackedLead, log: LeadLog, now: number, due: DueTouch[], skipped: SkippedTouch[]): LeadCadenceStatus;
}

/** One step's occurrence on a lead's calendar. Reused from run to run (see TrackState). */
interface Occurrence {
	step: CompiledStep;
	stepNumber: number;
	due: number;
	repeat: boolean;
	settled: boolean;
}

/** A run of cadences for one lead: the main cadence (and nurture after it), or the check-in. */
interface Segment {
	cadence: CompiledCadence | null;
	anchor: number;
}

/** The lead's calendar for one evaluation (one object per engine, refilled per lead). */
interface Calendar {
	zone: CalendarZone;
	/** Birthday month (0-11), or -1 without a usable birthday. */
	birthdayMonth: number;
	birthdayDay: number;
	milestone: number | null;
	now: number;
}

/** What a track needs to know about the lead, refilled per lead (one object per engine). */
interface TrackContext {
	leadId: string;
	now: number;
	paused: boolean;
	pauseEnd: number;
	optOut: unknown;
	log: LeadLog;
	due: DueTouch[];
	skipped: SkippedTouch[];
	reason: DueReason;
	/** The cadence whose latest due step becomes the lead's `cadenceStep`. */
	inEffect: string;
}

/** What `runTrack` found (one object per engine, read before the next run). */
interface TrackResult {
	/** The latest step number of `inEffect` among the occurrences that fell due last, or null. */
	cadenceStep: number | null;
	/** The earliest instant something of this track is next offered, or null. */
	next: number | null;
	/** True when some step would still come but its channel is opted out. */
	blockedByOptOut: boolean;
}

/**
 * The engine's working objects. A pass evaluates 100,000 leads: objects made per lead and thrown
 * away are what fills the young generation and makes the collector copy the pass's output around,
 * so everything that does not end up in the result is allocated once per engine and refilled.
 */
interface TrackState {
	calendar: Calendar;
	context: TrackContext;
	result: TrackResult;
	segments: [Segment, Segment];
	/** Occurrences at or before now of the track being run: the first `pastCount` are in use. */
	past: Occurrence[];
	pastCount: number;
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
	const cadenceNumbers = cadenceNumbersOf(table);
	const state: TrackState = {
		calendar: { zone: calendarZone(defaultZone), birthdayMonth: -1, birthdayDay: 0, milestone: null, now: 0 },
		context: {
			leadId: '',
			now: 0,
			paused: false,
			pauseEnd: -Infinity,
			optOut: null,
			log: new LeadLog(),
			due: [],
			skipped: [],
			reason: 'cadence-step',
			inEffect: '',
		},
		result: { cadenceStep: null, next: null, blockedByOptOut: false },
		segments: [
			{ cadence: null, anchor: 0 },
			{ cadence: null, anchor: 0 },
		],
		past: [],
		pastCount: 0,
	};

	function evaluate(lead: TrackedLead, log: LeadLog, now: number, due: DueTouch[], skipped: SkippedTouch[]): LeadCadenceStatus {
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
		const calendar = state.calendar;
		calendar.zone = zone;
		readBirthday(lead.birthday, calendar, problems);
		calendar.milestone = stage === 'closed' || stage === 'lost' ? null : milestoneOf(lead, receivedAt ?? enrolledAt, zone, problems);
		calendar.now = now;

		let lastReply = instant(lead.lastReplyAt, 'lastReplyAt', problems);
		if (lastReply !== null && lastReply > now) lastReply = null;
		if (log.lastReplyAt !== null && (lastReply === null || log.lastReplyAt > lastReply)) lastReply = log.lastReplyAt;
		const replyPauseEnd = lastReply === null ? -Infinity : addDuration(lastReply, zone, replyPause as CalendarDuration);
		const pauseEnd = Math.max(pausedUntil ?? -Infinity, replyPauseEnd);
		const paused = now < pauseEnd;
		const optOut = lead.optOut;

		status.state = 'active';

		// A real reply: one call task for the LO, whatever the cadence, while its pause runs.
		if (lastReply !== null && now < replyPauseEnd && stage !== 'do-not-contact' && !optedOut(optOut, 'call')) {
			const stamp = replyStamp(lastReply);
			const deferredUntil = log.deferredUntil(REPLY_HANDOFF_CADENCE, stamp);
			if (!log.settles(REPLY_HANDOFF_CADENCE, stamp) && (deferredUntil === undefined || deferredUntil <= now)) {
				due.push({
					touchId: flattened(touchIdFor(leadId, REPLY_HANDOFF_CADENCE, stamp)),
					leadId,
					cadenceId: REPLY_HANDOFF_CADENCE,
					step: stamp,
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

		if (stage === 'do-not-contact') return stopped(status, 'do-not-contact');
		if (optedOut(optOut, 'sms') && optedOut(optOut, 'call') && optedOut(optOut, 'email')) return stopped(status, 'opted-out');
		if (stage === 'application') return stopped(status, 'in-application');

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
			return stopped(status, 'unknown-cadence');
		}

		const [main, then] = state.segments;
		main.cadence = cadence;
		main.anchor = anchor;
		let segmentCount = 1;
		let rollAt: number | null = null;
		if (!cadence.repeats && nurture && cadence !== nurture) {
			rollAt = lastFirstDue(cadence, anchor, calendar);
			then.cadence = nurture;
			then.anchor = rollAt;
			segmentCount = 2;
		}
		const rolled = rollAt !== null && now >= rollAt;
		status.cadenceId = rolled ? nurtureId : cadenceId;
		status.enrolledAt = isoInstant(rolled ? (rollAt as number) : anchor);

		const context = state.context;
		context.leadId = leadId;
		context.now = now;
		context.paused = paused;
		context.pauseEnd = pauseEnd;
		context.optOut = optOut;
		context.log = log;
		context.due = due;
		context.skipped = skipped;
		context.reason = 'cadence-step';
		context.inEffect = rolled ? nurtureId : cadenceId;
		const track = runTrack(state, segmentCount);
		let next = track.next;
		let blockedByOptOut = track.blockedByOptOut;
		status.cadenceStep = track.cadenceStep;

		// A stated timeline: the check-in call ahead of it, alongside the cadence.
		if (checkIn && checkIn !== cadence) {
			if (calendar.milestone !== null && calendar.milestone > enrolledAt) {
				main.cadence = checkIn;
				main.anchor = enrolledAt;
				context.reason = 'timeline-check-in';
				const side = runTrack(state, 1);
				if (side.next !== null && (next === null || side.next < next)) next = side.next;
				blockedByOptOut ||= side.blockedByOptOut;
			}
		}

		if (next === null) return stopped(status, blockedByOptOut ? 'no-usable-channel' : 'cadence-finished');
		status.nextTouchAt = isoInstant(next);
		if (paused) {
			status.state = 'paused';
			status.reason = 'reply-pause';
		}
		return status;
	}

	return { table, cadenceNumbers, evaluate };
}

const numberedTables = new WeakMap<CompiledTable, CadenceNumbers>();

/** The cadences a logged touchId can name (the table's and the reply handoff), numbered once per table. */
function cadenceNumbersOf(table: CompiledTable): CadenceNumbers {
	let numbers = numberedTables.get(table);
	if (!numbers) {
		numbers = numberCadences([...table.cadences.keys(), REPLY_HANDOFF_CADENCE]);
		numberedTables.set(table, numbers);
	}
	return numbers;
}

function stopped(status: LeadCadenceStatus, reason: StopReason): LeadCadenceStatus {
	status.state = 'stopped';
	status.reason = reason;
	status.nextTouchAt = null;
	return status;
}

/**
 * The lead's `optOut` record says no to this channel: read with the compliance rule (opt-outs fail
 * safe: TRUE, a date, "STOP", "x" all count), not only `true`.
 */
function optedOut(optOut: unknown, channel: Channel): boolean {
	return optOut !== undefined && optOut !== null && typeof optOut === 'object' && isOptedOut((optOut as Record<string, Flag>)[channel]);
}

/**
 * One track of a lead (the first `segmentCount` of `state.segments`): emits what is due now and
 * finds when the next touch comes. Of the steps that fell due, only those at the latest instant
 * are offered; older unsent ones are superseded (a deferred one stays owed: defer, never drop).
 */
function runTrack(state: TrackState, segmentCount: number): TrackResult {
	const { calendar, context: ctx, result } = state;
	const { now, log, leadId } = ctx;
	state.pastCount = 0;
	let next: number | null = null;
	let blockedByOptOut = false;
	let latestDue = -Infinity;
	for (let s = 0; s < segmentCount; s++) {
		const segment = state.segments[s];
		const steps = (segment.cadence as CompiledCadence).steps;
		for (let i = 0; i < steps.length; i++) {
			const step = steps[i];
			// Sorted by rough offset: a one-off step days past the next touch found cannot come first.
			if (next !== null && !step.repeatEvery && step.anchor === 'enrolment' && segment.anchor + step.offset.approxMs > next + MARGIN_MS) {
				continue;
			}
			const around = placeStep(step, segment.anchor, calendar);
			if (around.hasLatest) {
				addPast(state, step, around.latestStepNumber, around.latestDue, around.latestRepeat);
				if (around.latestDue > latestDue) latestDue = around.latestDue;
			}
			if (!Number.isNaN(around.nextDue)) {
				if (step.audience === 'lead' && optedOut(ctx.optOut, step.channel)) {
					blockedByOptOut = true;
					continue;
				}
				const at = step.purpose === 'marketing' && ctx.paused ? Math.max(around.nextDue, ctx.pauseEnd) : around.nextDue;
				if (next === null || at < next) next = at;
			}
		}
	}
	const past = state.past;
	const pastCount = state.pastCount;
	// What the log already settled; a superseded step is reported until a later step is settled.
	let cadenceStep: number | null = null;
	let lastSettledDue = -Infinity;
	for (let i = 0; i < pastCount; i++) {
		const occurrence = past[i];
		if (occurrence.due === latestDue && occurrence.step.cadenceId === ctx.inEffect && occurrence.stepNumber > (cadenceStep ?? 0)) {
			cadenceStep = occurrence.stepNumber;
		}
		occurrence.settled = log.settles(occurrence.step.cadenceId, occurrence.stepNumber);
		if (occurrence.settled && occurrence.due > lastSettledDue) lastSettledDue = occurrence.due;
	}
	for (let i = 0; i < pastCount; i++) {
		const occurrence = past[i];
		if (occurrence.settled) continue;
		const { step } = occurrence;
		const deferredUntil = log.deferredUntil(step.cadenceId, occurrence.stepNumber);
		if (deferredUntil !== undefined && deferredUntil > now) {
			if (next === null || deferredUntil < next) next = deferredUntil;
			continue;
		}
		const superseded = deferredUntil === undefined && occurrence.due < latestDue;
		// Earlier repeats of a repeating step are simply history; a one-off step is reported once
		// (until a later step is logged).
		if (superseded && (occurrence.repeat || occurrence.due < lastSettledDue)) continue;
		const isOptedOut = step.audience === 'lead' && optedOut(ctx.optOut, step.channel);
		if (!superseded && !isOptedOut && step.purpose === 'marketing' && ctx.paused) {
			if (next === null || ctx.pauseEnd < next) next = ctx.pauseEnd;
			continue;
		}
		const touchId = flattened(touchIdFor(leadId, step.cadenceId, occurrence.stepNumber));
		const at = isoInstant(occurrence.due);
		if (superseded || isOptedOut) {
			ctx.skipped.push({
				touchId,
				leadId,
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
			leadId,
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
	result.cadenceStep = cadenceStep;
	result.next = next;
	result.blockedByOptOut = blockedByOptOut;
	return result;
}

/** Appends an occurrence to the track's list, reusing the objects of earlier runs. */
function addPast(state: TrackState, step: CompiledStep, stepNumber: number, due: number, repeat: boolean): void {
	let occurrence = state.past[state.pastCount];
	if (occurrence === undefined) {
		occurrence = { step, stepNumber, due, repeat, settled: false };
		state.past.push(occurrence);
	} else {
		occurrence.step = step;
		occurrence.stepNumber = stepNumber;
		occurrence.due = due;
		occurrence.repeat = repeat;
		occurrence.settled = false;
	}
	state.pastCount++;
}

/** Where a step stands at `now`, written by `placeStep` (one reused object: no garbage per step). */
interface Placement {
	/** Whether the step has an occurrence at or before now; then the last one is `latest…`. */
	hasLatest: boolean;
	latestStepNumber: number;
	latestDue: number;
	latestRepeat: boolean;
	/** The due time of the first occurrence after now, or NaN. */
	nextDue: number;
}
const placement: Placement = { hasLatest: false, latestStepNumber: 0, latestDue: 0, latestRepeat: false, nextDue: NaN };

function setLatest(stepNumber: number, due: number, repeat: boolean): void {
	placement.hasLatest = true;
	placement.latestStepNumber = stepNumber;
	placement.latestDue = due;
	placement.latestRepeat = repeat;
}

/** The last occurrence of a step at or before `now`, and when the first after it falls due. */
function placeStep(step: CompiledStep, segmentAnchor: number, calendar: Calendar): Placement {
	const { now, zone } = calendar;
	placement.hasLatest = false;
	placement.nextDue = NaN;
	if (step.anchor === 'birthday') {
		placeBirthday(step, segmentAnchor, calendar);
		return placement;
	}
	let first: number;
	if (step.anchor === 'milestone') {
		if (calendar.milestone === null) return placement;
		first = addDuration(calendar.milestone, zone, step.offset);
	} else {
		first = addDuration(segmentAnchor, zone, step.offset);
	}
	// Milestone steps happen once: the milestone is a single date.
	const repeatEvery = step.anchor === 'milestone' ? null : step.repeatEvery;
	if (first > now) {
		placement.nextDue = first;
		return placement;
	}
	if (!repeatEvery) {
		setLatest(step.step, first, false);
		return placement;
	}
	// Repeat k is anchor + (offset + k × interval) in one step, so month ends neither drift nor
	// stick: monthly from Jan 31 gives Feb 28, Mar 31, Apr 30.
	let k = Math.max(0, Math.floor((now - first) / repeatEvery.approxMs));
	let due = k === 0 ? first : addRepeat(segmentAnchor, zone, step.offset, repeatEvery, k);
	while (k > 0 && due > now) {
		k--;
		due = k === 0 ? first : addRepeat(segmentAnchor, zone, step.offset, repeatEvery, k);
	}
	let following = addRepeat(segmentAnchor, zone, step.offset, repeatEvery, k + 1);
	while (following <= now) {
		k++;
		due = following;
		following = addRepeat(segmentAnchor, zone, step.offset, repeatEvery, k + 1);
	}
	setLatest(step.step + REPEAT_STRIDE * k, due, true);
	placement.nextDue = following;
	return placement;
}

/** Birthday steps come every year from the first birthday on or after the anchor. */
function placeBirthday(step: CompiledStep, anchor: number, calendar: Calendar): void {
	const { zone, now } = calendar;
	if (calendar.birthdayMonth === -1) return;
	let firstYear = localDate(zone, anchor).year;
	if (birthdayIn(firstYear, step, calendar) < anchor) firstYear++;
	let year = Math.max(firstYear, localDate(zone, now).year);
	if (birthdayIn(year, step, calendar) > now) year--;
	if (year >= firstYear) setLatest(step.step + REPEAT_STRIDE * (year - firstYear), birthdayIn(year, step, calendar), true);
	placement.nextDue = birthdayIn(Math.max(year + 1, firstYear), step, calendar);
}

/** When the birthday step falls due in `year`. */
function birthdayIn(year: number, step: CompiledStep, calendar: Calendar): number {
	const { zone, birthdayMonth: month } = calendar;
	// Feb 29 birthdays are marked on Feb 28 in other years.
	const day = Math.min(calendar.birthdayDay, new Date(Date.UTC(year, month + 1, 0)).getUTCDate());
	return addDuration(localMidnight(zone, year, month, day), zone, step.offset);
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
	const ms = typeof value === 'string' ? parseInstant(value) : NaN;
	if (Number.isNaN(ms)) {
		problems.push({ field, message: `${JSON.stringify(value)} is not an ISO-8601 date-time` });
		return null;
	}
	return ms;
}

/** The lead's birthday into the calendar (month 0-11 and day, or month -1 without a usable one). */
function readBirthday(value: unknown, calendar: Calendar, problems: FieldError[]): void {
	calendar.birthdayMonth = -1;
	calendar.birthdayDay = 0;
	if (value === undefined || value === null || value === '') return;
	const match = typeof value === 'string' ? /^(?:\d{4}-|--)?(\d{2})-(\d{2})$/.exec(value.trim()) : null;
	const month = match ? Number(match[1]) : 0;
	const day = match ? Number(match[2]) : 0;
	if (!match || month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(2024, month, 0)).getUTCDate()) {
		problems.push({ field: 'birthday', message: `${JSON.stringify(value)} is not a date like 07-14 or 1985-07-14` });
		return;
	}
	calendar.birthdayMonth = month - 1;
	calendar.birthdayDay = day;
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
	return ahead ? addDuration(receivedAt, zone, milestoneDuration(ahead)) : null;
}

const milestoneDurations = new Map<string, CalendarDuration>();

/** TIMELINE_MILESTONE's durations, parsed once (parsing goes through luxon: too slow per lead). */
function milestoneDuration(text: string): CalendarDuration {
	let duration = milestoneDurations.get(text);
	if (duration === undefined) {
		duration = parseDuration(text) as CalendarDuration;
		if (milestoneDurations.size < 100) milestoneDurations.set(text, duration);
	}
	return duration;
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
