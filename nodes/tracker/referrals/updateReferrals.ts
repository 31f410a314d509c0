import type { Referral } from '../../core';
import type { RunOptions } from '../lock';
import { referralRowWrites } from './referralTabs';
import { lockedReferralRun, type ReferralRun, type ReferralSettings } from './run';
import type { ReferralSheets } from './sheets';

/**
 * Update Status's run: read Referrals and Partners, apply the updates (`decide`, in item order:
 * several may move the same referral), write every changed row in one request, all holding the
 * tracker lock: two updates of one referral at once are applied one after the other, none lost.
 * `changed` maps the Referrals data row to the referral as it is now.
 */
export function updateReferrals<T>(
	sheets: ReferralSheets,
	settings: ReferralSettings,
	options: RunOptions,
	decide: (run: ReferralRun) => Promise<{ changed: ReadonlyMap<number, Referral>; result: T }>,
): Promise<{ run: ReferralRun; result: T }> {
	return lockedReferralRun(sheets, settings, options, async (run) => {
		const { changed, result } = await decide(run);
		await sheets.writeRanges(settings.trackerId, [...changed].flatMap(([index, referral]) => referralRowWrites(run.referralsTable, index, referral)));
		return result;
	});
}
