import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { trackerProperties } from './actions/description';
import { router } from './actions/router';
import { sandboxProperty } from '../shared/sandbox';
import { googleAuthenticationProperty } from '../transport/sheets/open';

/**
 * Mortgage Lead Tracker: the loan officer's Google Sheet as the system of record (Leads, Touches,
 * Referrals, Partners, Cadences, Consent log, Settings). Every run reads each tab once and writes
 * each tab with one call, under a lock, so overlapping runs never duplicate or lose rows; writes
 * are RAW and escaped, so a phone stays "+1..." and a name never becomes a formula.
 */
export class MortgageLeadTracker implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Mortgage Lead Tracker',
		name: 'mortgageLeadTracker',
		icon: { light: 'file:leadTracker.svg', dark: 'file:leadTracker.dark.svg' },
		group: ['input', 'output'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description: 'The Google Sheet tracker of leads, touches, referrals and consent: batched, quota-safe, never loses a row',
		defaults: { name: 'Mortgage Lead Tracker' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Done / Due', 'Problems'],
		// The credential matching the Authentication parameter is asked for (credentials/).
		credentials: [
			{
				name: 'mortgageGoogleServiceAccountApi',
				required: true,
				displayOptions: { show: { authentication: ['serviceAccount'] } },
			},
			{ name: 'mortgageGoogleSheetsOAuth2Api', required: true, displayOptions: { show: { authentication: ['oAuth2'] } } },
		],
		properties: [googleAuthenticationProperty, ...trackerProperties, sandboxProperty],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router(this);
	}
}
