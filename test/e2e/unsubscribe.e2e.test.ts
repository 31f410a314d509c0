/**
 * End to end, the email unsubscribe link: the stack `npm start` runs (a real n8n with the pack,
 * the workflows active, the Sheets and mail stand-ins), driven over HTTP only, the way a lead
 * source, a borrower's mail app and a loan officer reach it.
 *
 * Two leads arrive together. The drip emails both, each with a link of its own. One opens a link
 * with one character changed (refused, nothing written), then the real one (opted out in Leads and
 * the Consent log); days later the drip emails the other lead and not the one who unsubscribed,
 * and three months on the other lead's old link has expired and changes nothing.
 */
import { makeUnsubscribeLink } from '../../nodes/core';
import { SANDBOX } from '../../sandbox/config';
import { sandboxLinkSecret } from '../../sandbox/workflowsForSandbox';
import { secretsOf, useSandboxStack } from './support/sandboxApi';
import { eventually, getJson, postJson } from './support/sandboxProcess';

jest.setTimeout(180_000);

const sandbox = useSandboxStack();
const { tab, mailTo, setClock, runDrip } = sandbox;
const LINK = /https?:\/\/[^\s"'<>]*\/webhook\/mortgage-unsubscribe\?[^\s"'<>]+/;

async function open(url: string, init?: RequestInit) {
	const response = await fetch(url, init);
	return { status: response.status, type: response.headers.get('content-type') ?? '', html: await response.text() };
}

/** One character of the link's query changed: the lead's id, so it would unsubscribe someone else. */
function tampered(url: string): string {
	const at = url.indexOf('lead=') + 'lead='.length + 3;
	return url.slice(0, at) + (url[at] === 'a' ? 'b' : 'a') + url.slice(at + 1);
}

describe('the unsubscribe link in the drip emails, in the real n8n', () => {
	it('opts the lead out of email from the link, refuses a changed link, and no marketing email follows', async () => {
		// Wednesday 10:00 in Miami.
		await setClock('2026-12-02T15:00:00Z');
		const maria = { first_name: 'Maria', last_name: 'Lopez', phone: '(305) 555-0170', email: 'maria.0170@example.com', zip: '33101', sms_consent: 'yes', submitted_at: '2026-12-02T15:00:00Z' };
		const nora = { ...maria, first_name: 'Nora', last_name: 'Diaz', phone: '(305) 555-0171', email: 'nora.0171@example.com' };
		for (const lead of [maria, nora]) {
			const answer = await postJson(sandbox.stack.leadWebhook, lead, { 'x-lead-secret': sandbox.stack.leadSecret });
			expect(answer.status).toBeLessThan(300);
		}
		const leads = await eventually('both leads in the Leads tab', () => tab('Leads'), (t) => [maria, nora].every((l) => t.rows.some((row) => row.email === l.email)));
		const mariaId = leads.rows.find((row) => row.email === maria.email)!.leadId;
		const noraId = leads.rows.find((row) => row.email === nora.email)!.leadId;

		// Two hours later the speed-to-lead cadence's intro email is due.
		await setClock('2026-12-02T17:05:00Z');
		await runDrip();
		const [mariaMail] = await eventually('the intro email to Maria', () => mailTo(maria.email), (list) => list.length > 0);
		const [noraMail] = await eventually('the intro email to Nora', () => mailTo(nora.email), (list) => list.length > 0);
		expect(mariaMail.text).not.toMatch(/reply UNSUBSCRIBE/i);
		const link = LINK.exec(mariaMail.text)?.[0];
		expect(link).toBeDefined();
		expect(link!.startsWith(`${sandbox.stack.n8nUrl}/webhook/mortgage-unsubscribe?`)).toBe(true);
		expect(new URL(link!).searchParams.get('lead')).toBe(mariaId);
		// The HTML part carries the same link as a real link.
		expect(mariaMail.html).toContain(`href="${link!.replace(/&/g, '&amp;')}"`);
		// Each lead gets a link of its own.
		expect(new URL(LINK.exec(noraMail.text)![0]).searchParams.get('lead')).toBe(noraId);

		// A link with one character changed: refused with a plain page, and nothing is written.
		const [leadsBefore, consentBefore, touchesBefore] = await Promise.all([tab('Leads'), tab('Consent log'), tab('Touches')]);
		const refused = await open(tampered(link!));
		expect(refused.status).toBe(403);
		expect(refused.type).toMatch(/text\/html/);
		expect(refused.html).toMatch(/This link did not work/);
		expect(refused.html).toMatch(/Nothing was changed/);
		const [leadsAfter, consentAfter, touchesAfter] = await Promise.all([tab('Leads'), tab('Consent log'), tab('Touches')]);
		expect(leadsAfter.rows).toEqual(leadsBefore.rows);
		expect(consentAfter.rows).toEqual(consentBefore.rows);
		expect(touchesAfter.rows).toEqual(touchesBefore.rows);

		// The real link: a plain confirmation page, the lead opted out of email, the Consent log row.
		const confirmed = await open(link!);
		expect(confirmed.status).toBe(200);
		expect(confirmed.type).toMatch(/text\/html/);
		expect(confirmed.html).toMatch(/You are unsubscribed/);
		const mariaRow = (await tab('Leads')).rows.find((row) => row.leadId === mariaId)!;
		expect(mariaRow.optOutEmail).toMatch(/^true$/i);
		expect(mariaRow.optOutSms).not.toMatch(/^true$/i); // an email unsubscribe is about email
		expect((await tab('Leads')).rows.find((row) => row.leadId === noraId)!.optOutEmail).not.toMatch(/^true$/i);
		const consent = (await tab('Consent log')).rows.filter((row) => row.leadId === mariaId);
		expect(consent).toEqual([
			expect.objectContaining({ channel: 'email', action: 'opt-out', source: 'unsubscribe-link', email: maria.email, words: expect.stringMatching(/unsubscribe link/) }),
		]);

		// The mail app's one-click button (RFC 8058) on the same link: answered, and the same day's
		// opt-out is not written twice.
		const oneClick = await open(link!, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: 'List-Unsubscribe=One-Click',
		});
		expect(oneClick.status).toBe(200);
		expect(oneClick.html).toMatch(/You are unsubscribed/);
		expect((await tab('Consent log')).rows.filter((row) => row.leadId === mariaId)).toHaveLength(1);

		// Saturday: the cadence's next email is due for both; only Nora, who did not unsubscribe, gets it.
		await setClock('2026-12-05T16:00:00Z');
		await runDrip();
		await eventually("Nora's second email", () => mailTo(nora.email), (list) => list.length === 2);
		expect(await mailTo(maria.email)).toHaveLength(1);

		// Nora's first link, 90 days on: expired, refused, and she stays subscribed.
		const noraLink = LINK.exec(noraMail.text)![0];
		await setClock('2027-03-03T16:00:00Z');
		const [leadsLater, consentLater] = await Promise.all([tab('Leads'), tab('Consent log')]);
		const expired = await open(noraLink);
		expect(expired.status).toBe(403);
		expect(expired.html).toMatch(/stopped working on 2027-03-02/);
		expect((await tab('Leads')).rows).toEqual(leadsLater.rows);
		expect((await tab('Consent log')).rows).toEqual(consentLater.rows);
	});

	it('answers a link with no signature, or none at all, with 403 and writes nothing', async () => {
		const [leadsBefore, consentBefore] = await Promise.all([tab('Leads'), tab('Consent log')]);
		const unsigned = await open(`${sandbox.stack.n8nUrl}/webhook/mortgage-unsubscribe?lead=ld_0000000000000000&channel=email&action=unsubscribe&expires=4102444800`);
		expect(unsigned.status).toBe(403);
		expect(unsigned.html).toMatch(/not complete/);
		const bare = await open(`${sandbox.stack.n8nUrl}/webhook/mortgage-unsubscribe`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
		expect(bare.status).toBe(403);
		expect((await tab('Leads')).rows).toEqual(leadsBefore.rows);
		expect((await tab('Consent log')).rows).toEqual(consentBefore.rows);
	});

	it('when the opt-out cannot be recorded (no such lead), says so in plain words and alerts the loan officer', async () => {
		// A genuine link for a lead whose row is gone, signed with the sandbox's own secret (from the
		// data folder): the one way to reach this path without breaking Google.
		const secrets = secretsOf(sandbox.stack);
		const clock = (await getJson<{ now: string }>(`${sandbox.stack.sandboxUrl}/api/clock`)).now;
		const { url } = makeUnsubscribeLink({ baseUrl: `${sandbox.stack.n8nUrl}/webhook/mortgage-unsubscribe`, leadId: 'ld_gone00000000000', now: clock }, sandboxLinkSecret(secrets));
		const [leadsBefore, consentBefore] = await Promise.all([tab('Leads'), tab('Consent log')]);
		const page = await open(url);
		expect(page.status).toBe(503);
		expect(page.html).toMatch(/could not record it right away/);
		expect(page.html).toMatch(/take you off our email list by hand/);
		expect((await tab('Leads')).rows).toEqual(leadsBefore.rows);
		expect((await tab('Consent log')).rows).toEqual(consentBefore.rows);
		const alerts = await eventually(
			'the error alert to the loan officer',
			() => mailTo(SANDBOX.loEmail),
			(list) => list.some((mail) => /could not be recorded/.test(mail.text)),
		);
		expect(alerts.find((mail) => /could not be recorded/.test(mail.text))!.text).toMatch(/lead ld_gone00000000000.*by hand/s);
	});
});
