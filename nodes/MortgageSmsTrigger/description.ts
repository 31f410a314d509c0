import type { INodeProperties } from 'n8n-workflow';

/** The trigger's parameters: its path, which Twilio events start the workflow, the signed URL, the clock. */
export const smsTriggerProperties: INodeProperties[] = [
	{
		displayName:
			'On activation this trigger points your Twilio number\'s "A message comes in" webhook at itself (and lets go on deactivation): nothing to paste into the Twilio Console. Put its Production URL (https://your-n8n/webhook/mortgage-sms) in the Status Callback URL of the Mortgage SMS node for delivery reports.',
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Twilio Number',
		name: 'phoneNumber',
		type: 'string',
		default: '',
		placeholder: '+13055550100',
		description: 'The Twilio number borrowers text, in international format. Leave empty to use the account\'s only number that can text. Needs a Twilio credential with Auth Type "Auth Token": Twilio signs its webhooks with it.',
		displayOptions: { show: { setUpNumber: [true] } },
	},
	{
		displayName: 'Point the Number at This Trigger',
		name: 'setUpNumber',
		type: 'boolean',
		default: true,
		description:
			'Whether to set the number\'s incoming-message webhook to this trigger on activation. Turn off when a Messaging Service receives your texts or you set the webhook in the Twilio Console yourself.',
	},
	{
		displayName: 'Replace a Webhook Set Elsewhere',
		name: 'replaceWebhook',
		type: 'boolean',
		default: false,
		description:
			'Whether to take the number over when its webhook already points somewhere else (another app or workflow). Off: activation stops and says where it points, and nothing is changed. On: the old address is put back on deactivation.',
		displayOptions: { show: { setUpNumber: [true] } },
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
			'Only when n8n sits behind a proxy that changes the address: the URL Twilio must call, which Twilio signs (it is also the one given to the number). Leave empty to use this node\'s webhook URL.',
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
