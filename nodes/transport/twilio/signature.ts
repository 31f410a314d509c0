/**
 * Twilio's webhook signature (X-Twilio-Signature), checked with node:crypto: base64 HMAC-SHA1,
 * keyed with the account's Auth Token, over the full URL followed by every POST parameter sorted
 * by name, each written as name + value with no separators (a repeated parameter once per distinct
 * value, values sorted). The comparison is timing-safe.
 *
 * Like twilio's own `validateRequest`, the URL is tried as received and as `new URL()` normalises
 * it, each with and without the default port, because proxies add or drop ":443". Twilio's extra
 * fallback for back ends that re-encoded the query the way Node's legacy `querystring` does is
 * left out: the trigger builds its URLs itself.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignedParams = Record<string, string | string[]>;

export function twilioSignature(authToken: string, url: string, params: SignedParams): string {
	let data = url;
	for (const name of Object.keys(params).sort()) {
		const value = params[name];
		for (const one of Array.isArray(value) ? [...new Set(value)].sort() : [value]) data += name + one;
	}
	return createHmac('sha1', authToken).update(Buffer.from(data, 'utf-8')).digest('base64');
}

/** Whether `signature` is Twilio's signature of this request to `url`. */
export function isTwilioSignatureValid(authToken: string, signature: string, url: string, params: SignedParams): boolean {
	if (!authToken || !signature) return false;
	const received = Buffer.from(signature);
	return candidateUrls(url).some((candidate) => {
		const expected = Buffer.from(twilioSignature(authToken, candidate, params));
		return expected.length === received.length && timingSafeEqual(expected, received);
	});
}

function candidateUrls(url: string): string[] {
	const urls = [withoutPort(url), withPort(url)];
	let normalized: string | null = null;
	try {
		normalized = new URL(url).toString();
	} catch {
		// not a URL at all: only the string as received can match
	}
	if (normalized !== null) urls.push(withoutPort(normalized), withPort(normalized));
	return [...new Set(urls)];
}

/** scheme://, user info, host, :port and the rest, split without normalising anything. */
function splitUrl(url: string): { scheme: string; userInfo: string; host: string; port: string; rest: string } | null {
	const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)/i.exec(url);
	if (!match) return null;
	const [prefix, scheme, authority] = match;
	const userInfoEnd = authority.lastIndexOf('@');
	const hostAndPort = authority.slice(userInfoEnd + 1);
	// In an IPv6 literal the port's colon comes after the closing bracket.
	const portStart = hostAndPort.indexOf(':', hostAndPort.lastIndexOf(']') + 1);
	return {
		scheme,
		userInfo: authority.slice(0, userInfoEnd + 1),
		host: portStart === -1 ? hostAndPort : hostAndPort.slice(0, portStart),
		port: portStart === -1 ? '' : hostAndPort.slice(portStart),
		rest: url.slice(prefix.length),
	};
}

function withPort(url: string): string {
	const parts = splitUrl(url);
	if (!parts || parts.port) return url;
	const port = parts.scheme.toLowerCase() === 'https://' ? ':443' : ':80';
	return parts.scheme + parts.userInfo + parts.host + port + parts.rest;
}

function withoutPort(url: string): string {
	const parts = splitUrl(url);
	return parts ? parts.scheme + parts.userInfo + parts.host + parts.rest : url;
}
