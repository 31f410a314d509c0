import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { ReferralSheets } from '../transport/referralSheets';
import { syncPartnerViews, type PartnerSyncResult } from './partnerViews';
import { runSettings, type RunSettings } from './settings';
import { TABS, Table, readPartners, readReferrals, type TrackedPartner, type TrackedReferral } from './tracker';
import { trackerLock, withTrackerLock } from './trackerLock';

/**
 * What the referral operations start from: the run's settings and the tracker's Referrals and
 * Partners tabs, read in one request.
 */
export interface ReferralRun {
	settings: RunSettings;
	referralsTable: Table;
	partnersTable: Table;
	/** Every Referrals row; one that cannot be read has `referral` null and its errors. */
	tracked: TrackedReferral[];
	partners: TrackedPartner[];
	partnerById: Map<string, TrackedPartner>;
}

const RUN_TABS = [TABS.referrals, TABS.partners];

function referralRunOf(settings: RunSettings, tabs: Record<string, string[][]>): ReferralRun {
	const referralsTable = new Table(TABS.referrals, tabs[TABS.referrals]);
	const partnersTable = new Table(TABS.partners, tabs[TABS.partners]);
	const tracked = readReferrals(referralsTable, settings.timeZone);
	const partners = readPartners(partnersTable);
	return {
		settings,
		referralsTable,
		partnersTable,
		tracked,
		partners,
		partnerById: new Map(partners.map((partner) => [partner.partnerId, partner])),
	};
}

/** The run's settings and the Referrals and Partners tabs, read once. */
export async function readReferralRun(ctx: IExecuteFunctions, sheets: ReferralSheets): Promise<ReferralRun> {
	const settings = await runSettings(ctx);
	return referralRunOf(settings, await sheets.readTabs(settings.trackerId, RUN_TABS));
}

/**
 * readReferralRun holding the tracker lock while `work` decides and writes; the lock is released
 * when `work` is done (or fails). The run comes back with `work`'s result, for what needs no lock
 * (the partner views).
 */
export async function lockedReferralRun<T>(
	ctx: IExecuteFunctions,
	sheets: ReferralSheets,
	work: (run: ReferralRun) => Promise<T>,
): Promise<{ run: ReferralRun; result: T }> {
	const settings = await runSettings(ctx);
	return withTrackerLock(sheets, settings.trackerId, RUN_TABS, trackerLock(ctx), async (tabs) => {
		const run = referralRunOf(settings, tabs);
		return { run, result: await work(run) };
	});
}

/**
 * The partners' own sheets brought in line with the run's referrals (as they are after the run's
 * changes): those of `onlyPartnerIds`, or every partner.
 */
export function syncRunViews(sheets: ReferralSheets, run: ReferralRun, onlyPartnerIds?: ReadonlySet<string>): Promise<PartnerSyncResult[]> {
	return syncPartnerViews(sheets, {
		trackerId: run.settings.trackerId,
		referrals: run.tracked.flatMap((row) => (row.referral ? [row.referral] : [])),
		partners: run.partners,
		partnersTable: run.partnersTable,
		onlyPartnerIds,
		timeZone: run.settings.timeZone,
		loanOfficerName: run.settings.loanOfficerName,
	});
}

/** What an output item says about its partner's view after syncRunViews. */
export function partnerViewOf(result: PartnerSyncResult): IDataObject {
	return { result: result.result, reason: result.reason, viewSpreadsheetId: result.viewSpreadsheetId, created: result.created };
}

/** Who to tell, on every output item about a referral. */
export function partnerContact(partner: TrackedPartner | undefined): IDataObject {
	return {
		partnerName: partner?.name ?? null,
		partnerEmail: partner?.email ?? null,
		partnerPhone: partner?.phone ?? null,
		notifyChannel: partner?.notifyChannel ?? null,
	};
}
