import type { Referral, StaleOptions } from '../../core';
import type { RunOptions } from '../lock';
import { listStaleReferrals, type StaleList } from './listStale';
import { openReferrals } from './openReferrals';
import type { PartnerSyncResult } from './partnerViews';
import { readReferralRun, syncRunViews, type ReferralRun, type ReferralSettings } from './run';
import { writeScoreboardTab, type ScoreboardRun } from './scoreboardTab';
import type { ReferralSheets } from './sheets';
import { updateReferrals } from './updateReferrals';

/**
 * The tracker's referrals as one repository, what Referral Status's router opens once per
 * execution and hands to the operation: the one Google session, the tracker, the run's settings and
 * its lock settings (the same lock as the Lead Tracker's runs). Each method is one run (one file each).
 */
export class ReferralTracker {
	constructor(
		readonly sheets: ReferralSheets,
		readonly settings: ReferralSettings,
		private readonly run: RunOptions,
	) {}

	/** List Stale: the open referrals that need the LO, and the rows that cannot be read. */
	listStale(options: StaleOptions): Promise<StaleList> {
		return listStaleReferrals(this.sheets, this.settings, options);
	}

	/** Referrals and Partners, read once (no lock: the run writes nothing to them). */
	read(): Promise<ReferralRun> {
		return readReferralRun(this.sheets, this.settings);
	}

	/** Open Referral: decide and append holding the tracker lock. */
	open<T>(decide: (run: ReferralRun) => Promise<{ opened: Referral[]; result: T }>): Promise<{ run: ReferralRun; result: T }> {
		return openReferrals(this.sheets, this.settings, this.run, decide);
	}

	/** Update Status: apply and write the changed rows holding the tracker lock. */
	update<T>(decide: (run: ReferralRun) => Promise<{ changed: ReadonlyMap<number, Referral>; result: T }>): Promise<{ run: ReferralRun; result: T }> {
		return updateReferrals(this.sheets, this.settings, this.run, decide);
	}

	/** The partners' own sheets brought in line with `run` (those of `onlyPartnerIds`, or all). */
	syncViews(run: ReferralRun, onlyPartnerIds?: ReadonlySet<string>): Promise<PartnerSyncResult[]> {
		return syncRunViews(this.sheets, run, onlyPartnerIds);
	}

	/** Write Scoreboard: the period's figures into the Scoreboard tab. */
	writeScoreboard(period: { from: string; to: string; addChart: boolean }): Promise<ScoreboardRun> {
		return writeScoreboardTab(this.sheets, this.settings, period);
	}
}
