import fc from 'fast-check';
import { escapeText, openGoogleSession, QuotaPacer, unescapeText, withBackoff } from '../../../nodes/transport/sheets';
import { startSheetsStandIn } from '../../../sandbox/sheets';
import { googleContext } from '../../support/sheetsHarness';

describe('cell escaping (RAW writes safe in CSV too)', () => {
	it('round-trips every string', () => {
		fc.assert(fc.property(fc.string(), (text) => unescapeText(escapeText(text)) === text));
	});

	it('never leaves a formula-injection character first, except in plain numbers such as phones', () => {
		fc.assert(
			fc.property(fc.string(), (text) => {
				const escaped = escapeText(text);
				return !/^[=+\-@\t\r]/.test(escaped) || /^[+-]?\d+(\.\d+)?$/.test(escaped);
			}),
		);
		expect(escapeText('+13055551234')).toBe('+13055551234');
		expect(escapeText('=HYPERLINK("x")')).toBe('\'=HYPERLINK("x")');
		expect(escapeText('-2+3')).toBe("'-2+3");
		expect(escapeText('Ann')).toBe('Ann');
	});
});

describe('backoff with jitter', () => {
	const failure = (status: number) => Object.assign(new Error(`HTTP ${status}`), { status });

	it('retries 429 and 5xx with growing, jittered delays, then succeeds', async () => {
		const delays: number[] = [];
		let calls = 0;
		const result = await withBackoff(
			async () => {
				calls++;
				if (calls <= 4) throw failure(calls % 2 ? 429 : 503);
				return 'ok';
			},
			{ baseDelayMs: 100, sleep: async (ms) => void delays.push(ms), random: () => 0.5 },
		);
		expect(result).toBe('ok');
		expect(delays).toEqual([75, 150, 300, 600]);
	});

	it('keeps every delay between half and all of the capped exponential step', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(fc.double({ min: 0, max: 0.999, noNaN: true }), { minLength: 8, maxLength: 8 }), async (randoms) => {
				const delays: number[] = [];
				let i = 0;
				await withBackoff(async () => { throw failure(503); }, { maxRetries: 7, baseDelayMs: 1000, maxDelayMs: 32000, sleep: async (ms) => void delays.push(ms), random: () => randoms[i++] }).catch(() => undefined);
				return delays.every((d, n) => d >= Math.min(32000, 1000 * 2 ** n) / 2 && d <= Math.min(32000, 1000 * 2 ** n));
			}),
		);
	});

	it('does not retry a 400, and reports the attempts when it gives up', async () => {
		let calls = 0;
		await expect(withBackoff(async () => { calls++; throw failure(400); }, { sleep: async () => undefined })).rejects.toThrow('HTTP 400');
		expect(calls).toBe(1);
		const error = await withBackoff(async () => { throw failure(429); }, { maxRetries: 2, sleep: async () => undefined }).catch((e) => e);
		expect(error.retryReport).toEqual({ attempts: 3, waitedMs: expect.any(Number) });
	});
});

describe('quota pacing', () => {
	it('lets 60 reads through in a minute and holds the 61st until the oldest is a minute old', async () => {
		let clock = 0;
		const waits: number[] = [];
		const pacer = new QuotaPacer({ readsPerMinute: 60, writesPerMinute: 60 }, () => clock, async (ms) => {
			waits.push(ms);
			clock += ms;
		});
		for (let i = 0; i < 60; i++) {
			await pacer.take('read');
			clock += 100;
		}
		await pacer.take('write');
		expect(waits).toEqual([]);
		await pacer.take('read');
		expect(waits).toEqual([60_000 - 6_000 + 1]);
	});

	it('keeps a session under the stand-in\'s real per-user quota: 150 reads, no 429', async () => {
		let clock = Date.parse('2026-03-09T15:00:00Z');
		const { standIn, url, close } = await startSheetsStandIn({ now: () => clock });
		const id = standIn.createSpreadsheet({ sheets: [{ title: 'Leads', rows: [['leadId']] }] });
		const credentials = { mortgageGoogleSheetsOAuth2Api: { clientId: 'c', clientSecret: 's', accessTokenUrl: `${url}/token`, oauthTokenData: { access_token: standIn.issueAccessToken('lo@example.com') } } };
		const session = await openGoogleSession(googleContext(url, credentials, 'oAuth2'), { now: () => clock, sleep: async (ms) => void (clock += ms), baseDelayMs: 1 });
		for (let i = 0; i < 150; i++) await session.batchGet(id, ['Leads'], 'reading');
		await close();
		expect(standIn.requestLog.filter((e) => e.status === 429)).toHaveLength(0);
		expect(session.requests).toBe(150);
	});
});
