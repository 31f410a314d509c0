/**
 * End to end (issue 13, "opt-outs belong to the person"; issue 14 item 6, replies): the stack
 * `npm start` runs, a real n8n 1.123, driven over HTTP only. A borrower who said "Stop texting me"
 * is never texted marketing again, from whichever Leads row, lead source or re-post; a replayed
 * STOP gets no second confirmation; a STOP from a number that is no lead is kept as evidence, and
 * a HELP from one is answered.
 * Nothing asserts wall-clock timing: waits poll generously and fail with what they last saw.
 */
import { twilioSignature } from '../../sandbox/twilio';
import { secretsOf, useSandboxStack } from './support/sandboxApi';
import { eventually, postJson } from './support/sandboxProcess';

jest.setTimeout(240_000);

const sandbox = useSandboxStack();
const { outbox, tab } = sandbox;
const textsTo = async (phone: string) => (await outbox()).filter((m) => m.to === phone && m.direction === 'outbound-api');
/** Every request the Twilio stand-in got about this number (sends and look-ups alike). */
const twilioCallsAbout = async (phone: string) => (await sandbox.twilioRequests()).filter((r) => r.to === phone);
const rowsWith = async (phone: string) => (await tab('Leads')).rows.filter((row) => row.phone === phone);
let clockNow = '';
async function setClock(iso: string) {
	await sandbox.setClock(iso);
	clockNow = iso;
}
const postLead = (lead: Record<string, unknown>) => sandbox.postLead({ submitted_at: clockNow, ...lead });
/** The form Twilio posted, posted once more with its signature (what Twilio's retry of a webhook is). */
async function postTwilioForm(params: Record<string, string>) {
	const secrets = secretsOf(sandbox.stack);
	const url = `${sandbox.stack.n8nUrl}/webhook/mortgage-sms`;
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(secrets.twilioAuthToken, url, params) },
		body: new URLSearchParams(params).toString(),
	});
	return { status: response.status, text: await response.text() };
}
const reply = (from: string, body: string) => postJson(`${sandbox.stack.sandboxUrl}/api/reply`, { from, body });
const { runDrip } = sandbox;
const webLead = (digits: string, extra: Record<string, unknown> = {}) => ({
	first_name: 'Rosa',
	last_name: 'Diaz',
	phone: digits,
	email: `lead.${digits.replace(/\D/g, '')}@example.com`,
	zip: '33101',
	loan_purpose: 'Purchase',
	timeline: 'ASAP',
	sms_consent: 'yes',
	...extra,
});

