import type { INodeProperties } from 'n8n-workflow';
import { nowProperty } from './common';
import { operations } from './router';

/** The node's parameters (after Authentication, which the node file adds): operation, spreadsheet, per-operation fields, Now, options. */
export const trackerProperties: INodeProperties[] = [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			default: 'upsertLeads',
			options: [
				{ name: 'Create Tracker', value: 'createTracker', action: 'Create the tracker tabs', description: 'Build a new tracker spreadsheet, or add the missing tabs to one' },
				{ name: 'Get Due Touches', value: 'getDueTouches', action: 'Get the touches due now', description: 'Read Leads, Cadences and Touches once and list what is due now' },
				{ name: 'Log Call Outcome', value: 'logCallOutcome', action: 'Log a call outcome', description: 'Log a call task\'s outcome (from its one-tap link) or your own activity, once, with its effect on the lead' },
				{ name: 'Log Touches', value: 'logTouches', action: 'Log touches', description: 'Append touches to the Touches tab (a touch is never logged twice)' },
				{ name: 'Read Settings', value: 'readSettings', action: 'Read the settings', description: 'Your name, NMLS ID, company and address from the Settings tab' },
				{ name: 'Record Reply / Opt-Out', value: 'recordReply', action: 'Record a reply or opt out', description: 'Update the lead and the Consent log from a reply' },
				{ name: 'Upsert Leads', value: 'upsertLeads', action: 'Add or update leads', description: 'Add new leads and update known ones by leadId, never blanking a known field' },
				{ name: 'Write Settings', value: 'writeSettings', action: 'Write the settings', description: 'Fill rows of the Settings tab (what the setup form does)' },
			],
		},
		{
			displayName: 'Spreadsheet ID',
			name: 'spreadsheetId',
			type: 'string',
			default: '',
			placeholder: 'Leave empty: the tracker of this Google account',
			description: 'Leave empty to use the tracker the setup (or Create Tracker > New Spreadsheet) made with this Google credential. Or paste a tracker\'s address or ID, shared with the service account\'s email as Editor.',
			displayOptions: { hide: { operation: ['createTracker'], target: ['new'] } },
		},
		...Object.values(operations).flatMap((operation) => operation.description),
		nowProperty(['upsertLeads', 'logTouches', 'getDueTouches', 'recordReply', 'logCallOutcome']),
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{ displayName: 'First Retry Delay (Ms)', name: 'retryBaseDelayMs', type: 'number', default: 1000, description: 'Wait before retrying after Google says "too many requests" or "unavailable"; doubles each time' },
				{ displayName: 'Max Retries', name: 'maxRetries', type: 'number', default: 8, description: 'How many times a call to Google is retried before the step fails' },
				{ displayName: 'Wait for Another Run (Seconds)', name: 'lockWaitSeconds', type: 'number', default: 180, description: 'How long to wait while another run is writing to the tracker' },
				{ displayName: 'Stay Under Google\'s Quota', name: 'paceRequests', type: 'boolean', default: true, description: 'Whether to wait instead of exceeding 60 reads and 60 writes per minute' },
			],
		},
	];
