import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { DateTime } from 'luxon';
import type { LoanPurpose, Timeline } from '../lead';
import { isPlausibleName } from '../safeText';

/**
 * Readers for single values as lead sources send them: messy strings, numbers, one-element arrays.
 * Each returns null for a value it cannot use, never throws.
 */

/** Values longer than this are not a name, phone, email, state or ZIP: they are kept in `extra`. */
export const MAX_FIELD_LENGTH = 320;

/** A trimmed, non-empty string from a string, number or one-element array, else null. */
export function text(value: unknown): string | null {
	if (typeof value === 'string') {
		const trimmed = value.trim();
		return trimmed.length > 0 ? trimmed : null;
	}
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
	if (Array.isArray(value)) {
		if (value.length === 1) return text(value[0]);
		// Facebook multi-select answers: join the plain values.
		if (value.length > 1 && value.length <= 20 && value.every((v) => typeof v === 'string')) {
			return text(value.join(', '));
		}
	}
	return null;
}

/** `text` capped at MAX_FIELD_LENGTH. */
export function shortText(value: unknown): string | null {
	const t = text(value);
	return t !== null && t.length <= MAX_FIELD_LENGTH ? t : null;
}

// ---------------------------------------------------------------------------------------------
// Phone

const EXTENSION = /\s*(?:ext\.?|extension|x|#)\s*\d{1,6}\s*$/i;
const PHONE_CHARS = /^[\d\s().+-]+$/;
// libphonenumber-js takes ~30 µs per US number; a US number's validity depends only on its area
// code and exchange (first six digits), so the answer is cached per prefix.
const usPrefixValid = new Map<string, boolean>();
const MAX_PREFIX_CACHE = 200_000;

/** E.164 of a US (NANP) or international number written any common way, extension dropped. */
export function toE164(value: unknown): string | null {
	const raw = typeof value === 'number' ? String(value) : shortText(value);
	if (raw === null) return null;
	const withoutExtension = raw.replace(EXTENSION, '').trim();
	const northAmerican =
		PHONE_CHARS.test(withoutExtension) &&
		(!withoutExtension.startsWith('+') || withoutExtension.startsWith('+1'));
	if (northAmerican) {
		let digits = withoutExtension.replace(/\D/g, '');
		if (digits.length === 11 && digits[0] === '1') digits = digits.slice(1);
		if (digits.length !== 10) return digits.length > 10 ? parsed(withoutExtension) : null;
		const prefix = digits.slice(0, 6);
		let valid = usPrefixValid.get(prefix);
		if (valid === undefined) {
			valid = parsed(digits) !== null;
			if (usPrefixValid.size < MAX_PREFIX_CACHE) usPrefixValid.set(prefix, valid);
		}
		return valid ? `+1${digits}` : null;
	}
	return parsed(withoutExtension);
}

function parsed(input: string): string | null {
	try {
		const phone = parsePhoneNumberFromString(input, 'US');
		return phone !== undefined && phone.isValid() ? phone.number : null;
	} catch {
		return null;
	}
}

// ---------------------------------------------------------------------------------------------
// Email

const EMAIL = /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+\.[a-z]{2,}$/;

/** Trimmed, lower-case email, or null when it is not an address. */
export function toEmail(value: unknown): string | null {
	const raw = shortText(value);
	if (raw === null) return null;
	const email = raw.replace(/^mailto:/i, '').trim().toLowerCase();
	return email.length <= 254 && EMAIL.test(email) && !email.includes('..') ? email : null;
}

// ---------------------------------------------------------------------------------------------
// Names

const PARTICLES = new Set(['van', 'der', 'den', 'de', 'del', 'della', 'da', 'di', 'du', 'la', 'le', 'von', 'y', 'st']);
const SUFFIXES: Readonly<Record<string, string>> = { jr: 'Jr', sr: 'Sr', ii: 'II', iii: 'III', iv: 'IV' };

function capitalizeWord(word: string): string {
	if (word.length === 0) return word;
	const suffix = SUFFIXES[word.replace(/\.$/, '')];
	if (suffix !== undefined) return word.endsWith('.') ? `${suffix}.` : suffix;
	// O'Neil, D'Angelo
	const apostrophe = /^([a-z])['’]([a-z].*)$/.exec(word);
	if (apostrophe) return `${apostrophe[1].toUpperCase()}'${capitalizeWord(apostrophe[2])}`;
	// McDonald; "Mac" is left alone (Mack, Macy, Macon).
	if (word.length > 3 && word.startsWith('mc')) return `Mc${word[2].toUpperCase()}${word.slice(3)}`;
	return word[0].toUpperCase() + word.slice(1);
}

/**
 * A name as people write it: all-caps or all-lower input is title-cased (O'Neil, McDonald, van der
 * Berg, Smith-Jones); a name that already mixes case ("DeShawn", "LaToya") is kept as typed.
 */
export function toNameCase(value: string): string {
	const name = value.replace(/\s+/g, ' ').trim();
	if (name !== name.toUpperCase() && name !== name.toLowerCase()) return name;
	const words = name.toLowerCase().split(' ');
	return words
		.map((word, index) =>
			PARTICLES.has(word) && index < words.length - 1 && words.length > 1
				? word
				: word
						.split('-')
						.map((part) => capitalizeWord(part))
						.join('-'),
		)
		.join(' ');
}

const nameMemo = new Map<string, string | null>();

/**
 * A usable name part, title-cased when typed all in one case; null when it does not look like a
 * name (digits, links, symbols, control characters, sentences: see isPlausibleName).
 */
export function toName(value: unknown): string | null {
	const raw = text(value);
	if (raw === null || raw.length > 100) return null;
	let name = nameMemo.get(raw);
	if (name === undefined) {
		name = readName(raw);
		if (nameMemo.size < 50_000) nameMemo.set(raw, name);
	}
	return name;
}

function readName(raw: string): string | null {
	// A trailing comma or semicolon is spreadsheet residue, not part of the name.
	const cleaned = raw.replace(/[ \t]+/g, ' ').replace(/\s*[,;]+$/, '').trim();
	return isPlausibleName(cleaned) ? toNameCase(cleaned) : null;
}

/** A full name may have more words than a part ("Maria Jose Garcia Lopez"). */
const MAX_FULL_NAME_WORDS = 6;

type NameParts = { firstName: string | null; lastName: string | null };
const fullNameMemo = new Map<string, NameParts | null>();

/** "LAST, FIRST" or "First Middle Last" -> first and last name; null when it is not a name. */
export function splitFullName(value: unknown): NameParts | null {
	const raw = text(value);
	if (raw === null || raw.length > 200) return null;
	let parts = fullNameMemo.get(raw);
	if (parts === undefined) {
		parts = readFullName(raw);
		if (fullNameMemo.size < 50_000) fullNameMemo.set(raw, parts);
	}
	return parts;
}

function readFullName(raw: string): NameParts | null {
	// A sentence or a link is not a name at all: no part of it is taken ("... Evil.example Now").
	if (!isPlausibleName(raw.replace(/,/g, ' '), MAX_FULL_NAME_WORDS)) return null;
	const comma = raw.indexOf(',');
	if (comma > 0) {
		const last = raw.slice(0, comma);
		const rest = raw.slice(comma + 1).trim();
		// "Smith, Jr." is a suffix, not a first name.
		if (rest.length > 0 && SUFFIXES[rest.toLowerCase().replace(/\.$/, '')] === undefined) {
			return { firstName: toName(rest), lastName: toName(last) };
		}
	}
	const words = raw.replace(/,/g, ' ').split(/\s+/).filter((w) => w.length > 0);
	if (words.length === 0) return null;
	if (words.length === 1) return { firstName: toName(words[0]), lastName: null };
	// The last name starts at the first particle after the first word ("Anna van der Berg").
	let lastStart = words.length - 1;
	while (lastStart > 1 && PARTICLES.has(words[lastStart - 1].toLowerCase())) lastStart--;
	if (lastStart > 1 && SUFFIXES[words[words.length - 1].toLowerCase().replace(/\.$/, '')] !== undefined) {
		lastStart--;
		while (lastStart > 1 && PARTICLES.has(words[lastStart - 1].toLowerCase())) lastStart--;
	}
	return {
		firstName: toName(words.slice(0, lastStart).join(' ')),
		lastName: toName(words.slice(lastStart).join(' ')),
	};
}

// ---------------------------------------------------------------------------------------------
// ZIP

/**
 * The 5-digit ZIP in "33101", "33101-1234", "331011234", 33101, or the digits of a ZIP that lost
 * its leading zeros in a spreadsheet ("2134" -> candidates "02134"). Returns the candidate and
 * whether it was padded, so the caller can confirm a padded ZIP against the ZIP table.
 */
export function zipCandidate(value: unknown): { zip: string; padded: boolean } | null {
	const raw = shortText(value);
	if (raw === null) return null;
	const match = /^(\d{3,5})(?:[\s-]?(\d{4}))?$/.exec(raw.replace(/^zip:?\s*/i, ''));
	if (match === null) return null;
	const [, head, plus4] = match;
	if (head.length === 5) return { zip: head, padded: false };
	if (plus4 !== undefined) return null;
	return { zip: head.padStart(5, '0'), padded: true };
}

// ---------------------------------------------------------------------------------------------
// Loan purpose and timeline

export interface PurposeReading {
	loanPurpose: LoanPurpose;
	cashOut: boolean;
}

/** "Refi", "Cash-out refinance", "Home purchase", "HELOC", "2nd mortgage"... */
export function toLoanPurpose(value: unknown): PurposeReading | null {
	const raw = shortText(value);
	if (raw === null) return null;
	const t = raw.toLowerCase().replace(/[_]+/g, ' ');
	const cashOut = /cash[\s-]*out|take (?:some )?cash|debt consolidation/.test(t);
	if (/heloc|home equity|equity line|second mortgage|2nd mortgage|he loan|helo\b/.test(t)) {
		return { loanPurpose: 'heloc', cashOut };
	}
	if (cashOut || /refi|rate[\s/&-]*(?:and[\s-]*)?term|lower (?:my )?(?:rate|payment)|streamline|irrrl/.test(t)) {
		return { loanPurpose: 'refinance', cashOut };
	}
	if (/purchase|buy|new home|first[\s-]*time|home ?buyer|pre[\s-]*approv|move up|relocat/.test(t)) {
		return { loanPurpose: 'purchase', cashOut: false };
	}
	return null;
}

const NOW_WORDS = /\b(?:asap|immediately|right away|right now|now|today|this week|this month|urgent|already (?:found|under contract)|under contract)\b/;
const LATER_WORDS = /\b(?:just (?:researching|looking|browsing|curious)|researching|browsing|no rush|next year|not (?:for )?a while|someday|eventually|long term|over a year|1\+ years?)\b/;
const UNKNOWN_WORDS = /\b(?:not sure|unsure|don'?t know|do not know|undecided|unknown|n\/a|tbd|maybe)\b/;
const UNIT_MONTHS: Readonly<Record<string, number>> = { day: 1 / 30, week: 7 / 30, month: 1, year: 12 };

/** "ASAP", "0-30 days", "1-3 months", "next 90 days", "6+ months", "just researching"... */
export function toTimeline(value: unknown): Timeline | null {
	const raw = shortText(value);
	if (raw === null) return null;
	const t = raw.toLowerCase().replace(/[_]+/g, ' ');
	if (UNKNOWN_WORDS.test(t)) return 'unknown';
	const range =
		/(\d+(?:\.\d+)?)\s*(\+|or more|plus)?\s*(?:(?:-|–|to)\s*(\d+(?:\.\d+)?)\s*(\+)?)?\s*(day|week|month|year|mo|yr)s?\b/.exec(t);
	if (range !== null) {
		const unitKey = range[5] === 'mo' ? 'month' : range[5] === 'yr' ? 'year' : range[5];
		const unit = UNIT_MONTHS[unitKey];
		const first = Number(range[1]) * unit;
		const second = range[3] !== undefined ? Number(range[3]) * unit : undefined;
		const openEnded =
			range[2] !== undefined || range[4] !== undefined || /\b(?:over|more than|after|beyond|at least|longer than)\b/.test(t);
		const lower = second !== undefined ? first : openEnded ? first : /\b(?:within|next|less than|under|in the next|up to)\b/.test(t) ? 0 : first;
		const upper = openEnded ? Infinity : (second ?? first);
		if (lower >= 6) return '6m+';
		if (openEnded) return lower >= 3 ? '6m+' : lower >= 1 ? '3-6m' : '1-3m';
		if (upper <= 1) return 'now';
		if (upper <= 3) return '1-3m';
		if (upper <= 6) return '3-6m';
		return '6m+';
	}
	if (NOW_WORDS.test(t)) return 'now';
	if (LATER_WORDS.test(t)) return '6m+';
	return null;
}

// ---------------------------------------------------------------------------------------------
// Yes / no flags (consent answers are read by ./consentWording.ts, which fails closed)

const YES = /^(?:true|yes|y|1|on|checked|agree|agreed|i agree|accept|accepted|opt[\s-]?in|opted[\s-]?in|consent|consented|i consent|x)$/;
const NO = /^(?:false|no|n|0|off|unchecked|disagree|decline|declined|opt[\s-]?out|opted[\s-]?out|none|)$/;

/** true / false from "yes", "checked", 1, true, "no", "off"...; null when it does not say. */
export function toBoolean(value: unknown): boolean | null {
	if (typeof value === 'boolean') return value;
	if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : null;
	const raw = typeof value === 'string' ? value : Array.isArray(value) && value.length === 1 ? value[0] : undefined;
	if (typeof raw === 'boolean') return raw;
	if (typeof raw !== 'string' || raw.length > 10_000) return null;
	const t = raw.trim().toLowerCase().replace(/[.!]$/, '');
	if (YES.test(t)) return true;
	if (NO.test(t)) return false;
	return null;
}

// ---------------------------------------------------------------------------------------------
// Timestamps

const UTC_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:Z|([+-])(\d{2}):?(\d{2}))$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;
/** "11/20/2026", "11/20/26 2:03 PM", "11-20-2026 14:03:05". */
const US_DATE_TIME = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?)?$/i;

/**
 * An ISO-8601 UTC instant from an ISO string (with or without offset; without one it is read as
 * UTC), a US "11/20/2026 2:03 PM" string (UTC), or epoch seconds/milliseconds. Null otherwise.
 */
export function toInstant(value: unknown): string | null {
	// The same option value (the node's execution time) comes with every lead of a run.
	if (typeof value === 'string' && value === lastInstant.input) return lastInstant.output;
	const output = readInstant(value);
	if (typeof value === 'string') {
		lastInstant.input = value;
		lastInstant.output = output;
	}
	return output;
}

const lastInstant: { input: string | null; output: string | null } = { input: null, output: null };

function readInstant(value: unknown): string | null {
	if (typeof value === 'number') {
		if (!Number.isFinite(value) || value <= 0) return null;
		const ms = value < 1e11 ? value * 1000 : value;
		const date = new Date(ms);
		return Number.isNaN(date.getTime()) ? null : date.toISOString();
	}
	const raw = shortText(value);
	if (raw === null) return null;
	if (/^\d{9,13}$/.test(raw)) return readInstant(Number(raw));
	const fast = UTC_INSTANT.exec(raw);
	if (fast !== null) {
		// "2026-11-20T14:03:11Z" / "+0000" / "+00:00" / ".123Z": the common case, read without Date.parse.
		const [, y, mo, d, h, mi, sec, fraction, sign, offH, offM] = fast;
		const ms = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
		const time = Date.UTC(+y, +mo - 1, +d, +h, +mi, +sec, ms);
		const check = new Date(time);
		if (check.getUTCDate() !== +d || check.getUTCMonth() !== +mo - 1 || +h > 23 || +mi > 59 || +sec > 59) return null;
		const offset = sign === undefined ? 0 : (sign === '-' ? -1 : 1) * (+offH * 60 + +offM) * 60_000;
		return offset === 0 ? check.toISOString() : new Date(time - offset).toISOString();
	}
	const iso = ISO_DATE_TIME.exec(raw);
	if (iso !== null) {
		let normalized = raw.replace(' ', 'T');
		if (iso[1] === undefined) normalized += normalized.length > 10 ? 'Z' : 'T00:00:00Z';
		else if (/[+-]\d{4}$/.test(normalized)) normalized = `${normalized.slice(0, -2)}:${normalized.slice(-2)}`;
		const ms = Date.parse(normalized);
		return Number.isNaN(ms) ? null : new Date(ms).toISOString();
	}
	const us = US_DATE_TIME.exec(raw);
	if (us !== null) {
		const [, month, day, yearText, hourText, minute, second, meridiem] = us;
		const year = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
		let hour = hourText === undefined ? 0 : Number(hourText);
		if (meridiem !== undefined) {
			if (hour < 1 || hour > 12) return null;
			hour = (hour % 12) + (/^p/i.test(meridiem) ? 12 : 0);
		}
		const parts = { year, month: Number(month), day: Number(day), hour, minute: Number(minute ?? 0), second: Number(second ?? 0) };
		// luxon rejects impossible dates (2/30) instead of rolling them over like Date.UTC.
		const date = DateTime.fromObject(parts, { zone: 'utc' });
		return date.isValid ? date.toISO() : null;
	}
	const rfc = DateTime.fromRFC2822(raw, { zone: 'utc' });
	if (rfc.isValid) return rfc.toUTC().toISO();
	const http = DateTime.fromHTTP(raw, { zone: 'utc' });
	return http.isValid ? http.toUTC().toISO() : null;
}
