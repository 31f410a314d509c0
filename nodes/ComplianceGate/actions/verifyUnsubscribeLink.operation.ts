import { type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { verifyUnsubscribeLink } from '../../core';
import { currentInstant } from '../../shared/clock';
import { routeItems } from '../../shared/routeItems';
import { linkSecretOf } from './linkSecret';

export const description: INodeProperties[] = [
	{
		displayName: 'Query Field',
		name: 'queryField',
		type: 'string',
		default: 'query',
		displayOptions: { show: { operation: ['verifyUnsubscribeLink'] } },
		description: 'The item field with the link\'s parameters. The Webhook node puts them in "query".',
	},
];

/** RFC 8058: a mail app's one-click unsubscribe POSTs this body to the link. */
const ONE_CLICK = 'One-Click';

/**
 * Items are requests to the unsubscribe webhook (GET from the link, or POST from a mail app's
 * one-click button). A genuine, unexpired link leaves on "Valid Link" as a reply event Record
 * Reply takes as it is (leadId, channel, words, at, eventId); a forged, changed, cut-short or
 * expired one leaves on "Refused" with the reason in plain words. Nothing is written here.
 */
export async function execute(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const secret = await linkSecretOf(ctx);
	const now = await currentInstant(ctx, ctx.getNodeParameter('now', 0, ''));
	return routeItems(ctx, { outputs: ['valid', 'refused'] as const, errorOutput: 'refused' }, (item, itemIndex) => {
		const json = item.json;
		const field = (ctx.getNodeParameter('queryField', itemIndex, 'query') as string) || 'query';
		const query = json[field] !== null && typeof json[field] === 'object' ? (json[field] as IDataObject) : {};
		const check = verifyUnsubscribeLink(query, { secret, now });
		if (!check.valid) return { output: 'refused', json: { unsubscribe: { valid: false, reason: check.reason, message: check.message } } };
		const body = json.body !== null && typeof json.body === 'object' ? (json.body as IDataObject) : {};
		const oneClick = body['List-Unsubscribe'] === ONE_CLICK;
		return {
			output: 'valid',
			json: {
				leadId: check.leadId,
				channel: check.channel,
				words: oneClick ? 'One-click unsubscribe from the mail app (List-Unsubscribe=One-Click)' : 'Opened the unsubscribe link in an email',
				at: now,
				// Clicks on the same day (the link, then the mail app's button) are one opt-out.
				eventId: `unsubscribe-link:${check.leadId}:${check.channel}:${now.slice(0, 10)}`,
				unsubscribe: { valid: true, leadId: check.leadId, channel: check.channel, expiresAt: check.expiresAt, oneClick },
			},
		};
	});
}
