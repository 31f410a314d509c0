import { NodeHelpers, type IDataObject, type INode, type INodeType, type IWebhookFunctions } from 'n8n-workflow';
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

	it.each([
		['STOP', 'opt-out', /unsubscribed/],
		['end', 'opt-out', /unsubscribed/],
		['START', 'opt-in', /re-subscribed/],
		['UNSTOP', 'opt-in', /re-subscribed/],
		['HELP', 'help', /Reply STOP/],
	])('"%s": Twilio texts its own answer, and the trigger says so (confirmedByCarrier)', async (body, kind, answer) => {
		const { event, result } = await borrowerTexts(body);
		expect(event).toMatchObject({ kind, confirmedByCarrier: true, autoAnswered: true });
		expect(result.autoReply).toMatchObject({ from: LO_NUMBER, to: BORROWER, direction: 'outbound-reply', body: expect.stringMatching(answer) });
		expect(twilio.standIn.outbox().filter((m) => m.to === BORROWER)).toHaveLength(1);
	});

	it('"Stop texting me": Twilio sends nothing and does not block, so the workflow sends the one confirmation', async () => {
		const { event, result } = await borrowerTexts('Stop texting me');
		expect(event).toMatchObject({ kind: 'opt-out', confirmedByCarrier: false, confirmation: { needed: true } });
		expect(result.autoReply).toBeUndefined();
		expect(twilio.standIn.outbox()).toHaveLength(0);
		expect(twilio.standIn.optedOutNumbers()).toEqual([]);
	});

	it('knows Twilio answered a bare keyword even without Advanced Opt-Out (no OptOutType)', async () => {
		await twilio.close();
		twilio = await startTwilioStandIn({ accountSid: ACCOUNT, authToken: TOKEN, advancedOptOut: false });
		twilio.standIn.setInboundWebhookUrl(hook.url);
		const { event, result } = await borrowerTexts('Stop');
		expect(result.params.OptOutType).toBeUndefined();
		expect(result.autoReply).toBeDefined();
		expect(event).toMatchObject({ kind: 'opt-out', twilioKeyword: 'STOP', confirmedByCarrier: true, confirmation: { needed: false } });
		const { event: sentence } = await borrowerTexts('please stop texting me');
		expect(sentence).toMatchObject({ kind: 'opt-out', twilioKeyword: null, confirmedByCarrier: false, confirmation: { needed: true } });
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

	it('answers on a stable, readable URL: /webhook/<path>, mortgage-sms by default', () => {
		const { webhooks, properties } = new MortgageSmsTrigger().description;
		expect(properties.find((p) => p.name === 'path')?.default).toBe('mortgage-sms');
		expect(webhooks?.[0]).toMatchObject({ name: 'default', path: '={{$parameter["path"]}}', isFullPath: true, httpMethod: 'POST' });
		const node = { name: 'Text from Twilio', webhookId: '6d3b7c2e-1f4a-4c55-9a0b-2e8f6a1d7c31' } as INode;
		// What n8n registers for each declared webhook (n8n's own path rule).
		expect(NodeHelpers.getNodeWebhookUrl('https://n8n.example.com/webhook', 'wf1', node, 'mortgage-sms', true)).toBe(
			'https://n8n.example.com/webhook/mortgage-sms',
		);
		expect(webhooks?.[1]).toMatchObject({ path: 'mortgage-sms', ndvHideUrl: true });
		expect(NodeHelpers.getNodeWebhookUrl('https://n8n.example.com/webhook', 'wf1', node, 'mortgage-sms', undefined)).toBe(
			'https://n8n.example.com/webhook/6d3b7c2e-1f4a-4c55-9a0b-2e8f6a1d7c31/mortgage-sms',
		);
	});

	it('still accepts requests Twilio signed for the old <webhookId>/mortgage-sms URL', async () => {
		const trigger = new MortgageSmsTrigger();
		const withWebhookId: INodeType = {
			description: trigger.description,
			async webhook(this: IWebhookFunctions) {
				const ctx = Object.create(this) as IWebhookFunctions;
				ctx.getNode = () => ({ ...this.getNode(), webhookId: 'abc-123' });
				return trigger.webhook.call(ctx);
			},
		};
		const params = { From: BORROWER, To: LO_NUMBER, Body: 'hi', MessageSid: 'SM3', SmsStatus: 'received' };
		const sign = (url: string) => ({ 'X-Twilio-Signature': twilioSignature(TOKEN, url, params) });
		const webhookUrl = 'https://n8n.example.com/webhook/mortgage-sms';
		const legacy = await callWebhook(withWebhookId, { body: params, webhookUrl, credentials, headers: sign('https://n8n.example.com/webhook/abc-123/mortgage-sms') });
		expect(legacy.items).toHaveLength(1);
		const elsewhere = await callWebhook(withWebhookId, { body: params, webhookUrl, credentials, headers: sign('https://n8n.example.com/webhook/other/mortgage-sms') });
		expect(elsewhere.response.status).toBe(403);
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
	async function textFromNode(to: string, touchId = 'lead-9:new-lead:1') {
		return runNode(new MortgageSms(), {
			items: [
				{
					touchId,
					leadId: 'lead-9',
					template: 'Hi {{firstName}}',
					lead: { firstName: 'Jo', phone: to, state: 'FL', zip: '33101', timeZone: 'America/New_York', consent: { sms: true } },
				},
			],
			parameters: { from: LO_NUMBER, loName: 'Alex Rivera', nmlsId: '123456', now: NOW, statusCallback: hook.url },
			credentials,
			sandbox: { twilioRoot: twilio.url },
		});
	}

	async function listenTo(parameters: Record<string, unknown>) {
		await hook.close();
		hook = await serveWebhook(new MortgageSmsTrigger(), { credentials, parameters: { now: NOW, ...parameters } });
		twilio.standIn.setInboundWebhookUrl(hook.url);
	}

	it('by default answers "sent" and "delivered" 200 without starting an execution', async () => {
		await textFromNode(BORROWER);
		await twilio.standIn.settled();
		expect(twilio.standIn.callbackLog().map((c) => [c.params.MessageStatus, c.status])).toEqual([
			['sent', 200],
			['delivered', 200],
		]);
		expect(hook.runs).toHaveLength(0);
		// A failure still starts one execution (its "sent" report does not).
		await textFromNode('+15005553003', 'lead-10:new-lead:1');
		await twilio.standIn.settled();
		expect(hook.runs.map((run) => run[0].json.status)).toEqual(['undelivered']);
	});

	it('checks the signature before skipping a report: a forged "delivered" is still 403', async () => {
		const params = { MessageSid: 'SM9', MessageStatus: 'delivered', SmsStatus: 'delivered', To: BORROWER, From: LO_NUMBER };
		const url = 'https://n8n.example.com/webhook/mortgage-sms';
		const request = { body: params, webhookUrl: url, credentials };
		const forged = await callWebhook(new MortgageSmsTrigger(), { ...request, headers: { 'X-Twilio-Signature': twilioSignature('guessed', url, params) } });
		expect(forged.response.status).toBe(403);
		const genuine = await callWebhook(new MortgageSmsTrigger(), { ...request, headers: { 'X-Twilio-Signature': twilioSignature(TOKEN, url, params) } });
		expect([genuine.response.status, genuine.items]).toEqual([200, null]);
		const failed = { ...params, MessageStatus: 'failed', SmsStatus: 'failed', ErrorCode: '30008' };
		const reported = await callWebhook(new MortgageSmsTrigger(), {
			...request,
			body: failed,
			headers: { 'X-Twilio-Signature': twilioSignature(TOKEN, url, failed) },
		});
		expect(reported.items?.[0].json).toMatchObject({ kind: 'status', status: 'failed', errorCode: 30008, outcome: 'retry' });
	});

	it('reports every delivery for the touch the SMS node sent with Only Failed Delivery Reports off', async () => {
		await listenTo({ onlyFailedReports: false });
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
		await listenTo({ events: ['inbound'] });
		await textFromNode('+15005553003');
		await twilio.standIn.settled();
		expect(twilio.standIn.callbackLog().map((c) => c.status)).toEqual([200, 200]);
		expect(hook.runs).toHaveLength(0);
		await borrowerTexts('hello');
		expect(hook.runs).toHaveLength(1);
	});
});

describe('Mortgage SMS Reply Trigger: what the signature covers (issue 14, item 6)', () => {
	const url = 'https://n8n.example.com/webhook/mortgage-sms';
	const report = { MessageSid: 'SM7', MessageStatus: 'undelivered', SmsStatus: 'undelivered', To: BORROWER, From: LO_NUMBER, ErrorCode: '30006' };

	it('refuses a query string the signature does not cover (a genuine report with ?touchId= added on the way)', async () => {
		const signedBare = { 'X-Twilio-Signature': twilioSignature(TOKEN, url, report) };
		const added = await callWebhook(new MortgageSmsTrigger(), { body: report, webhookUrl: url, credentials, headers: signedBare, query: { touchId: 'someone-else:new-lead:1', leadId: 'someone-else' } });
		expect(added.response.status).toBe(403);
		expect(added.items).toBeNull();
	});

	it('accepts the query Twilio signed with the URL, and reads the touch from it', async () => {
		const query = { touchId: 'lead-9:new-lead:1', leadId: 'lead-9' };
		const signedUrl = `${url}?${new URLSearchParams(query).toString()}`;
		const headers = { 'X-Twilio-Signature': twilioSignature(TOKEN, signedUrl, report) };
		const genuine = await callWebhook(new MortgageSmsTrigger(), { body: report, webhookUrl: url, credentials, headers, query });
		expect(genuine.items?.[0].json).toMatchObject({ kind: 'status', touchId: 'lead-9:new-lead:1', leadId: 'lead-9' });
		const changed = await callWebhook(new MortgageSmsTrigger(), { body: report, webhookUrl: url, credentials, headers, query: { ...query, leadId: 'lead-1' } });
		expect(changed.response.status).toBe(403);
	});
});
