/**
 * The unsubscribe link every marketing email carries (CAN-SPAM 15 U.S.C. 7704(a)(3): a working
 * opt-out for at least 30 days after sending; RFC 8058 one-click unsubscribe for Gmail and Yahoo):
 * a signed link (../signedLink.ts) for the lead's email channel and the action `unsubscribe`.
 *
 * Pure: the secret and `now` are parameters.
 */
import {
	LINK_EXPIRES,
	LINK_PARAMS,
	LINK_SIGNATURE,
	SignedLinkError,
	linkExpiry,
	makeSignedLink,
	verifySignedLink,
	type LinkCheck,
	type LinkQuery,
} from '../signedLink';

export const UNSUBSCRIBE_ACTION = 'unsubscribe';
/** How long an unsubscribe link works unless told otherwise. */
export const UNSUBSCRIBE_LINK_DAYS = 90;
/** CAN-SPAM: the opt-out must keep working for at least 30 days after the email is sent. */
export const CAN_SPAM_OPT_OUT_DAYS = 30;

/** What a link found in an email body says (read without the secret: its signature is not checked). */
export interface FoundLink {
	url: string;
	leadId: string;
	channel: string;
	action: string;
	expiresAt: string;
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
	const expiresAt = linkExpiry(input.now, validDays);
	const url = makeSignedLink({ baseUrl: input.baseUrl, leadId: input.leadId, channel: input.channel ?? 'email', action: UNSUBSCRIBE_ACTION, expiresAt }, secret);
	return { url, expiresAt };
}

/** Checks an unsubscribe link (see verifySignedLink); a genuine link for another action is refused. */
export function verifyUnsubscribeLink(query: LinkQuery, options: { secret: string; now: string }): LinkCheck {
	return verifySignedLink(query, { ...options, action: UNSUBSCRIBE_ACTION, wrongAction: 'This link is for something else, not for unsubscribing.' });
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
		if (action !== UNSUBSCRIBE_ACTION || !leadId || !channel || !expires || !LINK_EXPIRES.test(expires) || !signature || !LINK_SIGNATURE.test(signature)) continue;
		found.push({ url: raw, leadId, channel, action, expiresAt: new Date(Number(expires) * 1000).toISOString() });
	}
	return found;
}
