import type { LockOptions } from '../../transport/sheets/lock';
import { syncPartnerViews, type PartnerSyncResult } from './partnerViews';
import { TABS, readPartners, readReferrals, type TrackedPartner, type TrackedReferral } from './referralTabs';
import type { ReferralSheets } from './sheets';
import { ShownTable } from './shownTable';

/**
 * What every referral run starts from: the run's settings and the tracker's Referrals and
 * Partners tabs, read in one request (holding the tracker lock when the run writes).
 */
export interface ReferralSettings {
	trackerId: string;
	/** ISO instant of this run (the node's Now). */
	now: string;
	timeZone: string;
	loanOfficerName: string;
}

export interface ReferralRun {
	settings: ReferralSettings;
	referralsTable: ShownTable;
	partnersTable: ShownTable;
	/** Every Referrals row; one that cannot be read has `referral` null and its errors. */
	tracked: TrackedReferral[];
	partners: TrackedPartner[];
	partnerById: Map<string, TrackedPartner>;
}

const RUN_TABS = [TABS.referrals, TABS.partners];

function referralRunOf(settings: ReferralSettings, tabs: Record<string, string[][]>): ReferralRun {
	const referralsTable = new ShownTable(TABS.referrals, tabs[TABS.referrals]);
	const partnersTable = new ShownTable(TABS.partners, tabs[TABS.partners]);
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
export async function readReferralRun(sheets: ReferralSheets, settings: ReferralSettings): Promise<ReferralRun> {
	return referralRunOf(settings, await sheets.readTabs(settings.trackerId, RUN_TABS));
}

/**
 * readReferralRun holding the tracker lock (the one the Lead Tracker's runs take) while `work`
 * decides and writes: no other run reads or writes the tracker in between. The lock is released
 * once `work` has written, and when it fails. The run comes back with `work`'s result, for what
 * needs no lock (the partner views).
 */
export async function lockedReferralRun<T>(
	sheets: ReferralSheets,
	settings: ReferralSettings,
	lock: LockOptions,
	work: (run: ReferralRun) => Promise<T>,
): Promise<{ run: ReferralRun; result: T }> {
	const held = await sheets.readTabsLocked(settings.trackerId, RUN_TABS, lock);
	let result: { run: ReferralRun; result: T };
	try {
		const run = referralRunOf(settings, held.tabs);
		result = { run, result: await work(run) };
	} catch (error) {
		// The run's error is the one to report; a claim left unreleased lapses with its lease.
		await sheets.writeRanges(settings.trackerId, [held.lock.release()]).catch(() => undefined);
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- tracker layer (no n8n): passed on as it came (an item's NodeOperationError, or a Google failure the router turns into the node's error)
		throw error;
	}
	await sheets.writeRanges(settings.trackerId, [held.lock.release()]);
	return result;
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
