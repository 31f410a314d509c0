import fc from 'fast-check';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { MortgageSms } from '../../../nodes/MortgageSms/MortgageSms.node';
import { startTwilioStandIn, type StartedTwilioStandIn, type TwilioFaultKind } from '../../../sandbox/twilio';
import {
	findIncomingNumber,
	openTwilioSession,
	outcomeOf,
	recentTexts,
	sendText,
	setSmsWebhook,
	type TextRequest,
	type TwilioSession,
} from '../../../nodes/transport/twilio';
import { createExecuteContext } from '../../support/nodeHarness';

const ACCOUNT = 'AC' + 'b'.repeat(32);
const TOKEN = 'transport-token';
const KEY_SID = 'SK' + '1'.repeat(32);
const FROM = '+13055550100';
const TO = '+13055550123';
const SINCE = '2026-11-20T15:00:00.000Z';

let server: StartedTwilioStandIn;
let twilio: TwilioSession;
let waits: number[];
const retry = () => ({ sleep: async (ms: number) => void waits.push(ms), random: () => 0.999 });

/** A session opened the way the nodes open it: n8n-core's request helpers, n8n's mortgageTwilioApi credential. */
function sessionWith(credentials: ICredentialDataDecryptedObject, root = server.url, timeoutMs?: number): Promise<TwilioSession> {
	const ctx = createExecuteContext(new MortgageSms(), { items: [], credentials: { mortgageTwilioApi: credentials } });
	return openTwilioSession(ctx, { root, timeoutMs });
}

const text = (overrides: Partial<TextRequest> = {}): TextRequest => ({ to: TO, from: FROM, body: 'Hi Jane', since: SINCE, ...overrides });

beforeEach(async () => {
	waits = [];
	server = await startTwilioStandIn({ accountSid: ACCOUNT, authToken: TOKEN, apiKeys: { [KEY_SID]: 'key-secret' } });
	twilio = await sessionWith({ authType: 'authToken', accountSid: ACCOUNT, authToken: TOKEN });
});
afterEach(async () => server.close());

describe('Twilio transport against the stand-in', () => {
	it('sends through n8n’s request helper with the mortgageTwilioApi credential (Auth Token)', async () => {
		const result = await sendText(twilio, text());
		expect(result).toMatchObject({ ok: true, status: 'queued', from: FROM, attempts: 1, numSegments: 1 });
		expect(server.standIn.outbox()).toMatchObject([{ to: TO, from: FROM, body: 'Hi Jane' }]);
	});

	it('authenticates with an API key as well', async () => {
		const keyed = await sessionWith({ authType: 'apiKey', accountSid: ACCOUNT, apiKeySid: KEY_SID, apiKeySecret: 'key-secret' });
		expect(await sendText(keyed, text())).toMatchObject({ ok: true });
	});

	it('retries a 429 with growing backoff and texts exactly once', async () => {
		const result = await sendText(twilio, text({ to: '+15005550429' }), { ...retry(), baseDelayMs: 100 });
		expect(result).toMatchObject({ ok: true, attempts: 3 });
		expect(waits).toEqual([99, 199]);
		expect(server.standIn.outbox()).toHaveLength(1);
	});

	it('gives up on a Twilio that keeps answering 429 and says it may be retried later', async () => {
		const result = await sendText(twilio, text({ to: '+15005559429' }), { ...retry(), attempts: 3, baseDelayMs: 1000, maxDelayMs: 1500 });
		expect(result).toMatchObject({ ok: false, code: 20429, httpStatus: 429, outcome: 'retry', attempts: 3 });
		expect(waits).toEqual([999, 1498]);
		expect(server.standIn.outbox()).toHaveLength(0);
	});

	it('does not retry refusals that waiting cannot fix', async () => {
		for (const [to, code, outcome] of [
			['+15005550004', 21610, 'opted-out'],
			['+15005550001', 21211, 'invalid-number'],
			['+15005550009', 21614, 'not-textable'],
			['+15005551635', 21635, 'not-textable'],
		] as const) {
			const result = await sendText(twilio, text({ to }), retry());
			expect(result).toMatchObject({ ok: false, code, outcome, attempts: 1 });
		}
		expect(waits).toEqual([]);
	});

	it('reports wrong credentials as a configuration problem', async () => {
		const wrong = await sessionWith({ authType: 'authToken', accountSid: ACCOUNT, authToken: 'nope' });
		expect(await sendText(wrong, text(), retry())).toMatchObject({ ok: false, code: 20003, outcome: 'configuration' });
	});

	it('retries when Twilio cannot be reached at all (the connection is refused: nothing arrived)', async () => {
		const url = server.url;
		await server.close();
		const offline = await sessionWith({ authType: 'authToken', accountSid: ACCOUNT, authToken: TOKEN }, url);
		const result = await sendText(offline, text(), { ...retry(), attempts: 2 });
		expect(result).toMatchObject({ ok: false, code: null, httpStatus: null, outcome: 'retry', attempts: 2 });
		expect(waits).toHaveLength(1);
		server = await startTwilioStandIn({});
	});

	it('lists recent texts with a number, newest first', async () => {
		await sendText(twilio, text({ body: 'one' }));
		await sendText(twilio, text({ to: '+13055550124', body: 'other' }));
		await sendText(twilio, text({ body: 'two' }));
		const texts = await recentTexts(twilio, TO);
		expect(texts.map((t) => [t.body, t.direction])).toEqual([
			['two', 'outbound-api'],
			['one', 'outbound-api'],
		]);
	});

	it('rejects a malformed Account SID before any request', async () => {
		await expect(sessionWith({ authType: 'authToken', accountSid: 'AC123', authToken: TOKEN })).rejects.toThrow(/Account SID/);
	});
});

