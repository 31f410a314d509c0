import fc from 'fast-check';
import {
	PARTNER_VIEW_HEADERS,
	ReferralUpdateError,
	applyReferralStatus,
	partnerView,
	partnerViewTable,
	type Referral,
} from '../../../nodes/core';
import { HOUR, T0, arrivingReferralArb, historyStepArb, iso, referralAt } from '../../support/referralArbitraries';

const PARTNERS = ['P-maria', 'P-dave', 'P-kim'] as const;

/** What the issue says a partner may see, written independently of the implementation. */
const STATUS_WORDS: Record<string, string> = {
	received: 'Received',
	contacted: 'Contacted',
	appointment: 'Appointment set',
	application: 'Application',
	approved: 'Approved',
	closed: 'Closed',
	lost: 'Not moving forward',
};
function expectedRow(referral: Referral) {
	const client = [referral.firstName ?? '', referral.lastName ? `${referral.lastName[0].toUpperCase()}.` : ''].filter(Boolean).join(' ');
	return {
		client: client || 'Your client',
		referredOn: referral.receivedAt.slice(0, 10),
		status: STATUS_WORDS[referral.status],
		lastUpdate: referral.lastChangeAt.slice(0, 10),
	};
}

/** Random referral histories: referrals arrive, move through statuses, and sometimes change partner. */
const historyArb = fc
	.integer({ min: 1, max: 12 })
	.chain((count) =>
		fc.tuple(
			fc.tuple(...Array.from({ length: count }, (_, index) => arrivingReferralArb(PARTNERS, index))),
			fc.array(historyStepArb(count, PARTNERS), { maxLength: 40 }),
		),
	)
	.map(([arrived, steps]) => {
		const referrals = arrived.map((referral) => ({ ...referral }));
		let hours = 24 * 61;
		for (const step of steps) {
			if (step.kind === 'move') {
				referrals[step.referral] = { ...referrals[step.referral], partnerId: step.partnerId };
				continue;
			}
			hours += step.hoursLater;
			try {
				referrals[step.referral] = applyReferralStatus(referrals[step.referral], step.update, iso(T0 + hours * HOUR)).referral;
			} catch (error) {
				if (!(error instanceof ReferralUpdateError)) throw error;
			}
		}
		return referrals;
	});

describe('partnerView', () => {
	it('property: each partner view is the minimized projection of exactly that partner\'s referrals', () => {
		fc.assert(
			fc.property(historyArb, (referrals) => {
				for (const partnerId of PARTNERS) {
					const mine = referrals.filter((referral) => referral.partnerId === partnerId);
					const view = partnerView(referrals, partnerId);
					expect(view).toHaveLength(mine.length);
					// Same rows as the projection, whatever the order.
					const key = (row: object) => JSON.stringify(row);
					expect(view.map(({ nextStep: _, ...row }) => key(row)).sort()).toEqual(mine.map((r) => key(expectedRow(r))).sort());
					for (const row of view) {
						expect(Object.keys(row).sort()).toEqual(['client', 'lastUpdate', 'nextStep', 'referredOn', 'status']);
						const cells = Object.values(row).join(' | ');
						for (const referral of referrals) {
							if (referral.loanAmount !== null) expect(cells).not.toContain(String(referral.loanAmount));
							if (referral.notes) expect(cells).not.toContain(referral.notes);
							if (referral.lostDetail) expect(cells).not.toContain(referral.lostDetail);
							expect(cells).not.toContain(referral.referralId);
						}
					}
					// Newest referral first.
					const dates = view.map((row) => row.referredOn);
					expect(dates).toEqual([...dates].sort().reverse());
				}
			}),
		);
	});

	it('moves a referral with its partner: after reassignment the old partner no longer sees it', () => {
		const jane = referralAt('appointment');
		const ana = referralAt('received', { referralId: 'R-200', firstName: 'Ana', lastName: 'Silva', partnerId: 'P-dave' });
		expect(partnerView([jane, ana], 'P-maria').map((row) => row.client)).toEqual(['Jane O.']);
		const moved = { ...jane, partnerId: 'P-dave' };
		expect(partnerView([moved, ana], 'P-maria')).toEqual([]);
		expect(partnerView([moved, ana], 'P-dave').map((row) => row.client).sort()).toEqual(['Ana S.', 'Jane O.']);
	});

	it('writes a header and one row per referral, dates in the loan officer\'s zone, next step in words', () => {
		const late = referralAt('contacted', { receivedAt: '2026-11-03T03:30:00Z', contactedAt: '2026-11-03T04:00:00Z', lastChangeAt: '2026-11-03T04:00:00Z', nextStep: 'Call back Monday' });
		const table = partnerViewTable([late, referralAt('closed', { referralId: 'R-1', firstName: 'Bo', lastName: null })], 'P-maria', {
			timeZone: 'America/Los_Angeles',
		});
		expect(table).toEqual([
			[...PARTNER_VIEW_HEADERS],
			['Jane O.', '2026-11-02', 'Contacted', '2026-11-02', 'Call back Monday'],
			['Bo', '2026-11-02', 'Closed', '2026-11-07', 'Closed. Thank you for the referral!'],
		]);
	});
});
