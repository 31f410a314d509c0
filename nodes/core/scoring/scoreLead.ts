import type { LoanPurpose, Timeline } from '../lead';
import { parseInstant } from '../cadence/calendar';
import type { Touch } from '../touch';
import type {
	Engagement,
	LeadScore,
	Priority,
	ScorableLead,
	ScoreContext,
	ScoreFactor,
	ScoreWeightOverrides,
	ScoreWeights,
	Segment,
	SourceClass,
} from './types';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Default points. Timeline and source weigh most (a referred buyer moving now closes far more
 * often than an online "just researching" lead); reply speed and engagement recency come from
 * Velocify's contact studies (the first minutes and a quick second attempt matter most).
 */
export const DEFAULT_SCORE_WEIGHTS: ScoreWeights = Object.freeze({
	timeline: { now: 25, '1-3m': 20, '3-6m': 12, '6m+': 5, unknown: 8 },
	loanPurpose: { purchase: 15, refinance: 12, heloc: 8, unknown: 4 },
	source: { referral: 20, partner: 20, 'past-client': 18, online: 8, unknown: 4 },
	engagement: { hot: 15, warm: 8, cold: 3, dormant: 0 },
	replySpeed: { within5Minutes: 10, within1Hour: 6, within24Hours: 3 },
	questions: { perQuestion: 2, maxQuestions: 3 },
	milestones: { mentioned: 9 },
}) as ScoreWeights;

/** Cut-offs on the 0-100 score, below the `now` triggers (hot reply, fresh uncontacted lead). */
export const PRIORITY_THRESHOLDS = Object.freeze({ now: 75, today: 50, thisWeek: 30 });

/** A brand-new lead nobody has touched yet is a speed-to-lead emergency for this long. */
const FRESH_LEAD_MS = 60 * MINUTE;

/** Words that show the purchase is real and near (the brief's "stated timeline milestones"). */
const MILESTONE_PATTERN =
	/\b(pre-?approv\w*|under contract|accepted offer|offer (?:was )?accepted|made an offer|put in an offer|found (?:a|the|our) (?:house|home|place)|closing date|listed (?:our|my) (?:house|home)|lease (?:is )?(?:up|ends?)|relocat\w*)\b/i;

const PAST_CLIENT_PATTERN = /\b(past|previous|former|existing|prior|repeat|returning) (client|customer|borrower)\b|\bpast-client\b/i;
const REFERRAL_PATTERN = /\breferr?al\b|\breferred\b|\bfriend\b|\bfamily\b|\bword of mouth\b/i;
const ONLINE_PATTERN = /\b(zillow|facebook|fb|instagram|google|lendingtree|web ?site|web|online|ad|ads|landing page|realtor\.com|bankrate)\b/i;

const TIMELINE_WORDS: Record<Timeline, string> = {
	now: 'buying or refinancing now',
	'1-3m': 'within 1-3 months',
	'3-6m': 'in 3-6 months',
	'6m+': 'six months or more out',
	unknown: 'timeline not stated',
};

/**
 * Scores one lead: its segment (timeline, purpose, source class, engagement), a 0-100 score made
 * of explainable factors, the default cadence for the segment and how urgently to act. Pure:
 * `context.now` is the clock.
 */
