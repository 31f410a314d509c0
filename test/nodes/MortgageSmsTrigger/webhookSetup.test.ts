import type { IDataObject } from 'n8n-workflow';
import { MortgageSmsTrigger } from '../../../nodes/MortgageSmsTrigger/MortgageSmsTrigger.node';
import { startTwilioStandIn, type StartedTwilioStandIn } from '../../../sandbox/twilio';
import { callHook, serveWebhook, type HookRequest } from '../../support/webhookHarness';

/**
 * The trigger's webhookMethods as n8n runs them on activation (checkExists, then create when it
 * answers false) and deactivation (delete), against the Twilio stand-in's IncomingPhoneNumbers.
 */
const ACCOUNT = 'AC' + 'f'.repeat(32);
const TOKEN = 'setup-token';
const LO_NUMBER = '+13055550100';
const BORROWER = '+13055550123';
const credentials = { mortgageTwilioApi: { authType: 'authToken', accountSid: ACCOUNT, authToken: TOKEN } };

let twilio: StartedTwilioStandIn;
let hook: Awaited<ReturnType<typeof serveWebhook>>;
let staticData: IDataObject;
const trigger = new MortgageSmsTrigger();

beforeEach(async () => {
	twilio = await startTwilioStandIn({ accountSid: ACCOUNT, authToken: TOKEN, incomingNumbers: [LO_NUMBER] });
	hook = await serveWebhook(trigger, { credentials, parameters: { now: '2026-11-20T15:00:00.000Z' } });
	staticData = {};
});
afterEach(async () => {
	await twilio.close();
	await hook.close();
});

function request(parameters: Record<string, unknown> = {}, overrides: Partial<HookRequest> = {}): HookRequest {
	return { webhookUrl: hook.url, parameters: { phoneNumber: LO_NUMBER, ...parameters }, credentials, sandbox: { twilioRoot: twilio.url }, staticData, ...overrides };
}

/** What n8n does on activation: checkExists, and create when the webhook is not there yet. */
async function activate(req = request()): Promise<void> {
	if (!(await callHook(trigger, 'checkExists', req))) await callHook(trigger, 'create', req);
}

const smsUrlOf = (phone = LO_NUMBER) => twilio.standIn.incomingNumbers().find((n) => n.phone_number === phone);

