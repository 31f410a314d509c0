import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { makeUnsubscribeLink, SignedLinkError, UNSUBSCRIBE_LINK_DAYS } from '../../core';
import { currentInstant } from '../../shared/clock';
import { routeItems } from '../../shared/routeItems';
import { linkSecretOf, publicAddressProperty, webhookPageOf } from './linkSecret';

const show = { show: { operation: ['addUnsubscribeLink'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Lead ID Field',
		name: 'leadIdField',
		type: 'string',
		default: 'leadId',
		displayOptions: show,
		description: 'The item field with the ID of the lead the email goes to: the link unsubscribes this lead only',
	},
	{
		displayName: 'Add To',
		name: 'addTo',
		type: 'options',
		default: 'email',
		displayOptions: show,
		options: [
			{ name: 'Email Items Only', value: 'email', description: 'Items whose "channel" is email get the link; the others pass unchanged' },
			{ name: 'Every Item', value: 'all' },
		],
	},
	publicAddressProperty('addUnsubscribeLink', 'leads'),
	{
		displayName: 'Unsubscribe Webhook Path',
		name: 'webhookPath',
		type: 'string',
		default: 'mortgage-unsubscribe',
		displayOptions: show,
		description: 'The Path of the "Unsubscribe link" webhook in the replies workflow',
	},
	{
		displayName: 'Link Works For (Days)',
		name: 'validDays',
		type: 'number',
		default: UNSUBSCRIBE_LINK_DAYS,
		typeOptions: { minValue: 30 },
		displayOptions: show,
		description: 'The law wants an unsubscribe link to work for at least 30 days after the email is sent',
	},
];

/**
 * Adds `unsubscribeUrl` (and `unsubscribeExpiresAt`) to each email item: the lead's own signed
 * link to the replies workflow's unsubscribe webhook. The email text then carries
 * `{{ $json.unsubscribeUrl }}`, and the gate refuses a marketing email without it.
 */
export async function execute(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const secret = await linkSecretOf(ctx);
	const now = await currentInstant(ctx, ctx.getNodeParameter('now', 0, ''));
	return routeItems(ctx, { outputs: ['main'] as const }, (item, itemIndex) => {
		const fail = (field: string, message: string) =>
			new NodeOperationError(ctx.getNode(), `Item ${itemIndex}, field "${field}": ${message}`, {
				itemIndex,
				description: 'Fix the item or the node parameter, then run again',
			});
		const json = item.json;
		const addTo = ctx.getNodeParameter('addTo', itemIndex, 'email') as string;
		if (addTo === 'email' && String(json.channel ?? '').trim().toLowerCase() !== 'email') return { output: 'main', json };
		const leadIdField = (ctx.getNodeParameter('leadIdField', itemIndex, 'leadId') as string) || 'leadId';
		const leadId = String(json[leadIdField] ?? '').trim();
		if (!leadId) throw fail(leadIdField, 'the item has no lead ID, so its email cannot carry an unsubscribe link');
		const baseUrl = webhookPageOf(ctx, itemIndex, 'webhookPath', 'mortgage-unsubscribe') ?? '';
		const validDays = ctx.getNodeParameter('validDays', itemIndex, UNSUBSCRIBE_LINK_DAYS) as number;
		try {
			const link = makeUnsubscribeLink({ baseUrl, leadId, now, validDays }, secret);
			return { output: 'main', json: { ...json, unsubscribeUrl: link.url, unsubscribeExpiresAt: link.expiresAt } as IDataObject };
		} catch (error) {
			if (error instanceof SignedLinkError) {
				const field = { baseUrl: 'Public Address', validDays: 'Link Works For (Days)', leadId: leadIdField }[error.field] ?? error.field;
				throw fail(field, error.message);
			}
			throw new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
		}
	});
}
