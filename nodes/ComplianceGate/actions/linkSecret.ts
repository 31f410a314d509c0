import {
	NodeOperationError,
	type ICredentialTestFunctions,
	type ICredentialsDecrypted,
	type IExecuteFunctions,
	type INodeCredentialTestResult,
	type INodeProperties,
} from 'n8n-workflow';
import { MIN_LINK_SECRET_LENGTH } from '../../core';

/** The link-signing secret from the node's Mortgage Signed Link Secret credential, checked once per run. */
export async function linkSecretOf(ctx: IExecuteFunctions): Promise<string> {
	const credentials = await ctx.getCredentials('mortgageSignedLinkApi');
	const secret = typeof credentials?.secret === 'string' ? credentials.secret : '';
	if (secret.length < MIN_LINK_SECRET_LENGTH) {
		throw new NodeOperationError(ctx.getNode(), `The link secret is too short (${secret.length} characters; at least ${MIN_LINK_SECRET_LENGTH})`, {
			description: 'Open the Mortgage Signed Link Secret credential and paste at least 32 random characters, e.g. the output of "openssl rand -hex 32".',
		});
	}
	return secret;
}

/** The credential's Test button: the secret is long enough to sign with. */
export async function testLinkSecret(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	const secret = typeof credential.data?.secret === 'string' ? credential.data.secret : '';
	return secret.length >= MIN_LINK_SECRET_LENGTH
		? { status: 'OK', message: 'The secret is long enough to sign links' }
		: { status: 'Error', message: `The secret has ${secret.length} characters; use at least ${MIN_LINK_SECRET_LENGTH} (e.g. the output of "openssl rand -hex 32")` };
}

/** The "Public Address" parameter of the operations that make links. */
export function publicAddressProperty(operation: string, who: string): INodeProperties {
	return {
		displayName: 'Public Address',
		name: 'n8nAddress',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://n8n.example.com',
		displayOptions: { show: { operation: [operation] } },
		description: `Where ${who} reach your n8n from the internet. Leave empty to use the address your n8n knows for itself (its WEBHOOK_URL).`,
	};
}

/** `<public address>/webhook/<path>`: the node's Public Address, else the address n8n knows for itself; null for an empty path. */
export function webhookPageOf(ctx: IExecuteFunctions, itemIndex: number, pathParameter: string, defaultPath: string): string | null {
	const given = String(ctx.getNodeParameter('n8nAddress', itemIndex, '') ?? '').trim();
	const base = (given || ctx.getInstanceBaseUrl()).replace(/\/+$/, '');
	const path = String(ctx.getNodeParameter(pathParameter, itemIndex, defaultPath) ?? '').trim().replace(/^\/+/, '');
	return path ? `${base}/webhook/${path}` : null;
}
