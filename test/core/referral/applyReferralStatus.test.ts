import fc from 'fast-check';
import {
	REFERRAL_STATUSES,
	ReferralUpdateError,
	applyReferralStatus,
	newReferral,
	type Referral,
	type ReferralStatus,
	type ReferralUpdate,
} from '../../../nodes/core';
import { HOUR, T0, iso, referralAt, updateArb } from '../../support/referralArbitraries';

const NOW = iso(T0 + 30 * 24 * HOUR);

/**
 * The legal moves, written out by hand. Rows: the status the referral is at; columns: the
 * update. `=` same status (allowed, nothing new), `ok` allowed, `-` rejected.
 */
const TARGETS = ['received', 'contacted', 'appointment', 'application', 'approved', 'closed', 'lost', 'reopened'] as const;
const MATRIX: Record<ReferralStatus, string> = {
	//          rec con app apl apr clo lost reop
	received: '  =  ok  ok  ok  ok  ok  ok   - ',
	contacted: ' -   =  ok  ok  ok  ok  ok   - ',
	appointment: '-  -   =  ok  ok  ok  ok   - ',
	application: '-  -   -   =  ok  ok  ok   - ',
	approved: '  -   -   -   -   =  ok  ok   - ',
	closed: '    -   -   -   -   -   =   -   - ',
	lost: '      -   -   -   -   -   -   =  ok ',
};

const cases = REFERRAL_STATUSES.flatMap((from) => {
	const cells = MATRIX[from].trim().split(/\s+/);
	return TARGETS.map((to, index) => ({ from, to, verdict: cells[index] }));
});

function updateFor(to: (typeof TARGETS)[number]): ReferralUpdate {
	return to === 'lost' ? { status: 'lost', lostReason: 'chose-another-lender' } : { status: to };
}

describe('applyReferralStatus: every move from every status', () => {
	it('covers all 7 statuses x 8 updates', () => {
		expect(cases).toHaveLength(56);
		expect(cases.filter((c) => c.verdict === 'ok')).toHaveLength(21);
	});

	it.each(cases.filter((c) => c.verdict === 'ok'))('$from -> $to is allowed and stamped', ({ from, to }) => {
		const before = referralAt(from);
		const change = applyReferralStatus(before, updateFor(to), NOW);
		const expected = to === 'reopened' ? 'appointment' : to;
		expect(change).toMatchObject({ changed: true, from, to: expected });
		expect(change.referral.status).toBe(expected);
		expect(change.referral.lastChangeAt).toBe(NOW);
		expect(change.partnerMessage).toEqual(expect.stringContaining('Jane O.'));
		if (to === 'lost') expect(change.referral).toMatchObject({ lostAt: NOW, lostReason: 'chose-another-lender' });
		else if (to === 'reopened') expect(change.referral).toMatchObject({ reopenedAt: NOW, lostAt: null, lostReason: null });
		else expect(change.referral[`${to}At` as keyof Referral]).toBe(NOW);
	});

	it.each(cases.filter((c) => c.verdict === '='))('$from -> $to again changes nothing and tells nobody', ({ from, to }) => {
		const before = referralAt(from);
		const change = applyReferralStatus(before, updateFor(to), NOW);
		expect(change.changed).toBe(false);
		expect(change.partnerMessage).toBeNull();
		expect(change.referral).toEqual(before);
	});

	it.each(cases.filter((c) => c.verdict === '-'))('$from -> $to is rejected with a clear error', ({ from, to }) => {
		const before = referralAt(from);
		let error: unknown;
		try {
			applyReferralStatus(before, updateFor(to), NOW);
		} catch (caught) {
			error = caught;
		}
		expect(error).toBeInstanceOf(ReferralUpdateError);
		expect((error as ReferralUpdateError).field).toBe('status');
		expect((error as Error).message).toContain('R-100');
		expect((error as Error).message).toContain(from);
	});
});

