import { lockedWith, type RunOptions } from '../lock';
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
	/** Drive folder new partner sheets are made in; absent: a service account's come from the Settings tab's driveFolderId, read when one is made. */
	folderId?: string;
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
 * decides and writes: no other run reads or writes the tracker in between. The lock tab is read
 * in the same request as the tabs; the lock is released in a write of its own once `work` has
 * written (an append cannot carry it), and when it fails. The run comes back with `work`'s
 * result, for what needs no lock (the partner views).
 */
export function lockedReferralRun<T>(
	sheets: ReferralSheets,
	settings: ReferralSettings,
	options: RunOptions,
	work: (run: ReferralRun) => Promise<T>,
): Promise<{ run: ReferralRun; result: T }> {
	const { trackerId } = settings;
	const reads = {
		withLock: async (lockRange: string) => {
			const { lockRows, tabs } = await sheets.readTabsWith(trackerId, lockRange, RUN_TABS);
			return { lockRows, data: tabs };
		},
		alone: () => sheets.readTabs(trackerId, RUN_TABS),
	};
	return lockedWith(sheets.session, trackerId, options, reads, async (tabs, lock) => {
		const run = referralRunOf(settings, tabs);
		const result = await work(run);
		await sheets.writeRanges(trackerId, [lock.release()]);
		return { run, result };
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
		folderId: run.settings.folderId,
	});
}
