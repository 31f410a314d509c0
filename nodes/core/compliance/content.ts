/**
 * Content rules for written messages:
 * - CAN-SPAM (15 U.S.C. 7704, 16 CFR 316): a valid physical postal address, a working opt-out,
 *   truthful subject lines.
 * - SAFE Act (12 CFR 1007.105(b)): the loan officer's NMLS ID in the first written message to a
 *   lead (text or email).
 * - Reg Z trigger terms (12 CFR 1026.24): rates, payments or approval promises in automated
 *   messages are flagged as warnings for a human to review, not blocked.
 */

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

function hasUnsubscribe(body: string): boolean {
	// Merge tags that mail services expand into a working unsubscribe link.
	if (/\{\{\s*[\w.]*unsub[\w.]*\s*\}\}|%[\w_]*unsub[\w_]*%|\*\|\s*unsub\s*\|\*|\[[\w_ ]*unsubscribe[\w_ ]*\]/i.test(body)) return true;
	if (/href\s*=\s*["'][^"']*(?:unsubscribe|opt-?out|preferences)[^"']*["']/i.test(body)) return true;
	const mentions = /\bunsubscribe\b|\bopt[\s-]?out\b/i.test(body);
	const mechanism = /https?:\/\/\S+|mailto:\S+|\breply\s+(?:with\s+)?["'\u201c]?(?:unsubscribe|stop|remove)\b/i.test(body);
	return mentions && mechanism;
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
	if (!hasUnsubscribe(body)) {
		problems.push({
			code: 'email:no-unsubscribe',
			message: 'The email must offer a working way to unsubscribe (a link, or "reply UNSUBSCRIBE") (CAN-SPAM, 15 U.S.C. 7704(a)(3))',
		});
	}
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
