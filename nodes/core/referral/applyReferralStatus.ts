import { partnerMessage, type PartnerMessageOptions } from './partnerMessage';
import { nextStepProblem } from './partnerView';
import { stripUnsafeCharacters } from '../safeText';
import {
	LOST_REASONS,
	REFERRAL_STAGES,
	REFERRAL_STATUSES,
	STAGE_STAMP,
	daysInStage,
	furthestStage,
	speedToFirstContactMinutes,
	type LostReason,
	type Referral,
	type ReferralStage,
	type ReferralStatus,
} from './referral';

/** What the loan officer says happened. */
export interface ReferralUpdate {
	/** The new status, or `reopened` to bring a lost referral back to the stage it was lost at. */
	status: ReferralStatus | 'reopened';
	/** Required when the status is `lost`: one of LOST_REASONS. */
	lostReason?: string | null;
	/** Free text on the loss (required for `other`). Private to the loan officer. */
	lostDetail?: string | null;
	/** What happens next, in words for the partner. Empty keeps the current one. */
	nextStep?: string | null;
	/** Loan amount (for closed volume). Private. */
	loanAmount?: number | null;
	/** When it happened, if earlier than now (an appointment logged the next morning). ISO-8601. */
	at?: string | null;
}

export interface ReferralChange {
	referral: Referral;
	/** False when the update repeats what the referral already says (a retried run). */
	changed: boolean;
	from: ReferralStatus;
	to: ReferralStatus;
	/** Stages passed over on the way forward; each got the update's timestamp. */
	skipped: ReferralStage[];
	/** A plain, warm note for the partner, or null when there is nothing new to tell. */
	partnerMessage: string | null;
	daysInStage: number;
	speedToFirstContactMinutes: number | null;
}

/** A rejected update: `field` names the part of the update that is wrong. */
export class ReferralUpdateError extends Error {
	constructor(
		readonly field: 'status' | 'lostReason' | 'lostDetail' | 'nextStep' | 'at' | 'loanAmount',
		message: string,
	) {
		super(message);
		this.name = 'ReferralUpdateError';
	}
}

const stageIndex = (stage: ReferralStage) => REFERRAL_STAGES.indexOf(stage);
const blank = (value: string | null | undefined) => (value ?? '').trim() === '';

/**
 * The referral state machine: received -> contacted -> appointment -> application -> approved ->
 * closed; `lost` (with a reason) from any open stage; `reopened` brings a lost referral back to
 * the stage it was lost at. Forward skips are allowed and stamp the skipped stages; moving
 * back, or anywhere from closed, is rejected. Pure: `now` is the current instant.
 */