describe('applyReferralStatus rules', () => {
	const fresh = () => newReferral({ referralId: 'R-7', partnerId: 'P-1', receivedAt: iso(T0), firstName: 'Luis', lastName: 'garcia' });

	it('stamps skipped stages with the time of the jump and keeps earlier stamps', () => {
		const contacted = applyReferralStatus(fresh(), { status: 'contacted' }, iso(T0 + HOUR)).referral;
		const change = applyReferralStatus(contacted, { status: 'approved' }, iso(T0 + 48 * HOUR));
		expect(change.skipped).toEqual(['appointment', 'application']);
		expect(change.referral).toMatchObject({
			receivedAt: iso(T0),
			contactedAt: iso(T0 + HOUR),
			appointmentAt: iso(T0 + 48 * HOUR),
			applicationAt: iso(T0 + 48 * HOUR),
			approvedAt: iso(T0 + 48 * HOUR),
			closedAt: null,
		});
	});

	it('derives speed to first contact and days in stage', () => {
		const change = applyReferralStatus(fresh(), { status: 'contacted' }, iso(T0 + 95 * 60_000));
		expect(change.speedToFirstContactMinutes).toBe(95);
		expect(change.daysInStage).toBe(0);
		const later = applyReferralStatus(change.referral, { status: 'contacted', nextStep: 'Meeting Tuesday' }, iso(T0 + 3 * 24 * HOUR + 95 * 60_000));
		expect(later.daysInStage).toBe(3);
		expect(applyReferralStatus(fresh(), { status: 'received' }, iso(T0 + HOUR)).speedToFirstContactMinutes).toBeNull();
	});

	it('needs a reason from the list to mark a referral lost, and words for "other"', () => {
		const attempt = (update: ReferralUpdate) => () => applyReferralStatus(fresh(), update, NOW);
		expect(attempt({ status: 'lost' })).toThrow(expect.objectContaining({ field: 'lostReason', message: expect.stringContaining('no-response') }));
		expect(attempt({ status: 'lost', lostReason: 'bad vibes' })).toThrow(expect.objectContaining({ field: 'lostReason', message: expect.stringContaining('"bad vibes"') }));
		expect(attempt({ status: 'lost', lostReason: 'other' })).toThrow(expect.objectContaining({ field: 'lostDetail' }));
		expect(attempt({ status: 'contacted', lostReason: 'not-ready' })).toThrow(expect.objectContaining({ field: 'lostReason' }));
		const lost = applyReferralStatus(fresh(), { status: 'lost', lostReason: 'Other', lostDetail: 'Moving out of state' }, NOW).referral;
		expect(lost).toMatchObject({ status: 'lost', lostReason: 'other', lostDetail: 'Moving out of state', lostAt: NOW });
	});

	it('reopens a lost referral at the stage it was lost at, and its stage clock restarts', () => {
		const application = applyReferralStatus(fresh(), { status: 'application' }, iso(T0 + HOUR)).referral;
		const lost = applyReferralStatus(application, { status: 'lost', lostReason: 'not-ready' }, iso(T0 + 10 * 24 * HOUR)).referral;
		const reopened = applyReferralStatus(lost, { status: 'reopened' }, iso(T0 + 20 * 24 * HOUR));
		expect(reopened.to).toBe('application');
		expect(reopened.daysInStage).toBe(0);
		expect(reopened.referral).toMatchObject({ applicationAt: iso(T0 + HOUR), reopenedAt: iso(T0 + 20 * 24 * HOUR), lostReason: null });
		expect(applyReferralStatus(reopened.referral, { status: 'closed' }, iso(T0 + 21 * 24 * HOUR)).to).toBe('closed');
	});

	it('accepts a back-dated update, but not one in the future or before receipt', () => {
		const change = applyReferralStatus(fresh(), { status: 'appointment', at: '2026-11-03T09:00:00-05:00' }, NOW);
		expect(change.referral.appointmentAt).toBe('2026-11-03T14:00:00.000Z');
		expect(change.referral.lastPartnerUpdateAt).toBe(NOW);
		expect(() => applyReferralStatus(fresh(), { status: 'contacted', at: '2027-01-01T00:00:00Z' }, NOW)).toThrow(expect.objectContaining({ field: 'at' }));
		expect(() => applyReferralStatus(fresh(), { status: 'contacted', at: '2026-10-01T00:00:00Z' }, NOW)).toThrow(expect.objectContaining({ field: 'at' }));
		expect(() => applyReferralStatus(fresh(), { status: 'contacted', at: 'Tuesday' }, NOW)).toThrow(expect.objectContaining({ field: 'at' }));
	});

	it('rejects a status it does not know, naming it', () => {
		expect(() => applyReferralStatus(fresh(), { status: 'funded' as ReferralStatus }, NOW)).toThrow(
			expect.objectContaining({ field: 'status', message: expect.stringContaining('"funded"') }),
		);
	});

	it('tells the partner about a new next step, but not about a private amount correction', () => {
		const appointment = applyReferralStatus(fresh(), { status: 'appointment', nextStep: 'Meet Thursday' }, iso(T0 + HOUR)).referral;
		const step = applyReferralStatus(appointment, { status: 'appointment', nextStep: 'Moved to Friday 10am' }, iso(T0 + 2 * HOUR));
		expect(step.changed).toBe(true);
		expect(step.partnerMessage).toContain('Moved to Friday 10am.');
		expect(step.referral.lastPartnerUpdateAt).toBe(iso(T0 + 2 * HOUR));
		const amount = applyReferralStatus(step.referral, { status: 'appointment', loanAmount: 380_000 }, iso(T0 + 3 * HOUR));
		expect(amount).toMatchObject({ changed: true, partnerMessage: null });
		expect(amount.referral).toMatchObject({ loanAmount: 380_000, lastPartnerUpdateAt: iso(T0 + 2 * HOUR) });
	});

	it('drops the old next step when the referral moves on without a new one', () => {
		const appointment = applyReferralStatus(fresh(), { status: 'appointment', nextStep: 'Meet Thursday' }, iso(T0 + HOUR)).referral;
		const application = applyReferralStatus(appointment, { status: 'application' }, iso(T0 + 2 * HOUR));
		expect(application.referral.nextStep).toBeNull();
		expect(application.partnerMessage).not.toContain('Thursday');
	});
});

