import { z } from 'zod';

/**
 * The one clean lead record every other part of the pack works on. Produced by `normalizeLead`
 * from any source; stored as one row of the tracker's Leads tab.
 */

export const LOAN_PURPOSES = ['purchase', 'refinance', 'heloc', 'unknown'] as const;
export type LoanPurpose = (typeof LOAN_PURPOSES)[number];

export const TIMELINES = ['now', '1-3m', '3-6m', '6m+', 'unknown'] as const;
export type Timeline = (typeof TIMELINES)[number];

/** Where the lead came in from: the preset its payload was read with. */
export const LEAD_SOURCES = [
	'web-form',
	'facebook',
	'zillow',
	'lendingtree',
	'csv',
	'referral',
] as const;
export type LeadSource = (typeof LEAD_SOURCES)[number];

export const consentSchema = z.object({
	sms: z.boolean(),
	call: z.boolean(),
	email: z.boolean(),
	/** Artificial or prerecorded voice, AI voice included (FCC 24-17). */
	prerecordedVoice: z.boolean(),
	capturedAt: z.string().nullable(),
	/** The exact disclosure wording the lead agreed to, when the source sends it. */
	text: z.string().nullable(),
});
export type Consent = z.infer<typeof consentSchema>;

export const leadSchema = z.object({
	/** Stable id: the same person from the same source always gets the same id. */
	leadId: z.string().min(1),
	source: z.enum(LEAD_SOURCES),
	/** The source system's own id for the lead (Facebook leadgen id, Zillow contact id...). */
	sourceId: z.string().nullable(),
	/** Free-text origin as the source called it ("Past client", "Open house", a campaign name). */
	sourceDetail: z.string().nullable(),
	/** The referral partner who sent the lead, when known. */
	partnerId: z.string().nullable(),
	firstName: z.string().nullable(),
	lastName: z.string().nullable(),
	/** E.164, e.g. "+13053721842". */
	phone: z.string().regex(/^\+[1-9]\d{6,14}$/).nullable(),
	/** Trimmed and lower-case. */
	email: z.string().nullable(),
	/** USPS two-letter code. */
	state: z.string().regex(/^[A-Z]{2}$/).nullable(),
	/** Five digits. */
	zip: z.string().regex(/^\d{5}$/).nullable(),
	/** IANA zone: from the ZIP, else from a single-zone state, else null. */
	timeZone: z.string().nullable(),
	loanPurpose: z.enum(LOAN_PURPOSES),
	cashOut: z.boolean(),
	timeline: z.enum(TIMELINES),
	consent: consentSchema,
	/** ISO-8601 instant the lead reached us; null only when neither the payload nor the caller gave one. */
	receivedAt: z.string().nullable(),
	/** Every input field that did not map to a field above, under its original name. */
	extra: z.record(z.string(), z.unknown()),
});
export type Lead = z.infer<typeof leadSchema>;

/** What normalizing one raw payload gives: a lead (with warnings), or the reasons it is unusable. */
export type NormalizeResult =
	| { ok: true; lead: Lead; warnings: string[] }
	| { ok: false; errors: FieldError[] };

export interface FieldError {
	field: string;
	message: string;
}