export function applyReferralStatus(
	referral: Referral,
	update: ReferralUpdate,
	now: string,
	messageOptions: PartnerMessageOptions = {},
): ReferralChange {
	const id = referral.referralId;
	now = instantOrThrow(now);
	const target = String(update.status ?? '').trim().toLowerCase() as ReferralUpdate['status'];
	if (target !== 'reopened' && !(REFERRAL_STATUSES as readonly string[]).includes(target)) {
		throw new ReferralUpdateError(
			'status',
			`"${update.status}" is not a referral status; use one of ${[...REFERRAL_STATUSES, 'reopened'].join(', ')}`,
		);
	}
	const at = changeInstant(referral, update, now);
	const lostReason = blank(update.lostReason) ? null : String(update.lostReason).trim().toLowerCase();
	if (lostReason !== null && target !== 'lost') {
		throw new ReferralUpdateError('lostReason', `a lost reason only goes with status "lost", not "${target}"`);
	}
	if (update.loanAmount !== undefined && update.loanAmount !== null && !(Number.isFinite(update.loanAmount) && update.loanAmount >= 0)) {
		throw new ReferralUpdateError('loanAmount', `loan amount must be a positive number, got "${update.loanAmount}"`);
	}

	const next: Referral = { ...referral };
	const from = referral.status;
	let skipped: ReferralStage[] = [];
	let statusChanged = false;

	if (target === 'reopened') {
		if (from !== 'lost') {
			throw new ReferralUpdateError('status', `referral ${id} is ${from}, not lost: only a lost referral can be reopened`);
		}
		next.status = furthestStage(referral);
		next.lostAt = null;
		next.lostReason = null;
		next.lostDetail = null;
		next.reopenedAt = at;
		statusChanged = true;
	} else if (target === 'lost') {
		if (from === 'closed') {
			throw new ReferralUpdateError('status', `referral ${id} is closed; a closed referral cannot be marked lost`);
		}
		if (lostReason === null) {
			throw new ReferralUpdateError('lostReason', `marking referral ${id} lost needs a reason: one of ${LOST_REASONS.join(', ')}`);
		}
		if (!(LOST_REASONS as readonly string[]).includes(lostReason)) {
			throw new ReferralUpdateError('lostReason', `"${update.lostReason}" is not a lost reason; use one of ${LOST_REASONS.join(', ')}`);
		}
		const detail = blank(update.lostDetail) ? (from === 'lost' ? referral.lostDetail : null) : String(update.lostDetail).trim();
		if (lostReason === 'other' && !detail) {
			throw new ReferralUpdateError('lostDetail', `lost reason "other" needs a few words of detail for referral ${id}`);
		}
		next.lostReason = lostReason as LostReason;
		next.lostDetail = detail;
		if (from !== 'lost') {
			next.status = 'lost';
			next.lostAt = at;
			statusChanged = true;
		}
	} else {
		const stage = target as ReferralStage;
		if (from === 'closed' && stage !== 'closed') {
			throw new ReferralUpdateError('status', `referral ${id} is closed; a closed referral cannot move to ${stage}`);
		}
		if (from === 'lost') {
			throw new ReferralUpdateError('status', `referral ${id} is lost; reopen it (status "reopened") before moving it to ${stage}`);
		}
		if (from !== 'closed' && stageIndex(stage) < stageIndex(from)) {
			throw new ReferralUpdateError('status', `referral ${id} is at ${from}; it cannot move back to ${stage}`);
		}
		if (stage !== from) {
			skipped = REFERRAL_STAGES.slice(stageIndex(from) + 1, stageIndex(stage)).filter(
				(passed) => !referral[STAGE_STAMP[passed]],
			);
			for (const passed of skipped) next[STAGE_STAMP[passed]] = at;
			next[STAGE_STAMP[stage]] = at;
			next.status = stage;
			statusChanged = true;
		}
	}

	// The partner reads it (their view, the email): bounded, and no one's phone or email address.
	const problem = blank(update.nextStep) ? null : nextStepProblem(String(update.nextStep));
	if (problem !== null) throw new ReferralUpdateError('nextStep', `referral ${id}: ${problem}`);
	const nextStep = blank(update.nextStep) ? referral.nextStep : stripUnsafeCharacters(String(update.nextStep)).replace(/\s+/g, ' ').trim();
	// A stale next step would mislead the partner once the referral has moved on.
	next.nextStep = statusChanged && blank(update.nextStep) ? null : nextStep;
	if (update.loanAmount !== undefined && update.loanAmount !== null) next.loanAmount = update.loanAmount;

	const nextStepChanged = (next.nextStep ?? '') !== (referral.nextStep ?? '');
	const changed =
		statusChanged ||
		nextStepChanged ||
		next.lostReason !== referral.lostReason ||
		next.lostDetail !== referral.lostDetail ||
		next.loanAmount !== referral.loanAmount;
	// The partner hears about moves and new next steps; private corrections stay private.
	const tellPartner = statusChanged || (nextStepChanged && next.nextStep !== null);
	if (changed) next.lastChangeAt = at;
	if (tellPartner) next.lastPartnerUpdateAt = now;

	return {
		referral: next,
		changed,
		from,
		to: next.status,
		skipped,
		partnerMessage: tellPartner
			? partnerMessage(next, { kind: target === 'reopened' ? 'reopened' : statusChanged ? 'status' : 'next-step' }, messageOptions)
			: null,
		daysInStage: daysInStage(next, now),
		speedToFirstContactMinutes: speedToFirstContactMinutes(next),
	};
}

function instantOrThrow(now: string): string {
	const ms = Date.parse(now);
	if (!Number.isFinite(ms)) throw new ReferralUpdateError('at', `"now" must be an ISO-8601 instant, got "${now}"`);
	return new Date(ms).toISOString();
}

/** The update's own time, if given and sane, else now. */
function changeInstant(referral: Referral, update: ReferralUpdate, now: string): string {
	if (blank(update.at)) return now;
	const at = Date.parse(String(update.at));
	if (!Number.isFinite(at)) {
		throw new ReferralUpdateError('at', `"${update.at}" is not a date-time; use ISO-8601 such as 2026-03-08T14:30:00Z`);
	}
	if (at > Date.parse(now)) {
		throw new ReferralUpdateError('at', `${update.at} is in the future (now is ${now})`);
	}
	if (at < Date.parse(referral.receivedAt)) {
		throw new ReferralUpdateError('at', `${update.at} is before referral ${referral.referralId} was received (${referral.receivedAt})`);
	}
	return new Date(at).toISOString();
}
