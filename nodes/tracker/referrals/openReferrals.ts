import type { Referral } from '../../core';
import type { RunOptions } from '../lock';
import { TABS, referralNewRow } from './referralTabs';
import { lockedReferralRun, type ReferralRun, type ReferralSettings } from './run';
import type { ReferralSheets } from './sheets';

/**
 * Open Referral's run: read Referrals and Partners, decide which referrals to open, append them
 * in one request, all holding the tracker lock (claimed before the read, released after the
 * append): two runs for the same lead at the same moment open it once. `decide` sees every row
 * (and pushes what it opens, so the same lead twice in one batch opens once). A retried append
 * whose first answer was lost is looked for by referralId first (sheets.ts): one row, not two.
 */
export function openReferrals<T>(
	sheets: ReferralSheets,
	settings: ReferralSettings,
	options: RunOptions,
	decide: (run: ReferralRun) => Promise<{ opened: Referral[]; result: T }>,
): Promise<{ run: ReferralRun; result: T }> {
	return lockedReferralRun(sheets, settings, options, async (run) => {
		const { opened, result } = await decide(run);
		// Keyed by referralId: an append whose answer was lost is found, not made twice.
		const column = run.referralsTable.column('referralId');
		await sheets.appendRows(settings.trackerId, TABS.referrals, opened.map((referral) => referralNewRow(run.referralsTable, referral)), column === undefined ? undefined : { column });
		return result;
	});
}
