import { createHash } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';
import type { MergeValues } from '../../core';

/** Who is texting: the Settings tab's LO name, NMLS ID and company. */
export interface SenderIdentity {
	loName: string;
	nmlsId: string;
	company: string;
	loPhone: string;
	loEmail: string;
}

/**
 * The first text to a lead names the loan officer with the NMLS ID (SAFE Act, 12 CFR
 * 1007.105(b)) and says how to opt out (CTIA). Parts the template already has are not repeated.
 */
export function withIdentification(body: string, identity: SenderIdentity): string {
	const parts: string[] = [];
	if (!body.includes(identity.nmlsId)) {
		const who = `${identity.loName}, NMLS #${identity.nmlsId}`;
		parts.push(identity.company ? `${who}, ${identity.company}.` : `${who}.`);
	}
	if (!/reply stop/i.test(body)) parts.push('Reply STOP to opt out.');
	return parts.length === 0 ? body : `${body}\n- ${parts.join(' ')}`;
}

/** Merge-field values from the lead record and the sender identity. */
export function mergeValuesFor(lead: IDataObject, identity: SenderIdentity): MergeValues {
	const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : null);
	const firstName = text(lead.firstName);
	const lastName = text(lead.lastName);
	const values: Record<string, string | null> = {
		firstName,
		lastName,
		fullName: text(lead.fullName) ?? ([firstName, lastName].filter(Boolean).join(' ') || null),
		state: text(lead.state),
		loanPurpose: text(lead.loanPurpose),
		targetDate: text(lead.targetDate),
		partnerName: text(lead.partnerName),
		loName: identity.loName || null,
		nmlsId: identity.nmlsId || null,
		company: identity.company || null,
		loPhone: identity.loPhone || null,
		loEmail: identity.loEmail || null,
	};
	return values;
}

/** A stable touchId for a one-off text with none: the same lead and words give the same key. */
export function adHocTouchId(leadId: string, body: string): string {
	return `${leadId}:sms:${createHash('sha256').update(body).digest('hex').slice(0, 12)}`;
}
