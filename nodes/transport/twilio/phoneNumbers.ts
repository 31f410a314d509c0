/**
 * A Twilio number's incoming-message webhook (IncomingPhoneNumbers, API 2010-04-01): where Twilio
 * POSTs the texts borrowers send to it (`sms_url`, `sms_method`). The SMS Reply Trigger points
 * its number here on activation and lets go on deactivation, so nobody pastes URLs into the
 * Twilio Console. Updating the same values twice changes nothing, so these calls are retried.
 */
import { backoffOf, repeatableCall, type RetryPolicy } from './retry';
import type { TwilioSession } from './session';

export interface IncomingNumber {
	/** PN... */
	sid: string;
	phoneNumber: string;
	smsUrl: string;
	smsMethod: string;
	/** When set, Twilio ignores smsUrl and hands texts to this TwiML App instead. */
	smsApplicationSid: string;
	/** Whether Twilio says the number can send and receive texts. */
	sms: boolean;
}

interface IncomingNumberJson {
	sid?: string;
	phone_number?: string;
	sms_url?: string | null;
	sms_method?: string | null;
	sms_application_sid?: string | null;
	capabilities?: { sms?: boolean; SMS?: boolean } | null;
}

/** Every number of the account (the first 50: an LO has one or a few). */
export async function listIncomingNumbers(session: TwilioSession, retry: RetryPolicy = {}): Promise<IncomingNumber[]> {
	const page = await repeatableCall<{ incoming_phone_numbers?: IncomingNumberJson[] }>(session, 'GET', '/IncomingPhoneNumbers.json', { query: { PageSize: '50' } }, backoffOf(retry));
	return (page.incoming_phone_numbers ?? []).map(incomingNumberOf);
}

/** The account's number `phoneNumber` (exact E.164), or null when the account has no such number. */
export async function findIncomingNumber(session: TwilioSession, phoneNumber: string, retry: RetryPolicy = {}): Promise<IncomingNumber | null> {
	// Twilio matches PhoneNumber partially ('*' is a wildcard): keep the exact number only.
	const page = await repeatableCall<{ incoming_phone_numbers?: IncomingNumberJson[] }>(
		session,
		'GET',
		'/IncomingPhoneNumbers.json',
		{ query: { PhoneNumber: phoneNumber, PageSize: '50' } },
		backoffOf(retry),
	);
	const found = (page.incoming_phone_numbers ?? []).find((n) => n.phone_number === phoneNumber);
	return found ? incomingNumberOf(found) : null;
}

/** Sets where the number's incoming texts go; answers the number as Twilio now has it. */
export async function setSmsWebhook(
	session: TwilioSession,
	numberSid: string,
	webhook: { smsUrl: string; smsMethod?: 'POST' | 'GET'; clearSmsApplication?: boolean; restoreSmsApplication?: string },
	retry: RetryPolicy = {},
): Promise<IncomingNumber> {
	const form: Record<string, string> = { SmsUrl: webhook.smsUrl, SmsMethod: webhook.smsMethod ?? 'POST' };
	// A TwiML App on the number takes precedence over SmsUrl: cleared to take the number over,
	// given back when letting go.
	if (webhook.clearSmsApplication) form.SmsApplicationSid = '';
	if (webhook.restoreSmsApplication) form.SmsApplicationSid = webhook.restoreSmsApplication;
	const path = `/IncomingPhoneNumbers/${encodeURIComponent(numberSid)}.json`;
	return incomingNumberOf(await repeatableCall<IncomingNumberJson>(session, 'POST', path, { form }, backoffOf(retry)));
}

function incomingNumberOf(json: IncomingNumberJson): IncomingNumber {
	return {
		sid: String(json.sid ?? ''),
		phoneNumber: String(json.phone_number ?? ''),
		smsUrl: json.sms_url ?? '',
		smsMethod: json.sms_method ?? 'POST',
		smsApplicationSid: json.sms_application_sid ?? '',
		sms: json.capabilities?.sms === true || json.capabilities?.SMS === true,
	};
}