describe('Mortgage SMS Reply Trigger: the number’s webhook on activation and deactivation', () => {
	it('activation points the number at the trigger, so a borrower’s text arrives with nothing pasted anywhere', async () => {
		expect(smsUrlOf()).toMatchObject({ sms_url: '' });
		await activate();
		expect(smsUrlOf()).toMatchObject({ sms_url: hook.url, sms_method: 'POST' });
		const result = await twilio.standIn.sendInbound({ from: BORROWER, to: LO_NUMBER, body: 'Can you call me?' });
		expect(result.status).toBe(200);
		expect(hook.runs.map((run) => run[0].json.kind)).toEqual(['reply']);
		// Activating again (n8n restarts, or the trigger's second webhook) finds it in place.
		expect(await callHook(trigger, 'checkExists', request())).toBe(true);
	});

	it('deactivation lets go: the number’s webhook is cleared, and texts no longer reach n8n', async () => {
		await activate();
		await callHook(trigger, 'delete', request());
		expect(smsUrlOf()).toMatchObject({ sms_url: '' });
		expect(staticData).toEqual({});
		const result = await twilio.standIn.sendInbound({ from: BORROWER, to: LO_NUMBER, body: 'hello?' });
		expect(result.status).toBeNull();
		expect(hook.runs).toHaveLength(0);
	});

	it('never overwrites a webhook that points elsewhere: activation stops, says where it points, changes nothing', async () => {
		twilio.standIn.addIncomingNumber(LO_NUMBER, { smsUrl: 'https://crm.example.com/twilio/sms' });
		await expect(activate()).rejects.toThrow(`already sends incoming texts to https://crm.example.com/twilio/sms, not to this trigger (${hook.url})`);
		expect(smsUrlOf()).toMatchObject({ sms_url: 'https://crm.example.com/twilio/sms' });
		expect(staticData).toEqual({});
	});

	it('with Replace a Webhook Set Elsewhere it takes the number over, and deactivation puts the old address back', async () => {
		twilio.standIn.addIncomingNumber(LO_NUMBER, { smsUrl: 'https://crm.example.com/twilio/sms', smsMethod: 'GET' });
		const req = request({ replaceWebhook: true });
		await activate(req);
		expect(smsUrlOf()).toMatchObject({ sms_url: hook.url, sms_method: 'POST' });
		// n8n calls the methods once per declared webhook (this trigger has two, both "default").
		await activate(req);
		await callHook(trigger, 'delete', req);
		expect(smsUrlOf()).toMatchObject({ sms_url: 'https://crm.example.com/twilio/sms', sms_method: 'GET' });
		await callHook(trigger, 'delete', req);
		expect(smsUrlOf()).toMatchObject({ sms_url: 'https://crm.example.com/twilio/sms', sms_method: 'GET' });
	});

	it('deactivation leaves the number alone when someone pointed it elsewhere since', async () => {
		await activate();
		twilio.standIn.addIncomingNumber(LO_NUMBER, { smsUrl: 'https://other.example.com/sms' });
		await callHook(trigger, 'delete', request());
		expect(smsUrlOf()).toMatchObject({ sms_url: 'https://other.example.com/sms' });
	});

	it('a TwiML App on the number is not replaced silently either; replaced, it is given back on deactivation', async () => {
		const app = 'AP' + '2'.repeat(32);
		twilio.standIn.addIncomingNumber(LO_NUMBER, { smsApplicationSid: app });
		await expect(activate()).rejects.toThrow(`hands incoming texts to the TwiML App ${app}`);
		await activate(request({ replaceWebhook: true }));
		expect(smsUrlOf()).toMatchObject({ sms_url: hook.url, sms_application_sid: '' });
		expect((await twilio.standIn.sendInbound({ from: BORROWER, to: LO_NUMBER, body: 'hi' })).status).toBe(200);
		await callHook(trigger, 'delete', request({ replaceWebhook: true }));
		expect(smsUrlOf()).toMatchObject({ sms_url: '', sms_application_sid: app });
	});

	it('gives Twilio the Public URL when n8n sits behind a proxy', async () => {
		const publicUrl = 'https://texts.example.com/webhook/mortgage-sms';
		await activate(request({ publicUrl }));
		expect(smsUrlOf()).toMatchObject({ sms_url: publicUrl });
	});

	it('says clearly what is wrong: a number not in the account, a malformed number, an API Key credential', async () => {
		await expect(activate(request({ phoneNumber: '+13125550199' }))).rejects.toThrow(`The Twilio account ${ACCOUNT} has no number +13125550199`);
		await expect(activate(request({ phoneNumber: '305-555-0100' }))).rejects.toThrow('"Twilio Number" must be your Twilio number in international format');
		const keyed = { mortgageTwilioApi: { authType: 'apiKey', accountSid: ACCOUNT, apiKeySid: 'SK' + '1'.repeat(32), apiKeySecret: 's' } };
		await expect(activate(request({}, { credentials: keyed }))).rejects.toThrow('no Auth Token');
		expect(smsUrlOf()).toMatchObject({ sms_url: '' });
		// Also when the trigger does not manage the number: no text could be checked without it.
		await expect(callHook(trigger, 'checkExists', request({ setUpNumber: false }, { credentials: keyed }))).rejects.toThrow('no Auth Token');
	});

	it('touches nothing when Point the Number at This Trigger is off', async () => {
		twilio.standIn.addIncomingNumber(LO_NUMBER, { smsUrl: 'https://crm.example.com/twilio/sms' });
		const req = request({ setUpNumber: false });
		expect(await callHook(trigger, 'checkExists', req)).toBe(true);
		await callHook(trigger, 'delete', req);
		expect(smsUrlOf()).toMatchObject({ sms_url: 'https://crm.example.com/twilio/sms' });
	});

	it('takes over its own address of version 0.1 (<webhookId>/mortgage-sms) without asking', async () => {
		const legacy = hook.url.replace(/\/mortgage-sms$/, '/wh-1/mortgage-sms');
		twilio.standIn.addIncomingNumber(LO_NUMBER, { smsUrl: legacy });
		await activate(request({}, { webhookId: 'wh-1' }));
		expect(smsUrlOf()).toMatchObject({ sms_url: hook.url });
		await callHook(trigger, 'delete', request({}, { webhookId: 'wh-1' }));
		expect(smsUrlOf()).toMatchObject({ sms_url: '' });
	});
});
