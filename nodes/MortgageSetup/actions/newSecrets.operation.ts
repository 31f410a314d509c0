import { randomBytes } from 'node:crypto';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

export const description: INodeProperties[] = [
	{
		displayName: 'Form Login User',
		name: 'formUser',
		type: 'string',
		default: '',
		description: 'The user name of the referral update form (your email)',
		displayOptions: { show: { operation: ['newSecrets'] } },
	},
];

/**
 * The secrets the workflows need, made up here so nobody types one: the lead webhook secret
 * (what lead sources send), the drip's and the referral API's own, the referral form login and the
 * link-signing secret. One item each for n8n's "Create a credential" (name, credentialTypeName,
 * data); the installed workflows find them by name.
 */
export async function execute(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const secret = (bytes: number) => randomBytes(bytes).toString('hex');
	const user = String(ctx.getNodeParameter('formUser', 0, '') ?? '').trim() || 'lo';
	const secrets = [
		{ name: 'Lead webhook secret', credentialTypeName: 'httpHeaderAuth', data: { name: 'x-lead-secret', value: secret(24) } },
		{ name: 'Drip run secret', credentialTypeName: 'httpHeaderAuth', data: { name: 'x-drip-secret', value: secret(24) } },
		{ name: 'Referral update secret', credentialTypeName: 'httpHeaderAuth', data: { name: 'x-referral-secret', value: secret(24) } },
		{ name: 'LO form login', credentialTypeName: 'httpBasicAuth', data: { user, password: secret(12) } },
		{ name: 'Unsubscribe link secret', credentialTypeName: 'mortgageSignedLinkApi', data: { secret: secret(32) } },
	];
	return [secrets.map((json) => ({ json, pairedItem: { item: 0 } }))];
}
