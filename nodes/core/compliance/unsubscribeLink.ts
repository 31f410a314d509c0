/**
 * Signed one-tap links, first of all the unsubscribe link every marketing email carries
 * (CAN-SPAM 15 U.S.C. 7704(a)(3): a working opt-out for at least 30 days after sending; RFC 8058
 * one-click unsubscribe for Gmail and Yahoo).
 *
 * A link names the lead, the channel, the action and when it stops working, in plain query
 * parameters (`?lead=ld_..&channel=email&action=unsubscribe&expires=1767225600&sig=...`). `sig` is
 * HMAC-SHA256 with the loan officer's link secret over exactly those four values, so nobody
 * without the secret can make a link for another lead, another action or a later expiry. The same
 * signing serves other one-tap links (call outcomes...) through makeSignedLink / verifySignedLink
 * with their own action.
 *
 * Pure: the secret and `now` are parameters; node:crypto does the hashing.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The query parameter that carries each signed value. */
export const LINK_PARAMS = Object.freeze({
	leadId: 'lead',
	channel: 'channel',
	action: 'action',
	expires: 'expires',
	signature: 'sig',
} as const);

export const UNSUBSCRIBE_ACTION = 'unsubscribe';
/** How long an unsubscribe link works unless told otherwise. */
export const UNSUBSCRIBE_LINK_DAYS = 90;
/** CAN-SPAM: the opt-out must keep working for at least 30 days after the email is sent. */
export const CAN_SPAM_OPT_OUT_DAYS = 30;
/** A shorter secret could be guessed; 32 characters of `openssl rand -hex 32` is the least. */
export const MIN_LINK_SECRET_LENGTH = 32;

const VERSION = 'mortgage-link-v1';
const DAY_MS = 86_400_000;
// A value with a line break or control character could make two different links sign the same text.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const SAFE_VALUE = /^[^\u0000-\u001f\u007f]{1,200}$/;
const EXPIRES = /^[1-9]\d{0,11}$/;
// base64url of a 32-byte HMAC: 43 characters.
const SIGNATURE = /^[A-Za-z0-9_-]{43}$/;

/** Bad input to makeSignedLink / makeUnsubscribeLink (a programming or setup problem, not a visitor's). */
export class SignedLinkError extends Error {
	constructor(
		readonly field: string,
		message: string,
	) {
		super(message);
		this.name = 'SignedLinkError';
	}
}

export interface SignedLinkInput {
	/** The page the link opens, e.g. `https://n8n.example.com/webhook/mortgage-unsubscribe`. */
	baseUrl: string;
	leadId: string;
	channel: string;
	action: string;
	/** ISO-8601 instant the link stops working (whole seconds; a fraction is rounded up). */
	expiresAt: string;
}

export type LinkRefusal = 'incomplete' | 'forged' | 'expired' | 'wrong-action';

export type LinkCheck =
	| { valid: true; leadId: string; channel: string; action: string; expiresAt: string }
	| { valid: false; reason: LinkRefusal; message: string };

/** What a link found in an email body says (read without the secret: its signature is not checked). */
export interface FoundLink {
	url: string;
	leadId: string;
	channel: string;
	action: string;
	expiresAt: string;
}

function checkSecret(secret: unknown): string {
	if (typeof secret !== 'string' || secret.length < MIN_LINK_SECRET_LENGTH) {
		throw new SignedLinkError(
			'secret',
			`The link secret must be at least ${MIN_LINK_SECRET_LENGTH} characters (e.g. the output of "openssl rand -hex 32")`,
		);
	}
	return secret;
}

function signatureOf(secret: string, leadId: string, channel: string, action: string, expires: string): string {
	return createHmac('sha256', secret).update([VERSION, leadId, channel, action, expires].join('\n')).digest('base64url');
}

