/**
 * End to end (issue 13, overlapping runs, lost answers, the lock after a crash), in the real n8n
 * the `npm start` stack runs, driven over HTTP only: the lead webhook, the drip workflow's "Run
 * now" webhook (through the sandbox's /api/drip-run), the Sheets fault endpoint, and what the
 * stand-ins saw (Twilio's request log, the mail sink, the tracker's tabs). Nothing asserts wall time.
 */
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eventually, killN8n, postJson, sleep, startSandboxProcess, type SandboxProcess } from './support/sandboxProcess';
import { sandboxApiFor } from './support/sandboxApi';

jest.setTimeout(600_000);

const webLead = (n: number) => ({
	first_name: 'Sam',
	last_name: `Overlap${n}`,
	phone: `(305) 555-${String(3000 + n)}`,
	email: `overlap.${n}@example.com`,
	zip: '33101',
	loan_purpose: 'Purchase',
	timeline: 'ASAP',
	sms_consent: 'yes',
	email_consent: 'yes',
});
const e164 = (n: number) => `+1305555${3000 + n}`;
const plus = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

function helpers(stack: SandboxProcess) {
	const api = sandboxApiFor(stack);
	return {
		...api,
		post: (n: number, at: string) => api.postLead({ submitted_at: at, ...webLead(n) }),
		/** Its answer, not only that it ran: five at once must all be 200. */
		drip: () => postJson(`${stack.sandboxUrl}/api/drip-run`, {}),
		/** Messages created at Twilio for a number (POSTs to Messages.json, whatever their answer). */
		twilioSends: async (phone: string) => (await api.twilioRequests()).filter((r) => r.method === 'POST' && r.path.endsWith('/Messages.json') && r.to === phone).length,
		faults: api.sheetsFaults,
	};
}

/** touchId|verdict -> how many Touches rows say it. */
function statesOf(rows: Array<Record<string, string>>): Map<string, number> {
	const counts = new Map<string, number>();
	for (const row of rows) {
		const key = `${row.touchId}|${row.verdict}|${row.deliveryStatus ?? ''}`;
		counts.set(key, (counts.get(key) ?? 0) + 1);
	}
	return counts;
}

