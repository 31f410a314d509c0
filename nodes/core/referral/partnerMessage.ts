import { DateTime } from 'luxon';
import { stripUnsafeCharacters } from '../safeText';
import { clientDisplayName, nextStepFor } from './partnerView';
import type { LostReason, Referral, ReferralStage } from './referral';

export interface PartnerMessageOptions {
	/** The partner's first name, for the greeting. */
	partnerName?: string | null;
	/** Signs the message. */
	loanOfficerName?: string | null;
	/** IANA zone for the "referred on" date. Default UTC. */
	timeZone?: string;
}

export interface PartnerMessageEvent {
	/** `received`: the referral has just arrived (the thank-you that opens it). */
	kind: 'received' | 'status' | 'reopened' | 'next-step';
}

/** What happened, in a partner's words. */
const STAGE_NEWS: Readonly<Record<ReferralStage, string>> = {
	received: 'I have the referral and will reach out shortly',
	contacted: 'I have connected with them and we are talking through their options',
	appointment: 'we have a meeting set to go over their plans',
	application: 'they have started their loan application',
	approved: 'they are approved and we are working toward closing',
	closed: 'we closed! Thank you so much for trusting me with your client',
};

/**
 * Why it ended, without anything about the borrower's finances: "did not qualify" or "rate or
 * fees" are the borrower's private business, so the partner hears a neutral line instead.
 */
const LOST_NEWS: Readonly<Record<LostReason, string>> = {
	'no-response': 'I have not been able to reach them yet, so I am pausing for now. If you talk to them, let them know I am happy to help',
	'not-ready': 'they have decided to wait for now. I will stay in touch for when the timing is right',
	'chose-another-lender': 'they have decided to go another direction for their financing',
	'rate-or-fees': 'they have decided not to move forward with me for now',
	'did-not-qualify': 'they are not able to move forward right now. I have given them a plan and will stay in touch',
	'property-fell-through': 'the property did not work out. I am ready to help as soon as they find the next one',
	duplicate: 'this one was already in my pipeline, so I am tracking it under the earlier referral',
	other: 'they are not moving forward right now',
};

/**
 * A short, warm note for the partner about one change. Built only from the minimized fields a
 * partner may see (first name + last initial, dates, status, next step): never amounts, credit,
 * contact details, notes or the loan officer's private lost detail.
 */
export function partnerMessage(
	referral: Referral,
	event: PartnerMessageEvent,
	options: PartnerMessageOptions = {},
): string {
	// Partner and loan officer names and the next step are typed by people: no control or bidi characters.
	return stripUnsafeCharacters(composePartnerMessage(referral, event, options));
}

function composePartnerMessage(referral: Referral, event: PartnerMessageEvent, options: PartnerMessageOptions): string {
	const client = clientDisplayName(referral.firstName, referral.lastName);
	const referredOn = DateTime.fromISO(referral.receivedAt, { zone: 'utc' })
		.setZone(options.timeZone ?? 'UTC')
		.toFormat('LLL d');
	const partner = (options.partnerName ?? '').trim().split(/\s+/)[0];
	const greeting = partner ? `Hi ${partner},` : 'Hi,';
	const about = `${client}, the client you referred on ${referredOn}`;

	if (event.kind === 'received') {
		// The first word a partner gets: thanks, who, and that the client will hear from us. Nothing else.
		const who = client === 'Your client' ? 'your client' : client;
		return `${greeting} thank you for referring ${who} on ${referredOn}! I have the referral and will reach out to them shortly. I will keep you posted as things move forward.${signatureOf(options)}`;
	}

	let news: string;
	if (event.kind === 'next-step') news = `a quick update on ${about}: ${sentence(nextStepFor(referral))}`;
	else if (event.kind === 'reopened') news = `good news on ${about}: they are back in touch and we are moving forward again.`;
	else if (referral.status === 'lost') news = `an update on ${about}: ${LOST_NEWS[referral.lostReason ?? 'other']}.`;
	else news = `${referral.status === 'received' ? 'an update' : 'good news'} on ${about}: ${STAGE_NEWS[referral.status]}.`;

	const next =
		event.kind !== 'next-step' && referral.nextStep && referral.status !== 'lost' ? ` Next step: ${sentence(nextStepFor(referral))}` : '';
	const thanks = referral.status === 'closed' ? '' : ' Thank you for the referral!';
	return `${greeting} ${news}${next}${thanks}${signatureOf(options)}`;
}

function signatureOf(options: PartnerMessageOptions): string {
	const name = (options.loanOfficerName ?? '').trim();
	return name ? `\n${name}` : '';
}

function sentence(text: string): string {
	const trimmed = text.trim();
	return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
