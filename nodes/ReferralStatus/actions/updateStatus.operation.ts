import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import {
	LOST_REASONS,
	LOST_REASON_LABELS,
	ReferralUpdateError,
	applyReferralStatus,
	type Referral,
	type ReferralUpdate,
} from '../../core';
import { routeItems } from '../../shared/routeItems';
import { TABS, type TrackedReferral } from '../../tracker/referrals/referralTabs';
import type { ReferralTracker } from '../../tracker/referrals/referralTracker';
import { partnerContact, partnerViewOf } from '../helpers/items';

const show = { show: { operation: ['updateStatus'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Find Referral By',
		name: 'findBy',
		type: 'options',
		default: 'referralId',
		displayOptions: show,
		options: [
			{ name: 'Referral ID', value: 'referralId' },
			{ name: 'Lead ID', value: 'leadId', description: 'The open referral for this lead' },
		],
	},
	{
		displayName: 'Referral ID',
		name: 'referralId',
		type: 'string',
		default: '={{ $json.referralId }}',
		required: true,
		displayOptions: { show: { operation: ['updateStatus'], findBy: ['referralId'] } },
	},
	{
		displayName: 'Lead ID',
		name: 'leadId',
		type: 'string',
		default: '={{ $json.leadId }}',
		required: true,
		displayOptions: { show: { operation: ['updateStatus'], findBy: ['leadId'] } },
	},
	{
		displayName: 'New Status',
		name: 'status',
		type: 'options',
		default: 'contacted',
		displayOptions: show,
		description: 'Where the referral is now. Stages in between are stamped too; a referral never moves back.',
		options: [
			{ name: 'Application', value: 'application', description: 'Stage 4 of 6' },
			{ name: 'Appointment Set', value: 'appointment', description: 'Stage 3 of 6' },
			{ name: 'Approved', value: 'approved', description: 'Stage 5 of 6' },
			{ name: 'Closed', value: 'closed', description: 'Stage 6 of 6: final' },
			{ name: 'Contacted', value: 'contacted', description: 'Stage 2 of 6' },
			{ name: 'Lost (Not Moving Forward)', value: 'lost', description: 'From any open stage; needs a reason' },
			{ name: 'Received', value: 'received', description: 'Stage 1 of 6' },
			{ name: 'Reopened', value: 'reopened', description: 'A lost referral is back: it returns to the stage it was lost at' },
		],
	},
	{
		displayName: 'Lost Reason',
		name: 'lostReason',
		type: 'options',
		default: 'no-response',
		displayOptions: { show: { operation: ['updateStatus'], status: ['lost'] } },
		options: LOST_REASONS.map((reason) => ({ name: LOST_REASON_LABELS[reason], value: reason })),
		description: 'The partner never sees a financial reason: their message stays neutral',
	},
	{
		displayName: 'Lost Details',
		name: 'lostDetail',
		type: 'string',
		default: '',
		displayOptions: { show: { operation: ['updateStatus'], status: ['lost'] } },
		description: 'Your own words on why (required for Other). Private: never shown to the partner.',
	},
	{
		displayName: 'Next Step',
		name: 'nextStep',
		type: 'string',
		default: '',
		displayOptions: show,
		placeholder: 'e.g. Pre-approval letter by Friday',
		description: 'What happens next, in words fit for the partner. Empty uses a standard line for the status.',
	},
	{
		displayName: 'Loan Amount',
		name: 'loanAmount',
		type: 'string',
		default: '',
		displayOptions: show,
		placeholder: 'e.g. 412500',
		description: 'For closed volume on the scoreboard. Private: never shown to the partner. Empty keeps the current amount.',
	},
	{
		displayName: 'Happened At',
		name: 'happenedAt',
		type: 'string',
		default: '',
		displayOptions: show,
		placeholder: 'e.g. 2026-11-20T15:30:00-05:00',
		description: 'When it happened, if earlier than now (an appointment logged the next morning). Empty = now.',
	},
	{
		displayName: 'Update Partner View',
		name: 'syncPartnerView',
		type: 'boolean',
		default: true,
		displayOptions: show,
		description: 'Whether to rewrite the partner\'s own sheet right away, so they see the change the moment it happens',
	},
];

/**
 * Reads the Referrals and Partners tabs once, applies each item's update in order (several
 * items may move the same referral), writes every changed row in one call, all holding the tracker
 * lock, then refreshes the affected partners' views. One output item per input item, with the partner message.
 */
export async function execute(ctx: IExecuteFunctions, tracker: ReferralTracker): Promise<INodeExecutionData[][]> {
	const changed = new Map<number, Referral>();
	// Read, apply and write holding the tracker lock: two updates of the same referral at the same
	// moment (a form sent twice, two queue-mode workers) are applied one after the other, none lost.
	const { run, result: items } = await tracker.update(async ({ settings, tracked, partnerById }) => {
		const [items] = await routeItems(ctx, { outputs: ['updated'] as const }, (_item, itemIndex) => {
			const fail = (field: string, message: string) =>
				new NodeOperationError(ctx.getNode(), `Item ${itemIndex}, ${field}: ${message}`, { itemIndex });
			const target = findReferral(ctx, tracked, itemIndex, fail);
			const referral = target.referral as Referral;
			const partner = partnerById.get(referral.partnerId);
			let change;
			try {
				change = applyReferralStatus(referral, readUpdate(ctx, itemIndex, fail), settings.now, {
					partnerName: partner?.name ?? null,
					loanOfficerName: settings.loanOfficerName,
					timeZone: settings.timeZone,
				});
			} catch (error) {
				if (error instanceof ReferralUpdateError) throw fail(error.field, error.message);
				throw new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
			}
			target.referral = change.referral;
			if (change.changed) changed.set(target.index, change.referral);
			const json: IDataObject = {
				referralId: referral.referralId,
				leadId: referral.leadId,
				partnerId: referral.partnerId,
				...partnerContact(partner),
				previousStatus: change.from,
				status: change.to,
				changed: change.changed,
				skippedStages: change.skipped,
				partnerMessage: change.partnerMessage,
				daysInStage: change.daysInStage,
				speedToFirstContactMinutes: change.speedToFirstContactMinutes,
				referral: change.referral as unknown as IDataObject,
			};
			return { output: 'updated', json };
		});

		return { changed, result: items };
	});

	if (changed.size > 0 && ctx.getNodeParameter('syncPartnerView', 0, true) === true) {
		const results = await tracker.syncViews(run, new Set([...changed.values()].map((referral) => referral.partnerId)));
		const byPartner = new Map(results.map((result) => [result.partnerId, result]));
		for (const item of items) {
			const result = byPartner.get(String(item.json.partnerId));
			if (result) item.json.partnerView = partnerViewOf(result);
		}
	}
	return [items];
}

function findReferral(
	ctx: IExecuteFunctions,
	tracked: TrackedReferral[],
	itemIndex: number,
	fail: (field: string, message: string) => Error,
): TrackedReferral {
	const findBy = ctx.getNodeParameter('findBy', itemIndex, 'referralId') as 'referralId' | 'leadId';
	const key = String(ctx.getNodeParameter(findBy, itemIndex, '') ?? '').trim();
	if (!key) throw fail(findBy, 'is empty');
	const unreadable = tracked.find((row) => !row.referral && (findBy === 'referralId' ? row.rawId : row.rawLeadId) === key);
	let matches = tracked.filter((row) => row.referral && row.referral[findBy] === key);
	if (matches.length === 0 && unreadable) {
		throw fail(findBy, `the ${TABS.referrals} row for ${key} cannot be read: ${unreadable.errors.map((e) => `${e.field} ${e.message}`).join('; ')}`);
	}
	if (matches.length === 0) throw fail(findBy, `no referral with ${findBy} "${key}" in the ${TABS.referrals} tab`);
	if (findBy === 'leadId' && matches.length > 1) {
		const open = matches.filter((row) => row.referral!.status !== 'closed' && row.referral!.status !== 'lost');
		if (open.length > 1) {
			throw fail('leadId', `lead ${key} has ${open.length} open referrals (${open.map((row) => row.referral!.referralId).join(', ')}): update by Referral ID`);
		}
		matches = open.length === 1 ? open : [...matches].sort((a, b) => Date.parse(b.referral!.receivedAt) - Date.parse(a.referral!.receivedAt));
	}
	return matches[0];
}

function readUpdate(ctx: IExecuteFunctions, itemIndex: number, fail: (field: string, message: string) => Error): ReferralUpdate {
	const text = (name: string) => String(ctx.getNodeParameter(name, itemIndex, '') ?? '').trim();
	const status = text('status') as ReferralUpdate['status'];
	const amountText = text('loanAmount');
	let loanAmount: number | null = null;
	if (amountText) {
		loanAmount = Number(amountText.replace(/[$,\s]/g, ''));
		if (!Number.isFinite(loanAmount) || loanAmount < 0) throw fail('loanAmount', `"${amountText}" is not an amount`);
	}
	return {
		status,
		lostReason: status === 'lost' ? text('lostReason') : null,
		lostDetail: status === 'lost' ? text('lostDetail') : null,
		nextStep: text('nextStep') || null,
		loanAmount,
		at: text('happenedAt') || null,
	};
}
