import { NodeOperationError, type ICredentialDataDecryptedObject, type INode } from 'n8n-workflow';
import { TWILIO_CREDENTIAL, type TwilioCredentials } from '../transport/twilio';

/**
 * The Auth Token that Twilio signs its webhooks with. Twilio always signs with the account's Auth
 * Token, also for an account that sends with an API Key, and the Mortgage Twilio credential holds the
 * token only when its Auth Type is "Auth Token". So the trigger needs that kind of credential;
 * the SMS node may use either (docs/sms.md).
 */
export async function signingAuthToken(ctx: {
	getNode(): INode;
	getCredentials(type: string): Promise<ICredentialDataDecryptedObject>;
}): Promise<string> {
	const credentials = (await ctx.getCredentials(TWILIO_CREDENTIAL)) as TwilioCredentials;
	const token = credentials.authType === 'apiKey' ? '' : String(credentials.authToken ?? '').trim();
	if (!token) {
		throw new NodeOperationError(ctx.getNode(), 'The Twilio credential has no Auth Token to check that texts really come from Twilio', {
			description:
				'Twilio signs every webhook with your Auth Token. Give this trigger a Twilio credential with Auth Type "Auth Token" (Twilio Console > Account info); the Mortgage SMS node can keep using an API Key.',
		});
	}
	return token;
}
