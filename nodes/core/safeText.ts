/**
 * Text the pack sends or writes for someone else (a borrower's text or email, a partner's sheet
 * or note) must read as it looks: no control characters that a phone or a spreadsheet acts on,
 * no NUL, and no bidi controls that make "moc.live" display as "evil.com". And a lead's name
 * must be a name: a lead source can put a sentence or a link in `first_name`, and the LO's first
 * text would carry it from the LO's own number.
 */

/**
 * C0 controls except tab, line feed and carriage return; DEL; C1 controls; the bidi embeddings,
 * overrides and isolates (U+202A-U+202E, U+2066-U+2069) and the invisible direction marks
 * (U+200E, U+200F, U+061C).
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;
// eslint-disable-next-line no-control-regex
const ANY_UNSAFE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/;

/** The text without control characters, NUL or bidi controls (tabs and line breaks stay). */
export function stripUnsafeCharacters(text: string): string {
	return ANY_UNSAFE.test(text) ? text.replace(UNSAFE, '') : text;
}

/** Whether the text holds a character `stripUnsafeCharacters` would remove. */
export function hasUnsafeCharacters(text: string): boolean {
	return ANY_UNSAFE.test(text);
}

/** Name particles that do not count as words of their own ("Maria de la Cruz" is two words). */
const UNCOUNTED_PARTICLES = new Set(['van', 'der', 'den', 'de', 'del', 'della', 'da', 'di', 'du', 'la', 'le', 'von', 'y', 'e', 'st', 'bin', 'ibn', 'al', 'el', 'dos', 'das', 'do', 'ter', 'ten', 'af']);
/** Short words that may end with a period: initials (J., J.R.) and these. */
const ABBREVIATIONS = new Set(['jr', 'sr', 'st', 'mr', 'mrs', 'ms', 'dr', 'mx']);

/** A name's alphabet: letters of any script with their accents, spaces, hyphens, apostrophes, periods. */
export const NAME_ALPHABET = /^[\p{L}\p{M} '’.-]*$/u;
const WORD = /^\p{L}[\p{L}\p{M}]*(?:['’-]\p{L}[\p{L}\p{M}]*)*$/u;
const INITIALS = /^(?:\p{L}\p{M}*\.){1,3}$/u;

/** At most this many words in a name part, particles not counted. */
export const MAX_NAME_WORDS = 3;
export const MAX_NAME_LENGTH = 60;
const MAX_WORD_LENGTH = 30;

/**
 * Whether a first or last name looks like a name: letters (accented and other scripts included),
 * with spaces, hyphens and apostrophes between letters and periods only after initials or Jr/Sr/St;
 * at most three words besides particles (de, van der...; `maxWords` for a full name), at most 60
 * characters a word group. No digits, links,
 * domains, symbols, control characters or sentences ("Your Loan Is Denied. Reply At Evil.example").
 */
/** One to three plain Latin words: the common case, a name without further checks. */
const PLAIN_NAME = /^[A-Za-z]{1,30}(?: [A-Za-z]{1,30}){0,2}$/;

export function isPlausibleName(value: string, maxWords = MAX_NAME_WORDS): boolean {
	const name = value.trim();
	if (maxWords >= 3 && PLAIN_NAME.test(name)) return true;
	if (name.length === 0 || name.length > MAX_NAME_LENGTH * 2 || name.length > maxWords * 20 || !NAME_ALPHABET.test(name)) return false;
	let words = 0;
	for (const token of name.split(/ +/)) {
		if (INITIALS.test(token)) {
			words++;
			continue;
		}
		const bare = token.endsWith('.') ? token.slice(0, -1) : token;
		if (!WORD.test(bare) || bare.length > MAX_WORD_LENGTH) return false;
		const lower = bare.toLowerCase();
		if (token.endsWith('.') && !ABBREVIATIONS.has(lower) && Array.from(bare).length > 1) return false;
		if (!UNCOUNTED_PARTICLES.has(lower)) words++;
	}
	// A name that is only a particle ("Al", "Y") is one word.
	return words <= maxWords;
}
