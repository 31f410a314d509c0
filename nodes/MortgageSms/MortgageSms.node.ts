import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { OUTPUT_NAMES, router, smsProperties } from './actions/router';
import { sandboxProperty } from '../shared/sandbox';

/**
 * Mortgage SMS: texts a lead through Twilio after re-checking the compliance rules at send time,
 * identifies the loan officer on the first text, and sorts every item onto Sent, Deferred,
 * Blocked or Failed with the touch record for the Touches tab.
 */
export class MortgageSms implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Mortgage SMS',
		name: 'mortgageSms',
		icon: { light: 'file:mortgageSms.svg', dark: 'file:mortgageSms.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{"Send text"}}',
		description: 'Texts leads through Twilio: compliance re-checked at send time, LO identified on the first text, never the same touch twice',
		defaults: { name: 'Mortgage SMS' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: OUTPUT_NAMES.map(() => NodeConnectionTypes.Main),
		outputNames: [...OUTPUT_NAMES],
		credentials: [{ name: 'mortgageTwilioApi', required: true }],
		properties: [...smsProperties, sandboxProperty],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
