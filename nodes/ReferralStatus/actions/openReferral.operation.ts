import { createHash } from 'node:crypto';
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { isOpen, newReferral, partnerMessage, type Referral } from '../../core';
import { routeItems } from '../../shared/routeItems';
import { TABS, type TrackedReferral } from '../../tracker/referrals/referralTabs';
import type { ReferralTracker } from '../../tracker/referrals/referralTracker';
import { partnerContact, partnerViewOf } from '../helpers/items';

const show = { show: { operation: ['openReferral'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Partner ID',
		name: 'partnerId',
		type: 'string',
		default: '={{ $json.partnerId }}',
		displayOptions: show,
		description: 'Who sent the lead (the ID in the Partners tab). An item without one passes through untouched, marked "not a referral".',
	},
	{
		displayName: 'Lead ID',
		name: 'referredLeadId',
		type: 'string',
		default: '={{ $json.leadId }}',
		displayOptions: show,
		description: 'The lead in the Leads tab. A lead that already has an open referral from this partner is not opened twice.',
	},
	{
		displayName: 'Client First Name',
		name: 'clientFirstName',
		type: 'string',
		default: '={{ $json.firstName }}',
		displayOptions: show,
	},
	{
		displayName: 'Client Last Name',
		name: 'clientLastName',
		type: 'string',
		default: '={{ $json.lastName }}',
		displayOptions: show,
		description: 'Kept in your tracker; the partner only ever sees the initial',
	},
	{
		displayName: 'Referral Source',
		name: 'referralSource',
		type: 'string',
		default: '={{ $json.sourceDetail }}',
		displayOptions: show,
		placeholder: 'e.g. Open house',
		description: 'How the referral came in (optional)',
	},
	{
		displayName: 'Referred At',
		name: 'referredAt',
		type: 'string',
		default: '={{ $json.receivedAt }}',
		displayOptions: show,
		placeholder: 'e.g. 2026-12-08T15:00:00Z',
		description: 'When the referral arrived (ISO-8601). Empty = now.',
	},
	{
		displayName: 'Update Partner View',
		name: 'syncPartnerViewOnOpen',
		type: 'boolean',
		default: true,
		displayOptions: show,
		description: "Whether to rewrite the partner's own sheet right away (made and shared the first time), so the new referral shows there at once",
	},
];

/** The same arrival (partner, lead, time) always gets the same id, so it is recognised when it comes again. */
export function openedReferralId(partnerId: string, leadId: string, receivedAt: string): string {
	return `rf_${createHash('sha256').update(`${partnerId}\u0000${leadId}\u0000${receivedAt}`).digest('hex').slice(0, 16)}`;
}

/**
 * Opens the referral of each lead that came from a partner: a Referrals row at "received", the
 * partner's view synced, and the partner's thank-you message. One read of the Referrals and
 * Partners tabs and one append per run, however many items, holding the tracker lock (claimed
 * before the read, released after the append). Idempotent: a lead that already has an open
 * referral from that partner (a duplicate POST, a retried run, a run at the same moment, twice in
 * one batch) is reported as already open and written nothing. An item without a partner passes through on the
 * same output marked "not a referral": count in = count out, in order.
 */
export async function execute(ctx: IExecuteFunctions, tracker: ReferralTracker): Promise<INodeExecutionData[][]> {
	const opened: Referral[] = [];
	// Read, decide and append holding the tracker lock: two runs for the same lead at the same
	// moment (a form posted twice, two queue-mode workers) open it once.
	const { run, result: items } = await tracker.open(async ({ settings, tracked, partnerById }) => {

		const [items] = await routeItems(ctx, { outputs: ['main'] as const }, (item, itemIndex) => {
			const fail = (field: string, message: string) =>
				new NodeOperationError(ctx.getNode(), `Item ${itemIndex}, ${field}: ${message}`, { itemIndex });
			const text = (name: string) => {
				const value = ctx.getNodeParameter(name, itemIndex, '');
				return value === null || value === undefined ? '' : String(value).trim();
			};
			const partnerId = text('partnerId');
			if (!partnerId) return { output: 'main', json: { ...item.json, referral: { result: 'not-a-referral' } } };
			const leadId = text('referredLeadId');
			if (!leadId) throw fail('referredLeadId', `is empty: a referral from ${partnerId} needs the lead's id`);
			const receivedAt = instant(text('referredAt'), settings.now);
			if (receivedAt === null) throw fail('referredAt', `"${text('referredAt')}" is not a date-time`);
			const referralId = openedReferralId(partnerId, leadId, receivedAt);

			const existing = findOpen(tracked, partnerId, leadId, referralId);
			if (!existing) {
				const unreadable = tracked.find((row) => !row.referral && (row.rawLeadId === leadId || row.rawId === referralId));
				if (unreadable) {
					const problems = unreadable.errors.map((error) => `${error.field} ${error.message}`).join('; ');
					throw fail('referredLeadId', `the ${TABS.referrals} row ${unreadable.index + 2} for lead ${leadId} cannot be read (${problems}): fix it so the referral is not opened twice`);
				}
			}
			const partner = partnerById.get(partnerId);
			const about = { partnerId, ...partnerContact(partner) };
			if (existing) {
				const referral = existing.referral as Referral;
				const json: IDataObject = { result: 'already-open', referralId: referral.referralId, status: referral.status, ...about, partnerMessage: null };
				return { output: 'main', json: { ...item.json, referral: json } };
			}

			const referral = newReferral({
				referralId,
				partnerId,
				leadId,
				receivedAt,
				firstName: text('clientFirstName') || null,
				lastName: text('clientLastName') || null,
				source: text('referralSource') || null,
			});
			// Later items of this run see it: the same lead twice in one batch opens once.
			tracked.push({ index: -1, rawId: referralId, rawLeadId: leadId, referral, errors: [] });
			opened.push(referral);
			const message = partnerMessage(referral, { kind: 'received' }, {
				partnerName: partner?.name ?? null,
				loanOfficerName: settings.loanOfficerName,
				timeZone: settings.timeZone,
			});
			const json: IDataObject = { result: 'opened', referralId, status: referral.status, ...about, partnerMessage: message };
			return { output: 'main', json: { ...item.json, referral: json } };
		});

		return { opened, result: items };
	});

	if (opened.length > 0 && ctx.getNodeParameter('syncPartnerViewOnOpen', 0, true) === true) {
		const results = await tracker.syncViews(run, new Set(opened.map((referral) => referral.partnerId)));
		const byPartner = new Map(results.map((result) => [result.partnerId, result]));
		for (const item of items) {
			const referral = item.json.referral as IDataObject | undefined;
			if (referral?.result !== 'opened') continue;
			const result = byPartner.get(String(referral.partnerId));
			if (result) referral.partnerView = partnerViewOf(result);
		}
	}
	return [items];
}

/** The lead's open referral from this partner, or this very arrival already recorded (whatever its status now). */
function findOpen(tracked: TrackedReferral[], partnerId: string, leadId: string, referralId: string): TrackedReferral | undefined {
	return tracked.find(
		(row) =>
			row.referral &&
			(row.referral.referralId === referralId || (row.referral.partnerId === partnerId && row.referral.leadId === leadId && isOpen(row.referral))),
	);
}

function instant(value: string, now: string): string | null {
	if (!value) return now;
	const ms = Date.parse(value);
	return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}