describe('Twilio transport: a text is never sent twice (Twilio has no idempotency key)', () => {
	it('a send whose answer is lost after Twilio accepted it is not sent again', async () => {
		server.standIn.injectFault({ kind: 'accept-then-drop' });
		const result = await sendText(twilio, text(), retry());
		const outbox = server.standIn.outbox();
		expect(outbox).toHaveLength(1);
		expect(result).toMatchObject({ ok: true, recovered: true, sid: outbox[0].sid, attempts: 1 });
	});

	it('a 5xx that came after Twilio created the text: found in the list, not sent again', async () => {
		server.standIn.injectFault({ kind: 'accept-then-500' });
		const result = await sendText(twilio, text(), retry());
		expect(server.standIn.outbox()).toHaveLength(1);
		expect(result).toMatchObject({ ok: true, recovered: true, sid: server.standIn.outbox()[0].sid });
	});

	it('a timeout after Twilio accepted: found in the list, not sent again', async () => {
		const impatient = await sessionWith({ authType: 'authToken', accountSid: ACCOUNT, authToken: TOKEN }, server.url, 300);
		server.standIn.injectFault({ kind: 'accept-then-stall', stallMs: 5_000 });
		const result = await sendText(impatient, text(), retry());
		expect(server.standIn.outbox()).toHaveLength(1);
		expect(result).toMatchObject({ ok: true, recovered: true });
	});

	it('the connection lost before Twilio created anything: uncertain, and not sent blind', async () => {
		server.standIn.injectFault({ kind: 'drop-before-accept' });
		const result = await sendText(twilio, text(), retry());
		expect(result).toMatchObject({ ok: false, outcome: 'uncertain', httpStatus: null, attempts: 1 });
		expect(server.standIn.outbox()).toHaveLength(0);
	});

	it('an earlier text with the same words is not taken for the lost one', async () => {
		const earlier = await sendText(twilio, text());
		expect(earlier.ok).toBe(true);
		server.standIn.injectFault({ kind: 'drop-before-accept' });
		const olderSids = new Set([earlier.ok ? earlier.sid : '']);
		expect(await sendText(twilio, text({ olderSids }), retry())).toMatchObject({ ok: false, outcome: 'uncertain' });
		expect(server.standIn.outbox()).toHaveLength(1);
	});

	it('a Messaging Service text is found by its service, not its number', async () => {
		const service = 'MG' + '3'.repeat(32);
		server.standIn.injectFault({ kind: 'accept-then-drop' });
		const result = await sendText(twilio, text({ from: undefined, messagingServiceSid: service }), retry());
		expect(result).toMatchObject({ ok: true, recovered: true });
		expect(server.standIn.outbox()).toMatchObject([{ messaging_service_sid: service }]);
	});

	it('whatever faults hit a send, Twilio holds at most one copy, and "sent" names that copy', async () => {
		const kinds: Array<TwilioFaultKind | '429' | 'none'> = ['accept-then-drop', 'accept-then-500', 'drop-before-accept', '429', 'none'];
		let n = 0;
		await fc.assert(
			fc.asyncProperty(fc.array(fc.constantFrom(...kinds), { maxLength: 4 }), async (faults) => {
				const to = `+1305555${String(1000 + n++).padStart(4, '0')}`;
				for (const kind of faults) {
					if (kind === '429') server.standIn.setScriptedNumber(to, { createError: 20429, times: 1 });
					else if (kind !== 'none') server.standIn.injectFault({ kind, to });
				}
				const result = await sendText(twilio, text({ to }), { ...retry(), attempts: 4 });
				server.standIn.clearFaults();
				server.standIn.setScriptedNumber(to, null);
				const copies = server.standIn.outbox().filter((m) => m.to === to);
				expect(copies.length).toBeLessThanOrEqual(1);
				if (result.ok) expect(copies.map((m) => m.sid)).toEqual([result.sid]);
				else expect(['uncertain', 'retry']).toContain(result.outcome);
			}),
			{ numRuns: 40 },
		);
	});
});

describe('Twilio transport: a number’s incoming-message webhook', () => {
	it('finds the number exactly (Twilio matches PhoneNumber partially) and sets its SmsUrl', async () => {
		server.standIn.addIncomingNumber('+13055550100');
		server.standIn.addIncomingNumber('+113055550100');
		const number = await findIncomingNumber(twilio, '+13055550100');
		expect(number).toMatchObject({ phoneNumber: '+13055550100', smsUrl: '', smsMethod: 'POST', smsApplicationSid: '' });
		expect(number!.sid).toMatch(/^PN[0-9a-f]{32}$/);
		const updated = await setSmsWebhook(twilio, number!.sid, { smsUrl: 'https://n8n.example.com/webhook/mortgage-sms' });
		expect(updated.smsUrl).toBe('https://n8n.example.com/webhook/mortgage-sms');
		expect(server.standIn.incomingNumbers().find((n) => n.sid === number!.sid)).toMatchObject({
			sms_url: 'https://n8n.example.com/webhook/mortgage-sms',
			sms_method: 'POST',
		});
		expect(await findIncomingNumber(twilio, '+13055559999')).toBeNull();
	});
});

describe('Twilio error outcomes', () => {
	it('retries every 429 and 5xx without a known code, never a 4xx', () => {
		fc.assert(
			fc.property(fc.integer({ min: 400, max: 599 }), (status) => {
				const outcome = outcomeOf(null, status);
				expect(outcome === 'retry').toBe(status === 429 || status >= 500);
			}),
		);
	});
});
