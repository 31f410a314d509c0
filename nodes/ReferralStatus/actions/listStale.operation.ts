import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { clientDisplayName, type Referral } from '../../core';
import type { ReferralTracker } from '../../tracker/referrals/referralTracker';

const show = { show: { operation: ['listStale'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Partner Update Every (Days)',
		name: 'partnerUpdateDays',
		type: 'number',
		default: 7,
		typeOptions: { minValue: 1 },
		displayOptions: show,
		description: 'An open referral whose partner has heard nothing for this many days is listed',
	},
	{
		displayName: 'First Contact Within (Hours)',
		name: 'firstContactHours',
		type: 'number',
		default: 24,
		typeOptions: { minValue: 1 },
		displayOptions: show,
		description: 'An open referral nobody has contacted this long after it arrived is listed',
	},
];

/**
 * Lists the open referrals that need the loan officer: one item each, most overdue first, with
 * why. Reads the tracker once; writes nothing. Rows that cannot be read are listed too (as
 * `unreadable`), so a typo in the sheet never hides a forgotten referral.
 */
export async function execute(ctx: IExecuteFunctions, tracker: ReferralTracker): Promise<INodeExecutionData[][]> {
	const { stale, unreadable, partnerById } = await tracker.listStale({
		partnerUpdateDays: Number(ctx.getNodeParameter('partnerUpdateDays', 0, 7)),
		firstContactHours: Number(ctx.getNodeParameter('firstContactHours', 0, 24)),
	});
	const items: INodeExecutionData[] = stale.map((entry) => ({
		json: {
			...summary(entry.referral),
			partnerName: partnerById.get(entry.referral.partnerId)?.name ?? null,
			partnerEmail: partnerById.get(entry.referral.partnerId)?.email ?? null,
			reasons: entry.reasons,
			hoursSinceReceived: entry.hoursSinceReceived,
			daysSincePartnerUpdate: entry.daysSincePartnerUpdate,
			daysInStage: entry.daysInStage,
		},
		pairedItem: { item: 0 },
	}));
	for (const row of unreadable) {
		items.push({
			json: {
				referralId: row.rawId || null,
				reasons: ['unreadable'],
				errors: row.errors as unknown as IDataObject[],
				sheetRow: row.index + 2,
			},
			pairedItem: { item: 0 },
		});
	}
	return [items];
}

function summary(referral: Referral): IDataObject {
	return {
		referralId: referral.referralId,
		leadId: referral.leadId,
		partnerId: referral.partnerId,
		client: clientDisplayName(referral.firstName, referral.lastName),
		status: referral.status,
		receivedAt: referral.receivedAt,
		lastPartnerUpdateAt: referral.lastPartnerUpdateAt,
	};
}