/** Compares the text of two signatures in constant time (their length is no secret). */
function sameSignature(given: string, expected: string): boolean {
	const a = Buffer.from(given, 'utf8');
	const b = Buffer.from(expected, 'utf8');
	return a.length === b.length && timingSafeEqual(a, b);
}

function instantMs(value: string, field: string): number {
	const ms = typeof value === 'string' && /\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : Number.NaN;
	if (Number.isNaN(ms)) throw new SignedLinkError(field, `"${field}" must be an ISO-8601 date-time, got ${JSON.stringify(value)}`);
	return ms;
}

/** A signed link for one lead, channel and action, working until `expiresAt`. */
export function makeSignedLink(input: SignedLinkInput, secret: string): string {
	const key = checkSecret(secret);
	if (typeof input.baseUrl !== 'string' || !URL.canParse(input.baseUrl)) {
		throw new SignedLinkError('baseUrl', `The link address must be a full web address (https://...), got ${JSON.stringify(input.baseUrl)}`);
	}
	const url = new URL(input.baseUrl);
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new SignedLinkError('baseUrl', `The link address must start with https:// (or http://), got ${JSON.stringify(input.baseUrl)}`);
	}
	for (const field of ['leadId', 'channel', 'action'] as const) {
		const value = input[field];
		if (typeof value !== 'string' || !SAFE_VALUE.test(value) || value.trim() !== value) {
			throw new SignedLinkError(field, `"${field}" must be 1-200 characters without line breaks or surrounding spaces, got ${JSON.stringify(value)}`);
		}
	}
	const expires = String(Math.ceil(instantMs(input.expiresAt, 'expiresAt') / 1000));
	if (!EXPIRES.test(expires)) throw new SignedLinkError('expiresAt', `"expiresAt" is out of range: ${input.expiresAt}`);
	for (const name of Object.values(LINK_PARAMS)) url.searchParams.delete(name);
	url.searchParams.set(LINK_PARAMS.leadId, input.leadId);
	url.searchParams.set(LINK_PARAMS.channel, input.channel);
	url.searchParams.set(LINK_PARAMS.action, input.action);
	url.searchParams.set(LINK_PARAMS.expires, expires);
	url.searchParams.set(LINK_PARAMS.signature, signatureOf(key, input.leadId, input.channel, input.action, expires));
	return url.toString();
}

/**
 * Checks a link's query parameters (as a webhook receives them: a plain object, a URLSearchParams
 * or the link itself). The signature is checked first, so only a genuine link is told it expired.
 * `now` is an ISO-8601 instant; the link works while now < expires.
 */
export function verifySignedLink(
	query: Readonly<Record<string, unknown>> | URLSearchParams | string,
	options: { secret: string; now: string; action?: string },
): LinkCheck {
	const key = checkSecret(options.secret);
	const nowMs = instantMs(options.now, 'now');
	const read = readerOf(query);
	const leadId = read(LINK_PARAMS.leadId);
	const channel = read(LINK_PARAMS.channel);
	const action = read(LINK_PARAMS.action);
	const expires = read(LINK_PARAMS.expires);
	const signature = read(LINK_PARAMS.signature);
	if (
		leadId === null || channel === null || action === null || expires === null || signature === null ||
		!SAFE_VALUE.test(leadId) || !SAFE_VALUE.test(channel) || !SAFE_VALUE.test(action) || !EXPIRES.test(expires) || !SIGNATURE.test(signature)
	) {
		return { valid: false, reason: 'incomplete', message: 'This link is not complete. It may have been cut short when it was copied.' };
	}
	if (!sameSignature(signature, signatureOf(key, leadId, channel, action, expires))) {
		return { valid: false, reason: 'forged', message: 'This link is not valid. It may have been changed, or it was not made by us.' };
	}
	const expiresMs = Number(expires) * 1000;
	const expiresAt = new Date(expiresMs).toISOString();
	if (nowMs >= expiresMs) {
		return { valid: false, reason: 'expired', message: `This link stopped working on ${expiresAt.slice(0, 10)}. Please use the link in a more recent email from us.` };
	}
	if (options.action !== undefined && action !== options.action) {
		return { valid: false, reason: 'wrong-action', message: 'This link is for something else, not for unsubscribing.' };
	}
	return { valid: true, leadId, channel, action, expiresAt };
}

