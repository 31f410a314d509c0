import type { INodeProperties } from 'n8n-workflow';
import * as listStale from './listStale.operation';
import * as openReferral from './openReferral.operation';
import * as syncPartnerViews from './syncPartnerViews.operation';
import * as updateStatus from './updateStatus.operation';
import * as writeScoreboard from './writeScoreboard.operation';

/** The node's parameters: operation, tracker, the operation's own fields, Now, options. */
export const referralStatusProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'updateStatus',
		options: [
			{
				name: 'List Stale Referrals',
				value: 'listStale',
				action: 'List stale referrals',
				description: 'Open referrals with no contact in 24 hours or no partner update in a week',
			},
			{
				name: 'Open Referral',
				value: 'openReferral',
				action: 'Open a referral for a new lead',
				description: 'A lead from a partner: add it to the Referrals tab once, refresh the partner view, get the thank-you message',
			},
			{
				name: 'Sync Partner Views',
				value: 'syncPartnerViews',
				action: 'Sync partner views',
				description: "Rewrite each partner's own sheet with only their referrals",
			},
			{
				name: 'Update Status',
				value: 'updateStatus',
				action: 'Update a referral status',
				description: 'Move a referral to its new stage, get the partner message, refresh the partner view',
			},
			{
				name: 'Write Scoreboard',
				value: 'writeScoreboard',
				action: 'Write the scoreboard',
				description: 'Activity and results figures to the Scoreboard tab, plus the weekly email',
			},
		],
	},
	{
		displayName: 'Tracker Spreadsheet ID',
		name: 'spreadsheetId',
		type: 'string',
		default: '',
		placeholder: 'Leave empty: the tracker of this Google account',
		description: 'Leave empty to use the tracker the setup (or Create Tracker) made with this Google credential, or paste a tracker\'s address or ID',
	},
	...openReferral.description,
	...updateStatus.description,
	...listStale.description,
	...syncPartnerViews.description,
	...writeScoreboard.description,
	{
		displayName: 'Now',
		name: 'now',
		type: 'string',
		default: '',
		placeholder: 'e.g. 2026-11-24T09:00:00-05:00',
		description: 'The current time for this run (ISO-8601). Leave empty to use the real time; set it to test or to back-fill.',
		hint: 'Usually leave empty',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'First Retry Delay (Ms)',
				name: 'retryBaseDelayMs',
				type: 'number',
				default: 1000,
				typeOptions: { minValue: 1 },
				description: 'Wait before retrying after Google says "too many requests" or "unavailable"; doubles each time, with jitter',
			},
			{
				displayName: 'Loan Officer Name',
				name: 'loanOfficerName',
				type: 'string',
				default: '',
				placeholder: 'e.g. Sam Reed, NMLS #123456',
				description: 'Signs partner messages and names the partner spreadsheets',
			},
			{
				displayName: 'Max Retries',
				name: 'maxRetries',
				type: 'number',
				default: 8,
				typeOptions: { minValue: 0 },
				description: 'How many times a call to Google is retried before the step fails',
			},
			{
				displayName: "Stay Under Google's Quota",
				name: 'paceRequests',
				type: 'boolean',
				default: true,
				description: 'Whether to wait instead of exceeding 60 reads and 60 writes per minute (shared with the other nodes of this pack)',
			},
			{
				displayName: 'Time Zone',
				name: 'timeZone',
				type: 'string',
				default: '',
				placeholder: 'e.g. America/New_York',
				description: "Dates in partner views and the scoreboard period are in this zone. Empty = the workflow's time zone.",
			},
		],
	},
];
