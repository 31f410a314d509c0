import twilio from 'twilio';
import { TwilioRequestClient } from './requestClient';

/** What the Twilio credential holds (see credentials/MortgageTwilioApi.credentials.ts). */
export interface TwilioCredentials {
	authType?: 'authToken' | 'apiKey';
	accountSid: string;
	authToken?: string;
	apiKeySid?: string;
	apiKeySecret?: string;
	/** Only for the local stand-in; empty means the real api.twilio.com. */
	baseUrl?: string;
}

export type TwilioClient = ReturnType<typeof twilio>;

/** A real twilio client; with a base URL its requests go to the stand-in instead of Twilio. */
export function createTwilioClient(credentials: TwilioCredentials): TwilioClient {
	const accountSid = String(credentials.accountSid ?? '').trim();
	if (!/^AC[0-9a-zA-Z]{32}$/.test(accountSid)) {
		throw new Error(`The Twilio credential's Account SID must look like AC followed by 32 characters, got "${accountSid}"`);
	}
	const httpClient = new TwilioRequestClient(String(credentials.baseUrl ?? '').trim() || null);
	if (credentials.authType === 'apiKey') {
		const keySid = String(credentials.apiKeySid ?? '').trim();
		if (!keySid.startsWith('SK') || !credentials.apiKeySecret) {
			throw new Error('The Twilio credential needs an API Key SID (SK...) and its secret');
		}
		return twilio(keySid, credentials.apiKeySecret, { accountSid, httpClient });
	}
	if (!credentials.authToken) throw new Error("The Twilio credential's Auth Token is empty");
	return twilio(accountSid, credentials.authToken, { httpClient });
}
