/**
 * What a reply to a text means for consent: `opt-out`, `opt-in`, `help` or `other`.
 *
 * Carrier keywords (CTIA, Twilio) count when a sentence of the reply is the keyword alone, case and
 * punctuation ignored ("STOP", "Stop!!", "stop please", "Not interested. STOP"). Twilio blocks only
 * the bare keyword, but the FCC (24-24) makes any reasonable wording a revocation, so plain
 * revocations count too ("Stop texting me", "take me off your list", "please remove me"), while a
 * keyword inside an ordinary sentence does not ("I'll stop by Friday", "cancel the appraisal").
 * When a reply could be both, opt-out wins: a missed revocation costs far more than a missed lead.
 *
 * Languages: English and Spanish (FCC 24-24's reasonable-person standard holds in any language).
 * Matching ignores case and accents ("No más mensajes" = "no mas mensajes"). A keyword still wins
 * next to yes / no / ok ("Yes stop", "ok STOP"); "wrong #" is a wrong number, which is an opt-out.
 */

export type ReplyIntent = 'opt-out' | 'opt-in' | 'help' | 'other';

/** The keyword tables, with their sources (exported as data for the docs and the audit log). */
export const REPLY_KEYWORDS = Object.freeze({
	'opt-out': Object.freeze(['stop', 'stopall', 'unsubscribe', 'cancel', 'end', 'quit', 'revoke', 'optout', 'alto', 'para', 'parar', 'basta', 'cancelar']),
	'opt-in': Object.freeze(['start', 'unstop']),
	help: Object.freeze(['help', 'info']),
	source: 'CTIA Messaging Principles and Best Practices; Twilio default opt-out/opt-in/help keywords; FCC 24-24 (revocation by any reasonable means, in any language: Spanish alto, para, parar, basta, cancelar)',
	languages: Object.freeze(['English', 'Spanish']),
});

/** Courtesy words that do not change what a keyword reply means ("stop please", "START thanks"). */
const FILLERS = new Set([
	'please', 'pls', 'plz', 'plse', 'now', 'thanks', 'thank', 'you', 'thx', 'ty', 'ok', 'okay', 'just',
	'asap', 'immediately', 'already', 'again', 'sir', 'maam', 'and', 'kindly', 'yall', 'all', 'yes', 'yeah', 'yep', 'yea',
	// Spanish courtesy words: "alto por favor", "ya basta", "si, cancelar, gracias"
	'por', 'favor', 'porfavor', 'porfa', 'gracias', 'ya', 'si',
]);

/** A refusal next to an opt-out keyword only strengthens it ("No. STOP"); next to START it is not an opt-in. */
const NO_WORDS = new Set(['no', 'nope', 'nah']);

/** Two-word keywords and "stop it"-style phrases, joined before the keyword test. */
const JOINED: Array<[RegExp, string]> = [
	[/\bopt out\b/g, 'optout'],
	[/\bstop all\b/g, 'stopall'],
	[/\b(stop|quit) (it|this|that)\b/g, 'stop'],
	[/\bun subscribe\b/g, 'unsubscribe'],
	[/\bunsub\b/g, 'unsubscribe'],
	// "CANCEL ALL", "end everything"
	[/\b(cancel|end|quit|unsubscribe|cancelar) (?:all|everything|todo)\b/g, '$1'],
];

const CONTACT_NOUNS =
	'(?:texting|txting|texts?|txts?|messaging|messages?|msgs?|sms|calling|calls?|ringing|contacting|contact|emailing|emails?|e ?mails?|sending|bothering|spamming|harassing|hitting me up)';

/** Words that may stand between a negation and the verb: "don't ever text me", "do not you call". */
const ADVERBS = '(?:(?:ever|even|again|u|you|ya|just|please|pls|plz|kindly|further)\\s+){0,3}';

/** What a revocation verb can stop: plural nouns or gerunds only, so "cancel the call at 3" stays ordinary. */
const CONTACT_STREAMS = '(?:texts|txts|messages|msgs|sms|calls|emails|e mails|notifications|alerts|texting|txting|messaging|calling|emailing)';

/** Spanish verbs of contacting, without accents, with any ending ("no me mande", "escribirme", "llamarnos"). */
const ES_CONTACT_VERBS =
	'(?:mande|mandes|manden|mandar|envie|envies|envien|enviar|escriba|escribas|escriban|escribir|llame|llames|llamen|llamar|contacte|contactes|contacten|contactar|moleste|molestes|molesten|molestar|textee|textees|textear)[a-z]*';

