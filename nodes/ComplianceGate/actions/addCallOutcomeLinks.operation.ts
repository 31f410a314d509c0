import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { CALL_OUTCOME_LINK_DAYS, SignedLinkError, callTaskMessage, makeActivityLink, makeCallOutcomeLinks, renderTemplate, type MergeValues } from '../../core';
import { currentInstant } from '../../shared/clock';
import { routeItems } from '../../shared/routeItems';
import { linkSecretOf, publicAddressProperty, webhookPageOf } from './linkSecret';

const show = { show: { operation: ['addCallOutcomeLinks'] } };

export const description: INodeProperties[] = [
	publicAddressProperty('addCallOutcomeLinks', 'you and your phone'),
	{
		displayName: 'Call Outcome Webhook Path',
		name: 'outcomePath',
		type: 'string',
		default: 'mortgage-call-outcome',
		displayOptions: show,
		description: 'The Path of the "Call outcome link" webhook in the call outcomes workflow',
	},
	{
		displayName: 'Activity Webhook Path',
		name: 'activityPath',
		type: 'string',
		default: 'mortgage-activity',
		displayOptions: show,
		description: 'The Path of the "Log my activity" webhook in the call outcomes workflow; empty = no activity link',
	},
	{
		displayName: 'Links Work For (Days)',
		name: 'outcomeDays',
		type: 'number',
		default: CALL_OUTCOME_LINK_DAYS,
		typeOptions: { minValue: 1 },
		displayOptions: show,
	},
];

const text = (value: unknown) => (value === null || value === undefined ? '' : String(value)).trim();

/**
 * Each call-task item (a due touch on the call channel: touchId, leadId, lead, template, label)
 * gets `callTask`: the email to the loan officer, with the number as a `tel:` link and one signed
 * link per outcome for this task (a tap logs the call once), and the lead's activity page link.
 */
export async function execute(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const secret = await linkSecretOf(ctx);
	const now = await currentInstant(ctx, ctx.getNodeParameter('now', 0, ''));
	return routeItems(ctx, { outputs: ['main'] as const }, (item, itemIndex) => {
		const fail = (field: string, message: string) =>
			new NodeOperationError(ctx.getNode(), `Item ${itemIndex}, field "${field}": ${message}`, { itemIndex, description: 'Fix the item or the node parameter, then run again' });
		const json = item.json;
		const leadId = text(json.leadId);
		const taskId = text(json.touchId);
		if (!leadId) throw fail('leadId', 'the call task has no lead ID, so its outcome links would log nothing');
		if (!taskId) throw fail('touchId', 'the call task has no touchId, so its outcome links could not be told apart');
		const lead = (json.lead !== null && typeof json.lead === 'object' ? json.lead : {}) as IDataObject;
		const settings = (json.settings !== null && typeof json.settings === 'object' ? json.settings : {}) as IDataObject;
		try {
			const { links, expiresAt } = makeCallOutcomeLinks(
				{ baseUrl: webhookPageOf(ctx, itemIndex, 'outcomePath', 'mortgage-call-outcome') ?? '', leadId, taskId, now, validDays: ctx.getNodeParameter('outcomeDays', itemIndex, CALL_OUTCOME_LINK_DAYS) as number },
				secret,
			);
			const activityPage = webhookPageOf(ctx, itemIndex, 'activityPath', 'mortgage-activity');
			const activityUrl = activityPage ? makeActivityLink({ baseUrl: activityPage, leadId, now }, secret).url : undefined;
			const fields = { ...(settings as MergeValues), ...(lead as MergeValues) };
			const step = json.step === undefined || json.step === '' ? '' : ` step ${text(json.step)}`;
			const message = callTaskMessage({
				name: [text(lead.firstName), text(lead.lastName)].filter(Boolean).join(' '),
				phone: text(lead.phone),
				phoneBad: text(lead.phoneStatus) === 'wrong-number',
				why: `${text(json.label) || text(json.reason) || 'call task'} (${text(json.cadenceId)}${step})`,
				notes: renderTemplate(text(json.template), fields).text,
				leadId,
				links,
				activityUrl,
			});
			return { output: 'main', json: { ...json, callTask: { ...message, links, activityUrl: activityUrl ?? null, expiresAt } as unknown as IDataObject } };
		} catch (error) {
			if (error instanceof SignedLinkError) throw fail(error.field === 'baseUrl' ? 'Public Address' : error.field, error.message);
			throw new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
		}
	});
}
