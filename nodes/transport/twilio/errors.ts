/**
 * What a Twilio error code means for the tracker, as data (../shared/research/compliance-rules.md,
 * "Carrier / CTIA / Twilio"). Create-time codes come back from the Messages API; 30003-30008 come
 * later on the status callback.
 */
export type TwilioOutcome =
	/** 21610: the person texted STOP to this sender. Mark SMS opted out; never retry until START. */
	| 'opted-out'
	/** 21211 (and 30005): the number does not exist. Mark the phone invalid. */
	| 'invalid-number'
	/** 21614, 21635, 30006, 30004: landline or blocked: no texts, calls and email only. */
	| 'not-textable'
	/** 30007: carrier spam filter. Do not resend the same content. */
	| 'content-filtered'
	/** 30003: handset off or out of range. Try again later (the compliance gate re-checks hours). */
	| 'unreachable'
	/** 20429, 5xx, 30008, network faults: retried with backoff, then deferred. */
	| 'retry'
	/** 20003, 21603, 21606, 30034...: the account or sender needs fixing; every text would fail. */
	| 'configuration'
	/** Anything else: reported with Twilio's own message. */
	| 'error';

export interface OutcomeRule {
	outcome: TwilioOutcome;
	meaning: string;
}

export const TWILIO_ERROR_OUTCOMES: Readonly<Record<number, OutcomeRule>> = Object.freeze({
	21610: { outcome: 'opted-out', meaning: 'The recipient replied STOP to this sender' },
	21211: { outcome: 'invalid-number', meaning: 'The phone number is not valid' },
	30005: { outcome: 'invalid-number', meaning: 'Unknown destination handset' },
	21614: { outcome: 'not-textable', meaning: 'The number is not a mobile number' },
	21635: { outcome: 'not-textable', meaning: 'The number is a landline' },
	30006: { outcome: 'not-textable', meaning: 'Landline or unreachable carrier' },
	30004: { outcome: 'not-textable', meaning: 'The message was blocked' },
	30007: { outcome: 'content-filtered', meaning: 'The carrier filtered the message as spam: do not resend this content' },
	30003: { outcome: 'unreachable', meaning: 'The handset was unreachable' },
	30008: { outcome: 'retry', meaning: 'Unknown delivery error' },
	20429: { outcome: 'retry', meaning: 'Twilio rate limit (too many requests)' },
	20500: { outcome: 'retry', meaning: 'Twilio internal error' },
	20503: { outcome: 'retry', meaning: 'Twilio temporarily unavailable' },
	20003: { outcome: 'configuration', meaning: 'Twilio rejected the credentials' },
	20404: { outcome: 'configuration', meaning: 'The Twilio account or resource was not found' },
	21603: { outcome: 'configuration', meaning: 'No From number or Messaging Service was given' },
	21606: { outcome: 'configuration', meaning: 'The From number cannot send texts' },
	21612: { outcome: 'not-textable', meaning: 'Twilio cannot route a text between these numbers' },
	30034: { outcome: 'configuration', meaning: 'The sender is not registered for 10DLC texting' },
});

/** The outcome of a Twilio error: by code, else by HTTP status (429 and 5xx are retried). */
export function outcomeOf(code: number | null | undefined, httpStatus?: number | null): TwilioOutcome {
	const rule = code ? TWILIO_ERROR_OUTCOMES[code] : undefined;
	if (rule) return rule.outcome;
	if (httpStatus === 429 || (httpStatus !== null && httpStatus !== undefined && httpStatus >= 500)) return 'retry';
	if (httpStatus === 401 || httpStatus === 403) return 'configuration';
	return 'error';
}
