import fc from 'fast-check';
import {
	LOST_REASONS,
	REFERRAL_STAGES,
	newReferral,
	type Referral,
	type ReferralStatus,
	type ReferralUpdate,
} from '../../nodes/core';

/** Test data for the referral tests: referrals at a given status, and random histories. */

export const T0 = Date.parse('2026-11-02T13:00:00Z');
export const HOUR = 3_600_000;
export const iso = (ms: number) => new Date(ms).toISOString();

/**
 * A referral sitting at `status`, built by hand (not through the state machine), each passed
 * stage stamped one day after the one before; `fields` win over what is built.
 */
export function referralAt(status: ReferralStatus, fields: Partial<Referral> = {}): Referral {
	const reached = status === 'lost' ? 'appointment' : status;
	const referral = newReferral({
		referralId: 'R-100',
		partnerId: 'P-maria',
		receivedAt: iso(T0),
		firstName: 'Jane',
		lastName: "O'Neil",
		loanAmount: 412_500,
		notes: 'Credit 640, DTI 43%, call 305-372-1842',
		...fields,
	});
	const stamps = { contacted: 'contactedAt', appointment: 'appointmentAt', application: 'applicationAt', approved: 'approvedAt', closed: 'closedAt' } as const;
	const upTo = REFERRAL_STAGES.indexOf(reached);
	for (let index = 1; index <= upTo; index++) {
		const stage = REFERRAL_STAGES[index] as keyof typeof stamps;
		referral[stamps[stage]] = iso(T0 + index * 24 * HOUR);
	}
	referral.status = status;
	referral.lastChangeAt = iso(T0 + upTo * 24 * HOUR);
	if (status === 'lost') {
		referral.lostAt = iso(T0 + (upTo + 1) * 24 * HOUR);
		referral.lostReason = 'chose-another-lender';
		referral.lastChangeAt = referral.lostAt;
	}
	return { ...referral, ...fields };
}

const nameArb = fc.stringMatching(/^[A-Z][a-z]{1,9}$/);

/** A referral as it arrives: names, a private amount and notes that must never reach a partner. */
export const arrivingReferralArb = (partnerIds: readonly string[], index: number) =>
	fc.record({
		partnerId: fc.constantFrom(...partnerIds),
		firstName: fc.option(nameArb, { nil: null }),
		lastName: fc.option(nameArb, { nil: null }),
		receivedHoursAfterT0: fc.integer({ min: 0, max: 24 * 60 }),
		loanAmount: fc.option(fc.integer({ min: 50_000, max: 3_000_000 }), { nil: null }),
		notes: fc.option(fc.constantFrom('Credit 580, needs FHA', 'Income $9,800/mo', 'Cell 305-555-0199'), { nil: null }),
	}).map(
		(r): Referral =>
			newReferral({
				referralId: `R-${String(index).padStart(3, '0')}`,
				partnerId: r.partnerId,
				receivedAt: iso(T0 + r.receivedHoursAfterT0 * HOUR),
				firstName: r.firstName,
				lastName: r.lastName,
				loanAmount: r.loanAmount,
				notes: r.notes,
			}),
	);

/** One thing the loan officer may do to a referral: a status update, or a move to another partner. */
export type HistoryStep =
	| { kind: 'update'; referral: number; hoursLater: number; update: ReferralUpdate }
	| { kind: 'move'; referral: number; partnerId: string };

export const updateArb: fc.Arbitrary<ReferralUpdate> = fc.oneof(
	fc.record({ status: fc.constantFrom(...REFERRAL_STAGES), nextStep: fc.option(fc.constantFrom('Docs by Friday', 'Pre-approval letter sent'), { nil: undefined }) }),
	fc.record({
		status: fc.constant('lost' as const),
		lostReason: fc.constantFrom(...LOST_REASONS),
		lostDetail: fc.constantFrom('DTI too high at 52%', 'went with credit union'),
	}),
	fc.constant({ status: 'reopened' as const }),
);

export const historyStepArb = (referralCount: number, partnerIds: readonly string[]): fc.Arbitrary<HistoryStep> =>
	fc.oneof(
		{ weight: 5, arbitrary: fc.record({ kind: fc.constant('update' as const), referral: fc.nat(referralCount - 1), hoursLater: fc.integer({ min: 0, max: 96 }), update: updateArb }) },
		{ weight: 1, arbitrary: fc.record({ kind: fc.constant('move' as const), referral: fc.nat(referralCount - 1), partnerId: fc.constantFrom(...partnerIds) }) },
	);
