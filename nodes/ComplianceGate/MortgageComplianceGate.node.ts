import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { testLinkSecret } from './actions/linkSecret';
import { gateProperties, OUTPUTS_EXPRESSION, router } from './actions/router';
import { sandboxProperty } from '../shared/sandbox';

/**
 * Mortgage Compliance Gate: per item and channel, "Send Now" when consent, calling hours, Sundays,
 * holidays and caps all allow it; "Deferred" with the exact earliest legal `sendAfter`; "Blocked"
 * with the reasons when waiting cannot fix it. Every item carries a decision record for the audit log.
 * It also makes and checks the signed unsubscribe links marketing emails carry.
 */
export class MortgageComplianceGate implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Mortgage Compliance Gate',
		name: 'mortgageComplianceGate',
		icon: { light: 'file:complianceGate.svg', dark: 'file:complianceGate.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] === "addUnsubscribeLink" ? "Add unsubscribe link" : $parameter["operation"] === "verifyUnsubscribeLink" ? "Verify unsubscribe link" : "Channel: " + $parameter["channel"] }}',
		description:
			'Checks consent, opt-outs, calling hours (in the lead\'s time zone), Sundays, holidays and attempt caps before a text, call or email goes out',
		defaults: { name: 'Mortgage Compliance Gate' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: OUTPUTS_EXPRESSION,
		credentials: [
			{
				name: 'mortgageSignedLinkApi',
				required: true,
				testedBy: 'mortgageSignedLinkSecret',
				displayOptions: { show: { operation: ['addUnsubscribeLink', 'verifyUnsubscribeLink', 'addCallOutcomeLinks', 'verifyCallOutcomeLink'] } },
			},
		],
		properties: [...gateProperties, sandboxProperty],
	};

	methods = { credentialTest: { mortgageSignedLinkSecret: testLinkSecret } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router(this);
	}
}
