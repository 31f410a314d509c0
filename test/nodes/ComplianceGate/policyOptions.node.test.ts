import { MortgageComplianceGate } from '../../../nodes/ComplianceGate/MortgageComplianceGate.node';
import { runNode } from '../../support/nodeHarness';

/** Issue 12: the gate's policy options for allowed countries, a state of emergency and proclaimed state holidays. */
const toronto = { leadId: 'ld_to', phone: '+14165550123', zip: '10001', consentSms: 'TRUE' };
const newOrleans = { leadId: 'ld_no', phone: '+15045550123', zip: '70112', consentSms: 'TRUE' };
const WEDNESDAY_NOON_CENTRAL = '2026-09-02T17:00:00Z';

describe('Mortgage Compliance Gate node: issue 12 policy options', () => {
	it('blocks a Canadian number unless Allowed Countries names CA', async () => {
		const [, , blocked] = await runNode(new MortgageComplianceGate(), { items: [toronto], parameters: { channel: 'sms', now: WEDNESDAY_NOON_CENTRAL } });
		expect(blocked[0].json.reasons).toEqual(['non-us-number:+1416']);
		const [send] = await runNode(new MortgageComplianceGate(), { items: [toronto], parameters: { channel: 'sms', now: WEDNESDAY_NOON_CENTRAL, policy: { allowedCountries: 'CA, JM' } } });
		expect(send.map((item) => item.json.leadId)).toEqual(['ld_to']);
	});

	it('State of Emergency In blocks marketing texts to leads there', async () => {
		const [, , blocked] = await runNode(new MortgageComplianceGate(), { items: [newOrleans], parameters: { channel: 'sms', now: WEDNESDAY_NOON_CENTRAL, policy: { stateOfEmergency: 'LA' } } });
		expect(blocked[0].json.reasons).toEqual(['state-of-emergency:LA']);
	});

	it('Extra State Holidays defer leads in that state to the next legal morning', async () => {
		const [, deferred] = await runNode(new MortgageComplianceGate(), {
			items: [newOrleans],
			parameters: { channel: 'sms', now: WEDNESDAY_NOON_CENTRAL, policy: { stateHolidays: 'LA 2026-09-02, TX 2026-09-03' } },
		});
		expect(deferred[0].json).toMatchObject({ sendAfter: '2026-09-03T13:00:00.000Z', compliance: { reasons: ['holiday:LA'] } });
	});

	it('a malformed Extra State Holidays entry fails naming the field', async () => {
		await expect(
			runNode(new MortgageComplianceGate(), { items: [newOrleans], parameters: { channel: 'sms', now: WEDNESDAY_NOON_CENTRAL, policy: { stateHolidays: 'Louisiana on Sept 2' } } }),
		).rejects.toThrow(/Policy Overrides: stateHolidays/);
	});
});
