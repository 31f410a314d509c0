import { DateTime } from 'luxon';
import { isPlausibleName, stripUnsafeCharacters } from '../safeText';
import { REFERRAL_STATUS_LABELS, type Referral, type ReferralStatus } from './referral';

/**
 * What a referral partner may see of a referral: enough to know the loan officer is on it,
 * nothing that would hurt the borrower if the sheet were forwarded. No phone, email, amounts,
 * credit, notes, lost details or ids, and never another partner's client.
 */
export interface PartnerViewRow {
	/** First name and last initial: "Jane O.". */
	client: string;
	/** Date the referral arrived, YYYY-MM-DD in the loan officer's time zone. */
	referredOn: string;
	status: string;
	/** Date of the last change, YYYY-MM-DD. */
	lastUpdate: string;
	nextStep: string;
}

/** Column headers of a partner's sheet, in order. */
export const PARTNER_VIEW_HEADERS = ['Client', 'Referred on', 'Status', 'Last update', 'Next step'] as const;

export interface PartnerViewOptions {
	/** IANA zone the dates are shown in (the loan officer's). Default UTC. */
	timeZone?: string;
}

/** What the partner reads when the loan officer has not written a next step. */
const DEFAULT_NEXT_STEP: Readonly<Record<ReferralStatus, string>> = {
	received: 'Reaching out to your client',
	contacted: 'Talking through options and setting a meeting',
	appointment: 'Meeting to go over the numbers and the application',
	application: 'Processing the application',
	approved: 'Working toward closing',
	closed: 'Closed. Thank you for the referral!',
	lost: 'No further steps for now',
};

/** "Jane O." from first and last name; whatever part exists otherwise; only parts that look like names. */
export function clientDisplayName(firstName: string | null, lastName: string | null): string {
	const first = plausible(firstName);
	const initial = Array.from(plausible(lastName))[0];
	const last = initial ? `${initial.toUpperCase()}.` : '';
	return [first, last].filter(Boolean).join(' ') || 'Your client';
}

function plausible(name: string | null): string {
	const trimmed = (name ?? '').trim();
	return isPlausibleName(trimmed) ? trimmed : '';
}

export function partnerDate(instant: string, timeZone = 'UTC'): string {
	const date = DateTime.fromISO(instant, { zone: 'utc' }).setZone(timeZone);
	return date.isValid ? (date.toISODate() as string) : '';
}

/** The most a partner reads as a next step: a sentence or two, not a note. */
export const MAX_NEXT_STEP_LENGTH = 200;

const EMAIL_ADDRESS = /[^\s@<>()"',;:]+@[^\s@<>()"',;:]+\.[^\s@<>()"',;:]+/g;
/** Dates and times a next step may well hold, which are no phone numbers: 2026-12-08, 12/08/2026, 3:30. */
const DATES_AND_TIMES = /\b\d{4}-\d{1,2}-\d{1,2}(?:T[\d:.]+Z?)?\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b|\b\d{1,2}:\d{2}\b/g;
/** Seven or more digits with only spaces, dots, dashes, brackets or a plus between them. */
const PHONE_NUMBER = /\+?\(?\d(?:[\s().-]{0,3}\d){6,}/g;
const REMOVED = '(contact details removed)';
const DATE_OR_PHONE = new RegExp(`${DATES_AND_TIMES.source}|${PHONE_NUMBER.source}`, 'g');
const WHOLE_DATE = new RegExp(`^(?:${DATES_AND_TIMES.source})$`);

/** What is wrong with a next step as the partner would see it (too long, a phone or an email), or null. */
export function nextStepProblem(text: string): string | null {
	const plain = stripUnsafeCharacters(text).trim();
	if (plain.length > MAX_NEXT_STEP_LENGTH) {
		return `the next step is shown to the partner: at most ${MAX_NEXT_STEP_LENGTH} characters (it has ${plain.length})`;
	}
	if (new RegExp(EMAIL_ADDRESS.source).test(plain) || new RegExp(PHONE_NUMBER.source).test(plain.replace(DATES_AND_TIMES, ' '))) {
		return 'the next step is shown to the partner: leave out phone numbers and email addresses (they may be your client\'s or another partner\'s)';
	}
	return null;
}

/**
 * The next step as a partner reads it: one line without control or bidi characters, phone numbers
 * and email addresses taken out, at most MAX_NEXT_STEP_LENGTH characters (a row typed by hand in
 * the Referrals tab gets the same treatment as an update the pack checked).
 */
export function nextStepFor(referral: Pick<Referral, 'status' | 'nextStep'>): string {
	let written = stripUnsafeCharacters(referral.nextStep ?? '').replace(/\s+/g, ' ').trim();
	if (written && nextStepProblem(written) !== null) {
		// Dates and times are tried first at each place, and kept; any other run of digits goes.
		written = written.replace(EMAIL_ADDRESS, REMOVED).replace(DATE_OR_PHONE, (match) => (WHOLE_DATE.test(match) ? match : REMOVED));
		if (written.length > MAX_NEXT_STEP_LENGTH) written = `${written.slice(0, MAX_NEXT_STEP_LENGTH - 1).trimEnd()}…`;
	}
	return written || DEFAULT_NEXT_STEP[referral.status];
}

/** The minimized projection of one referral. */
export function minimizeReferral(referral: Referral, options: PartnerViewOptions = {}): PartnerViewRow {
	return {
		client: clientDisplayName(referral.firstName, referral.lastName),
		referredOn: partnerDate(referral.receivedAt, options.timeZone),
		status: REFERRAL_STATUS_LABELS[referral.status],
		lastUpdate: partnerDate(referral.lastChangeAt, options.timeZone),
		nextStep: nextStepFor(referral),
	};
}

/**
 * One partner's view: exactly that partner's referrals, minimized, newest first (ties by
 * referral id so a re-sync writes the same rows in the same order).
 */
export function partnerView(
	referrals: readonly Referral[],
	partnerId: string,
	options: PartnerViewOptions = {},
): PartnerViewRow[] {
	return referrals
		.filter((referral) => referral.partnerId === partnerId)
		.sort(
			(a, b) =>
				Date.parse(b.receivedAt) - Date.parse(a.receivedAt) ||
				(a.referralId < b.referralId ? -1 : a.referralId > b.referralId ? 1 : 0),
		)
		.map((referral) => minimizeReferral(referral, options));
}

/** The partner's sheet as a grid: header row, then one row per referral. */
export function partnerViewTable(
	referrals: readonly Referral[],
	partnerId: string,
	options: PartnerViewOptions = {},
): string[][] {
	return [
		[...PARTNER_VIEW_HEADERS],
		...partnerView(referrals, partnerId, options).map((row) =>
			[row.client, row.referredOn, row.status, row.lastUpdate, row.nextStep].map(stripUnsafeCharacters),
		),
	];
}
