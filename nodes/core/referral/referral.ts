/**
 * The referral record (one row of the tracker's Referrals tab, the "results tracker") and its
 * vocabulary: the stages a referred borrower moves through, and why a referral was lost.
 */

/** The pipeline, in order. A referral only moves forward through it (skipping is allowed). */
export const REFERRAL_STAGES = ['received', 'contacted', 'appointment', 'application', 'approved', 'closed'] as const;
export type ReferralStage = (typeof REFERRAL_STAGES)[number];

/** A referral is at one stage, or lost (reachable from any open stage, and reopened from there). */
export const REFERRAL_STATUSES = [...REFERRAL_STAGES, 'lost'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

/** Stages a referral can still move on from: everything but closed. */
export const OPEN_STAGES: readonly ReferralStage[] = REFERRAL_STAGES.filter((stage) => stage !== 'closed');

/** Why a referral did not close. `other` needs a few words of detail. */
export const LOST_REASONS = [
	'no-response',
	'not-ready',
	'chose-another-lender',
	'rate-or-fees',
	'did-not-qualify',
	'property-fell-through',
	'duplicate',
	'other',
] as const;
export type LostReason = (typeof LOST_REASONS)[number];

export const LOST_REASON_LABELS: Readonly<Record<LostReason, string>> = {
	'no-response': 'Could not reach the borrower',
	'not-ready': 'Not ready yet / timeline changed',
	'chose-another-lender': 'Went with another lender',
	'rate-or-fees': 'Rate or fees',
	'did-not-qualify': 'Did not qualify',
	'property-fell-through': 'Property fell through',
	duplicate: 'Duplicate referral',
	other: 'Other',
};

/** What the loan officer and the tracker see; partners only ever see `partnerView` rows. */
export const REFERRAL_STATUS_LABELS: Readonly<Record<ReferralStatus, string>> = {
	received: 'Received',
	contacted: 'Contacted',
	appointment: 'Appointment set',
	application: 'Application',
	approved: 'Approved',
	closed: 'Closed',
	lost: 'Not moving forward',
};

/** The timestamp column each stage is stamped in. */
export const STAGE_STAMP = {
	received: 'receivedAt',
	contacted: 'contactedAt',
	appointment: 'appointmentAt',
	application: 'applicationAt',
	approved: 'approvedAt',
	closed: 'closedAt',
} as const satisfies Record<ReferralStage, keyof Referral>;

export interface Referral {
	referralId: string;
	/** Who sent it: the Partners tab id. */
	partnerId: string;
	/** The lead in the Leads tab, when the referral has become one. */
	leadId: string | null;
	firstName: string | null;
	lastName: string | null;
	/** How the referral came in, e.g. "Open house", "Past client", "Builder". */
	source: string | null;
	status: ReferralStatus;
	/** ISO-8601 instants, one per stage; a skipped stage is stamped when the referral passed it. */
	receivedAt: string;
	contactedAt: string | null;
	appointmentAt: string | null;
	applicationAt: string | null;
	approvedAt: string | null;
	closedAt: string | null;
	lostAt: string | null;
	lostReason: LostReason | null;
	/** The loan officer's own words on the loss. Private: never shown to the partner. */
	lostDetail: string | null;
	reopenedAt: string | null;
	/** When the status (or next step) last changed. */
	lastChangeAt: string;
	/** When the partner was last told something (a partner message went out). */
	lastPartnerUpdateAt: string | null;
	/** What happens next, in words fit for the partner. */
	nextStep: string | null;
	/** Private: loan amount, for closed volume on the scoreboard. */
	loanAmount: number | null;
	/** Private notes. */
	notes: string | null;
}

/** A fresh referral as it arrives from a partner. */
export function newReferral(
	fields: Pick<Referral, 'referralId' | 'partnerId' | 'receivedAt'> & Partial<Referral>,
): Referral {
	return {
		leadId: null,
		firstName: null,
		lastName: null,
		source: null,
		status: 'received',
		contactedAt: null,
		appointmentAt: null,
		applicationAt: null,
		approvedAt: null,
		closedAt: null,
		lostAt: null,
		lostReason: null,
		lostDetail: null,
		reopenedAt: null,
		lastChangeAt: fields.receivedAt,
		lastPartnerUpdateAt: null,
		nextStep: null,
		loanAmount: null,
		notes: null,
		...fields,
	};
}

export function isOpen(referral: Pick<Referral, 'status'>): boolean {
	return referral.status !== 'closed' && referral.status !== 'lost';
}

/** The furthest stage the referral has reached (for a lost one: where it was when lost). */
export function furthestStage(referral: Referral): ReferralStage {
	for (let index = REFERRAL_STAGES.length - 1; index > 0; index--) {
		const stage = REFERRAL_STAGES[index];
		if (referral[STAGE_STAMP[stage]]) return stage;
	}
	return 'received';
}

/** When the referral entered the status it is in now. */
export function currentStatusSince(referral: Referral): string {
	if (referral.status === 'lost') return referral.lostAt ?? referral.lastChangeAt;
	const stamp = referral[STAGE_STAMP[referral.status]];
	// A reopened referral's clock restarts at the reopening.
	const candidates = [stamp, referral.reopenedAt].filter((value): value is string => !!value);
	return candidates.reduce((latest, value) => (Date.parse(value) > Date.parse(latest) ? value : latest), referral.receivedAt);
}

const DAY_MS = 86_400_000;

/** Whole days the referral has sat in its current status, as of `now`. */
export function daysInStage(referral: Referral, now: string): number {
	return Math.max(0, Math.floor((Date.parse(now) - Date.parse(currentStatusSince(referral))) / DAY_MS));
}

/** Minutes from receipt to first contact (any later stage implies contact), or null before it. */
export function speedToFirstContactMinutes(referral: Referral): number | null {
	const firstContact = REFERRAL_STAGES.slice(1)
		.map((stage) => referral[STAGE_STAMP[stage]])
		.find((stamp): stamp is string => !!stamp);
	if (!firstContact) return null;
	return Math.max(0, Math.round((Date.parse(firstContact) - Date.parse(referral.receivedAt)) / 60_000));
}
