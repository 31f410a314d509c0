import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { syncPartnerViews } from '../helpers/partnerViews';
import { runSettings } from '../helpers/settings';
import { TABS, Table, readPartners, readReferrals } from '../helpers/tracker';
import type { ReferralSheets } from '../transport/referralSheets';

export const description: INodeProperties[] = [
	{
		displayName: 'Partner IDs',
		name: 'partnerIds',
		type: 'string',
		default: '',
		placeholder: 'e.g. P-maria, P-dave',
		displayOptions: { show: { operation: ['syncPartnerViews'] } },
		description: 'Only these partners (comma-separated). Empty syncs every partner.',
	},
];

/**
 * Rewrites every partner's own spreadsheet from the tracker: one item per partner with what
 * happened (synced, created and shared, or skipped and why). Running it twice changes nothing.
 */
export async function execute(ctx: IExecuteFunctions, sheets: ReferralSheets): Promise<INodeExecutionData[][]> {
	const settings = runSettings(ctx);
	const tabs = await sheets.readTabs(settings.trackerId, [TABS.referrals, TABS.partners]);
	const partnersTable = new Table(TABS.partners, tabs[TABS.partners]);
	const tracked = readReferrals(new Table(TABS.referrals, tabs[TABS.referrals]), settings.timeZone);
	const only = String(ctx.getNodeParameter('partnerIds', 0, '') ?? '')
		.split(',')
		.map((id) => id.trim())
		.filter(Boolean);
	const results = await syncPartnerViews(sheets, {
		trackerId: settings.trackerId,
		referrals: tracked.flatMap((row) => (row.referral ? [row.referral] : [])),
		partners: readPartners(partnersTable),
		partnersTable,
		onlyPartnerIds: only.length > 0 ? new Set(only) : undefined,
		timeZone: settings.timeZone,
		loanOfficerName: settings.loanOfficerName,
	});
	const unreadableRows = tracked.filter((row) => !row.referral).map((row) => row.index + 2);
	return [results.map((result) => ({ json: { ...result, unreadableReferralRows: unreadableRows } as IDataObject, pairedItem: { item: 0 } }))];
}