describe('opt-outs belong to the person, in the real n8n', () => {
	it('two Leads rows, one phone: after "Stop texting me" the drip texts neither row', async () => {
		await setClock('2026-12-07T15:00:00Z'); // Monday 10:00 in Miami
		const phone = '+13055550171';
		// The same borrower from two lead sources: two source ids, two leadIds, two rows.
		expect((await postLead(webLead('(305) 555-0171', { source_id: 'web-171' }))).status).toBe(200);
		await eventually('the first text', () => textsTo(phone), (list) => list.length === 1);
		expect((await postLead(webLead('305-555-0171', { source_id: 'zl-171', lead_source: 'Zillow', first_name: 'R.' }))).status).toBe(200);
		const rows = await eventually('two Leads rows with the phone', () => rowsWith(phone), (list) => list.length === 2);
		expect(new Set(rows.map((row) => row.leadId)).size).toBe(2);
		const before = (await textsTo(phone)).length;

		expect((await reply(phone, 'Stop texting me')).status).toBe(200);
		await eventually('the one confirmation', () => textsTo(phone), (list) => list.length === before + 1);
		await eventually('both rows opted out', () => rowsWith(phone), (list) => list.length === 2 && list.every((row) => /^true$/i.test(row.optOutSms)));

		// The next days' drip runs: nothing more to this phone, from either row.
		for (const day of ['2026-12-08T15:00:00Z', '2026-12-09T15:00:00Z', '2026-12-10T15:00:00Z', '2026-12-15T15:00:00Z']) {
			await setClock(day);
			await runDrip();
		}
		expect(await textsTo(phone)).toHaveLength(before + 1);
	});

	it('a lead posted again after "Stop texting me" makes no Twilio call at all', async () => {
		await setClock('2026-12-08T15:00:00Z'); // Tuesday 10:00 in Miami
		const phone = '+13055550172';
		await postLead(webLead('(305) 555-0172'));
		await eventually('the first text', () => textsTo(phone), (list) => list.length === 1);
		await reply(phone, 'Stop texting me');
		await eventually('the one confirmation', () => textsTo(phone), (list) => list.length === 2);
		await eventually('the opt-out in Leads', () => rowsWith(phone), (list) => list.length === 1 && /^true$/i.test(list[0].optOutSms));

		// Two days later (past the SMS node's 24-hour replay check) the lead source posts it again.
		await setClock('2026-12-10T15:00:00Z');
		const calls = (await twilioCallsAbout(phone)).length;
		const again = await postLead(webLead('(305) 555-0172', { timeline: '1-3 months' }));
		expect(again.status).toBe(200);
		expect(again.body).toMatchObject({ ok: true, text: 'blocked' });
		// The answer comes after the send decision: by now Twilio would have been asked.
		expect((await twilioCallsAbout(phone)).length).toBe(calls);
		expect(await textsTo(phone)).toHaveLength(2);
		const [row] = await rowsWith(phone);
		await eventually(
			'the blocked text in Touches',
			async () => (await tab('Touches')).rows.filter((t) => t.leadId === row.leadId && t.verdict === 'blocked'),
			(list) => list.some((t) => t.reason.includes('opted-out:sms')),
		);
	});

	it('a replayed signed "Stop texting me" (same MessageSid) adds no confirmation row and no text', async () => {
		await setClock('2026-12-09T15:00:00Z');
		const phone = '+13055550173';
		await postLead(webLead('(305) 555-0173'));
		await eventually('the first text', () => textsTo(phone), (list) => list.length === 1);
		const first = await reply(phone, 'Stop texting me');
		expect(first.status).toBe(200);
		const signed = first.body as { params: Record<string, string> };
		await eventually('the one confirmation', () => textsTo(phone), (list) => list.length === 2);
		const [row] = await rowsWith(phone);
		const confirmations = async () => (await tab('Touches')).rows.filter((t) => t.leadId === row.leadId && t.purpose === 'opt-out-confirmation');
		const logged = await eventually('the confirmation in Touches', confirmations, (list) => list.length >= 1);
		const inbound = (await tab('Touches')).rows.filter((t) => t.leadId === row.leadId && t.direction === 'inbound').length;
		const calls = (await twilioCallsAbout(phone)).length;

		// Twilio retries a webhook it got no answer to: the very same signed request again.
		const replay = await postTwilioForm(signed.params);
		expect(replay.status).toBe(200);
		// A reply recorded after the replay proves its run is over (runs of one trigger are handled in order of arrival).
		await reply(phone, 'ok thanks');
		await eventually(
			'the later reply in Touches',
			async () => (await tab('Touches')).rows.filter((t) => t.leadId === row.leadId && t.direction === 'inbound'),
			(list) => list.length === inbound + 1,
		);
		expect(await textsTo(phone)).toHaveLength(2);
		expect(await confirmations()).toHaveLength(logged.length);
		// Not even asked: the replay reached no confirmation step (no look-up, no send to Twilio).
		expect((await twilioCallsAbout(phone)).length).toBe(calls);
	});

	it('a STOP from a number that is no lead does not fail and is kept in the Consent log', async () => {
		await setClock('2026-12-09T16:00:00Z');
		const stranger = '+13055550174';
		expect((await reply(stranger, 'Stop texting me')).status).toBe(200);
		const evidence = await eventually(
			'the opt-out in the Consent log',
			async () => (await tab('Consent log')).rows.filter((row) => row.phone === stranger),
			(list) => list.length > 0,
		);
		expect(evidence[0]).toMatchObject({ channel: 'sms', action: 'opt-out', words: 'Stop texting me' });
		// The run did not fail: the error workflow sent the loan officer no "failed" email about it.
		const mail = await sandbox.mail();
		expect(mail.filter((m) => /failed/i.test(m.subject ?? '') && /repl/i.test(`${m.subject} ${m.text}`))).toEqual([]);
		// That number later arrives as a lead: saved opted out, never texted.
		const lead = await postLead(webLead('(305) 555-0174'));
		expect(lead.body).toMatchObject({ ok: true, text: 'blocked' });
		await eventually('the lead saved opted out', () => rowsWith(stranger), (list) => list.length === 1 && /^true$/i.test(list[0].optOutSms));
		expect(await textsTo(stranger)).toEqual([]);
	});

	it('a HELP from a number that is no lead is answered, and the run does not fail', async () => {
		await setClock('2026-12-09T17:00:00Z');
		const stranger = '+13055550175';
		// Not Twilio's bare keyword (Twilio answers that itself): the workflow answers this one.
		expect((await reply(stranger, 'help please')).status).toBe(200);
		const [answer] = await eventually('the HELP answer', () => textsTo(stranger), (list) => list.length > 0);
		expect(answer.body).toMatch(/NMLS .*Reply STOP to opt out/);
		const logged = await eventually(
			'the answer in Touches',
			async () => (await tab('Touches')).rows.filter((t) => t.leadId === `no-lead:${stranger}`),
			(list) => list.length > 0,
		);
		expect(logged[0]).toMatchObject({ channel: 'sms', direction: 'outbound', purpose: 'transactional' });
		const mail = await sandbox.mail();
		expect(mail.filter((m) => /failed/i.test(m.subject ?? '') && /replies/i.test(m.subject ?? ''))).toEqual([]);
		expect(await textsTo(stranger)).toHaveLength(1);
	});
});
