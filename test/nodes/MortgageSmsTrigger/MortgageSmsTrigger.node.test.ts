import type { IDataObject } from 'n8n-workflow';
import { MortgageSms } from '../../../nodes/MortgageSms/MortgageSms.node';
import { MortgageSmsTrigger } from '../../../nodes/MortgageSmsTrigger/MortgageSmsTrigger.node';
import { startTwilioStandIn, twilioSignature, type StartedTwilioStandIn } from '../../../sandbox/twilio';
import { runNode } from '../../support/nodeHarness';
import { callWebhook, serveWebhook } from '../../support/webhookHarness';

const ACCOUNT = 'AC' + 'd'.repeat(32);
const TOKEN = 'trigger-token';
const LO_NUMBER = '+13055550100';
const BORROWER = '+13055550123';
const NOW = '2026-11-20T15:00:00.000Z';
const credentials = { mortgageTwilioApi: { authType: 'authToken', accountSid: ACCOUNT, authToken: TOKEN } };

let twilio: StartedTwilioStandIn;
let hook: Awaited<ReturnType<typeof serveWebhook>>;

beforeEach(async () => {
	twilio = await startTwilioStandIn({ accountSid: ACCOUNT, authToken: TOKEN });
	hook = await serveWebhook(new MortgageSmsTrigger(), { credentials, parameters: { now: NOW } });
	twilio.standIn.setInboundWebhookUrl(hook.url);
});
afterEach(async () => {
	await twilio.close();
	await hook.close();
});

async function borrowerTexts(body: string) {
	const result = await twilio.standIn.sendInbound({ from: BORROWER, to: LO_NUMBER, body });
	return { result, event: hook.runs[hook.runs.length - 1]?.[0]?.json };
}

describe('Mortgage SMS Reply Trigger: texts from borrowers', () => {
	it.each([
		['STOP', 'opt-out'],
		['Stop texting me', 'opt-out'],
		['START', 'opt-in'],
		['HELP', 'help'],
		['Yes I am still looking, can you call me after 5?', 'reply'],
	])('"%s" comes out as %s', async (body, kind) => {
		const { result, event } = await borrowerTexts(body);
		expect(result.status).toBe(200);
		expect(result.responseBody).toContain('<Response>');
		expect(event).toMatchObject({ kind, from: BORROWER, to: LO_NUMBER, body, messageSid: result.messageSid, receivedAt: NOW });
	});

	it('leaves the confirmation of "STOP" to Twilio, and asks the workflow to confirm "Stop texting me" within 5 minutes', async () => {
		const { event: keyword } = await borrowerTexts('STOP');
		const { event: sentence } = await borrowerTexts('Stop texting me');
		expect(keyword).toMatchObject({ autoAnswered: true, twilioKeyword: 'STOP', confirmation: { needed: false } });
		expect(sentence).toMatchObject({
			autoAnswered: false,
			twilioKeyword: null,
			confirmation: { needed: true, sendBy: '2026-11-20T15:05:00.000Z' },
			leadChanges: { optOut: { sms: true }, optOutSmsAt: NOW },
			consentLog: { phone: BORROWER, channel: 'sms', action: 'opt-out', at: NOW, words: 'Stop texting me', source: 'sms-reply' },
		});
	});

	it('records a real reply as an inbound touch and the time of the reply (to pause the drip)', async () => {
		const { event, result } = await borrowerTexts('Can we talk tomorrow?');
		expect(event).toMatchObject({
			kind: 'reply',
			leadChanges: { lastReplyAt: NOW },
			touch: { touchId: `sms-in:${result.messageSid}`, channel: 'sms', direction: 'inbound', verdict: 'received', at: NOW, body: 'Can we talk tomorrow?' },
		});
	});

	it('rejects forged and unsigned requests with 403 and starts no execution', async () => {
		const forged = await twilio.standIn.sendInbound({ from: BORROWER, to: LO_NUMBER, body: 'STOP' }, { signWith: 'guessed-token' });
		const unsigned = await twilio.standIn.sendInbound({ from: BORROWER, to: LO_NUMBER, body: 'STOP' }, { signWith: null });
		expect([forged.status, unsigned.status]).toEqual([403, 403]);
		expect(hook.runs).toHaveLength(0);
	});

	it('rejects a signed request whose words were changed on the way', async () => {
		const params = { From: BORROWER, To: LO_NUMBER, Body: 'Call me', MessageSid: 'SM1', SmsStatus: 'received' };
		const signature = twilioSignature(TOKEN, 'https://n8n.example.com/webhook/mortgage-sms', params);
		const base = { webhookUrl: 'https://n8n.example.com/webhook/mortgage-sms', credentials, headers: { 'X-Twilio-Signature': signature } };
		expect((await callWebhook(new MortgageSmsTrigger(), { ...base, body: params })).items).toHaveLength(1);
		const tampered = await callWebhook(new MortgageSmsTrigger(), { ...base, body: { ...params, Body: 'STOP' } });
		expect(tampered.response.status).toBe(403);
		expect(tampered.items).toBeNull();
	});

	it('checks the signature against the Public URL when n8n sits behind a proxy', async () => {
		const params = { From: BORROWER, To: LO_NUMBER, Body: 'hi', MessageSid: 'SM2', SmsStatus: 'received' };
		const publicUrl = 'https://texts.example.com/webhook/mortgage-sms';
		const request = {
			body: params,
			webhookUrl: 'http://10.0.0.5:5678/webhook/mortgage-sms',
			credentials,
			headers: { 'X-Twilio-Signature': twilioSignature(TOKEN, publicUrl, params) },
		};
		expect((await callWebhook(new MortgageSmsTrigger(), request)).response.status).toBe(403);
		expect((await callWebhook(new MortgageSmsTrigger(), { ...request, parameters: { publicUrl } })).items).toHaveLength(1);
	});

	it('needs the Auth Token in the credential to check signatures', async () => {
		await expect(
			callWebhook(new MortgageSmsTrigger(), {
				body: {},
				webhookUrl: 'https://x',
				credentials: { mortgageTwilioApi: { authType: 'apiKey', accountSid: ACCOUNT, apiKeySid: 'SK1', apiKeySecret: 's' } },
			}),
		).rejects.toThrow('no Auth Token');
	});
});

