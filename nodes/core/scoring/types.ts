import type { Lead, LoanPurpose, Timeline } from '../lead';
import type { Touch } from '../touch';

/** How the lead came to us, as it matters for follow-up. */
export const SOURCE_CLASSES = ['referral', 'past-client', 'partner', 'online', 'unknown'] as const;
export type SourceClass = (typeof SOURCE_CLASSES)[number];

/**
 * How recently the lead engaged: `hot` replied in the last 2 days; `warm` replied in the last 30
 * days or arrived in the last 7; `cold` any sign of life in the last 180 days; `dormant` none.
 */
export const ENGAGEMENTS = ['hot', 'warm', 'cold', 'dormant'] as const;
export type Engagement = (typeof ENGAGEMENTS)[number];

/** When to act: `now` (call within minutes), `today`, `this-week`, `nurture` (the drip handles it). */
export const PRIORITIES = ['now', 'today', 'this-week', 'nurture'] as const;
export type Priority = (typeof PRIORITIES)[number];

export interface Segment {
	timeline: Timeline;
	loanPurpose: LoanPurpose;
	source: SourceClass;
	engagement: Engagement;
}

/** One line of the score's explanation: "+25 timeline: buying now". */
export interface ScoreFactor {
	factor: ScoreFactorName;
	points: number;
	reason: string;
}

export const SCORE_FACTORS = [
	'timeline',
	'loanPurpose',
	'source',
	'engagement',
	'replySpeed',
	'questions',
	'milestones',
] as const;
export type ScoreFactorName = (typeof SCORE_FACTORS)[number];

/** Points per signal. The defaults add up to at most 100; overrides may change any number. */
export interface ScoreWeights {
	timeline: Record<Timeline, number>;
	loanPurpose: Record<LoanPurpose, number>;
	source: Record<SourceClass, number>;
	engagement: Record<Engagement, number>;
	/** Points when the lead first replied within 5 minutes / 1 hour / 24 hours of our first touch. */
	replySpeed: { within5Minutes: number; within1Hour: number; within24Hours: number };
	/** Points per question the lead asked in a reply, up to `maxQuestions` questions. */
	questions: { perQuestion: number; maxQuestions: number };
	/** Points once the lead mentions a buying milestone (pre-approval, under contract, found a house...). */
	milestones: { mentioned: number };
}

/** Any subset of the weights; the rest keep their defaults. */
export type ScoreWeightOverrides = {
	[K in keyof ScoreWeights]?: Partial<ScoreWeights[K]>;
};

/** The lead fields scoring reads: a normalized Lead, or a tracker row with some fields missing. */
export type ScorableLead = Pick<Lead, 'leadId'> &
	Partial<Pick<Lead, 'source' | 'sourceDetail' | 'partnerId' | 'loanPurpose' | 'timeline' | 'receivedAt' | 'extra'>> & {
		lastReplyAt?: string | null;
	};

export interface ScoreContext {
	/** ISO-8601 instant to score at (engagement and freshness are relative to it). */
	now: string;
	/** The lead's touches (any order; other leads' touches are ignored). */
	touches?: readonly Touch[];
	weights?: ScoreWeightOverrides;
}

export interface LeadScore {
	segment: Segment;
	/** 0-100, the sum of `factors` clamped to that range. */
	score: number;
	factors: ScoreFactor[];
	/** The default cadence for this segment (see DEFAULT_CADENCES). */
	cadenceId: string;
	priority: Priority;
}