export function scoreLead(lead: ScorableLead, context: ScoreContext): LeadScore {
	const now = Date.parse(context.now);
	if (Number.isNaN(now)) throw new Error(`context.now must be an ISO-8601 instant, got "${context.now}"`);
	const weights = context.weights ? mergeWeights(context.weights) : DEFAULT_SCORE_WEIGHTS;
	const history = readHistory(lead, context.touches ?? [], now);

	const timeline: Timeline = lead.timeline ?? 'unknown';
	const loanPurpose: LoanPurpose = lead.loanPurpose ?? 'unknown';
	const source = classifySource(lead);
	const receivedAt = lead.receivedAt ? Date.parse(lead.receivedAt) : NaN;
	const engagement = engagementOf(history.lastReplyAt, receivedAt, now);
	const segment: Segment = { timeline, loanPurpose, source, engagement };

	const factors: ScoreFactor[] = [
		{ factor: 'timeline', points: weights.timeline[timeline], reason: TIMELINE_WORDS[timeline] },
		{ factor: 'loanPurpose', points: weights.loanPurpose[loanPurpose], reason: `loan purpose: ${loanPurpose}` },
		{ factor: 'source', points: weights.source[source], reason: `source: ${source}` },
		{ factor: 'engagement', points: weights.engagement[engagement], reason: engagementReason(engagement, history.lastReplyAt, now) },
	];
	const speed = history.firstReplyDelayMs;
	if (speed !== null) {
		const points =
			speed <= 5 * MINUTE
				? weights.replySpeed.within5Minutes
				: speed <= HOUR
					? weights.replySpeed.within1Hour
					: speed <= DAY
						? weights.replySpeed.within24Hours
						: 0;
		factors.push({ factor: 'replySpeed', points, reason: `first reply ${describeDelay(speed)} after our first touch` });
	}
	if (history.questions > 0) {
		const counted = Math.min(history.questions, weights.questions.maxQuestions);
		factors.push({
			factor: 'questions',
			points: counted * weights.questions.perQuestion,
			reason: `asked ${history.questions} question${history.questions === 1 ? '' : 's'}`,
		});
	}
	const milestone = history.milestone ?? milestoneIn(lead.extra);
	if (milestone !== null) {
		factors.push({ factor: 'milestones', points: weights.milestones.mentioned, reason: `mentioned "${milestone}"` });
	}

	let sum = 0;
	for (const factor of factors) sum += factor.points;
	const score = Math.max(0, Math.min(100, Math.round(sum)));
	const uncontactedFresh =
		history.lastOutboundAt === null && !Number.isNaN(receivedAt) && now - receivedAt <= FRESH_LEAD_MS && now >= receivedAt;
	return {
		segment,
		score,
		factors,
		cadenceId: cadenceForSegment(segment),
		priority: priorityOf(score, engagement, uncontactedFresh),
	};
}

/** The default cadence for a segment (the ids of DEFAULT_CADENCES). */
export function cadenceForSegment(segment: Segment): string {
	if (segment.source === 'referral' || segment.source === 'partner') return 'referral';
	if (segment.engagement === 'dormant') return 'dormant-reengagement';
	if (segment.loanPurpose === 'refinance' || segment.loanPurpose === 'heloc') return 'refinance';
	if (segment.loanPurpose === 'purchase' && segment.timeline === '3-6m') return 'purchase-3-6m';
	if (segment.loanPurpose === 'purchase' && segment.timeline === '6m+') return 'purchase-6m-plus';
	return 'speed-to-lead';
}

/** Source class from the lead's source preset, partner and free-text origin. */
export function classifySource(lead: Pick<ScorableLead, 'source' | 'sourceDetail' | 'partnerId'>): SourceClass {
	const detail = lead.sourceDetail ?? '';
	if (detail !== '' && PAST_CLIENT_PATTERN.test(detail)) return 'past-client';
	if (lead.partnerId) return 'partner';
	if (lead.source === 'referral') return 'referral';
	if (lead.source === 'web-form' || lead.source === 'facebook' || lead.source === 'zillow' || lead.source === 'lendingtree') {
		return 'online';
	}
	// CSV imports and unlabeled rows: the free-text origin is all we have.
	if (detail !== '' && REFERRAL_PATTERN.test(detail)) return 'referral';
	if (detail !== '' && ONLINE_PATTERN.test(detail)) return 'online';
	return 'unknown';
}

function engagementOf(lastReplyAt: number | null, receivedAt: number, now: number): Engagement {
	if (lastReplyAt !== null && now - lastReplyAt <= 2 * DAY) return 'hot';
	if ((lastReplyAt !== null && now - lastReplyAt <= 30 * DAY) || now - receivedAt <= 7 * DAY) return 'warm';
	// Our own touches are no sign of life from the lead: only its replies and its arrival count.
	const lastSign = Math.max(lastReplyAt ?? -Infinity, Number.isNaN(receivedAt) ? -Infinity : receivedAt);
	return now - lastSign <= 180 * DAY ? 'cold' : 'dormant';
}

function engagementReason(engagement: Engagement, lastReplyAt: number | null, now: number): string {
	if (lastReplyAt === null) return `${engagement}: no reply yet`;
	return `${engagement}: last reply ${describeDelay(now - lastReplyAt)} ago`;
}

function priorityOf(score: number, engagement: Engagement, uncontactedFresh: boolean): Priority {
	if (engagement === 'hot' || uncontactedFresh || score >= PRIORITY_THRESHOLDS.now) return 'now';
	if (score >= PRIORITY_THRESHOLDS.today) return 'today';
	if (score >= PRIORITY_THRESHOLDS.thisWeek) return 'this-week';
	return 'nurture';
}

interface History {
	lastReplyAt: number | null;
	lastOutboundAt: number | null;
	/** From our first outbound touch to the lead's first reply after it. */
	firstReplyDelayMs: number | null;
	questions: number;
	milestone: string | null;
}

