import { isPlausibleName, stripUnsafeCharacters } from '../safeText';

/**
 * Merge fields in cadence templates: `{{firstName}}`, with an optional fallback for an empty
 * value: `{{firstName|there}}` ("Hi there" when the first name is unknown). A field nobody knows
 * is reported, never printed raw as "{{fristName}}" to a borrower. A lead's name that does not
 * look like a name counts as unknown, and the text never carries control or bidi characters.
 */

/** The merge fields the pack fills: from the lead row, the Settings tab and the Partners tab. */
export const MERGE_FIELDS = [
	'firstName',
	'lastName',
	'fullName',
	'loName',
	'loPhone',
	'loEmail',
	'nmlsId',
	'company',
	'companyAddress',
	'partnerName',
	'loanPurpose',
	'targetDate',
	'state',
] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];

export type MergeValues = Readonly<Record<string, string | number | null | undefined>>;

export interface RenderedTemplate {
	text: string;
	/** Fields the template uses that are neither in MERGE_FIELDS nor in `fields` (typos). */
	unknownFields: string[];
	/** Known fields with no value and no fallback: rendered empty. */
	missingFields: string[];
	/** True when every field was filled. */
	complete: boolean;
}

const FIELD = /\{\{\s*([A-Za-z][\w.]*)\s*(?:\|([^}]*))?\}\}/g;
const KNOWN = new Set<string>(MERGE_FIELDS);
/** The lead's own name fields: a lead source fills them, so only a plausible name is printed. */
const NAME_FIELDS: ReadonlyMap<string, number> = new Map([['firstName', 3], ['lastName', 3], ['fullName', 6]]);

function valueOf(fields: MergeValues, name: string): string | null {
	const value = Object.prototype.hasOwnProperty.call(fields, name) ? fields[name] : undefined;
	if (value === undefined || value === null) return null;
	const text = String(value).trim();
	if (text === '') return null;
	const maxWords = NAME_FIELDS.get(name);
	return maxWords !== undefined && !isPlausibleName(text, maxWords) ? null : text;
}

export function renderTemplate(template: string, fields: MergeValues): RenderedTemplate {
	const unknownFields: string[] = [];
	const missingFields: string[] = [];
	const text = template.replace(FIELD, (_match, name: string, fallback: string | undefined) => {
		const value = valueOf(fields, name);
		if (value !== null) return value;
		if (!KNOWN.has(name) && !Object.prototype.hasOwnProperty.call(fields, name)) {
			if (!unknownFields.includes(name)) unknownFields.push(name);
			return fallback !== undefined ? fallback.trim() : '';
		}
		if (fallback !== undefined) return fallback.trim();
		if (!missingFields.includes(name)) missingFields.push(name);
		return '';
	});
	return {
		// An empty field can leave "Hi ," or a double space: tidy what the borrower reads.
		text: stripUnsafeCharacters(text).replace(/[ \t]{2,}/g, ' ').replace(/ +([,.!?])/g, '$1').trim(),
		unknownFields,
		missingFields,
		complete: unknownFields.length === 0 && missingFields.length === 0,
	};
}

/** The merge fields a template uses, for checking a cadence table before it runs. */
export function mergeFieldsIn(template: string): string[] {
	const names: string[] = [];
	for (const match of template.matchAll(FIELD)) if (!names.includes(match[1])) names.push(match[1]);
	return names;
}

/** Whether `name` is a merge field the pack fills. */
export function isMergeField(name: string): boolean {
	return KNOWN.has(name);
}
