/**
 * Issue 14 end to end, in the stack `npm start` runs (a real n8n with the pack installed), over
 * HTTP only: a lead source's hostile input (a name that is a sentence, a field nested 10,000
 * deep), a lead source's secret tried on the other entry points, and the launcher's files on disk.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { useSandboxStack } from './support/sandboxApi';
import { eventually, postJson } from './support/sandboxProcess';

jest.setTimeout(180_000);

const sandbox = useSandboxStack({ afterStart: (api) => api.setClock('2026-12-09T15:00:00Z') });
const { tab, outbox } = sandbox;
const postLead = (lead: Record<string, unknown>) =>
	postJson(sandbox.stack.leadWebhook, { submitted_at: '2026-12-09T15:00:00Z', zip: '33101', sms_consent: 'yes', loan_purpose: 'Purchase', ...lead }, { 'x-lead-secret': sandbox.stack.leadSecret });

describe('hostile input through the real speed-to-lead webhook', () => {
	it('a name that is a sentence is not texted from the LO’s number: the greeting falls back', async () => {
		const answer = await postLead({ first_name: 'Your Loan Is Denied. Reply At Evil.example Now', last_name: 'Smith\u202E', phone: '(305) 555-0171' });
		expect(answer.status).toBe(200);
		const [text] = await eventually('the instant text', async () => (await outbox()).filter((m) => m.to === '+13055550171' && m.direction === 'outbound-api'), (texts) => texts.length > 0);
		expect(text.body).toMatch(/^Hi there, /);
		expect(text.body).not.toMatch(/evil|denied|\u202E/i);
	});

	it('a valid lead with a field nested 10,000 deep gets a rejection with a reason, never an empty 200', async () => {
		// Written as text: JSON.stringify itself overflows on it.
		const lead = JSON.stringify({ submitted_at: '2026-12-09T15:00:00Z', zip: '33101', sms_consent: 'yes', first_name: 'Dana', last_name: 'Deep', phone: '(305) 555-0172', email: 'dana.deep@example.com' });
		const deep = `${'{"next":'.repeat(10_000)}{"end":"here"}${'}'.repeat(10_000)}`;
		const response = await fetch(sandbox.stack.leadWebhook, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-lead-secret': sandbox.stack.leadSecret },
			body: `${lead.slice(0, -1)},"tracking":${deep}}`,
		});
		const text = await response.text();
		const answer = { status: response.status, text, body: (text ? JSON.parse(text) : null) as unknown };
		expect(answer.text).not.toBe('');
		if (answer.status === 200) {
			// Saved: the lead is in the tracker.
			expect(answer.body).toMatchObject({ ok: true });
			await eventually('the saved lead', () => tab('Leads'), (t) => t.rows.some((row) => row.phone === '+13055550172'));
		} else {
			expect(answer.status).toBe(422);
			expect(answer.body).toMatchObject({ ok: false, reason: expect.stringMatching(/tracking.*nested more than 32 levels/) });
			expect((await tab('Leads')).rows.some((row) => row.phone === '+13055550172')).toBe(false);
			// The LO is told, with bounded evidence (the email is no megabyte of braces).
			const mail = await eventually(
				'the rejected-lead email',
				sandbox.mail,
				(box) => box.some((m) => m.subject === 'A lead could not be used' && m.text.includes('dana.deep@example.com')),
			);
			const email = mail.find((m) => m.subject === 'A lead could not be used' && m.text.includes('dana.deep@example.com'))!;
			expect(email.text.length).toBeLessThan(20_000);
			expect(email.text).not.toContain(sandbox.stack.leadSecret);
		}
		expect((await outbox()).filter((m) => m.to === '+13055550172')).toEqual([]);
	});
});

describe('one secret does not open everything', () => {
	it('the lead-intake secret gets 403 on the referral update API and on drip "Run now", and changes nothing', async () => {
		const referralsBefore = JSON.stringify((await tab('Referrals')).rows);
		const outboxBefore = (await outbox()).length;
		const update = { leadId: 'anything', status: 'closed', loanAmount: 1_000_000, nextStep: 'Call (305) 555-0199' };
		for (const header of ['x-lead-secret', 'x-referral-secret']) {
			const answer = await postJson(`${sandbox.stack.n8nUrl}/webhook/mortgage-referral-update`, update, { [header]: sandbox.stack.leadSecret });
			expect(answer.status).toBe(403);
		}
		for (const header of ['x-lead-secret', 'x-drip-secret']) {
			const answer = await postJson(`${sandbox.stack.n8nUrl}/webhook/mortgage-drip-run`, {}, { [header]: sandbox.stack.leadSecret });
			expect(answer.status).toBe(403);
		}
		expect(JSON.stringify((await tab('Referrals')).rows)).toBe(referralsBefore);
		expect((await outbox()).length).toBe(outboxBefore);
		// The sandbox, which holds the drip's own secret, still runs it.
		expect((await postJson(`${sandbox.stack.sandboxUrl}/api/drip-run`, {})).status).toBeLessThan(300);
	});

	it("the referral form's login is its own: the n8n owner password does not open it", async () => {
		// Form Trigger 2.2 reads its path from Options (a top-level path is ignored: the form was then
		// served at its webhook id only).
		const workflow = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'workflows', 'referral-update.json'), 'utf8')) as { nodes: Array<{ type: string; webhookId?: string; parameters: { options?: { path?: string } } }> };
		const trigger = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.formTrigger')!;
		const form = `${sandbox.stack.n8nUrl}/form/${trigger.parameters.options?.path}`;
		expect(form).toMatch(/\/form\/mortgage-referral-form$/);
		const owner = /login: (\S+) \/ (\S+)/.exec(sandbox.stack.output())!;
		const own = /Referral update form login \(its own, not the n8n one\): (\S+) \/ (\S+)/.exec(sandbox.stack.output())!;
		expect(own).not.toBeNull();
		const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
		const open = async (headers: Record<string, string>) => {
			const response = await fetch(form, { headers });
			return { status: response.status, page: await response.text() };
		};
		const right = await open(basic(own[1], own[2]));
		expect([right.status, right.page.includes('Update a referral')]).toEqual([200, true]);
		for (const wrong of [basic(owner[1], owner[2]), basic(own[1], owner[2]), {}]) {
			const answer = await open(wrong);
			expect(answer.status).toBeGreaterThanOrEqual(400);
			expect(answer.page).not.toContain('Update a referral');
		}
	});
});

describe('secrets on disk', () => {
	it("n8n's settings file (encryption key), database, the sandbox secrets and credentials are owner-only; n8n runs with its permission check on", () => {
		const mode = (...parts: string[]) => statSync(path.join(sandbox.stack.dataRoot, ...parts)).mode & 0o777;
		expect(mode('n8n')).toBe(0o700);
		expect(mode('n8n', '.n8n')).toBe(0o700);
		expect(mode('n8n', '.n8n', 'config')).toBe(0o600);
		expect(mode('n8n', '.n8n', 'database.sqlite')).toBe(0o600);
		expect(mode('sandbox')).toBe(0o700);
		expect(mode('sandbox', 'secrets.json')).toBe(0o600);
		expect(mode('sandbox', 'import', 'credentials.json')).toBe(0o600);
	});
});
