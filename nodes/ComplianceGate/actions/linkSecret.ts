import {
	NodeOperationError,
	type ICredentialTestFunctions,
	type ICredentialsDecrypted,
	type IExecuteFunctions,
	type INodeCredentialTestResult,
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
