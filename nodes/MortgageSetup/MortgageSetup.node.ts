import { NodeConnectionTypes, NodeOperationError, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { sandboxProperty } from '../shared/sandbox';
import { googleAuthenticationProperty } from '../transport/sheets/open';
import * as healthCheck from './actions/healthCheck.operation';
import * as newSecrets from './actions/newSecrets.operation';
import * as workflowTemplates from './actions/workflowTemplates.operation';

const operations: Record<string, { execute(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> }> = { healthCheck, newSecrets, workflowTemplates };

/**
 * Mortgage Setup: the workflows to install (Workflow Templates) and whether everything is switched
 * on (Health Check). Thin: one file per operation; Google and Twilio through the pack's
 * credentials, n8n's own workflows through the items the setup workflow's n8n nodes hand it.
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
		usableAsTool: true,
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
				options: [
					{ name: 'Health Check', value: 'healthCheck', action: 'Check that everything is ready', description: 'One line per check: OK, or what to do' },
					{ name: 'New Secrets', value: 'newSecrets', action: 'Make up the workflows secrets', description: 'Random secrets for the lead webhook, the drip, the referral API and form, and the links, for n8n\'s "Create a credential"' },
					{ name: 'Workflow Templates', value: 'workflowTemplates', action: 'Get the workflows to install', description: 'The pack\'s workflows, bound to your credentials, for n8n\'s "Create a workflow"' },
				],
			},
			googleAuthenticationProperty,
			...healthCheck.description,
			...newSecrets.description,
			...workflowTemplates.description,
			sandboxProperty,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as string;
		const handler = operations[operation];
		if (!handler) throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not known`);
		return handler.execute(this);
	}
}
