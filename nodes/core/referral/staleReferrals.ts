import { daysInStage, isOpen, speedToFirstContactMinutes, type Referral } from './referral';

/**
 * Partners stop sending business when they hear nothing, and a referral cools fast when nobody
 * calls: these are the two ways an open referral goes stale.
 */
export type StaleReason = 'no-first-contact' | 'no-partner-update';

export interface StaleReferral {
	referral: Referral;
	reasons: StaleReason[];
	hoursSinceReceived: number;
	/** Days since the partner last heard anything (since receipt when never). */
	daysSincePartnerUpdate: number;
	daysInStage: number;
}

export interface StaleOptions {
	/** An open referral whose partner has heard nothing for this many days is stale. Default 7. */
	partnerUpdateDays?: number;
	/** A referral not contacted within this many hours of receipt is stale. Default 24. */
	firstContactHours?: number;
}

const HOUR_MS = 3_600_000;

/** Open referrals that need the loan officer, most overdue first. */
export function staleReferrals(
	referrals: readonly Referral[],
	now: string,
	options: StaleOptions = {},
): StaleReferral[] {
	const partnerUpdateDays = options.partnerUpdateDays ?? 7;
	const firstContactHours = options.firstContactHours ?? 24;
	const nowMs = Date.parse(now);
	const stale: StaleReferral[] = [];
	for (const referral of referrals) {
		if (!isOpen(referral)) continue;
		const hoursSinceReceived = (nowMs - Date.parse(referral.receivedAt)) / HOUR_MS;
		const lastHeard = referral.lastPartnerUpdateAt ?? referral.receivedAt;
		const daysSincePartnerUpdate = (nowMs - Date.parse(lastHeard)) / (24 * HOUR_MS);
		const reasons: StaleReason[] = [];
		if (speedToFirstContactMinutes(referral) === null && hoursSinceReceived > firstContactHours) {
			reasons.push('no-first-contact');
		}
		if (daysSincePartnerUpdate >= partnerUpdateDays) reasons.push('no-partner-update');
		if (reasons.length === 0) continue;
		stale.push({
			referral,
			reasons,
			hoursSinceReceived: Math.floor(hoursSinceReceived),
			daysSincePartnerUpdate: Math.floor(daysSincePartnerUpdate),
			daysInStage: daysInStage(referral, now),
		});
	}
	return stale.sort(
		(a, b) =>
			b.reasons.length - a.reasons.length ||
			b.daysSincePartnerUpdate - a.daysSincePartnerUpdate ||
			b.hoursSinceReceived - a.hoursSinceReceived,
	);
}
