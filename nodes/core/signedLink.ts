/**
 * Signed one-tap links: the one kernel behind every link the pack puts in a message that changes
 * the tracker when opened: the unsubscribe link of a marketing email (compliance/unsubscribeLink.ts),
 * the one-tap outcomes of a call task and the loan officer's own activity links (callOutcome.ts).
 *
 * A link names the lead, the channel, the action, when it stops working and, for a link that
 * answers one thing once, a reference (the call task it answers), in plain query parameters
 * (`?lead=ld_..&channel=email&action=unsubscribe&expires=1767225600&sig=...`). `sig` is
 * HMAC-SHA256 with the loan officer's link secret over exactly those values, so nobody without
 * the secret can make a link for another lead, action, task or a later expiry. A link without a
 * reference signs the same text as before references existed: links already in mailboxes keep
 * working.
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
	ref: 'ref',
	signature: 'sig',
} as const);

/** A shorter secret could be guessed; 32 characters of `openssl rand -hex 32` is the least. */
export const MIN_LINK_SECRET_LENGTH = 32;

export const DAY_MS = 86_400_000;
const VERSION = 'mortgage-link-v1';
// A value with a line break or control character could make two different links sign the same text.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const SAFE_VALUE = /^[^\u0000-\u001f\u007f]{1,200}$/;
export const LINK_EXPIRES = /^[1-9]\d{0,11}$/;
// base64url of a 32-byte HMAC: 43 characters.
export const LINK_SIGNATURE = /^[A-Za-z0-9_-]{43}$/;

/** Bad input to makeSignedLink and the links built on it (a programming or setup problem, not a visitor's). */
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
	/** What the link answers, when it answers one thing once (the call task's touchId). Signed too. */
	ref?: string;
}

export type LinkRefusal = 'incomplete' | 'forged' | 'expired' | 'wrong-action';

export type LinkCheck =
	| { valid: true; leadId: string; channel: string; action: string; expiresAt: string; ref?: string }
	| { valid: false; reason: LinkRefusal; message: string };

/** The query of a link as a webhook hands it over: a plain object, a URLSearchParams or the link itself. */
export type LinkQuery = Readonly<Record<string, unknown>> | URLSearchParams | string;

export function checkLinkSecret(secret: unknown): string {
	if (typeof secret !== 'string' || secret.length < MIN_LINK_SECRET_LENGTH) {
		throw new SignedLinkError(
			'secret',
			`The link secret must be at least ${MIN_LINK_SECRET_LENGTH} characters (e.g. the output of "openssl rand -hex 32")`,
		);
	}
	return secret;
}

function signatureOf(secret: string, values: readonly string[]): string {
	return createHmac('sha256', secret).update([VERSION, ...values].join('\n')).digest('base64url');
}

/** Compares the text of two signatures in constant time (their length is no secret). */
function sameSignature(given: string, expected: string): boolean {
	const a = Buffer.from(given, 'utf8');
	const b = Buffer.from(expected, 'utf8');
	return a.length === b.length && timingSafeEqual(a, b);
}

export function linkInstantMs(value: string, field: string): number {
	const ms = typeof value === 'string' && /\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : Number.NaN;
	if (Number.isNaN(ms)) throw new SignedLinkError(field, `"${field}" must be an ISO-8601 date-time, got ${JSON.stringify(value)}`);
	return ms;
}

/** `now` plus whole days, as the ISO instant a link stops working (whole seconds, rounded up). */
export function linkExpiry(now: string, days: number): string {
	return new Date(Math.ceil((linkInstantMs(now, 'now') + days * DAY_MS) / 1000) * 1000).toISOString();
}

/** The signed values in order: the reference only when there is one (older links have none). */
function signedValues(leadId: string, channel: string, action: string, expires: string, ref: string | null): string[] {
	return ref === null ? [leadId, channel, action, expires] : [leadId, channel, action, expires, ref];
}

