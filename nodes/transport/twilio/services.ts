/**
 * What Twilio says about how texts can go out, beyond the 2010-04-01 API: the Messaging Services
 * a number belongs to and whether their US A2P 10DLC campaign is registered (Messaging v1,
 * `us_app_to_person_registered`), and what kind of line a number is (Lookup v2,
 * line_type_intelligence, billed per lookup). Reads only: retried.
 */
import { backoffOf, repeatableCall, type RetryPolicy } from './retry';
import type { TwilioSession } from './session';

export interface MessagingService {
	sid: string;
	friendlyName: string;
	/** Twilio's word on the service's A2P 10DLC campaign (US carriers block unregistered traffic). */
	a2pRegistered: boolean;
	numbers: string[];
}

interface ServicesPage {
	services?: Array<{ sid?: string; friendly_name?: string; us_app_to_person_registered?: boolean | null }>;
}
interface NumbersPage {
	phone_numbers?: Array<{ phone_number?: string }>;
}

/** The account's Messaging Services with their numbers (the first 50 of each: an LO has one or two). */
export async function messagingServices(session: TwilioSession, retry: RetryPolicy = {}): Promise<MessagingService[]> {
	const page = await repeatableCall<ServicesPage>(session, 'GET', '/v1/Services', { query: { PageSize: '50' }, api: 'messaging' }, backoffOf(retry));
	const services: MessagingService[] = [];
	for (const service of page.services ?? []) {
		if (!service.sid) continue;
		const numbers = await repeatableCall<NumbersPage>(session, 'GET', `/v1/Services/${encodeURIComponent(service.sid)}/PhoneNumbers`, { query: { PageSize: '50' }, api: 'messaging' }, backoffOf(retry));
		services.push({
			sid: service.sid,
			friendlyName: String(service.friendly_name ?? ''),
			a2pRegistered: service.us_app_to_person_registered === true,
			numbers: (numbers.phone_numbers ?? []).map((n) => String(n.phone_number ?? '')).filter(Boolean),
		});
	}
	return services;
}

/** Lookup v2's line type of a number: mobile, landline, fixedVoip, nonFixedVoip, tollFree... or '' when unknown. */
export async function lineTypeOf(session: TwilioSession, phone: string, retry: RetryPolicy = {}): Promise<string> {
	const answer = await repeatableCall<{ line_type_intelligence?: { type?: string | null } | null }>(
		session,
		'GET',
		`/v2/PhoneNumbers/${encodeURIComponent(phone)}`,
		{ query: { Fields: 'line_type_intelligence' }, api: 'lookups' },
		backoffOf(retry),
	);
	return String(answer.line_type_intelligence?.type ?? '');
}
