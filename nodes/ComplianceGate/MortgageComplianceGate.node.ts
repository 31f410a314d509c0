import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { complianceGateProperties } from './description';
import { gateItems } from './gateItems';
import { sandboxProperty } from '../shared/sandbox';

/**
 * Mortgage Compliance Gate: per item and channel, "Send Now" when consent, calling hours, Sundays,
 * holidays and caps all allow it; "Deferred" with the exact earliest legal `sendAfter`; "Blocked"
 * with the reasons when waiting cannot fix it. Every item carries a decision record for the audit log.
 */
export class MortgageComplianceGate implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Mortgage Compliance Gate',
		name: 'mortgageComplianceGate',
		icon: { light: 'file:complianceGate.svg', dark: 'file:complianceGate.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{"Channel: " + $parameter["channel"]}}',
		description:
			'Checks consent, opt-outs, calling hours (in the lead\'s time zone), Sundays, holidays and attempt caps before a text, call or email goes out',
		defaults: { name: 'Mortgage Compliance Gate' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Send Now', 'Deferred', 'Blocked'],
		properties: [...complianceGateProperties, sandboxProperty],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return gateItems(this);
	}
}