/** Spanish revocations: "no mas mensajes", "ya no me mande mensajes", "no me vuelvas a llamar", "deja de escribirme", "dame de baja". */
const SPANISH_REVOCATIONS: RegExp[] = [
	/\bno mas (?:mensajes|mensaje|msjs?|textos|texto|sms|llamadas|correos|whatsapps?)\b/,
	// (the pronoun is required: "no envie los papeles" is "I did not send the papers")
	new RegExp(`\\bno (?:me|nos) (?:(?:mas|vuelva|vuelvas|vuelvan)\\s+(?:a\\s+)?)?${ES_CONTACT_VERBS}`),
	new RegExp(`\\bno (?:mas|vuelva|vuelvas|vuelvan) a ${ES_CONTACT_VERBS}`),
	new RegExp(`\\b(?:deja|dejen|deje|dejar|para|paren|pare|parar)\\s+de\\s+${ES_CONTACT_VERBS}`),
	/\bno (?:quiero|deseo) (?:recibir )?(?:mas )?(?:mensajes|textos|llamadas|correos)\b/,
	/\b(?:dar(?:me|nos)?|dame|denme|deme|doy)\s+de\s+baja\b/,
	/\b(?:borr|quit|elimin|saqu)(?:e|en|a|ar)(?:me|nos)?\s+(?:de\s+(?:la|su|tu|sus)\s+listas?|mi\s+numero)\b/,
	/\bnumero equivocado\b/,
];

/** Every Spanish pattern has one of these words: replies without them skip the Spanish patterns. */
const SPANISH_HINT = /\b(?:no|de|numero)\b/;

/** Plain-language revocations in English. Each is a pattern over the reply's lower-case, accent-free words. */
const REVOCATIONS: RegExp[] = [
	// "stop texting me", "quit calling", "do not text", "never contact me again", "no more texts", "don't ever text me"
	new RegExp(`\\b(?:stop|quit|cease|no more|dont|do not|never|please dont|pls dont)\\s+${ADVERBS}${CONTACT_NOUNS}\\b`),
	// "End texts", "cancel all messages", "discontinue calls", "halt texting", "unsubscribe from emails"
	new RegExp(`\\b(?:end|cancel|halt|discontinue|unsubscribe|block|pause|terminate)\\s+(?:(?:all|the|these|those|your|my|any|further|future|of|from|me|this)\\s+){0,3}${CONTACT_STREAMS}\\b`),
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
	/^\s*(?:me\s+|us\s+|nos\s+)?(?:before|after|until|till|til|between|during|today|tonight|tomorrow|this (?:morning|afternoon|evening|week)|right now|while|so early|so late|at work|on (?:weekends|sundays|saturdays|mondays|tuesdays|wednesdays|thursdays|fridays)|at (?!all\b)\d|yet|for now|antes|despues|hasta|hoy|manana|ahorita|por la (?:manana|tarde|noche)|en el trabajo)\b/;

// eslint-disable-next-line no-control-regex
const NOT_ASCII = /[^\x00-\x7f]/;

function words(text: string): string {
	let lower = text.toLowerCase();
	// Accents do not change a word: "más" = "mas", "envíe" = "envie" (decomposed only when needed: it is costly).
	if (NOT_ASCII.test(lower)) lower = lower.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
	return lower
		.replace(/\bwrong\s*#/g, 'wrong number')
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
	let refused = false;
	for (const token of tokens) {
		if (FILLERS.has(token)) continue;
		if (NO_WORDS.has(token)) {
			refused = true;
			continue;
		}
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
	if (refused && label !== 'opt-out') return null;
	return label ?? 'filler';
}

function isRevocation(text: string): boolean {
	return matchesRevocation(text, REVOCATIONS) || (SPANISH_HINT.test(text) && matchesRevocation(text, SPANISH_REVOCATIONS));
}

function matchesRevocation(text: string, patterns: readonly RegExp[]): boolean {
	for (const pattern of patterns) {
		const match = pattern.exec(text);
		if (match === null) continue;
		const before = text.slice(0, match.index);
		const after = text.slice(match.index + match[0].length);
		// "don't stop texting me", "don't ever stop" ask for more, not less.
		if (/\b(?:dont|do not|never)(?:\s+(?:ever|even|please|just))*\s*$/.test(before) && /^(?:stop|quit|end|cancel|halt|discontinue|pause)/.test(match[0])) continue;
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
