/**
 * Speed-to-lead through the real stack: a local n8n 1.123 with the pack installed as a community
 * package and workflows/speed-to-lead.json active, the Sheets and Twilio stand-ins on loopback.
 * Timed from the lead's POST to the lead webhook until the text reaches the Twilio stand-in.
 *
 *  - speed-to-lead-p95 (ms): 100 leads posted one after another, each once the previous lead is
 *    fully handled (texted, saved, its touch logged, the LO emailed), as leads
 *    arrive at a loan officer's pace; also p50 and max. Target p95 < 300 ms.
 *  - burst-throughput (leads/s): 200 leads posted 50 at a time (50 requests in flight); leads per
 *    second from the first POST to the last text, lost leads (no text) and duplicate texts.
 *    Target >= 20 leads/s, 0 lost, 0 duplicates. Also the Google Sheets requests the burst cost.
 *
 * Settings, printed with the figures: execution saving off for successes (as a busy LO would run
 * it), Google's per-minute quotas lifted in the Sheets stand-in (a burst of 200 leads is ~1,200
 * sheet writes: with a real Google account they drain at the quota's pace after the texts, which
 * is why the texts go first), Twilio stand-in latency 0 unless BENCH_TWILIO_LATENCY_MS is set.
 * `npm run bench` builds first; this file does not.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, n8nVersion } from '../../sandbox/n8n';
import { SANDBOX } from '../../sandbox/config';
import { startStack, type Stack } from '../../sandbox/stack';
import type { TextAccepted } from '../../sandbox/server';
import { report } from './support';

const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL_LEADS ?? 100);
const BURST = Number(process.env.BENCH_BURST_LEADS ?? 200);
const IN_FLIGHT = Number(process.env.BENCH_BURST_CONCURRENCY ?? 50);
const TWILIO_LATENCY_MS = Number(process.env.BENCH_TWILIO_LATENCY_MS ?? 0);

/** Texts by recipient, as the Twilio stand-in accepts them. */
class TextWatch {
	private readonly first = new Map<string, TextAccepted>();
	private readonly waiting = new Map<string, (text: TextAccepted) => void>();
	count = 0;

	constructor(stack: Stack) {
		stack.sandbox.onText((text) => {
			this.count++;
			if (!this.first.has(text.to)) this.first.set(text.to, text);
			this.waiting.get(text.to)?.(text);
		});
	}

	firstTo(phone: string): TextAccepted | undefined {
		return this.first.get(phone);
	}

	next(phone: string, timeoutMs: number): Promise<TextAccepted> {
		const known = this.first.get(phone);
		if (known) return Promise.resolve(known);
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => {
				this.waiting.delete(phone);
				reject(new Error(`no text to ${phone} within ${timeoutMs} ms`));
			}, timeoutMs);
			this.waiting.set(phone, (text) => {
				clearTimeout(timer);
				this.waiting.delete(phone);
				resolve(text);
			});
		});
	}
}

/** A valid Miami mobile-style number per lead (exchange 2xx-9xx, as the numbering plan requires). */
function phoneOf(exchange: number, index: number): string {
	return `+1305${exchange}${String(index).padStart(4, '0')}`;
}

async function postLead(stack: Stack, phone: string, index: number, submittedAt: string): Promise<number> {
	const response = await fetch(stack.urls.leadWebhook, {
		method: 'POST',
		headers: { 'content-type': 'application/json', [SANDBOX.leadSecretHeader]: stack.secrets.leadSecret },
		body: JSON.stringify({
			first_name: `Bench${index}`,
			last_name: 'Lead',
			phone,
			email: `bench.${index}@example.com`,
			zip: '33101',
			loan_purpose: 'Purchase',
			timeline: 'ASAP',
			sms_consent: 'yes',
			submitted_at: submittedAt,
		}),
	});
	await response.arrayBuffer();
	return response.status;
}

/**
 * Resolves once the previous lead's background work is done: its touch in the Touches tab and the
 * new-lead email sent (polling the stand-ins in this process).
 */