describe('overlapping drip runs and lost answers', () => {
	let stack: SandboxProcess;
	let h: ReturnType<typeof helpers>;
	beforeAll(async () => {
		stack = await startSandboxProcess({ env: { SANDBOX_SHEETS_QUOTAS: 'off' } });
		h = helpers(stack);
	}, 420_000);
	afterAll(() => stack?.stop(), 60_000);

	it('five drip runs at once: each touch sent once (Twilio called once per text), each email once, each state logged once', async () => {
		const at = '2026-12-02T15:00:00Z'; // Wednesday 10:00 in Miami
		await h.setClock(at);
		const leads = [1, 2, 3, 4];
		for (const n of leads) expect((await h.post(n, at)).status).toBe(200);
		const byPhone = async () => new Map((await h.tab('Leads')).rows.map((r) => [r.phone, r]));
		const saved = await eventually('the leads saved', byPhone, (m) => leads.every((n) => m.has(e164(n))), { timeoutMs: 120_000 });
		const leadIds = leads.map((n) => saved.get(e164(n))!.leadId);

		// Two drip moments, each with five runs at once: 2 h later (the intro email is due), then the next day (a text).
		for (const minutes of [125, 28 * 60 + 5]) {
			await h.setClock(plus(at, minutes));
			const runs = await Promise.all([1, 2, 3, 4, 5].map(() => h.drip()));
			expect(runs.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
		}

		const touches = (await h.tab('Touches')).rows.filter((r) => leadIds.includes(r.leadId));
		// Nothing left claimed, and no state of any touch logged twice.
		expect(touches.filter((r) => r.verdict === 'sending')).toEqual([]);
		expect([...statesOf(touches)].filter(([, count]) => count > 1)).toEqual([]);
		let dripTouches = 0;
		for (const [k, n] of leads.entries()) {
			const mine = touches.filter((r) => r.leadId === leadIds[k] && r.direction === 'outbound');
			const sentTexts = new Set(mine.filter((r) => r.channel === 'sms' && r.verdict === 'sent').map((r) => r.touchId));
			const sentEmails = new Set(mine.filter((r) => r.channel === 'email' && r.verdict === 'sent').map((r) => r.touchId));
			dripTouches += mine.filter((r) => r.verdict === 'sent' || r.verdict === 'task').length - 1; // the instant text is speed-to-lead's
			// Twilio was asked once per text touch, the mail sink got one email per email touch.
			expect([e164(n), await h.twilioSends(e164(n))]).toEqual([e164(n), sentTexts.size]);
			expect([webLead(n).email, (await h.mailTo(webLead(n).email)).length]).toEqual([webLead(n).email, sentEmails.size]);
		}
		// The drip did send at each moment (an email, then a text, per lead), not nothing.
		expect(dripTouches).toBeGreaterThanOrEqual(leads.length * 2);
	});

	it('lost write answers during a burst of leads (Google applied them, the answer never came): no duplicate Leads rows', async () => {
		const at = '2026-12-03T15:00:00Z';
		await h.setClock(at);
		const burst = Array.from({ length: 10 }, (_, i) => 20 + i);
		// For 10 s every append is applied by Google and its answer lost: each save's retry meets rows already there.
		const down = await h.faults({ rate: 1, statuses: [503], applyFirst: true, forSeconds: 10, operations: ['values.append'] });
		expect(down.status).toBe(200);
		const answers = await Promise.all(burst.map((n) => h.post(n, at)));
		expect(answers.map((a) => a.status)).toEqual(burst.map(() => 200));
		// The faults stop by themselves (forSeconds); saves retried meanwhile must not add rows twice.
		const phones = burst.map(e164);
		const rows = await eventually('every lead of the burst in Leads', async () => (await h.tab('Leads')).rows, (list) => phones.every((p) => list.some((r) => r.phone === p)), { timeoutMs: 400_000, everyMs: 2000 });
		for (const phone of phones) expect([phone, rows.filter((r) => r.phone === phone).length]).toEqual([phone, 1]);
		expect(new Set(rows.map((r) => r.leadId)).size).toBe(rows.length);
		const touches = (await h.tab('Touches')).rows;
		expect([...statesOf(touches)].filter(([, count]) => count > 1)).toEqual([]);
	});
});

describe('the lock after a crash', () => {
	it('n8n killed while a run holds the tracker lock: after the restart the tracker is usable again (the claim lapses within a minute)', async () => {
		const first = await startSandboxProcess({ env: { SANDBOX_SHEETS_QUOTAS: 'off' }, keepData: true });
		let again: SandboxProcess | undefined;
		try {
			const h = helpers(first);
			const at = '2026-12-08T15:00:00Z';
			await h.setClock(at);
			// Writes fail (nothing applied), so the save holds the lock, retrying its write, when n8n dies.
			expect((await h.faults({ rate: 1, statuses: [503], operations: ['values.batchUpdate', 'spreadsheets.batchUpdate'] })).status).toBe(200);
			const posted = h.post(40, at).catch(() => null);
			await eventually('a run holding the tracker lock', async () => (await h.tab('_Locks')).rows, (rows) => rows.some((r) => r.claimId && !r.releasedAt), { everyMs: 100 });
			// The stand-in writes its data file 200 ms after a change: let it, so the claim survives the crash.
			await sleep(1000);
			killN8n(first.pid);
			await eventually('the stack gone with n8n', async () => first.exited(), (gone) => gone, { everyMs: 200 });
			await posted;

			again = await startSandboxProcess({ env: { SANDBOX_SHEETS_QUOTAS: 'off' }, dataRoot: first.dataRoot, build: false });
			const h2 = helpers(again);
			const open = (await h2.tab('_Locks')).rows.filter((r) => r.claimId && !r.releasedAt);
			expect(open.length).toBeGreaterThan(0);
			// The dead run's claim holds for one short lease, not for its wait plus a 3-minute lease.
			for (const claim of open) expect(Date.parse(claim.expiresAt) - Date.parse(claim.claimedAt)).toBeLessThanOrEqual(60_000);
			// And the tracker takes writes again: a new lead is saved.
			const answer = await h2.post(41, at);
			// toMatchObject prints the whole answer on a failure, so it says what n8n answered.
			if (answer.status !== 200) {
				// The whole log is kept beside the temporary folders (this one is removed below).
				const kept = path.join(os.tmpdir(), `drip-overlap-restart-${Date.now()}.log`);
				copyFileSync(path.join(again.dataRoot, 'sandbox', 'n8n.log'), kept);
				const log = readFileSync(kept, 'utf8').split('\n').slice(-80).join('\n');
				throw new Error(`the lead after the restart: ${answer.status} ${answer.text.slice(0, 300)}\n--- n8n log (last lines; all of it in ${kept}) ---\n${log}`);
			}
			await eventually('the new lead saved after the restart', async () => (await h2.tab('Leads')).rows, (rows) => rows.some((r) => r.phone === e164(41)), { timeoutMs: 240_000, everyMs: 2000 });
		} finally {
			await again?.stop();
			await first.stop();
			rmSync(first.dataRoot, { recursive: true, force: true });
		}
	});
});
