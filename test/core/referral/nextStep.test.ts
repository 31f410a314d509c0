import fc from 'fast-check';
import {
	MAX_NEXT_STEP_LENGTH,
	ReferralUpdateError,
	applyReferralStatus,
	nextStepFor,
	nextStepProblem,
	partnerMessage,
	partnerViewTable,
} from '../../../nodes/core';
import { hasUnsafeCharacters } from '../../../nodes/core/safeText';
import { HOUR, T0, iso, referralAt } from '../../support/referralArbitraries';

/**
 * Issue 14 item 3: the next step is free text the partner reads (their own sheet, the update
 * email). Whoever can send an update must not put another client's phone or email, a page of
 * text or invisible characters in front of a partner.
 */
const NOW = iso(T0 + 30 * 24 * HOUR);
const PHONE = /\d(?:[\s().-]{0,3}\d){6,}/;
const EMAIL = /[\w.+-]+@[\w-]+\.[\w.-]*\w/;

describe('the next step a partner reads', () => {
	it.each([
		['Call Dana at (305) 555-0147 about her rate'],
		['Dana is at +1 305 555 0147'],
		['ring 305.555.0147'],
		['3055550147'],
		['write to dana.lopez@example.com'],
		['x'.repeat(MAX_NEXT_STEP_LENGTH + 1)],
	])('an update with %j is refused, naming the next step', (nextStep) => {
		const update = () => applyReferralStatus(referralAt('contacted'), { status: 'appointment', nextStep }, NOW);
		expect(update).toThrow(ReferralUpdateError);
		expect(update).toThrow(/next step is shown to the partner/);
		try {
			update();
		} catch (error) {
			expect((error as ReferralUpdateError).field).toBe('nextStep');
		}
	});

	it.each([['Closing set for 2026-12-08 at 10:30'], ['Appraisal ordered 12/08/2026'], ['Pre-approval for $350,000 this week'], ['Meet Thursday 3 pm']])(
		'dates, times and amounts are no phone numbers: %j is kept',
		(nextStep) => {
			const { referral, partnerMessage: message } = applyReferralStatus(referralAt('contacted'), { status: 'appointment', nextStep }, NOW);
			expect(referral.nextStep).toBe(nextStep);
			expect(message).toContain(nextStep);
		},
	);

	it('is one line without control or bidi characters when stored', () => {
		const { referral } = applyReferralStatus(referralAt('contacted'), { status: 'appointment', nextStep: 'Meet\n\nThursday\u202E\u0000 10am' }, NOW);
		expect(referral.nextStep).toBe('Meet Thursday 10am');
	});

	it('a row typed by hand in the Referrals tab is shown without its phone, email or excess length', () => {
		const typed = referralAt('appointment', { nextStep: `Dana (305) 555-0147, dana@example.com, closing 2026-12-08. ${'More. '.repeat(60)}` });
		const shown = nextStepFor(typed);
		expect(shown).toMatch(/^Dana \(contact details removed\), \(contact details removed\), closing 2026-12-08\. More\./);
		expect(shown.length).toBeLessThanOrEqual(MAX_NEXT_STEP_LENGTH);
	});

	it('property: whatever the text, the partner view and every partner email carry no phone, email or invisible character, and stay short', () => {
		const piece = fc.oneof(
			fc.constantFrom('Call', 'Dana', 'at', '(305) 555-0147', '+1 305 555 0147', '305.555.0147', 'dana@example.com', 'a.b@c.io', '2026-12-08', '10:30', '$350,000', '\n', '\u202E', '\u0000', '=HYPERLINK("x")'),
			fc.string({ maxLength: 12 }),
		);
		fc.assert(
			fc.property(fc.array(piece, { maxLength: 40 }).map((parts) => parts.join(' ')), (nextStep) => {
				const referral = referralAt('appointment', { nextStep, partnerId: 'P-1' });
				const shown = nextStepFor(referral);
				expect(shown.length).toBeLessThanOrEqual(MAX_NEXT_STEP_LENGTH);
				for (const text of [shown, ...partnerViewTable([referral], 'P-1').flat(), partnerMessage(referral, { kind: 'next-step' }), partnerMessage(referral, { kind: 'status' })]) {
					expect(text.replace(/\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}:\d{2}\b/g, ' ')).not.toMatch(PHONE);
					expect(text).not.toMatch(EMAIL);
					expect(hasUnsafeCharacters(text)).toBe(false);
				}
				// An update is refused exactly when the text would have needed cleaning for the partner.
				const problem = nextStepProblem(nextStep);
				const update = () => applyReferralStatus(referralAt('contacted'), { status: 'appointment', nextStep }, NOW);
				if (problem === null) expect(update).not.toThrow();
				else expect(update).toThrow(ReferralUpdateError);
			}),
			{ numRuns: 1000 },
		);
	});
});