/** One pass over the lead's touches; touches in the future of `now` are not history yet. */
function readHistory(lead: ScorableLead, touches: readonly Touch[], now: number): History {
	let lastReplyAt = lead.lastReplyAt ? parseOrNull(lead.lastReplyAt) : null;
	if (lastReplyAt !== null && lastReplyAt > now) lastReplyAt = null;
	let lastOutboundAt: number | null = null;
	let firstOutboundAt = Infinity;
	const replies: Array<{ at: number; body: string }> = [];
	for (const touch of touches) {
		if (touch.leadId !== lead.leadId) continue;
		// Date.parse's answer, faster for the form our tools write: this runs for every past touch.
		const at = typeof touch.at === 'string' ? parseInstant(touch.at) : Date.parse(touch.at);
		if (Number.isNaN(at) || at > now) continue;
		if (touch.direction === 'inbound') {
			replies.push({ at, body: touch.body ?? '' });
			if (lastReplyAt === null || at > lastReplyAt) lastReplyAt = at;
		} else if (touch.verdict === undefined || touch.verdict === 'sent' || touch.verdict === 'task') {
			// Only touches that reached the lead (or a task the LO got) count as contact.
			if (lastOutboundAt === null || at > lastOutboundAt) lastOutboundAt = at;
			if (at < firstOutboundAt) firstOutboundAt = at;
		}
	}
	let firstReplyAfter = Infinity;
	let questions = 0;
	let milestone: string | null = null;
	for (const reply of replies) {
		if (reply.at >= firstOutboundAt && reply.at < firstReplyAfter) firstReplyAfter = reply.at;
		if (reply.body !== '') {
			questions += countQuestions(reply.body);
			if (milestone === null) milestone = MILESTONE_PATTERN.exec(reply.body)?.[0].toLowerCase() ?? null;
		}
	}
	return {
		lastReplyAt,
		lastOutboundAt,
		firstReplyDelayMs: firstReplyAfter === Infinity ? null : firstReplyAfter - firstOutboundAt,
		questions,
		milestone,
	};
}

/** Questions are sentences ending in "?"; "??" is one question. */
function countQuestions(body: string): number {
	const matches = body.match(/\?+/g);
	return matches ? matches.length : 0;
}

/** A milestone stated on the lead form itself (custom questions land in `extra`). */
function milestoneIn(extra: Record<string, unknown> | undefined): string | null {
	if (!extra) return null;
	for (const key in extra) {
		const value = extra[key];
		if (typeof value !== 'string' || value.length > 500) continue;
		const match = MILESTONE_PATTERN.exec(value);
		if (match) return match[0].toLowerCase();
	}
	return null;
}

function parseOrNull(value: string): number | null {
	const at = Date.parse(value);
	return Number.isNaN(at) ? null : at;
}

function describeDelay(ms: number): string {
	if (ms < HOUR) return `${Math.max(0, Math.round(ms / MINUTE))} min`;
	if (ms < 2 * DAY) return `${Math.round(ms / HOUR)} h`;
	return `${Math.round(ms / DAY)} days`;
}

/** The default weights with `overrides` laid over them; an override must be a finite number. */
export function mergeWeights(overrides: ScoreWeightOverrides): ScoreWeights {
	const merged = {} as Record<string, Record<string, number>>;
	for (const group of Object.keys(DEFAULT_SCORE_WEIGHTS) as Array<keyof ScoreWeights>) {
		const defaults = DEFAULT_SCORE_WEIGHTS[group] as unknown as Record<string, number>;
		const given = (overrides[group] ?? {}) as Record<string, unknown>;
		const values: Record<string, number> = { ...defaults };
		for (const key of Object.keys(given)) {
			if (!(key in defaults)) {
				throw new Error(`Unknown score weight "${group}.${key}"; known: ${Object.keys(defaults).map((k) => `${group}.${k}`).join(', ')}`);
			}
			const value = given[key];
			if (typeof value !== 'number' || !Number.isFinite(value)) {
				throw new Error(`Score weight "${group}.${key}" must be a number, got ${JSON.stringify(value)}`);
			}
			values[key] = value;
		}
		merged[group] = values;
	}
	for (const group of Object.keys(overrides)) {
		if (!(group in DEFAULT_SCORE_WEIGHTS)) {
			throw new Error(`Unknown score weight group "${group}"; known: ${Object.keys(DEFAULT_SCORE_WEIGHTS).join(', ')}`);
		}
	}
	return merged as unknown as ScoreWeights;
}
