/**
 * How a lead's consent answer and the disclosure wording are read. Consent fails closed: a value
 * gives consent only when it affirms ("yes", "checked", "I agree to receive texts"), and any
 * negation or refusal in it ("I agree to NOT receive texts", "Yes, but do not text me", "By
 * submitting I decline texts") makes it a refusal. The standard disclosure phrases that contain a
 * "not" or a "stop" ("Consent is not a condition of purchase", "Reply STOP to opt out", "You may
 * opt out at any time") are set aside first, so a real TCPA disclosure still reads as consent.
 */

const YES_TOKENS = /^(?:true|yes|y|1|on|checked|agree|agreed|i agree|accept|accepted|opt[\s-]?in|opted[\s-]?in|consent|consented|i consent|x|si|sí)$/;
const NO_TOKENS = /^(?:false|no|n|0|off|unchecked|disagree|decline|declined|opt[\s-]?out|opted[\s-]?out|none|)$/;

/** Standard disclosure clauses that hold a negation or a stop word but refuse nothing. */
const BOILERPLATE: readonly RegExp[] = [
	/\b(?:(?:consent|agreement|this|it|which)\s+)?(?:is\s+|are\s+)?not\s+(?:a\s+)?(?:condition|requirement|required)\s+(?:of|for|to)\s+(?:any\s+|a\s+|the\s+)?(?:purchase|purchasing|buy|buying|obtain|obtaining|receive|receiving|service|services|credit|loan|goods|property)\w*(?:\s+(?:of\s+)?(?:any\s+)?(?:goods|services|property|products|a\s+loan|credit))?/g,
	/\b(?:consent\s+is\s+)?not\s+required(?:\s+(?:as\s+a\s+condition|to\s+(?:purchase|buy|obtain|receive)))?\b(?:\s+(?:of\s+)?(?:any\s+)?(?:purchase|goods|services|property|a\s+loan|credit))?/g,
	// "Reply STOP to opt out", "text STOP to 12345 to cancel", "by replying STOP", "HELP for help, STOP to end".
	/\b(?:reply|replying|text|texting|send|sending|respond|responding|message)\s+(?:with\s+)?(?:the\s+word\s+)?["'“‘]?(?:stop|end|quit|cancel|unsubscribe|help)["'”’]?(?:\s+to\s+\d+)?(?:\s+(?:at\s+any\s+time\s+)?(?:to|for)\s+(?:opt[\s-]?out|unsubscribe|cancel|stop|end|quit|help|assistance|more\s+info(?:rmation)?)(?:\s+(?:of\s+|from\s+)?(?:future\s+|further\s+)?(?:messages|texts))?)?(?:\s+at\s+any\s+time)?/g,
	/\b["'“‘]?(?:stop|end|quit|cancel|unsubscribe)["'”’]?\s+to\s+(?:opt[\s-]?out|unsubscribe|cancel|stop|end|quit)\b(?:\s+at\s+any\s+time)?/g,
	/\b(?:you|i)\s+(?:can|may)\s+(?:opt[\s-]?out|unsubscribe|stop|cancel|revoke|withdraw)(?:\s+(?:my|your|this)\s+consent)?(?:\s+at\s+any\s+time)?/g,
	/\b(?:(?:my|your|this)\s+)?(?:consent\s+)?(?:can|may)\s+be\s+(?:revoked|withdrawn|cancell?ed)(?:\s+at\s+any\s+time)?/g,
];

/** A negation or refusal word, after the boilerplate is set aside. */
const REFUSAL =
	/\b(?:not|no|never|nor|neither|none|nothing|without|except|decline[ds]?|declining|refuse[ds]?|refusing|reject(?:s|ed|ing)?|deny|denied|denies|opt(?:s|ed|ing)?[\s-]?out|optout|unsubscribe[ds]?|unsubscribing|stop|stopped|revoke[ds]?|revoking|withdraw[ns]?|withdrew|cancel(?:l?ed|s)?|dont|doesnt|didnt|wont|wouldnt|cant|cannot|shouldnt|isnt|arent|nunca)\b|n't\b/;

/** An answer that starts by agreeing. */
const AFFIRMATIVE_START =
	/^(?:yes|yeah|yep|sure|ok|okay|si|sí|agreed|accepted|i\s+(?:do\s+)?(?:agree|consent|authorize|accept)|i\s+understand\s+and\s+agree|i\s+(?:would\s+like|want)\s+to\s+receive|please\s+(?:text|call|contact)|by\s+(?:clicking|submitting|checking|providing|pressing|signing|tapping|selecting|continuing))\b/;

const TEXTS = /\b(?:texts?|text\s+messages?|texting|sms|mms|msg\s*(?:&|and)\s*data\s+rates)\b/;
const CALLS = /\b(?:calls?|calling|telephone|phone\s+calls?|autodial\w*|dial\w*)\b/;
const VOICE = /pre-?recorded|artificial|automated\s+voice|ai[\s-]generated\s+voice|robocall/;

/** Lower case, curly quotes straightened, "do n't"/"don't" joined to "dont", spaces collapsed. */
function plain(text: string): string {
	return text
		.toLowerCase()
		.replace(/[’‘`´]/g, "'")
		.replace(/(\w)'(t)\b/g, '$1$2')
		.replace(/\s+/g, ' ')
		.trim();
}

/** Whether the text negates or refuses anything outside the standard disclosure clauses. */
export function refuses(text: string): boolean {
	let rest = plain(text);
	for (const clause of BOILERPLATE) rest = rest.replace(clause, ' ');
	return REFUSAL.test(rest);
}

/** A consent value that is a sentence (the exact words are evidence), not a yes/no token. */
export function consentSentence(value: unknown): string | null {
	const raw = typeof value === 'string' ? value : Array.isArray(value) && value.length === 1 && typeof value[0] === 'string' ? value[0] : null;
	if (raw === null) return null;
	const trimmed = raw.trim();
	// "yes", "checked", "1": no space, so never a sentence (the common case, decided without regexes).
	if (trimmed.length === 0 || trimmed.length > 10_000 || !/\s/.test(trimmed)) return null;
	const t = plain(trimmed).replace(/[.!]$/, '');
	if (YES_TOKENS.test(t) || NO_TOKENS.test(t)) return null;
	return /\s/.test(t) ? trimmed : null;
}

/**
 * The answer a consent field gives: true (affirms), false (says no or refuses, even in part), or
 * null (says nothing usable: "pending", "N/A", an unknown word). Booleans and 1/0 as they are.
 */
export function readConsentAnswer(value: unknown): boolean | null {
	if (typeof value === 'boolean') return value;
	if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : null;
	const raw = typeof value === 'string' ? value : Array.isArray(value) && value.length === 1 ? value[0] : undefined;
	if (typeof raw === 'boolean') return raw;
	if (typeof raw !== 'string' || raw.length > 10_000) return null;
	const token = raw.trim().toLowerCase();
	if (YES_TOKENS.test(token)) return true;
	if (NO_TOKENS.test(token)) return false;
	const t = plain(raw).replace(/[.!]$/, '');
	if (YES_TOKENS.test(t)) return true;
	if (NO_TOKENS.test(t)) return false;
	if (refuses(t)) return false;
	return AFFIRMATIVE_START.test(t) ? true : null;
}

export interface WordingChannels {
	texts: boolean;
	calls: boolean;
	prerecordedVoice: boolean;
	/** The wording negates or refuses something: it then gives no channel. */
	refuses: boolean;
}

/** The channels a disclosure (or a consent sentence) names; none when it refuses anything. */
export function wordingChannels(wording: string): WordingChannels {
	const t = plain(wording);
	if (refuses(t)) return { texts: false, calls: false, prerecordedVoice: false, refuses: true };
	return { texts: TEXTS.test(t), calls: CALLS.test(t), prerecordedVoice: VOICE.test(t), refuses: false };
}

/** Whether the wording names texts at all (refusing or not). */
export function mentionsTexts(wording: string): boolean {
	return TEXTS.test(plain(wording));
}
