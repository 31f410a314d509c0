/**
 * End to end (issue 13, "nothing lost"): speed-to-lead saves a lead before it texts it or answers
 * the lead source, and a failed save is retried by an n8n Wait loop that n8n keeps in its database.
 * Google down for minutes during a burst: every lead answered, then saved once and texted once
 * after recovery. n8n killed mid-burst and started again: every lead that was texted is in Leads.
 * Driven over HTTP only (the Sheets fault endpoint of the sandbox); nothing asserts wall time.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { eventually, killN8n, postJson, sleep, startSandboxProcess, type SandboxProcess } from './support/sandboxProcess';
import { sandboxApiFor } from './support/sandboxApi';

// A failed save waits 65 s (n8n's shortest persisted wait) before the next try: minutes, not seconds.
jest.setTimeout(900_000);
/** How long Google stays down: several of the workflow's tries fail. */
const OUTAGE_MS = Number(process.env.E2E_OUTAGE_SECONDS ?? 150) * 1000;

const webLead = (n: number) => ({
	first_name: 'Pat',
	last_name: `Burst${n}`,
	phone: `(305) 555-${String(1000 + n).slice(-4)}`,
	email: `burst.${n}@example.com`,
	zip: '33101',
	loan_purpose: 'Purchase',
	timeline: 'ASAP',
	sms_consent: 'yes',
});
const e164 = (n: number) => `+1305555${String(1000 + n).slice(-4)}`;

function helpers(stack: SandboxProcess) {
	const api = sandboxApiFor(stack);
	return {
		...api,
		texted: async () => (await api.outbox()).filter((m) => m.direction === 'outbound-api').map((m) => m.to),
		leads: async () => (await api.tab('Leads')).rows.map((row) => row.phone),
		post: (n: number, at: string) => api.postLead({ submitted_at: at, ...webLead(n) }),
	};
}
const count = (list: string[], value: string) => list.filter((v) => v === value).length;