describe('the partner message', () => {
	it('is warm and plain: greeting, client, referral date, news, next step, thanks, signature', () => {
		const change = applyReferralStatus(referralAt('contacted'), { status: 'application', nextStep: 'Pre-approval this week' }, NOW, {
			partnerName: 'Maria Lopez',
			loanOfficerName: 'Sam Reed, NMLS #123456',
			timeZone: 'America/New_York',
		});
		expect(change.partnerMessage).toBe(
			'Hi Maria, good news on Jane O., the client you referred on Nov 2: they have started their loan application. ' +
				'Next step: Pre-approval this week. Thank you for the referral!\nSam Reed, NMLS #123456',
		);
	});

	it('never carries the amount, notes, lost detail or a financial reason, whatever happens', () => {
		fc.assert(
			fc.property(fc.constantFrom(...REFERRAL_STATUSES), fc.array(updateArb, { maxLength: 8 }), (start, updates) => {
				let referral = referralAt(start, { lostDetail: 'DTI 52% after the car loan' });
				let hours = 0;
				for (const update of updates) {
					hours += 5;
					try {
						const change = applyReferralStatus(referral, update, iso(T0 + (40 * 24 + hours) * HOUR));
						referral = change.referral;
						const message = change.partnerMessage ?? '';
						for (const secret of ['412', '412,500', 'Credit', 'DTI', '305-372', 'credit union', 'qualif', 'rate', 'fees']) {
							expect(message).not.toContain(secret);
						}
					} catch (error) {
						expect(error).toBeInstanceOf(ReferralUpdateError);
					}
				}
			}),
		);
	});
});

describe('applyReferralStatus over random histories', () => {
	it('keeps the stamps in pipeline order, never reopens a closed deal, and repeats are no-ops', () => {
		fc.assert(
			fc.property(fc.array(fc.tuple(updateArb, fc.integer({ min: 0, max: 72 })), { maxLength: 15 }), (steps) => {
				let referral = newReferral({ referralId: 'R-1', partnerId: 'P-1', receivedAt: iso(T0) });
				let hours = 0;
				for (const [update, gap] of steps) {
					hours += gap;
					const now = iso(T0 + hours * HOUR);
					const wasClosed = referral.status === 'closed';
					try {
						const change = applyReferralStatus(referral, update, now);
						referral = change.referral;
						// Reopening is a one-off: a retried "reopened" finds the referral open and is refused.
						if (update.status !== 'reopened') expect(applyReferralStatus(referral, update, now).changed).toBe(false);
					} catch (error) {
						expect(error).toBeInstanceOf(ReferralUpdateError);
					}
					if (wasClosed) expect(referral.status).toBe('closed');
					const stamps = [referral.receivedAt, referral.contactedAt, referral.appointmentAt, referral.applicationAt, referral.approvedAt, referral.closedAt];
					const present = stamps.filter((stamp): stamp is string => stamp !== null);
					// No gaps: a later stage is stamped only if every earlier one is.
					expect(stamps.slice(0, present.length)).toEqual(present);
					expect(present.map(Date.parse)).toEqual([...present.map(Date.parse)].sort((a, b) => a - b));
					if (referral.status !== 'lost') expect(stamps[['received', 'contacted', 'appointment', 'application', 'approved', 'closed'].indexOf(referral.status)]).not.toBeNull();
				}
			}),
		);
	});
});
