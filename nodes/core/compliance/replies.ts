/**
 * What a reply to a text means for consent: `opt-out`, `opt-in`, `help` or `other`.
 *
 * Carrier keywords (CTIA, Twilio) count when a sentence of the reply is the keyword alone, case and
 * punctuation ignored ("STOP", "Stop!!", "stop please", "Not interested. STOP"). Twilio blocks only
 * the bare keyword, but the FCC (24-24) makes any reasonable wording a revocation, so plain
 * revocations count too ("Stop texting me", "take me off your list", "please remove me"), while a
 * keyword inside an ordinary sentence does not ("I'll stop by Friday", "cancel the appraisal").
 * When a reply could be both, opt-out wins: a missed revocation costs far more than a missed lead.
 */

export type ReplyIntent = 'opt-out' | 'opt-in' | 'help' | 'other';

/** The keyword tables, with their sources (exported as data for the docs and the audit log). */
export const REPLY_KEYWORDS = Object.freeze({
	'opt-out': Object.freeze(['stop', 'stopall', 'unsubscribe', 'cancel', 'end', 'quit', 'revoke', 'optout']),
	'opt-in': Object.freeze(['start', 'unstop']),
	help: Object.freeze(['help', 'info']),
	source: 'CTIA Messaging Principles and Best Practices; Twilio default opt-out/opt-in/help keywords; FCC 24-24 (revocation by any reasonable means)',
});

/** Courtesy words that do not change what a keyword reply means ("stop please", "START thanks"). */
const FILLERS = new Set([
	'please', 'pls', 'plz', 'plse', 'now', 'thanks', 'thank', 'you', 'thx', 'ty', 'ok', 'okay', 'just',
	'asap', 'immediately', 'already', 'again', 'sir', 'maam', 'and', 'kindly', 'yall',
]);

/** Two-word keywords and "stop it"-style phrases, joined before the keyword test. */
const JOINED: Array<[RegExp, string]> = [
	[/\bopt out\b/g, 'optout'],
	[/\bstop all\b/g, 'stopall'],
	[/\b(stop|quit) (it|this|that)\b/g, 'stop'],
	[/\bun subscribe\b/g, 'unsubscribe'],
	[/\bunsub\b/g, 'unsubscribe'],
];

const CONTACT_NOUNS =
	'(?:texting|txting|texts?|txts?|messaging|messages?|msgs?|sms|calling|calls?|ringing|contacting|contact|emailing|emails?|e ?mails?|sending|bothering|spamming|harassing|hitting me up)';

/** Plain-language revocations. Each is a pattern over the reply's lower-case words. */
const REVOCATIONS: RegExp[] = [
	// "stop texting me", "quit calling", "do not text", "never contact me again", "no more texts"
	new RegExp(`\\b(?:stop|quit|cease|no more|dont|do not|never|please dont|pls dont)\\s+${CONTACT_NOUNS}\\b`),
	// "take me off your list", "remove my number from", "delete me from your list"
	/\b(?:take|remove|delete|drop|erase|scratch|strike|get)\s+(?:me|us|my (?:number|name|info|information|phone(?: number)?|cell|contact|details|email)|this (?:number|phone))\s+(?:off|from|out of)\b/,
	// "please remove me", "unsubscribe me", "opt me out"
	/\b(?:remove|delete|unsubscribe) me\b(?!\s+(?:as|to|when|if)\b)/,
	/\bopt me out\b/,
	// words that only ever mean leaving the list, wherever they stand
	/\b(?:optout|unsubscribe|revoke|stopall)\b/,
	/\b(?:lose|delete|forget) my (?:number|contact|info)\b/,
	/\bleave me alone\b/,
	/\bwrong (?:number|person)\b/,
];

/** A revocation phrase followed by one of these only limits timing ("don't call me before 5"). */
const TIMING_QUALIFIER =
	/^\s*(?:me\s+|us\s+)?(?:before|after|until|till|til|between|during|today|tonight|tomorrow|this (?:morning|afternoon|evening|week)|right now|while|so early|so late|at work|on (?:weekends|sundays|saturdays|mondays|tuesdays|wednesdays|thursdays|fridays)|at (?!all\b)\d|yet|for now)\b/;

function words(text: string): string {
	return text
		.toLowerCase()
		.replace(/[\u2018\u2019\u02bc`´']/g, '') // don't -> dont, ma'am -> maam
		.replace(/[^a-z0-9]+/g, ' ')
		.trim();
}

function joined(segment: string): string[] {
	let text = ` ${segment} `;
	for (const [pattern, replacement] of JOINED) text = text.replace(pattern, replacement);
	return text.split(' ').filter((word) => word.length > 0);
}

type KeywordLabel = Exclude<ReplyIntent, 'other'>;

/** The keyword label of a sentence made only of one kind of keyword and courtesy words. */
function keywordSentence(tokens: string[]): KeywordLabel | 'filler' | null {
	let label: KeywordLabel | null = null;
	for (const token of tokens) {
		if (FILLERS.has(token)) continue;
		const kind: KeywordLabel | null = REPLY_KEYWORDS['opt-out'].includes(token)
			? 'opt-out'
			: REPLY_KEYWORDS['opt-in'].includes(token)
				? 'opt-in'
				: REPLY_KEYWORDS.help.includes(token)
					? 'help'
					: null;
		if (kind === null) return null;
		if (label !== null && label !== kind) return kind === 'opt-out' || label === 'opt-out' ? 'opt-out' : null;
		label = kind;
	}
	return label ?? 'filler';
}

function isRevocation(text: string): boolean {
	for (const pattern of REVOCATIONS) {
		const match = pattern.exec(text);
		if (match === null) continue;
		const before = text.slice(0, match.index);
		const after = text.slice(match.index + match[0].length);
		// "don't stop texting me" asks for more, not less.
		if (/\b(?:dont|do not|never)\s*$/.test(before) && /^(?:stop|quit)/.test(match[0])) continue;
		if (TIMING_QUALIFIER.test(after)) continue;
		return true;
	}
	return false;
}

/** What a reply to a text means for consent. Never throws; anything unreadable is `other`. */
export function classifyReply(text: unknown): ReplyIntent {
	if (typeof text !== 'string' || text.length === 0) return 'other';
	// Long replies are letters to the loan officer; the keyword rules read the first 1,000 characters.
	const reply = text.length > 1000 ? text.slice(0, 1000) : text;
	const sentences = reply.split(/[.!?;:,\n\r]+|\s[-–—]\s/).map(words).filter((sentence) => sentence.length > 0);
	if (sentences.length === 0) return 'other';

	let onlyLabel: KeywordLabel | null = null;
	let allKeywords = true;
	for (const sentence of sentences) {
		const label = keywordSentence(joined(sentence));
		if (label === 'opt-out') return 'opt-out';
		if (label === 'filler') continue;
		if (label === null || (onlyLabel !== null && onlyLabel !== label)) allKeywords = false;
		else onlyLabel = label;
	}
	if (isRevocation(` ${joined(sentences.join(' ')).join(' ')} `)) return 'opt-out';
	return allKeywords && onlyLabel !== null ? onlyLabel : 'other';
}
