/**
 * End to end, email replies: the stack `npm start` runs (a real n8n with the pack, the workflows
 * active, the Sheets stand-in, the sandbox SMTP sink and the loan officer's IMAP mailbox), driven
 * over HTTP only. Borrowers answer the drip's email in the loan officer's mailbox; n8n's own Email
 * Trigger (IMAP) reads it.
 *
 * One lead replies "can we talk Friday?": the lead is paused and the loan officer alerted. Another
 * writes "please unsubscribe me" above the quoted original (whose footer has our own words): opted
 * out of email, confirmed in the Consent log, no alert. An email from someone who is no lead changes
 * nothing.
 */
import { SANDBOX } from '../../sandbox/config';
import { useSandboxStack } from './support/sandboxApi';
import { eventually, postJson } from './support/sandboxProcess';

jest.setTimeout(240_000);

const sandbox = useSandboxStack();
const { tab, setClock } = sandbox;
const alerts = async () => (await sandbox.mailTo(SANDBOX.loEmail)).filter((mail) => /^Email reply from/.test(mail.subject));

async function emailReply(from: string, subject: string, text: string) {
	const answer = await postJson(`${sandbox.stack.sandboxUrl}/api/email-reply`, { from, subject, text });
	expect(answer.status).toBe(200);
}

const QUOTED = '\n\nOn Wed, Dec 2, 2026 at 12:05 PM Jordan Rivera <jordan@example.com> wrote:\n> Hi there, thanks for reaching out.\n> Unsubscribe: https://n8n.example.com/webhook/mortgage-unsubscribe?lead=ld_x\n';

describe('email replies in the real n8n (Email Trigger (IMAP) on the sandbox mailbox)', () => {
	it('a reply pauses the lead and alerts the loan officer; "please unsubscribe me" opts out of email; a stranger changes nothing', async () => {
		await setClock('2026-12-02T15:00:00Z');
		const ana = { first_name: 'Ana', last_name: 'Ruiz', phone: '(305) 555-0190', email: 'ana.0190@example.com', zip: '33101', sms_consent: 'yes', submitted_at: '2026-12-02T15:00:00Z' };
		const ben = { ...ana, first_name: 'Ben', last_name: 'Cole', phone: '(305) 555-0191', email: 'ben.0191@example.com' };
		for (const lead of [ana, ben]) expect((await postJson(sandbox.stack.leadWebhook, lead, { 'x-lead-secret': sandbox.stack.leadSecret })).status).toBeLessThan(300);
		const leads = await eventually('both leads in the Leads tab', () => tab('Leads'), (t) => [ana, ben].every((l) => t.rows.some((row) => row.email === l.email)));
		const anaId = leads.rows.find((row) => row.email === ana.email)!.leadId;
		const benId = leads.rows.find((row) => row.email === ben.email)!.leadId;

		// Ana answers: a real reply.
		await setClock('2026-12-02T17:10:00Z');
		await emailReply(`Ana Ruiz <${ana.email.toUpperCase()}>`, 'Re: Your home loan question', `Can we talk Friday afternoon?${QUOTED}`);
		const [alert] = await eventually('the alert to the loan officer', alerts, (list) => list.length > 0);
		expect(alert.subject).toBe(`Email reply from ${ana.email}: call back`);
		expect(alert.text).toMatch(/Can we talk Friday afternoon\?/);
		expect(alert.text).toContain(`Lead id: ${anaId}`);
		const anaRow = (await tab('Leads')).rows.find((row) => row.leadId === anaId)!;
		expect(anaRow.lastReplyAt).toMatch(/^2026-12-02T17:1\d:/); // the sandbox clock runs on from where it was set
		expect(anaRow.optOutEmail).not.toMatch(/^true$/i); // "Unsubscribe" in the quoted footer is our word, not hers
		expect((await tab('Touches')).rows.filter((row) => row.leadId === anaId && row.direction === 'inbound')).toEqual([
			expect.objectContaining({ channel: 'email', verdict: 'received', reason: '' }),
		]);

		// Ben asks to be taken off the list, above the quoted original.
		await emailReply(`Ben Cole <${ben.email}>`, 'Re: Your home loan question', `please unsubscribe me${QUOTED}`);
		await eventually('Ben opted out of email', () => tab('Leads'), (t) => /^true$/i.test(t.rows.find((row) => row.leadId === benId)?.optOutEmail ?? ''));
		const benRow = (await tab('Leads')).rows.find((row) => row.leadId === benId)!;
		expect(benRow.optOutSms).not.toMatch(/^true$/i);
		expect((await tab('Consent log')).rows.filter((row) => row.leadId === benId)).toEqual([
			expect.objectContaining({ channel: 'email', action: 'opt-out', source: 'email-reply', email: ben.email, words: expect.stringMatching(/^please unsubscribe me/) }),
		]);

		// Someone who is no lead: nothing written, nobody alerted.
		const [leadsBefore, touchesBefore, consentBefore] = await Promise.all([tab('Leads'), tab('Touches'), tab('Consent log')]);
		await emailReply('Newsletter <news@vendor.example>', 'Rates this week', 'Our weekly rate sheet.');
		// Then Ana again: once her second email is in, the stranger's (sent before it) has been read.
		await emailReply(`Ana Ruiz <${ana.email}>`, 'Re: Your home loan question', 'Friday at 3 works.');
		await eventually('the second alert', alerts, (list) => list.length === 2);
		expect((await tab('Consent log')).rows).toEqual(consentBefore.rows);
		expect((await tab('Leads')).rows.filter((row) => row.leadId !== anaId)).toEqual(leadsBefore.rows.filter((row) => row.leadId !== anaId));
		expect((await tab('Touches')).rows.filter((row) => row.leadId !== anaId)).toEqual(touchesBefore.rows.filter((row) => row.leadId !== anaId));
		expect((await alerts()).map((mail) => mail.subject)).toEqual([`Email reply from ${ana.email}: call back`, `Email reply from ${ana.email}: call back`]);
	});
});
