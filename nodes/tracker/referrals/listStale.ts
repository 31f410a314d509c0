import { staleReferrals, type StaleOptions, type StaleReferral } from '../../core';
import type { TrackedPartner, TrackedReferral } from './referralTabs';
import { readReferralRun, type ReferralSettings } from './run';
import type { ReferralSheets } from './sheets';

export interface StaleList {
	/** The open referrals that need the LO, most overdue first (the core's staleReferrals). */
	stale: StaleReferral[];
	/** Referrals rows that cannot be read: listed too, so a typo never hides a forgotten referral. */
	unreadable: TrackedReferral[];
	partnerById: ReadonlyMap<string, TrackedPartner>;
}

/** List Stale's run: one read of Referrals and Partners, no lock, no writes. */
export async function listStaleReferrals(sheets: ReferralSheets, settings: ReferralSettings, options: StaleOptions): Promise<StaleList> {
	const { tracked, partnerById } = await readReferralRun(sheets, settings);
	const referrals = tracked.flatMap((row) => (row.referral ? [row.referral] : []));
	return { stale: staleReferrals(referrals, settings.now, options), unreadable: tracked.filter((row) => !row.referral), partnerById };
}
