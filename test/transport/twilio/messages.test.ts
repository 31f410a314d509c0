import fc from 'fast-check';
import { startTwilioStandIn, type StartedTwilioStandIn } from '../../../sandbox/twilio';
import { createTwilioClient, outcomeOf, recentTexts, sendText, type TwilioClient } from '../../../nodes/transport/twilio';

const ACCOUNT = 'AC' + 'b'.repeat(32);
const TOKEN = 'transport-token';
const FROM = '+13055550100';

let server: StartedTwilioStandIn;
let client: TwilioClient;
let waits: number[];
const retry = () => ({ sleep: async (ms: number) => void waits.push(ms), random: () => 0.999 });

beforeEach(async () => {
	waits = [];
	server = await startTwilioStandIn({ accountSid: ACCOUNT, authToken: TOKEN, apiKeys: { ['SK' + '1'.repeat(32)]: 'key-secret' } });
	client = createTwilioClient({ accountSid: ACCOUNT, authToken: TOKEN, baseUrl: server.url });
});
afterEach(async () => server.close());

describe('Twilio transport against the stand-in', () => {
	it('sends through the real twilio client, redirected to the base URL', async () => {
		const result = await sendText(client, { to: '+13055550123', from: FROM, body: 'Hi Jane', idempotencyKey: 'lead-1:c:1' });
		expect(result).toMatchObject({ ok: true, status: 'queued', from: FROM, attempts: 1, numSegments: 1 });
		expect(server.standIn.outbox()).toMatchObject([{ to: '+13055550123', from: FROM, body: 'Hi Jane' }]);
	});

	it('authenticates with an API key as well', async () => {
		const keyClient = createTwilioClient({ authType: 'apiKey', accountSid: ACCOUNT, apiKeySid: 'SK' + '1'.repeat(32), apiKeySecret: 'key-secret', baseUrl: server.url });
		expect(await sendText(keyClient, { to: '+13055550123', from: FROM, body: 'Hi', idempotencyKey: 'k' })).toMatchObject({ ok: true });
	});

	it('retries a 429 with growing backoff and texts exactly once', async () => {
		const result = await sendText(client, { to: '+15005550429', from: FROM, body: 'Hi', idempotencyKey: 'k429' }, { ...retry(), baseDelayMs: 100 });
		expect(result).toMatchObject({ ok: true, attempts: 3 });
		expect(waits).toEqual([99, 199]);
		expect(server.standIn.outbox()).toHaveLength(1);
	});

	it('gives up on a Twilio that keeps answering 429 and says it may be retried later', async () => {
		const result = await sendText(client, { to: '+15005559429', from: FROM, body: 'Hi', idempotencyKey: 'k' }, { ...retry(), attempts: 3, baseDelayMs: 1000, maxDelayMs: 1500 });
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
			const result = await sendText(client, { to, from: FROM, body: 'Hi', idempotencyKey: to }, retry());
			expect(result).toMatchObject({ ok: false, code, outcome, attempts: 1 });
		}
		expect(waits).toEqual([]);
	});

	it('sends the key as an idempotency token: the same touch twice is one text', async () => {
		const first = await sendText(client, { to: '+13055550123', from: FROM, body: 'Hi', idempotencyKey: 'lead-1:c:1' });
		const second = await sendText(client, { to: '+13055550123', from: FROM, body: 'Hi', idempotencyKey: 'lead-1:c:1' });
		expect(first.ok && second.ok && first.sid === second.sid).toBe(true);
		expect(server.standIn.outbox()).toHaveLength(1);
	});

	it('reports wrong credentials as a configuration problem', async () => {
		const wrong = createTwilioClient({ accountSid: ACCOUNT, authToken: 'nope', baseUrl: server.url });
		expect(await sendText(wrong, { to: '+13055550123', from: FROM, body: 'Hi', idempotencyKey: 'k' }, retry())).toMatchObject({
			ok: false,
			code: 20003,
			outcome: 'configuration',
		});
	});

	it('retries when Twilio cannot be reached at all', async () => {
		const url = server.url;
		await server.close();
		const offline = createTwilioClient({ accountSid: ACCOUNT, authToken: TOKEN, baseUrl: url });
		const result = await sendText(offline, { to: '+13055550123', from: FROM, body: 'Hi', idempotencyKey: 'k' }, { ...retry(), attempts: 2 });
		expect(result).toMatchObject({ ok: false, code: null, httpStatus: null, outcome: 'retry', attempts: 2 });
		server = await startTwilioStandIn({});
	});

	it('lists recent texts with a number, newest first', async () => {
		await sendText(client, { to: '+13055550123', from: FROM, body: 'one', idempotencyKey: '1' });
		await sendText(client, { to: '+13055550124', from: FROM, body: 'other', idempotencyKey: '2' });
		await sendText(client, { to: '+13055550123', from: FROM, body: 'two', idempotencyKey: '3' });
		const texts = await recentTexts(client, '+13055550123');
		expect(texts.map((t) => [t.body, t.direction])).toEqual([
			['two', 'outbound-api'],
			['one', 'outbound-api'],
		]);
	});

	it('rejects a malformed Account SID before any request', () => {
		expect(() => createTwilioClient({ accountSid: 'AC123', authToken: TOKEN })).toThrow(/Account SID/);
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
