import fc from 'fast-check';
import {
	REFERRAL_COLUMNS,
	REFERRAL_STATUSES,
	LOST_REASONS,
	referralFromRow,
	referralToRow,
	staleReferrals,
	type Referral,
} from '../../../nodes/core';
import { HOUR, T0, iso, referralAt } from '../../support/referralArbitraries';

describe('staleReferrals', () => {
	const now = iso(T0 + 10 * 24 * HOUR);

	it('flags open referrals nobody has called within 24 hours, and partners who heard nothing for 7 days', () => {
		const uncalled = referralAt('received', { referralId: 'R-new', receivedAt: iso(T0 + 10 * 24 * HOUR - 25 * HOUR) });
		const justIn = referralAt('received', { referralId: 'R-fresh', receivedAt: iso(T0 + 10 * 24 * HOUR - 23 * HOUR) });
		const quiet = referralAt('application', { referralId: 'R-quiet', lastPartnerUpdateAt: iso(T0 + 2 * 24 * HOUR) });
		const told = referralAt('application', { referralId: 'R-told', lastPartnerUpdateAt: iso(T0 + 5 * 24 * HOUR) });
		const forgotten = referralAt('received', { referralId: 'R-forgotten' });
		const closed = referralAt('closed', { referralId: 'R-closed' });
		const lost = referralAt('lost', { referralId: 'R-lost' });

		const stale = staleReferrals([uncalled, justIn, quiet, told, forgotten, closed, lost], now);
		expect(stale.map((entry) => [entry.referral.referralId, entry.reasons])).toEqual([
			['R-forgotten', ['no-first-contact', 'no-partner-update']],
			['R-quiet', ['no-partner-update']],
			['R-new', ['no-first-contact']],
		]);
		expect(stale[0]).toMatchObject({ hoursSinceReceived: 240, daysSincePartnerUpdate: 10 });
		expect(stale[1]).toMatchObject({ daysSincePartnerUpdate: 8 });
	});

	it('takes the thresholds as options', () => {
		const quiet = referralAt('application', { lastPartnerUpdateAt: iso(T0 + 7 * 24 * HOUR) });
		expect(staleReferrals([quiet], now)).toEqual([]);
		expect(staleReferrals([quiet], now, { partnerUpdateDays: 3 })).toHaveLength(1);
		const uncalled = referralAt('received', { receivedAt: iso(T0 + 10 * 24 * HOUR - 2 * HOUR), lastPartnerUpdateAt: iso(T0 + 10 * 24 * HOUR - HOUR) });
		expect(staleReferrals([uncalled], now, { firstContactHours: 1 })[0].reasons).toEqual(['no-first-contact']);
	});
});

const instantArb = fc.integer({ min: 0, max: 400 * 24 }).map((hours) => iso(T0 + hours * HOUR));
const textArb = fc.option(fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim() === s && s !== ''), { nil: null });
const referralArb: fc.Arbitrary<Referral> = fc.record({
	referralId: fc.stringMatching(/^R-[0-9A-Za-z]{1,8}$/),
	partnerId: fc.stringMatching(/^P-[a-z]{1,8}$/),
	leadId: textArb,
	firstName: textArb,
	lastName: textArb,
	source: textArb,
	status: fc.constantFrom(...REFERRAL_STATUSES),
	receivedAt: instantArb,
	contactedAt: fc.option(instantArb, { nil: null }),
	appointmentAt: fc.option(instantArb, { nil: null }),
	applicationAt: fc.option(instantArb, { nil: null }),
	approvedAt: fc.option(instantArb, { nil: null }),
	closedAt: fc.option(instantArb, { nil: null }),
	lostAt: fc.option(instantArb, { nil: null }),
	lostReason: fc.option(fc.constantFrom(...LOST_REASONS), { nil: null }),
	lostDetail: textArb,
	reopenedAt: fc.option(instantArb, { nil: null }),
	lastChangeAt: instantArb,
	lastPartnerUpdateAt: fc.option(instantArb, { nil: null }),
	nextStep: textArb,
	loanAmount: fc.option(fc.integer({ min: 0, max: 5_000_000 }), { nil: null }),
	notes: textArb,
});

const asRecord = (cells: string[]) => Object.fromEntries(REFERRAL_COLUMNS.map((column, index) => [column, cells[index]]));

describe('Referrals tab rows', () => {
	it('property: a referral written to a row reads back the same', () => {
		fc.assert(fc.property(referralArb, (referral) => expect(referralFromRow(asRecord(referralToRow(referral)))).toEqual({ ok: true, referral })));
	});

	it('property: any row reads as a referral or as errors naming the fields, never a throw', () => {
		const cell = fc.oneof(fc.string(), fc.constantFrom('', 'lost', 'Appointment set', '11/20/2026', '$1,200', 'yesterday'));
		fc.assert(
			fc.property(fc.dictionary(fc.constantFrom(...REFERRAL_COLUMNS, 'phone', 'creditScore'), cell), (row) => {
				const result = referralFromRow(row);
				if (!result.ok) {
					expect(result.errors.length).toBeGreaterThan(0);
					for (const error of result.errors) expect(REFERRAL_COLUMNS as readonly string[]).toContain(error.field);
				}
			}),
		);
	});

	it('reads what a loan officer types: labels, US dates in their zone, dollar amounts; ignores extra columns', () => {
		const result = referralFromRow(
			{
				referralId: 'R-9',
				partnerId: 'P-kim',
				status: 'Appointment set',
				receivedAt: '11/20/2026 9:15 AM',
				appointmentAt: '2026-11-21',
				lostReason: '',
				loanAmount: '$412,500',
				phone: '+13053721842',
			},
			{ timeZone: 'America/Chicago' },
		);
		expect(result).toEqual({
			ok: true,
			referral: expect.objectContaining({
				status: 'appointment',
				receivedAt: '2026-11-20T15:15:00.000Z',
				appointmentAt: '2026-11-21T06:00:00.000Z',
				lastChangeAt: '2026-11-21T06:00:00.000Z',
				loanAmount: 412_500,
				lostReason: null,
			}),
		});
		expect(result.ok && 'phone' in result.referral).toBe(false);
	});

	it('names every unreadable field', () => {
		const result = referralFromRow({ referralId: '', partnerId: 'P-1', status: 'funded', receivedAt: 'last week', lostReason: 'meh', loanAmount: 'lots' });
		expect(result.ok === false && result.errors.map((error) => error.field).sort()).toEqual(['loanAmount', 'lostReason', 'receivedAt', 'referralId', 'status']);
	});
});