describe('Mortgage SMS Reply Trigger: delivery reports', () => {
	async function textFromNode(to: string) {
		return runNode(new MortgageSms(), {
			items: [
				{
					touchId: 'lead-9:new-lead:1',
					leadId: 'lead-9',
					template: 'Hi {{firstName}}',
					lead: { firstName: 'Jo', phone: to, state: 'FL', zip: '33101', timeZone: 'America/New_York', consent: { sms: true } },
				},
			],
			parameters: { from: LO_NUMBER, loName: 'Alex Rivera', nmlsId: '123456', now: NOW, statusCallback: hook.url },
			credentials: { mortgageTwilioApi: { ...credentials.mortgageTwilioApi, baseUrl: twilio.url } },
		});
	}

	it('reports delivery for the touch the SMS node sent', async () => {
		const [sent] = await textFromNode(BORROWER);
		await twilio.standIn.settled();
		const events = hook.runs.map((run) => run[0].json);
		expect(events.map((e) => e.status)).toEqual(['sent', 'delivered']);
		expect(events[1]).toMatchObject({
			kind: 'status',
			touchId: 'lead-9:new-lead:1',
			leadId: 'lead-9',
			messageSid: (sent[0].json.touch as IDataObject).providerId,
			errorCode: null,
			touchUpdate: { deliveryStatus: 'delivered', error: null },
		});
	});

	it('says not to resend content the carrier filtered (30007)', async () => {
		await textFromNode('+15005553007');
		await twilio.standIn.settled();
		const last = hook.runs[hook.runs.length - 1][0].json;
		expect(last).toMatchObject({ status: 'undelivered', errorCode: 30007, outcome: 'content-filtered', doNotResendContent: true });
	});

	it('marks a landline found at delivery (30006) as not textable', async () => {
		await textFromNode('+15005553006');
		await twilio.standIn.settled();
		const last = hook.runs[hook.runs.length - 1][0].json;
		expect(last).toMatchObject({ errorCode: 30006, outcome: 'not-textable', leadChanges: { phoneStatus: 'not-textable' }, doNotResendContent: false });
	});

	it('acknowledges but ignores delivery reports when only borrower texts are wanted', async () => {
		await hook.close();
		hook = await serveWebhook(new MortgageSmsTrigger(), { credentials, parameters: { now: NOW, events: ['inbound'] } });
		twilio.standIn.setInboundWebhookUrl(hook.url);
		await textFromNode(BORROWER);
		await twilio.standIn.settled();
		expect(twilio.standIn.callbackLog().map((c) => c.status)).toEqual([200, 200]);
		expect(hook.runs).toHaveLength(0);
		await borrowerTexts('hello');
		expect(hook.runs).toHaveLength(1);
	});
});
