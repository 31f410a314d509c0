import type { INodeProperties } from 'n8n-workflow';

/** The trigger's parameters: its path, which Twilio events start the workflow, the signed URL, the clock. */
export const smsTriggerProperties: INodeProperties[] = [
	{
		displayName:
			'In the Twilio Console, paste this node\'s Production URL (https://your-n8n/webhook/mortgage-sms) as your number\'s "A message comes in" webhook (HTTP POST), and as the Status Callback URL of the Mortgage SMS node',
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Path',
		name: 'path',
		type: 'string',
		default: 'mortgage-sms',
		required: true,
		placeholder: 'mortgage-sms',
		description: 'The webhook address after /webhook/: the Production URL is https://your-n8n/webhook/&lt;path&gt;. Change it only when one n8n serves several Twilio numbers or workflows (each needs its own path).',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		default: ['inbound', 'status'],
		options: [
			{ name: 'Text From a Borrower', value: 'inbound', description: 'STOP, START, HELP or a reply' },
			{ name: 'Delivery Report', value: 'status', description: 'Sent, delivered, undelivered or failed' },
		],
	},
	{
		displayName: 'Only Failed Delivery Reports',
		name: 'onlyFailedReports',
		type: 'boolean',
		default: true,
		displayOptions: { show: { events: ['status'] } },
		description:
			'Whether to start the workflow only for texts that could not be delivered (undelivered, failed, or any report with an error code). Reports such as queued, sent and delivered are still checked and answered 200, but start no execution.',
	},
	{
		displayName: 'Public URL',
		name: 'publicUrl',
		type: 'string',
		default: '',
		placeholder: 'https://n8n.example.com/webhook/mortgage-sms',
		description:
			'Only when n8n sits behind a proxy that changes the address: the exact URL entered in Twilio, which Twilio signs. Leave empty to use this node\'s webhook URL.',
	},
	{
		displayName: 'Now',
		name: 'now',
		type: 'string',
		default: '',
		placeholder: '2026-03-08T14:30:00Z',
		description: 'The time recorded as received. Leave empty for the real current time.',
		hint: 'Usually leave empty',
	},
];
