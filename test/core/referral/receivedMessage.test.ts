import { newReferral, partnerMessage } from '../../../nodes/core';

describe('partnerMessage for a referral that has just arrived', () => {
	const referral = newReferral({
		referralId: 'R-1',
		partnerId: 'P-maria',
		receivedAt: '2026-12-08T15:00:00.000Z',
		firstName: 'Carla',
		lastName: 'Mendez',
		leadId: 'ld_1',
		loanAmount: 412500,
		notes: 'Self-employed, credit 640',
	});

	it('thanks the partner warmly, names the client by first name and last initial, and signs', () => {
		expect(partnerMessage(referral, { kind: 'received' }, { partnerName: 'Dana Brooks', loanOfficerName: 'Sam Reed', timeZone: 'America/New_York' })).toBe(
			'Hi Dana, thank you for referring Carla M. on Dec 8! I have the referral and will reach out to them shortly. I will keep you posted as things move forward.\nSam Reed',
		);
	});

	it('says nothing about the borrower beyond the name: no amounts, notes, surname', () => {
		const text = partnerMessage(referral, { kind: 'received' }, { partnerName: 'Dana' });
		for (const secret of ['Mendez', '412', 'credit', 'Self-employed', 'ld_1', 'R-1']) expect(text).not.toContain(secret);
	});

	it('reads well without names or a signature', () => {
		const anonymous = newReferral({ referralId: 'R-2', partnerId: 'P-x', receivedAt: '2026-12-08T03:00:00.000Z' });
		expect(partnerMessage(anonymous, { kind: 'received' }, { timeZone: 'America/New_York' })).toBe(
			'Hi, thank you for referring your client on Dec 7! I have the referral and will reach out to them shortly. I will keep you posted as things move forward.',
		);
	});
});