function readerOf(query: Readonly<Record<string, unknown>> | URLSearchParams | string): (name: string) => string | null {
	if (typeof query === 'string') {
		let params: URLSearchParams;
		try {
			params = new URL(query).searchParams;
		} catch {
			params = new URLSearchParams(query.replace(/^[^?]*\?/, ''));
		}
		return readerOf(params);
	}
	if (query instanceof URLSearchParams) {
		// A repeated parameter is ambiguous: refuse it rather than pick one.
		return (name) => (query.getAll(name).length === 1 ? query.get(name) : null);
	}
	// n8n's parsed query: a repeated parameter arrives as an array, a[b]=c as an object: only plain text counts.
	return (name) => {
		const value = query?.[name];
		return typeof value === 'string' ? value : null;
	};
}

/** The unsubscribe link for one lead's emails, working `validDays` (at least 30) days from `now`. */
export function makeUnsubscribeLink(
	input: { baseUrl: string; leadId: string; now: string; validDays?: number; channel?: string },
	secret: string,
): { url: string; expiresAt: string } {
	const validDays = input.validDays ?? UNSUBSCRIBE_LINK_DAYS;
	if (typeof validDays !== 'number' || !Number.isFinite(validDays) || validDays < CAN_SPAM_OPT_OUT_DAYS || validDays > 3660) {
		throw new SignedLinkError(
			'validDays',
			`An unsubscribe link must work for at least ${CAN_SPAM_OPT_OUT_DAYS} days after the email is sent (CAN-SPAM), and at most 10 years; got ${JSON.stringify(validDays)}`,
		);
	}
	const expiresAt = new Date(Math.ceil((instantMs(input.now, 'now') + validDays * DAY_MS) / 1000) * 1000).toISOString();
	const url = makeSignedLink({ baseUrl: input.baseUrl, leadId: input.leadId, channel: input.channel ?? 'email', action: UNSUBSCRIBE_ACTION, expiresAt }, secret);
	return { url, expiresAt };
}

/** Checks an unsubscribe link (see verifySignedLink); a genuine link for another action is refused. */
export function verifyUnsubscribeLink(
	query: Readonly<Record<string, unknown>> | URLSearchParams | string,
	options: { secret: string; now: string },
): LinkCheck {
	return verifySignedLink(query, { ...options, action: UNSUBSCRIBE_ACTION });
}

/**
 * The unsubscribe links in an email body (text or HTML), read without the secret: what the
 * content check uses to see that a marketing email carries the lead's link.
 */
export function unsubscribeLinksIn(body: string): FoundLink[] {
	if (typeof body !== 'string') return [];
	const found: FoundLink[] = [];
	for (const match of body.matchAll(/https?:\/\/[^\s"'<>]+/gi)) {
		const raw = match[0].replace(/&amp;/gi, '&').replace(/[.,;:!?)\]]+$/, '');
		let params: URLSearchParams;
		try {
			params = new URL(raw).searchParams;
		} catch {
			continue;
		}
		const one = (name: string) => (params.getAll(name).length === 1 ? params.get(name) : null);
		const [leadId, channel, action, expires, signature] = [
			one(LINK_PARAMS.leadId), one(LINK_PARAMS.channel), one(LINK_PARAMS.action), one(LINK_PARAMS.expires), one(LINK_PARAMS.signature),
		];
		if (action !== UNSUBSCRIBE_ACTION || !leadId || !channel || !expires || !EXPIRES.test(expires) || !signature || !SIGNATURE.test(signature)) continue;
		found.push({ url: raw, leadId, channel, action, expiresAt: new Date(Number(expires) * 1000).toISOString() });
	}
	return found;
}
