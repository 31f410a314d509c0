import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { referralStatusProperties } from './actions/description';
import { router } from './actions/router';
import { sandboxProperty } from '../shared/sandbox';
import { googleAuthenticationProperty } from '../transport/sheets/open';

/**
 * Mortgage Referral Status: the referral pipeline in the tracker spreadsheet. Moves referrals
 * through their stages with a warm partner message, lists the ones going stale, keeps each
 * partner's own sheet showing only their referrals, and writes the weekly scoreboard.
 */
export class MortgageReferralStatus implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Mortgage Referral Status',
		name: 'mortgageReferralStatus',
		icon: { light: 'file:referralStatus.svg', dark: 'file:referralStatus.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] }}',
		description: 'Tracks referrals through closing, keeps partners informed with their own sheet, and writes the scoreboard',
		defaults: { name: 'Mortgage Referral Status' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// The credential matching the Authentication parameter is asked for (credentials/).
		credentials: [
			{
				name: 'mortgageGoogleServiceAccountApi',
				required: true,
				displayOptions: { show: { authentication: ['serviceAccount'] } },
			},
			{ name: 'mortgageGoogleSheetsOAuth2Api', required: true, displayOptions: { show: { authentication: ['oAuth2'] } } },
		],
		properties: [googleAuthenticationProperty, ...referralStatusProperties, sandboxProperty],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router(this);
	}
}
