import fc from 'fast-check';
import twilio from 'twilio';
import { isTwilioSignatureValid, twilioSignature, type SignedParams } from '../../../nodes/transport/twilio';

/**
 * Our X-Twilio-Signature (node:crypto) against twilio's own getExpectedTwilioSignature and
 * validateRequest, on the same random inputs. twilio is a devDependency: the reference, tests only.
 */
const token = fc.string({ minLength: 1, maxLength: 40 });
const params: fc.Arbitrary<SignedParams> = fc.dictionary(
	fc.string({ minLength: 1, maxLength: 12 }),
	fc.oneof(fc.string({ maxLength: 40 }), fc.array(fc.string({ maxLength: 12 }), { minLength: 1, maxLength: 3 })),
	{ maxKeys: 8 },
);

/** A URL Twilio could have been given, from parts, so that port variants can be written out. */
const urlParts = fc.record({
	scheme: fc.constantFrom('https', 'http'),
	host: fc.domain(),
	port: fc.option(fc.constantFrom('443', '80', '5678', '8443'), { nil: undefined }),
	path: fc.webPath(),
	query: fc.option(fc.webQueryParameters(), { nil: undefined }),
});
type UrlParts = typeof urlParts extends fc.Arbitrary<infer T> ? T : never;
const urlOf = (p: UrlParts, port = p.port) => `${p.scheme}://${p.host}${port ? `:${port}` : ''}${p.path || '/'}${p.query ? `?${p.query}` : ''}`;
const defaultPort = (p: UrlParts) => (p.scheme === 'https' ? '443' : '80');

describe('X-Twilio-Signature, checked with node:crypto', () => {
	it('computes the same signature as twilio for any URL and parameters (repeated values included)', () => {
		fc.assert(
			fc.property(token, fc.webUrl({ withQueryParameters: true, withFragments: true }), params, (key, url, form) => {
				expect(twilioSignature(key, url, form)).toBe(twilio.getExpectedTwilioSignature(key, url, form));
			}),
			{ numRuns: 300 },
		);
	});

	it('accepts and refuses exactly what twilio.validateRequest accepts and refuses', () => {
		const how = fc.constantFrom('as-given', 'port-added', 'port-dropped', 'normalized', 'other-token', 'other-params', 'garbage', 'empty');
		fc.assert(
			fc.property(token, urlParts, params, how, fc.string({ maxLength: 30 }), (key, parts, form, signedAs, garbage) => {
				const url = urlOf(parts);
				const signature = (() => {
					switch (signedAs) {
						case 'as-given':
							return twilio.getExpectedTwilioSignature(key, url, form);
						case 'port-added':
							return twilio.getExpectedTwilioSignature(key, urlOf(parts, parts.port ?? defaultPort(parts)), form);
						case 'port-dropped':
							return twilio.getExpectedTwilioSignature(key, urlOf({ ...parts, port: undefined }), form);
						case 'normalized':
							return twilio.getExpectedTwilioSignature(key, new URL(url).toString(), form);
						case 'other-token':
							return twilio.getExpectedTwilioSignature(`${key}x`, url, form);
						case 'other-params':
							return twilio.getExpectedTwilioSignature(key, url, { ...form, Body: `${String(form.Body ?? '')}!` });
						case 'garbage':
							return garbage;
						default:
							return '';
					}
				})();
				expect(isTwilioSignatureValid(key, signature, url, form)).toBe(twilio.validateRequest(key, signature, url, form));
			}),
			{ numRuns: 500 },
		);
	});

	it('accepts a genuine request and refuses a changed word, another token, another URL', () => {
		const url = 'https://n8n.example.com/webhook/mortgage-sms?touchId=lead-1%3Anew-lead%3A1';
		const form = { From: '+13055550123', To: '+13055550100', Body: 'Call me', MessageSid: 'SM1' };
		const signature = twilio.getExpectedTwilioSignature('tok', url, form);
		expect(isTwilioSignatureValid('tok', signature, url, form)).toBe(true);
		expect(isTwilioSignatureValid('tok', signature, url.replace('https://n8n.example.com', 'https://n8n.example.com:443'), form)).toBe(true);
		expect(isTwilioSignatureValid('tok', signature, url, { ...form, Body: 'STOP' })).toBe(false);
		expect(isTwilioSignatureValid('other', signature, url, form)).toBe(false);
		expect(isTwilioSignatureValid('tok', signature, url.replace('lead-1', 'lead-2'), form)).toBe(false);
		expect(isTwilioSignatureValid('', signature, url, form)).toBe(false);
	});
});