/** A signed link for one lead, channel and action (and reference), working until `expiresAt`. */
export function makeSignedLink(input: SignedLinkInput, secret: string): string {
	const key = checkLinkSecret(secret);
	if (typeof input.baseUrl !== 'string' || !URL.canParse(input.baseUrl)) {
		throw new SignedLinkError('baseUrl', `The link address must be a full web address (https://...), got ${JSON.stringify(input.baseUrl)}`);
	}
	const url = new URL(input.baseUrl);
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new SignedLinkError('baseUrl', `The link address must start with https:// (or http://), got ${JSON.stringify(input.baseUrl)}`);
	}
	const fields = input.ref === undefined ? (['leadId', 'channel', 'action'] as const) : (['leadId', 'channel', 'action', 'ref'] as const);
	for (const field of fields) {
		const value = input[field];
		if (typeof value !== 'string' || !SAFE_VALUE.test(value) || value.trim() !== value) {
			throw new SignedLinkError(field, `"${field}" must be 1-200 characters without line breaks or surrounding spaces, got ${JSON.stringify(value)}`);
		}
	}
	const expires = String(Math.ceil(linkInstantMs(input.expiresAt, 'expiresAt') / 1000));
	if (!LINK_EXPIRES.test(expires)) throw new SignedLinkError('expiresAt', `"expiresAt" is out of range: ${input.expiresAt}`);
	const ref = input.ref ?? null;
	for (const name of Object.values(LINK_PARAMS)) url.searchParams.delete(name);
	url.searchParams.set(LINK_PARAMS.leadId, input.leadId);
	url.searchParams.set(LINK_PARAMS.channel, input.channel);
	url.searchParams.set(LINK_PARAMS.action, input.action);
	url.searchParams.set(LINK_PARAMS.expires, expires);
	if (ref !== null) url.searchParams.set(LINK_PARAMS.ref, ref);
	url.searchParams.set(LINK_PARAMS.signature, signatureOf(key, signedValues(input.leadId, input.channel, input.action, expires, ref)));
	return url.toString();
}

/**
 * Checks a link's query parameters. The signature is checked first, so only a genuine link is
 * told it expired. `now` is an ISO-8601 instant; the link works while now < expires. `actions`
 * (one or several) refuses a genuine link made for something else, with `wrongAction` as its words.
 */
export function verifySignedLink(
	query: LinkQuery,
	options: { secret: string; now: string; action?: string | readonly string[]; wrongAction?: string },
): LinkCheck {
	const key = checkLinkSecret(options.secret);
	const nowMs = linkInstantMs(options.now, 'now');
	const read = readerOf(query);
	const leadId = read(LINK_PARAMS.leadId);
	const channel = read(LINK_PARAMS.channel);
	const action = read(LINK_PARAMS.action);
	const expires = read(LINK_PARAMS.expires);
	const signature = read(LINK_PARAMS.signature);
	const ref = read(LINK_PARAMS.ref);
	if (
		leadId === null || channel === null || action === null || expires === null || signature === null ||
		!SAFE_VALUE.test(leadId) || !SAFE_VALUE.test(channel) || !SAFE_VALUE.test(action) || !LINK_EXPIRES.test(expires) || !LINK_SIGNATURE.test(signature) ||
		(ref !== null && !SAFE_VALUE.test(ref)) || (ref === null && read.present(LINK_PARAMS.ref))
	) {
		return { valid: false, reason: 'incomplete', message: 'This link is not complete. It may have been cut short when it was copied.' };
	}
	if (!sameSignature(signature, signatureOf(key, signedValues(leadId, channel, action, expires, ref)))) {
		return { valid: false, reason: 'forged', message: 'This link is not valid. It may have been changed, or it was not made by us.' };
	}
	const expiresMs = Number(expires) * 1000;
	const expiresAt = new Date(expiresMs).toISOString();
	if (nowMs >= expiresMs) {
		return { valid: false, reason: 'expired', message: `This link stopped working on ${expiresAt.slice(0, 10)}. Please use the link in a more recent email from us.` };
	}
	const wanted = options.action === undefined ? null : typeof options.action === 'string' ? [options.action] : options.action;
	if (wanted !== null && !wanted.includes(action)) {
		return { valid: false, reason: 'wrong-action', message: options.wrongAction ?? 'This link is for something else.' };
	}
	return { valid: true, leadId, channel, action, expiresAt, ...(ref === null ? {} : { ref }) };
}

type Reader = ((name: string) => string | null) & { present(name: string): boolean };

function readerOf(query: LinkQuery): Reader {
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
		return Object.assign((name: string) => (query.getAll(name).length === 1 ? query.get(name) : null), { present: (name: string) => query.has(name) });
	}
	// n8n's parsed query: a repeated parameter arrives as an array, a[b]=c as an object: only plain text counts.
	return Object.assign(
		(name: string) => {
			const value = query?.[name];
			return typeof value === 'string' ? value : null;
		},
		{ present: (name: string) => query?.[name] !== undefined },
	);
}
