import { checkTouch, complianceLeadFrom } from '../../../nodes/core';

/** Issue 12, class 8 in the shipped flow: a Leads row keeps TRUE in optOutSms and the time beside it. */
describe('complianceLeadFrom: the opt-out time kept beside the flag', () => {
	const row = { leadId: 'ld_1', phone: '+13055550123', zip: '33101', consentSms: 'TRUE', optOutSms: 'TRUE', optOutSmsAt: '2026-06-10T02:00:00.000Z' };

	it('gives checkTouch the instant, so a late confirmation text is blocked', () => {
		const lead = complianceLeadFrom(row);
		expect(lead.optOut?.sms).toBe('2026-06-10T02:00:00.000Z');
		const confirm = (at: string) => checkTouch({ lead, channel: 'sms', purpose: 'opt-out-confirmation', at }).verdict;
		expect(confirm('2026-06-10T02:03:00Z')).toBe('send');
		expect(confirm('2026-06-11T07:00:00Z')).toBe('block');
	});

	it('keeps a row that is not opted out as not opted out, whatever the time column says', () => {
		expect(complianceLeadFrom({ ...row, optOutSms: 'FALSE' }).optOut?.sms).toBe('FALSE');
		expect(complianceLeadFrom({ ...row, optOutSmsAt: 'yesterday' }).optOut?.sms).toBe('TRUE');
	});
});
