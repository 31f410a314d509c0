import { DateTime } from 'luxon';
import type { FieldError } from '../lead';
import {
	LOST_REASONS,
	LOST_REASON_LABELS,
	REFERRAL_STATUSES,
	REFERRAL_STATUS_LABELS,
	type LostReason,
	type Referral,
	type ReferralStatus,
} from './referral';

/** The Referrals tab's columns (headers), in the order a new tab gets them. */
export const REFERRAL_COLUMNS = [
	'referralId',
	'partnerId',
	'leadId',
	'firstName',
	'lastName',
	'source',
	'status',
	'receivedAt',
	'contactedAt',
	'appointmentAt',
	'applicationAt',
	'approvedAt',
	'closedAt',
	'lostAt',
	'lostReason',
	'lostDetail',
	'reopenedAt',
	'lastChangeAt',
	'lastPartnerUpdateAt',
	'nextStep',
	'loanAmount',
	'notes',
] as const satisfies ReadonlyArray<keyof Referral>;

const INSTANT_COLUMNS = [
	'contactedAt',
	'appointmentAt',
	'applicationAt',
	'approvedAt',
	'closedAt',
	'lostAt',
	'reopenedAt',
	'lastPartnerUpdateAt',
] as const;
const TEXT_COLUMNS = ['leadId', 'firstName', 'lastName', 'source', 'lostDetail', 'nextStep', 'notes'] as const;

/** Dates as a loan officer may type them into the sheet, besides ISO-8601. */
const TYPED_FORMATS = ['M/d/yyyy H:mm:ss', 'M/d/yyyy H:mm', 'M/d/yyyy h:mm a', 'M/d/yyyy', 'yyyy-MM-dd H:mm:ss', 'yyyy-MM-dd H:mm'];

export type ReferralRowResult = { ok: true; referral: Referral } | { ok: false; errors: FieldError[] };

export interface ReferralRowOptions {
	/** Zone for dates typed without an offset. Default UTC. */
	timeZone?: string;
}

/**
 * Reads one Referrals-tab row (by header name, so columns may be reordered) into a Referral.
 * Sheets hand back text, so labels ("Appointment set"), typed dates and "$350,000" are accepted;
 * anything unreadable is reported per field instead of guessed.
 */
export function referralFromRow(row: Readonly<Record<string, unknown>>, options: ReferralRowOptions = {}): ReferralRowResult {
	const errors: FieldError[] = [];
	const zone = options.timeZone ?? 'UTC';
	const text = (field: string): string | null => {
		const value = row[field];
		if (value === undefined || value === null) return null;
		const trimmed = String(value).trim();
		return trimmed === '' ? null : trimmed;
	};
	const instant = (field: string): string | null => {
		const value = text(field);
		if (value === null) return null;
		const parsed = typedInstant(value, zone);
		if (parsed === null) errors.push({ field, message: `"${value}" is not a date-time` });
		return parsed;
	};

	const referralId = text('referralId');
	if (referralId === null) errors.push({ field: 'referralId', message: 'is empty' });
	const partnerId = text('partnerId');
	if (partnerId === null) errors.push({ field: 'partnerId', message: 'is empty' });
	const receivedAt = instant('receivedAt');
	if (receivedAt === null && text('receivedAt') === null) errors.push({ field: 'receivedAt', message: 'is empty' });

	const statusText = text('status') ?? 'received';
	const status = statusFromText(statusText);
	if (status === null) {
		errors.push({ field: 'status', message: `"${statusText}" is not a status; use one of ${REFERRAL_STATUSES.join(', ')}` });
	}
	const reasonText = text('lostReason');
	const lostReason = reasonText === null ? null : lostReasonFromText(reasonText);
	if (reasonText !== null && lostReason === null) {
		errors.push({ field: 'lostReason', message: `"${reasonText}" is not a lost reason; use one of ${LOST_REASONS.join(', ')}` });
	}
	const amountText = text('loanAmount');
	let loanAmount: number | null = null;
	if (amountText !== null) {
		loanAmount = Number(amountText.replace(/[$,\s]/g, ''));
		if (!Number.isFinite(loanAmount) || loanAmount < 0) {
			errors.push({ field: 'loanAmount', message: `"${amountText}" is not an amount` });
			loanAmount = null;
		}
	}

	const stamps = Object.fromEntries(INSTANT_COLUMNS.map((field) => [field, instant(field)])) as Record<
		(typeof INSTANT_COLUMNS)[number],
		string | null
	>;
	const texts = Object.fromEntries(TEXT_COLUMNS.map((field) => [field, text(field)])) as Record<
		(typeof TEXT_COLUMNS)[number],
		string | null
	>;
	const lastChangeAt = instant('lastChangeAt');
	if (errors.length > 0) return { ok: false, errors };

	const referral: Referral = {
		referralId: referralId as string,
		partnerId: partnerId as string,
		...texts,
		...stamps,
		status: status as ReferralStatus,
		receivedAt: receivedAt as string,
		lostReason,
		lastChangeAt: lastChangeAt ?? latestOf(receivedAt as string, Object.values(stamps)),
		loanAmount,
	};
	return { ok: true, referral };
}

/** One Referrals-tab row, in REFERRAL_COLUMNS order; empty cells for nulls. */
export function referralToRow(referral: Referral): string[] {
	return REFERRAL_COLUMNS.map((column) => {
		const value = referral[column];
		return value === null || value === undefined ? '' : String(value);
	});
}

function statusFromText(value: string): ReferralStatus | null {
	const key = value.toLowerCase();
	const byCode = REFERRAL_STATUSES.find((status) => status === key);
	if (byCode) return byCode;
	return REFERRAL_STATUSES.find((status) => REFERRAL_STATUS_LABELS[status].toLowerCase() === key) ?? null;
}

function lostReasonFromText(value: string): LostReason | null {
	const key = value.toLowerCase();
	return (
		LOST_REASONS.find((reason) => reason === key) ??
		LOST_REASONS.find((reason) => LOST_REASON_LABELS[reason].toLowerCase() === key) ??
		null
	);
}

/**
 * A date-time as a loan officer may type it into the sheet (ISO-8601, or 4/1/2026 9:00 AM and the
 * other TYPED_FORMATS) and as a formatted read shows it, read in `zone`: the ISO UTC instant, or null.
 */
export function typedInstant(value: string, zone: string): string | null {
	let parsed = DateTime.fromISO(value, { zone });
	for (const format of TYPED_FORMATS) {
		if (parsed.isValid) break;
		parsed = DateTime.fromFormat(value, format, { zone });
	}
	return parsed.isValid ? (parsed.toUTC().toISO() as string) : null;
}

function latestOf(first: string, others: ReadonlyArray<string | null>): string {
	return others.reduce<string>((latest, value) => (value && Date.parse(value) > Date.parse(latest) ? value : latest), first);
}
