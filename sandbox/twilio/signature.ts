import { createHmac } from 'node:crypto';

/**
 * Twilio's request signature (X-Twilio-Signature): base64 HMAC-SHA1, keyed with the account's auth
 * token, over the full URL followed by every POST parameter sorted by name, each written as
 * name + value with no separators. Written here from Twilio's documented algorithm rather than
 * borrowed from the twilio library, so the trigger node's check (which uses the library) is
 * tested against an independent implementation.
 */
export function twilioSignature(authToken: string, url: string, params: Record<string, string | string[]>): string {
	let data = url;
	for (const name of Object.keys(params).sort()) {
		const value = params[name];
		// A repeated parameter (MediaUrl) is signed once per value, values sorted.
		for (const one of Array.isArray(value) ? [...value].sort() : [value]) data += name + one;
	}
	return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}
