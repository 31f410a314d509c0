/**
 * Scripted numbers: recipients that make the stand-in answer the way real Twilio answers for
 * troublesome numbers, so every error path of the SMS node can be exercised on purpose.
 */
export interface NumberScript {
	/** Error code answered when a text to this number is created (21211, 21610, 21614, 21635, 20429, 20500, 20503). */
	createError?: number;
	/** How many create attempts get `createError` before the number behaves (default: every attempt). */
	times?: number;
	/** Delivery failure reported later on the status callback (30003-30008). */
	deliveryError?: number;
}

/**
 * Numbers that always behave the same way. The first three are Twilio's own magic test numbers;
 * the others follow the same 500-555 pattern with the error code in the last digits.
 */
export const DEFAULT_SCRIPTED_NUMBERS: Readonly<Record<string, NumberScript>> = {
	'+15005550001': { createError: 21211 },
	'+15005550004': { createError: 21610 },
	'+15005550009': { createError: 21614 },
	'+15005551635': { createError: 21635 },
	/** Rate limited twice, then accepted: a sender with retries texts it exactly once. */
	'+15005550429': { createError: 20429, times: 2 },
	/** Always rate limited: a sender must give up and defer, not loop forever. */
	'+15005559429': { createError: 20429 },
	'+15005550500': { createError: 20500, times: 1 },
	'+15005553003': { deliveryError: 30003 },
	'+15005553004': { deliveryError: 30004 },
	'+15005553005': { deliveryError: 30005 },
	'+15005553006': { deliveryError: 30006 },
	'+15005553007': { deliveryError: 30007 },
	'+15005553008': { deliveryError: 30008 },
};

export interface TwilioErrorShape {
	httpStatus: number;
	message: string;
}

/** The error bodies real Twilio returns for these codes (message wording as Twilio words it). */
export const CREATE_ERRORS: Readonly<Record<number, TwilioErrorShape>> = {
	20003: { httpStatus: 401, message: 'Authenticate' },
	20404: { httpStatus: 404, message: 'The requested resource was not found' },
	20429: { httpStatus: 429, message: 'Too Many Requests' },
	20500: { httpStatus: 500, message: 'Internal Server Error' },
	20503: { httpStatus: 503, message: 'Service Unavailable' },
	21211: { httpStatus: 400, message: "Invalid 'To' Phone Number" },
	21602: { httpStatus: 400, message: 'Message body is required.' },
	21603: { httpStatus: 400, message: "A 'From' phone number is required." },
	21604: { httpStatus: 400, message: "A 'To' phone number is required." },
	21610: { httpStatus: 400, message: 'Attempt to send to unsubscribed recipient' },
	21614: { httpStatus: 400, message: "'To' number is not a valid mobile number" },
	21617: { httpStatus: 400, message: 'The concatenated message body exceeds the 1600 character limit.' },
	21635: { httpStatus: 400, message: "'To' number cannot be a Landline" },
};

/** Delivery failures as the status callback and a fetched message report them. */
export const DELIVERY_ERRORS: Readonly<Record<number, { status: 'undelivered' | 'failed'; message: string }>> = {
	30003: { status: 'undelivered', message: 'Unreachable destination handset' },
	30004: { status: 'undelivered', message: 'Message blocked' },
	30005: { status: 'undelivered', message: 'Unknown destination handset' },
	30006: { status: 'undelivered', message: 'Landline or unreachable carrier' },
	30007: { status: 'undelivered', message: 'Message filtered' },
	30008: { status: 'failed', message: 'Unknown error' },
};

/** Twilio's single-word keywords (Advanced Opt-Out defaults): exact matches only, case-insensitive. */
export const OPT_OUT_KEYWORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'];
export const OPT_IN_KEYWORDS = ['START', 'YES', 'UNSTOP'];
export const HELP_KEYWORDS = ['HELP', 'INFO'];

export function optOutTypeOf(body: string): 'STOP' | 'START' | 'HELP' | null {
	const word = body.trim().toUpperCase();
	if (OPT_OUT_KEYWORDS.includes(word)) return 'STOP';
	if (OPT_IN_KEYWORDS.includes(word)) return 'START';
	if (HELP_KEYWORDS.includes(word)) return 'HELP';
	return null;
}

/**
 * What Twilio texts back on its own for a bare keyword (its default opt-out handling, and Advanced
 * Opt-Out unless customised), from the number the borrower texted, as an `outbound-reply`.
 */
export const DEFAULT_KEYWORD_REPLIES: Readonly<Record<'STOP' | 'START' | 'HELP', string>> = {
	STOP: 'You have successfully been unsubscribed. You will not receive any more messages from this number. Reply START to resubscribe.',
	START: 'You have successfully been re-subscribed to messages from this number. Reply HELP for help. Reply STOP to unsubscribe. Msg&Data Rates May Apply.',
	HELP: 'Reply STOP to unsubscribe. Msg&Data Rates May Apply.',
};
