import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { FieldError } from '../../core/lead';
import type { ReplyEvent } from '../../tracker/recordReplies';
import type { Tracker } from '../../tracker/tracker';
import { checkItems, itemsOut } from './common';

export const description: INodeProperties[] = [
	{
		displayName: 'Event',
		name: 'event',
		type: 'options',
		default: 'auto',
		displayOptions: { show: { operation: ['recordReply'] } },
		options: [
			{ name: 'Read the Words (STOP, START...)', value: 'auto', description: 'STOP and plain-language requests count as opt-outs, START as opt-in' },
			{ name: 'Reply', value: 'reply' },
			{ name: 'Opt-Out', value: 'opt-out' },
			{ name: 'Opt-In', value: 'opt-in' },
		],
	},
	{
		displayName: 'Source',
		name: 'source',
		type: 'string',
		default: 'sms-reply',
		description: 'Where the words came from, kept in the Consent log as evidence',
		displayOptions: { show: { operation: ['recordReply'] } },
	},
];

const text = (value: unknown) => (value === null || value === undefined ? '' : String(value)).trim();

/**
 * Items are replies: a Twilio inbound webhook (From, Body, MessageSid) or { leadId | phone | email,
 * channel, words, at, eventId }. Updates the lead (last reply, opt-out/opt-in), logs the reply in
 * Touches and opt-outs/opt-ins in the Consent log.
 */
export async function execute(ctx: IExecuteFunctions, tracker: Tracker): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const kind = ctx.getNodeParameter('event', 0, 'auto') as ReplyEvent['kind'];
	const source = ctx.getNodeParameter('source', 0, 'sms-reply') as string;
	const events = new Map<number, ReplyEvent>();
	const { good, errors } = checkItems(ctx, items, (json, index) => {
		const problems: FieldError[] = [];
		const event: ReplyEvent = {
			leadId: text(json.leadId) || undefined,
			phone: text(json.phone ?? json.From) || undefined,
			email: text(json.email) || undefined,
			channel: (text(json.channel) || 'sms') as ReplyEvent['channel'],
			words: text(json.words ?? json.body ?? json.Body),
			at: text(json.at) || tracker.run.now,
			eventId: text(json.eventId ?? json.MessageSid ?? json.providerId) || undefined,
			source,
			kind,
		};
		if (!event.leadId && !event.phone && !event.email) problems.push({ field: 'leadId', message: 'give leadId, phone (or From) or email to find the lead' });
		if (!['sms', 'call', 'email'].includes(event.channel)) problems.push({ field: 'channel', message: `channel "${event.channel}" is not sms, call or email` });
		if (Number.isNaN(Date.parse(event.at))) problems.push({ field: 'at', message: `at "${event.at}" is not an ISO-8601 date-time` });
		events.set(index, event);
		return problems;
	});
	const results = await tracker.recordReplies(good.map((i) => events.get(i)!));
	for (const [k, itemIndex] of good.entries()) {
		const result = results[k];
		if (result.error) errors.set(itemIndex, [result.error]);
	}
	const byItem = new Map(good.map((itemIndex, k) => [itemIndex, results[k]]));
	return itemsOut(ctx, errors, (itemIndex) => ({ tracker: { ...byItem.get(itemIndex)!, spreadsheetId: tracker.spreadsheetId } }));
}
