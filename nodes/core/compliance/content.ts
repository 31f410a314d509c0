/**
 * Content rules for written messages:
 * - CAN-SPAM (15 U.S.C. 7704, 16 CFR 316): a valid physical postal address, a working opt-out,
 *   truthful subject lines. The working opt-out is the pack's own signed unsubscribe link for the
 *   lead (unsubscribeLink.ts): it is what reaches the tracker. "Reply UNSUBSCRIBE", a mail
 *   service's merge tag or another site's link is not accepted: nothing in the pack reads them.
 * - SAFE Act (12 CFR 1007.105(b)): the loan officer's NMLS ID in the first written message to a
 *   lead (text or email).
 * - Reg Z trigger terms (12 CFR 1026.24): rates, payments or approval promises in automated
 *   messages are flagged as warnings for a human to review, not blocked.
 */

import { CAN_SPAM_OPT_OUT_DAYS, unsubscribeLinksIn } from './unsubscribeLink';

export interface ContentProblem {
	/** Stable code, e.g. `email:no-postal-address`, `nmls-id-missing`. */
	code: string;
	message: string;
}

export interface ContentCheck {
	ok: boolean;
	/** Each problem blocks the message until the template is fixed. */
	problems: ContentProblem[];
	/** Worth a human look, never a block (e.g. a quoted rate). */
	warnings: ContentProblem[];
}

export interface EmailContent {
	subject?: string | null;
	/** Plain text or HTML. */
	body: string;
}

export interface ContentOptions {
	/** The company's postal address (Settings tab); when given, the body must contain it. */
	postalAddress?: string | null;
	/** The loan officer's NMLS ID; when given, the first written message must show it. */
	nmlsId?: string | null;
	/** No text or email has gone to this lead yet. */
	firstWrittenMessage?: boolean;
	/** The email answers the lead's own message, so "Re:" is truthful. */
	isReply?: boolean;
	/** The lead the email goes to: its unsubscribe link must be this lead's. */
	leadId?: string | null;
	/** ISO-8601 instant the email goes out: its unsubscribe link must work 30 days from then. */
	now?: string | null;
}

