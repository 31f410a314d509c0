import type { IDataObject } from 'n8n-workflow';
import type { PartnerSyncResult } from '../../tracker/referrals/partnerViews';
import type { TrackedPartner } from '../../tracker/referrals/referralTabs';

/** What an output item says about its partner's view after a sync. */
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
