import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { leadNormalizerProperties } from './description';
import { normalizeItems } from './normalizeItems';
import { sandboxProperty } from '../shared/sandbox';

/**
 * Mortgage Lead Normalizer: any lead source in (web form, Facebook Lead Ads, Zillow, LendingTree,
 * CSV, referral), one clean lead record out on "Valid"; unusable payloads leave on "Rejected" with
 * the reason per field and bounded evidence of what was sent.
 */
export class MortgageLeadNormalizer implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Mortgage Lead Normalizer',
		name: 'mortgageLeadNormalizer',
		icon: { light: 'file:leadNormalizer.svg', dark: 'file:leadNormalizer.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{"Source: " + $parameter["source"]}}',
		description:
			'Turns a lead from any source (web form, Facebook Lead Ads, Zillow, LendingTree, CSV, referral) into one clean lead record',
		defaults: { name: 'Mortgage Lead Normalizer' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Valid', 'Rejected'],
		properties: [...leadNormalizerProperties, sandboxProperty],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return normalizeItems(this);
	}
}
