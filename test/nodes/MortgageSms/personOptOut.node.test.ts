import type { IDataObject } from 'n8n-workflow';
import { MortgageSms } from '../../../nodes/MortgageSms/MortgageSms.node';
import { MortgageComplianceGate } from '../../../nodes/ComplianceGate/MortgageComplianceGate.node';
import { startTwilioStandIn, type StartedTwilioStandIn } from '../../../sandbox/twilio';
import { runNode } from '../../support/nodeHarness';

/**
 * Issue 13: a lead source posting an opted-out phone again. The item is the new lead (no opt-out
 * of its own) plus what Upsert Leads answered about the person (`tracker.person`); the text is
 * refused at send time, and Twilio is not even asked.
 */
const ACCOUNT = 'AC' + 'd'.repeat(32);
const TOKEN = 'person-opt-out-token';
const MORNING = '2026-11-20T15:00:00Z';
let server: StartedTwilioStandIn;
beforeEach(async () => {
	server = await startTwilioStandIn({ accountSid: ACCOUNT, authToken: TOKEN });
});
afterEach(async () => server.close());

/** The instant text's item in speed-to-lead, after Save lead. */
const reposted = (person: IDataObject | undefined): IDataObject => ({
	leadId: 'ld_again',
	touchId: 'ld_again:speed-to-lead:1',
	cadenceId: 'speed-to-lead',
	step: 1,
	channel: 'sms',
	purpose: 'marketing',
	firstName: 'Rosa',
	phone: '+13055550144',
	zip: '33101',
	consent: { sms: true },
	optOut: { sms: false },
	tracker: { leadId: 'ld_again', action: 'created', row: 3, ...(person ? { person } : {}) },
});
const OPTED_OUT = { optOut: { sms: true, call: false, email: false }, optOutAt: {} };

const sms = (items: IDataObject[]) =>
	runNode(new MortgageSms(), {
		items,
		parameters: { from: '+13055550100', loName: 'Alex Rivera', nmlsId: '123456', company: 'Sandbox Home Loans', now: MORNING, message: 'Hi {{firstName|there}}!', options: { retryDelayMs: 1 } },
		credentials: { mortgageTwilioApi: { authType: 'authToken', accountSid: ACCOUNT, authToken: TOKEN } },
		sandbox: { twilioRoot: server.url },
	});

describe('the person\'s opt-out at send time', () => {
	it('the SMS node blocks an opted-out person and makes no Twilio request at all', async () => {
		const [sent, , blocked] = await sms([reposted(OPTED_OUT)]);
		expect(sent).toEqual([]);
		expect(blocked).toHaveLength(1);
		expect((blocked[0].json.touch as IDataObject).reason).toContain('opted-out:sms');
		expect(server.standIn.requests()).toEqual([]);
		expect(server.standIn.outbox()).toEqual([]);
	});

	it('the same lead without an opt-out of the person is texted', async () => {
		const [sent] = await sms([reposted({ optOut: { sms: false, call: false, email: false }, optOutAt: {} })]);
		expect(sent).toHaveLength(1);
		expect(server.standIn.outbox()).toHaveLength(1);
	});

	it('the compliance gate routes an opted-out person to Blocked', async () => {
		const [send, , blocked] = await runNode(new MortgageComplianceGate(), { items: [reposted(OPTED_OUT)], parameters: { channel: 'sms', purpose: 'marketing', now: MORNING } });
		expect(send).toEqual([]);
		expect(blocked[0].json.reasons).toContain('opted-out:sms');
	});
});