/** Subject-line markers that mislead about the message (CAN-SPAM 7704(a)(2)), as data. */
export const DECEPTIVE_SUBJECT_MARKERS: ReadonlyArray<Readonly<{ pattern: RegExp; why: string; source: string; replyPrefix?: boolean }>> = Object.freeze([
	{ pattern: /^\s*(?:re|fw|fwd)\s*:/i, replyPrefix: true, why: 'a "Re:" or "Fwd:" prefix on a message that is not a reply or forward', source: '16 CFR 316; FTC CAN-SPAM compliance guide' },
	{ pattern: /\b(?:pre-?approved|you(?:'|\u2019)?re approved|you are approved|approval guaranteed)\b/i, why: 'promises approval before any underwriting', source: '15 U.S.C. 7704(a)(2); 12 CFR 1026.24' },
	{ pattern: /\bguarantee(?:d)?\b/i, why: 'promises a guaranteed outcome', source: '15 U.S.C. 7704(a)(2)' },
	{ pattern: /\b(?:final notice|last notice|account (?:suspended|closed|locked)|action required|urgent)\b/i, why: 'false urgency or a notice the lead never had', source: '15 U.S.C. 7704(a)(2); FTC CAN-SPAM compliance guide' },
	{ pattern: /\b(?:you(?:'|\u2019)?ve won|you have won|winner|free money|no credit check)\b/i, why: 'a prize or offer the message does not deliver', source: '15 U.S.C. 7704(a)(2)' },
]);

const TRIGGER_TERMS = /\b\d{1,2}(?:\.\d{1,3})?\s?%|\bAPR\b|\$\s?\d[\d,]*(?:\.\d{2})?\s*(?:\/|per)\s*mo(?:nth)?\b|\bmonthly payment of\b/i;

function plainText(body: string): string {
	return body
		.replace(/<br\s*\/?>|<\/p>|<\/div>/gi, '\n')
		.replace(/<[^>]*>/g, ' ')
		.replace(/&nbsp;/gi, ' ')
		.replace(/&amp;/gi, '&')
		.replace(/[ \t]+/g, ' ');
}

function squash(text: string): string {
	return text.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

function hasPostalAddress(text: string, postalAddress: string | null | undefined): boolean {
	if (postalAddress && postalAddress.trim() !== '') return squash(text).includes(squash(postalAddress));
	const poBox = /\bP\.?\s*O\.?\s*Box\s+\d+/i.test(text);
	const street = /\b\d{1,6}\s+[A-Za-z0-9.' -]{2,60}\b/.test(text);
	const stateZip = /\b[A-Z]{2},?\s+\d{5}(?:-\d{4})?\b/.test(text);
	return (poBox || street) && stateZip;
}

const DAY_MS = 86_400_000;

/** The marketing email must carry this lead's signed unsubscribe link, working for 30 more days. */
function unsubscribeProblem(body: string, options: ContentOptions): ContentProblem | null {
	const links = unsubscribeLinksIn(body).filter((link) => link.channel === 'email');
	if (links.length === 0) {
		return {
			code: 'email:no-unsubscribe',
			message:
				'The email must carry the lead\'s signed unsubscribe link (the Compliance Gate\'s "Add Unsubscribe Link" step puts it in unsubscribeUrl). "Reply UNSUBSCRIBE" does not count: nothing reads the replies (CAN-SPAM, 15 U.S.C. 7704(a)(3))',
		};
	}
	const leadId = options.leadId?.toString().trim();
	const own = leadId ? links.filter((link) => link.leadId === leadId) : links;
	if (own.length === 0) {
		return {
			code: 'email:unsubscribe-other-lead',
			message: `The unsubscribe link in the email is for lead ${links[0].leadId}, but the email goes to lead ${leadId}: that lead could not unsubscribe`,
		};
	}
	const sendMs = options.now ? Date.parse(options.now) : Number.NaN;
	if (!Number.isNaN(sendMs) && !own.some((link) => Date.parse(link.expiresAt) >= sendMs + CAN_SPAM_OPT_OUT_DAYS * DAY_MS)) {
		return {
			code: 'email:unsubscribe-expires-soon',
			message: `The unsubscribe link stops working on ${own[0].expiresAt.slice(0, 10)}: it must work for at least ${CAN_SPAM_OPT_OUT_DAYS} days after the email is sent (CAN-SPAM, 15 U.S.C. 7704(a)(3))`,
		};
	}
	return null;
}

function nmlsProblem(text: string, options: ContentOptions): ContentProblem | null {
	if (!options.firstWrittenMessage) return null;
	const id = options.nmlsId?.toString().trim();
	const shown = id
		? new RegExp(`NMLS[^0-9A-Za-z]{0,12}(?:ID[^0-9A-Za-z]{0,4})?${id.replace(/\D/g, '')}\\b`, 'i').test(text)
		: /NMLS[^0-9A-Za-z]{0,12}(?:ID[^0-9A-Za-z]{0,4})?\d{3,12}\b/i.test(text);
	if (shown) return null;
	return {
		code: 'nmls-id-missing',
		message: id
			? `The first written message to a lead must show the loan officer's NMLS ID (e.g. "NMLS #${id}", 12 CFR 1007.105(b))`
			: 'The first written message to a lead must show the loan officer\'s NMLS ID, e.g. "NMLS #123456" (12 CFR 1007.105(b))',
	};
}

function triggerWarning(text: string): ContentProblem | null {
	return TRIGGER_TERMS.test(text)
		? { code: 'trigger-terms', message: 'The message quotes a rate or payment: Reg Z (12 CFR 1026.24) then requires the full disclosures; have it reviewed' }
		: null;
}

/** CAN-SPAM and SAFE Act checks for a marketing email. */
export function checkEmailContent(content: EmailContent, options: ContentOptions = {}): ContentCheck {
	const problems: ContentProblem[] = [];
	const warnings: ContentProblem[] = [];
	const body = typeof content?.body === 'string' ? content.body : '';
	const text = plainText(body);
	if (!hasPostalAddress(text, options.postalAddress)) {
		problems.push({
			code: 'email:no-postal-address',
			message: options.postalAddress
				? `The email must show the company's postal address ("${options.postalAddress}") (CAN-SPAM, 15 U.S.C. 7704(a)(5))`
				: 'The email must show a valid physical postal address, e.g. "123 Main St, Tampa, FL 33602" (CAN-SPAM, 15 U.S.C. 7704(a)(5))',
		});
	}
	const unsubscribe = unsubscribeProblem(body, options);
	if (unsubscribe) problems.push(unsubscribe);
	const subject = typeof content?.subject === 'string' ? content.subject : '';
	for (const marker of DECEPTIVE_SUBJECT_MARKERS) {
		if (options.isReply && marker.replyPrefix) continue;
		if (marker.pattern.test(subject)) {
			problems.push({ code: 'email:deceptive-subject', message: `The subject "${subject}" has ${marker.why} (${marker.source})` });
			break;
		}
	}
	const nmls = nmlsProblem(text, options);
	if (nmls) problems.push(nmls);
	const trigger = triggerWarning(`${subject}\n${text}`);
	if (trigger) warnings.push(trigger);
	return { ok: problems.length === 0, problems, warnings };
}

/** SAFE Act check for a text: the first text to a lead shows the NMLS ID. */
export function checkTextContent(body: string, options: ContentOptions = {}): ContentCheck {
	const text = typeof body === 'string' ? body : '';
	const problems: ContentProblem[] = [];
	const nmls = nmlsProblem(text, options);
	if (nmls) problems.push(nmls);
	const trigger = triggerWarning(text);
	return { ok: problems.length === 0, problems, warnings: trigger ? [trigger] : [] };
}