describe('nothing lost on the speed-to-lead path', () => {
	it('Sheets down for minutes during a burst: every lead answered, then saved once and texted once after recovery', async () => {
		const stack = await startSandboxProcess({ env: { SANDBOX_SHEETS_QUOTAS: 'off' } });
		try {
			const h = helpers(stack);
			const at = '2026-12-07T15:00:00Z'; // Monday 10:00 in Miami
			await h.setClock(at);
			// One lead from before the outage, who says "Stop texting me" while Google is down.
			const before = await h.post(9, at);
			expect([before.status, before.text.slice(0, 300)]).toEqual([200, expect.any(String)]);
			await eventually('the earlier lead texted', h.texted, (list) => list.includes(e164(9)));
			const burst = [1, 2, 3, 4, 5, 6, 7, 8];
			const down = await h.sheetsFaults({ rate: 1, statuses: [503] });
			expect(down.status).toBe(200);
			const answers = await Promise.all(burst.map((n) => h.post(n, at)));
			expect(answers.map((a) => a.status)).toEqual(burst.map(() => 200));
			expect(answers.map((a) => a.body)).toEqual(burst.map(() => expect.objectContaining({ ok: true, saved: false, leadId: expect.stringMatching(/^ld_/) })));
			expect((await postJson(`${stack.sandboxUrl}/api/reply`, { from: e164(9), body: 'Stop texting me' })).status).toBe(200);
			// Nothing is texted before it is saved.
			expect((await h.texted()).filter((p) => p !== e164(9))).toEqual([]);
			expect(await h.leads()).toEqual([e164(9)]);

			// Google stays down a few minutes (several of the workflow's retries fail), then recovers.
			await sleep(OUTAGE_MS);
			expect((await h.texted()).filter((p) => p !== e164(9))).toEqual([]);
			expect((await fetch(`${stack.sandboxUrl}/stand-in/sheets/faults`, { method: 'DELETE' })).status).toBe(200);

			const phones = burst.map(e164);
			const saved = await eventually('every lead in Leads', h.leads, (list) => phones.every((p) => list.includes(p)), { timeoutMs: 300_000, everyMs: 2000 }).catch(async (error: Error) => {
				// What the loan officer was told (the error workflow's emails) and n8n's own log say why.
				const mail = await h.mail().catch(() => []);
				const log = (() => {
					try {
						return readFileSync(path.join(stack.dataRoot, 'sandbox', 'n8n.log'), 'utf8').slice(-3000);
					} catch {
						return '';
					}
				})();
				throw new Error(`${error.message}\nemails: ${JSON.stringify(mail.map((m) => [m.subject, (m.text ?? '').slice(0, 600)]))}\nn8n log: ${log}`);
			});
			const texted = await eventually('every lead texted', h.texted, (list) => phones.every((p) => list.includes(p)), { timeoutMs: 120_000, everyMs: 2000 });
			for (const phone of phones) {
				expect([phone, count(saved, phone)]).toEqual([phone, 1]);
				expect([phone, count(texted, phone)]).toEqual([phone, 1]);
			}
			// The STOP sent during the outage is recorded once Google is back.
			const rows = await eventually(
				'the opt-out recorded after the outage',
				async () => (await h.tab('Leads')).rows.filter((row) => row.phone === e164(9)),
				(list) => list.length === 1 && /^true$/i.test(list[0].optOutSms),
				{ timeoutMs: 300_000, everyMs: 2000 },
			);
			expect(rows).toHaveLength(1);
		} finally {
			await stack.stop();
		}
	});

	it('a lead the tracker refuses for good (the sheet no longer shared): not retried, the loan officer emailed the lead at once', async () => {
		const stack = await startSandboxProcess({ env: { SANDBOX_SHEETS_QUOTAS: 'off' } });
		try {
			const h = helpers(stack);
			const at = '2026-12-07T16:00:00Z';
			await h.setClock(at);
			// Google answers 403 (PERMISSION_DENIED) to everything: waiting will not cure it.
			expect((await h.sheetsFaults({ rate: 1, statuses: [403] })).status).toBe(200);
			const answer = await h.post(3, at);
			expect([answer.status, answer.body]).toEqual([200, expect.objectContaining({ ok: false, saved: false, text: 'not-texted' })]);
			// The "tell me" email comes now, not after 40 tries of 65 s (43 minutes): the run did not wait.
			const mail = await eventually(
				'the email naming the lead',
				async () => (await h.mail()).filter((m) => (m.text ?? '').includes(e164(3))),
				(list) => list.length > 0,
				{ timeoutMs: 120_000, everyMs: 2000 },
			);
			expect(mail[0].subject).toMatch(/speed-to-lead.*failed/);
			expect(mail[0].text).toMatch(/not retried/);
			expect(mail[0].text).toMatch(/Why: Google/);
			expect(await h.texted()).toEqual([]);
		} finally {
			await stack.stop();
		}
	});

	it('n8n killed mid-burst and started again: every lead that was texted is saved', async () => {
		const first = await startSandboxProcess({ env: { SANDBOX_SHEETS_QUOTAS: 'off' }, keepData: true });
		let again: SandboxProcess | undefined;
		try {
			const h = helpers(first);
			const at = '2026-12-08T15:00:00Z';
			await h.setClock(at);
			const burst = Array.from({ length: 30 }, (_, i) => 20 + i);
			const posts = burst.map((n) => h.post(n, at).catch(() => null));
			// Kill n8n (not the stand-ins' data) once a few leads were texted, the rest still in flight.
			await eventually('the first texts', h.texted, (list) => list.length >= 3, { everyMs: 50 });
			killN8n(first.pid);
			await eventually('the stack gone with n8n', async () => first.exited(), (gone) => gone, { everyMs: 200 });
			await Promise.all(posts);

			again = await startSandboxProcess({ env: { SANDBOX_SHEETS_QUOTAS: 'off' }, dataRoot: first.dataRoot, build: false });
			const h2 = helpers(again);
			const texted = [...new Set(await h2.texted())];
			expect(texted.length).toBeGreaterThanOrEqual(3);
			const leads = await h2.leads();
			expect(texted.filter((phone) => !leads.includes(phone))).toEqual([]);
			// And each of them saved once.
			for (const phone of texted) expect([phone, count(leads, phone)]).toEqual([phone, 1]);
		} finally {
			await again?.stop();
			await first.stop();
			rmSync(first.dataRoot, { recursive: true, force: true });
		}
	});
});
