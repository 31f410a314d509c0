import { NodeConnectionTypes, NodeOperationError, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { sandboxProperty } from '../shared/sandbox';
import { googleAuthenticationProperty } from '../transport/sheets/open';
import * as healthCheck from './actions/healthCheck.operation';

/**
 * Mortgage Setup: is everything switched on (Health Check). Thin: the checks live in their
 * operation file; Google and Twilio through the pack's credentials, n8n's own workflows through
 * the items the setup workflow's n8n node hands it.
 */
export class MortgageSetup implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Mortgage Setup',
		name: 'mortgageSetup',
		icon: { light: 'file:mortgageSetup.svg', dark: 'file:mortgageSetup.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description: 'Checks that the tracker, your details, your Twilio number and the webhooks are ready, in plain words',
		defaults: { name: 'Mortgage Setup' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'mortgageGoogleServiceAccountApi', required: true, displayOptions: { show: { authentication: ['serviceAccount'] } } },
			{ name: 'mortgageGoogleSheetsOAuth2Api', required: true, displayOptions: { show: { authentication: ['oAuth2'] } } },
			{ name: 'mortgageTwilioApi', required: true },
		],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				default: 'healthCheck',
				options: [{ name: 'Health Check', value: 'healthCheck', action: 'Check that everything is ready', description: 'One line per check: OK, or what to do' }],
			},
			googleAuthenticationProperty,
			...healthCheck.description,
			sandboxProperty,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as string;
		if (operation !== 'healthCheck') throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not known`);
		return healthCheck.execute(this);
	}
}
