import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { ReferralTracker } from '../../tracker/referrals/referralTracker';

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
export async function execute(ctx: IExecuteFunctions, tracker: ReferralTracker): Promise<INodeExecutionData[][]> {
	const run = await tracker.read();
	const only = String(ctx.getNodeParameter('partnerIds', 0, '') ?? '')
		.split(',')
		.map((id) => id.trim())
		.filter(Boolean);
	const results = await tracker.syncViews(run, only.length > 0 ? new Set(only) : undefined);
	const unreadableRows = run.tracked.filter((row) => !row.referral).map((row) => row.index + 2);
	return [results.map((result) => ({ json: { ...result, unreadableReferralRows: unreadableRows } as IDataObject, pairedItem: { item: 0 } }))];
}
