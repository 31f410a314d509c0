/**
 * The optional landline check (issue 16): with the Settings row lineTypeCheck "on", a lead's
 * number is looked up with Twilio Lookup v2 once before its first text; a landline is not texted
 * (Blocked, reason landline: calls and email only). Off by default: no lookup, no cost.
 */
import type { IDataObject } from 'n8n-workflow';
import { MortgageSms } from '../../../nodes/MortgageSms/MortgageSms.node';
import { startTwilioStandIn, type StartedTwilioStandIn } from '../../../sandbox/twilio';
import { runNode } from '../../support/nodeHarness';

const ACCOUNT = 'AC' + 'f'.repeat(32);
const TOKEN = 'line-token';
const MORNING = '2026-11-20T15:00:00Z';
let twilio: StartedTwilioStandIn;
beforeEach(async () => {
	twilio = await startTwilioStandIn({ accountSid: ACCOUNT, authToken: TOKEN });
});
afterEach(() => twilio.close());

const SETTINGS = { loName: 'Jordan Rivera', nmlsId: '1234567', company: 'Rivera Home Loans', sendingNumber: '+13055550100' };

function item(phone: string, settings: IDataObject): IDataObject {
	return {
		touchId: `lead-${phone}:speed-to-lead:1`,
		leadId: `lead-${phone}`,
		purpose: 'marketing',
		template: 'Hi {{firstName|there}}, this is {{loName}}.',
		lead: { leadId: `lead-${phone}`, firstName: 'Maria', phone, state: 'FL', zip: '33101', timeZone: 'America/New_York', consent: { sms: true } },
		settings,
	};
}

async function send(items: IDataObject[]) {
	const [sent, deferred, blocked, failed] = await runNode(new MortgageSms(), {
		items,
		parameters: { now: MORNING, options: { retryDelayMs: 1 } },
		credentials: { mortgageTwilioApi: { authType: 'authToken', accountSid: ACCOUNT, authToken: TOKEN } },
		sandbox: { twilioRoot: twilio.url },
	});
	return { sent, deferred, blocked, failed };
}

it('on: a landline is not texted, a mobile is; each number is looked up once', async () => {
	twilio.standIn.setLineType('+13055550161', 'landline');
	const on = { ...SETTINGS, lineTypeCheck: 'on' };
	const first = await send([item('+13055550161', on), item('+13055550162', on)]);
	expect(first.blocked.map((i) => [i.json.lineType, (i.json.touch as IDataObject).reason])).toEqual([['landline', 'landline']]);
	expect(first.sent.map((i) => i.json.lineType)).toEqual(['mobile']);
	expect(twilio.standIn.outbox().map((m) => m.to)).toEqual(['+13055550162']);
	expect(twilio.standIn.lookupCount()).toBe(2);
	// Offered again (the drip, a re-post): the landline is known, no second lookup, still no text.
	const again = await send([item('+13055550161', on)]);
	expect(again.blocked).toHaveLength(1);
	expect(twilio.standIn.lookupCount()).toBe(2);
	expect(twilio.standIn.outbox().map((m) => m.to)).toEqual(['+13055550162']);
});

it('off by default: no lookup, the text goes', async () => {
	twilio.standIn.setLineType('+13055550163', 'landline');
	const result = await send([item('+13055550163', SETTINGS)]);
	expect(result.sent).toHaveLength(1);
	expect(twilio.standIn.lookupCount()).toBe(0);
});
