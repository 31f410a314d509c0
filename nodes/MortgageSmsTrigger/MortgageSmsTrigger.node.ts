import {
	NodeConnectionTypes,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';
import { smsTriggerProperties } from './description';
import { LEGACY_PATH, receiveTwilioWebhook } from './receive';
import { smsWebhookMethods } from './webhookSetup';
import { sandboxProperty } from '../shared/sandbox';

/**
 * Mortgage SMS Reply Trigger: Twilio's webhook for texts from borrowers and delivery reports.
 * Only requests signed with the account's Auth Token start the workflow (anything else gets 403);
 * each text comes out classified as opt-out, opt-in, help or an ordinary reply. Activation points
 * the Twilio number's incoming-message webhook here (webhookSetup.ts).
 */
export class MortgageSmsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Mortgage SMS Reply Trigger',
		name: 'mortgageSmsTrigger',
		icon: { light: 'file:mortgageSmsTrigger.svg', dark: 'file:mortgageSmsTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"On " + $parameter["events"].join(", ")}}',
		description: 'Starts when a borrower texts back (STOP, START, HELP or a reply) or Twilio reports a delivery',
		defaults: { name: 'Mortgage SMS Reply Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'mortgageTwilioApi', required: true }],
		webhooks: [
			// A stable, readable URL (e.g. https://n8n.example.com/webhook/mortgage-sms), like n8n's own Webhook node.
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: '={{$parameter["path"]}}', isFullPath: true },
			// The URL of version 0.1 (<webhookId>/mortgage-sms), still answered so numbers and Status
			// Callback URLs set up with it keep working; hidden in the editor.
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: LEGACY_PATH, ndvHideUrl: true },
		],
		properties: [...smsTriggerProperties, sandboxProperty],
	};

	webhookMethods = smsWebhookMethods;

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return receiveTwilioWebhook(this);
	}
}