async function settled(stack: Stack, touchesBefore: number, mailBefore: number): Promise<void> {
	const sheets = stack.sandbox.sheets as unknown as { readTab(id: string, tab: string): unknown[][] };
	const deadline = Date.now() + 15_000;
	while (Date.now() < deadline) {
		const touches = sheets.readTab(SANDBOX.spreadsheetId, 'Touches').length;
		if (touches >= touchesBefore + 1 && stack.sandbox.mail.mailbox().length >= mailBefore + 1) break;
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
	await new Promise((resolve) => setTimeout(resolve, 100));
}

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const round = (value: number) => Math.round(value * 10) / 10;

async function main(): Promise<void> {
	const dataRoot = mkdtempSync(path.join(os.tmpdir(), 'mortgage-stack-bench-'));
	const stack = await startStack({
		projectDir: process.env.BENCH_PROJECT_DIR || undefined,
		dataRoot,
		n8nPort: await freePort(),
		sandboxPort: await freePort(),
		smtpPort: await freePort(),
		build: false,
		saveSuccessfulExecutions: false,
		sheetsQuotas: false,
		twilioLatencyMs: TWILIO_LATENCY_MS,
		log: (line) => process.stderr.write(`${line}\n`),
	});
	const interrupted = async () => {
		await stack.stop();
		rmSync(dataRoot, { recursive: true, force: true });
		process.exit(130);
	};
	process.once('SIGINT', () => void interrupted());
	process.once('SIGTERM', () => void interrupted());
	try {
		// A Wednesday, 10:00 in Miami: every text is legal, none is deferred.
		stack.sandbox.clock.set('2026-12-02T15:00:00Z');
		const now = () => new Date(stack.sandbox.clock.now()).toISOString();
		const texts = new TextWatch(stack);

		// Warm-up: the first executions load node code and open connections.
		for (let i = 0; i < 5; i++) {
			const phone = phoneOf(301, i);
			const touchesBefore = (stack.sandbox.sheets as unknown as { readTab(id: string, tab: string): unknown[][] }).readTab(SANDBOX.spreadsheetId, 'Touches').length;
			const mailBefore = stack.sandbox.mail.mailbox().length;
			await postLead(stack, phone, i, now());
			await texts.next(phone, 30_000);
			await settled(stack, touchesBefore, mailBefore);
		}

		// One lead at a time.
		const latencies: number[] = [];
		let sequentialLost = 0;
		const sheets = stack.sandbox.sheets as unknown as { readTab(id: string, tab: string): unknown[][] };
		for (let i = 0; i < SEQUENTIAL; i++) {
			const phone = phoneOf(302, i);
			const touchesBefore = sheets.readTab(SANDBOX.spreadsheetId, 'Touches').length;
			const mailBefore = stack.sandbox.mail.mailbox().length;
			const started = performance.now();
			const answered = postLead(stack, phone, i, now());
			try {
				const text = await texts.next(phone, 30_000);
				latencies.push(text.at - started);
			} catch {
				sequentialLost++;
			}
			await answered;
			await settled(stack, touchesBefore, mailBefore);
		}
		latencies.sort((a, b) => a - b);
		report({
			bench: 'speed-to-lead-p95',
			value: round(percentile(latencies, 95)),
			unit: 'ms',
			target: '<300',
			p50: round(percentile(latencies, 50)),
			max: round(latencies[latencies.length - 1]),
			leads: SEQUENTIAL,
			lost: sequentialLost,
			n8n: n8nVersion(),
			expressionEngine: process.env.N8N_EXPRESSION_ENGINE ?? 'legacy',
			executionSaving: 'errors only',
			sheetsQuotas: 'off',
			twilioLatencyMs: TWILIO_LATENCY_MS,
		});

		// A burst: 50 requests in flight until 200 leads are in.
		const phones = Array.from({ length: BURST }, (_, i) => phoneOf(303, i));
		const statuses: number[] = [];
		const sheetsLog = (stack.sandbox.sheets as unknown as { requestLog: Array<{ operation: string }> }).requestLog;
		const requestsBefore = sheetsLog.length;
		const burstStart = performance.now();
		let nextIndex = 0;
		await Promise.all(
			Array.from({ length: Math.min(IN_FLIGHT, BURST) }, async () => {
				while (nextIndex < phones.length) {
					const index = nextIndex++;
					statuses.push(await postLead(stack, phones[index], index, now()));
				}
			}),
		);
		const arrivals = await Promise.allSettled(phones.map((phone) => texts.next(phone, 120_000)));
		const delivered = arrivals.filter((a): a is PromiseFulfilledResult<TextAccepted> => a.status === 'fulfilled');
		const lastText = Math.max(...delivered.map((a) => a.value.at));
		const seconds = (lastText - burstStart) / 1000;
		// The burst's tracker writes finish after the last text: count Google requests once they are done.
		await new Promise((resolve) => setTimeout(resolve, 5_000));
		const sheetsRequests = sheetsLog.slice(requestsBefore).filter((entry) => entry.operation !== 'token').length;
		const outbox = await stack.sandbox.twilio!.outbox();
		const wanted = new Set(phones);
		const burstTexts = outbox.filter((message) => wanted.has(String(message.to)));
		report({
			bench: 'burst-throughput',
			value: round(delivered.length / seconds),
			unit: 'leads/s',
			target: '>=20, 0 lost, 0 duplicates',
			leads: BURST,
			concurrency: IN_FLIGHT,
			lost: BURST - delivered.length,
			duplicates: burstTexts.length - new Set(burstTexts.map((m) => m.to)).size,
			secondsToLastText: round(seconds),
			answeredOk: statuses.filter((status) => status < 300).length,
			// Google Sheets requests for the whole burst (tracker writes of runs arriving together share one).
			sheetsRequests,
			n8n: n8nVersion(),
			expressionEngine: process.env.N8N_EXPRESSION_ENGINE ?? 'legacy',
			sheetsQuotas: 'off',
		});
	} finally {
		await stack.stop();
		rmSync(dataRoot, { recursive: true, force: true });
	}
}

main().then(
	() => process.exit(0),
	(error: Error) => {
		process.stderr.write(`speed-to-lead bench failed: ${error.stack ?? error.message}\n`);
		process.exit(1);
	},
);
