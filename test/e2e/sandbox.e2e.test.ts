/**
 * End to end: the stack `npm start` runs (a real n8n 1.123 with the pack installed as a community
 * package, the workflows imported and active, the Sheets, Twilio and mail stand-ins), driven over
 * HTTP only, the way a lead source, a borrower's phone and a loan officer reach it.
 *
 * The sandbox clock is set explicitly in each scenario (POST /api/clock), so quiet hours do not
 * depend on when CI runs. Nothing asserts wall-clock timing: waits poll generously and fail with
 * what they last saw.
 */
import { useSandboxStack, type TabRows } from './support/sandboxApi';
import { eventually, getJson, postJson } from './support/sandboxProcess';

// Each scenario polls with its own generous deadlines (a slow 2-core CI machine running other
// suites at the same time); the test timeout only has to be longer than those.
jest.setTimeout(180_000);

const sandbox = useSandboxStack();
const { tab, outbox, runDrip } = sandbox;
/** Texts the pack sent (through the Messages API), not Twilio's own keyword auto-replies. */
const textsTo = async (phone: string) => (await outbox()).filter((m) => m.to === phone && m.direction === 'outbound-api');
/** Twilio's own answers to bare keywords (STOP, START, HELP), sent by Twilio, not by the pack. */
const carrierRepliesTo = async (phone: string) => (await outbox()).filter((m) => m.to === phone && m.direction === 'outbound-reply');
let clockNow = '';
async function setClock(iso: string) {
	await sandbox.setClock(iso);
	clockNow = iso;
}

/**
 * Posts a lead the way a web form does, with the webhook secret, stamped with the (sandbox) time
 * it was submitted; returns n8n's answer.
 */
async function postLead(lead: Record<string, unknown>, secret: string | null = sandbox.stack.leadSecret) {
	const stamped = clockNow ? { submitted_at: clockNow, ...lead } : lead;
	return postJson(sandbox.stack.leadWebhook, stamped, secret === null ? {} : { 'x-lead-secret': secret });
}

async function leadRow(phone: string): Promise<Record<string, string>> {
	return (
		await eventually(
			`a Leads row for ${phone}`,
			() => tab('Leads'),
			(t) => t.rows.some((row) => row.phone === phone),
		)
	).rows.find((row) => row.phone === phone)!;
}

async function touchesOf(leadId: string): Promise<Array<Record<string, string>>> {
	return (await tab('Touches')).rows.filter((row) => row.leadId === leadId);
}

function webLead(phoneDigits: string, extra: Record<string, unknown> = {}) {
	return {
		first_name: 'Maria',
		last_name: 'Lopez',
		phone: phoneDigits,
		email: `lead.${phoneDigits.replace(/\D/g, '')}@example.com`,
		zip: '33101',
		loan_purpose: 'Purchase',
		timeline: 'ASAP',
		sms_consent: 'yes',
		...extra,
	};
}

describe('the sandbox stack, over HTTP only', () => {
	it('answers a lead without the webhook secret with 401/403 and writes nothing', async () => {
		const before = await tab('Leads');
		const answer = await postLead(webLead('(305) 555-0150'), null);
		expect([401, 403]).toContain(answer.status);
		const wrong = await postLead(webLead('(305) 555-0150'), 'not-the-secret');
		expect([401, 403]).toContain(wrong.status);
		expect((await tab('Leads')).rows.length).toBe(before.rows.length);
		expect(await textsTo('+13055550150')).toEqual([]);
	});

	it('texts a new lead, fills Leads and Touches, and never texts the same lead twice', async () => {
		// Wednesday 10:00 in Miami: inside every legal window.
		await setClock('2026-12-02T15:00:00Z');
		const phone = '+13055550142';
		const first = await postLead(webLead('(305) 555-0142'));
		expect(first.status).toBeLessThan(300);

		const texts = await eventually(`a text to ${phone}`, () => textsTo(phone), (list) => list.length > 0);
		expect(texts).toHaveLength(1);
		expect(texts[0].body).toMatch(/Maria/);
		expect(texts[0].body).toMatch(/NMLS/); // the first text identifies the loan officer

		const lead = await leadRow(phone);
		expect(lead.leadId).toBeTruthy();
		expect(lead.firstName).toBe('Maria');
		expect(lead.zip).toBe('33101');
		const touches = await eventually(
			'a sent text in Touches',
			() => touchesOf(lead.leadId),
			(rows) => rows.some((row) => row.channel === 'sms' && row.verdict === 'sent'),
		);
		expect(touches.filter((row) => row.channel === 'sms' && row.verdict === 'sent')).toHaveLength(1);

		// The same person again (the form submitted twice, with a new timeline): answered, saved, not
		// texted again. The text is decided before the lead is saved, so once the Leads row shows the
		// new timeline the outbox is final for this submission.
		const again = await postLead(webLead('(305) 555-0142', { timeline: '1-3 months' }));
		expect(again.status).toBeLessThan(300);
		await eventually(
			'the second submission saved',
			async () => (await tab('Leads')).rows.find((row) => row.phone === phone)!,
			(row) => row.timeline === '1-3m',
		);
		expect(await textsTo(phone)).toHaveLength(1);
		const leads = (await tab('Leads')).rows.filter((row) => row.phone === phone);
		expect(leads).toHaveLength(1);
		const sent = (await touchesOf(lead.leadId)).filter((row) => row.channel === 'sms' && row.verdict === 'sent');
		expect(sent).toHaveLength(1);
	});

	it('defers a lead that arrives at 22:00 local time and texts it from the drip after 08:00', async () => {
		// 22:00 in Miami (EST = UTC-5) on Wednesday 2 December 2026.
		await setClock('2026-12-03T03:00:00Z');
		const phone = '+13055550143';
		const answer = await postLead(webLead('(305) 555-0143', { first_name: 'Ana' }));
		expect(answer.status).toBeLessThan(300);

		const lead = await leadRow(phone);
		const deferred = await eventually(
			'a deferred text in Touches',
			() => touchesOf(lead.leadId),
			(rows) => rows.some((row) => row.channel === 'sms' && row.verdict === 'deferred'),
		);
		const row = deferred.find((r) => r.channel === 'sms' && r.verdict === 'deferred')!;
		// Florida: 08:00 local is the next legal instant.
		expect(row.sendAfter).toBe('2026-12-03T13:00:00.000Z');
		expect(await textsTo(phone)).toEqual([]);

		// The drip at 07:30 still holds it back.
		await setClock('2026-12-03T12:30:00Z');
		await runDrip();
		expect(await textsTo(phone)).toEqual([]);

		// 08:05 local: the drip sends it, once.
		await setClock('2026-12-03T13:05:00Z');
		await runDrip();
		const texts = await eventually(`the deferred text to ${phone}`, () => textsTo(phone), (list) => list.length > 0);
		expect(texts).toHaveLength(1);
		expect(texts[0].body).toMatch(/Ana/);
		await eventually(
			'the sent text in Touches',
			() => touchesOf(lead.leadId),
			(rows) => rows.some((r) => r.channel === 'sms' && r.verdict === 'sent'),
		);
		await runDrip();
		expect(await textsTo(phone)).toHaveLength(1);
	});

	it('honours an opt-out reply: recorded, confirmed exactly once, and nothing after it', async () => {
		await setClock('2026-12-07T15:00:00Z'); // Monday 10:00 in Miami
		const phone = '+13055550144';
		await postLead(webLead('(305) 555-0144', { first_name: 'Rosa' }));
		await eventually(`the first text to ${phone}`, () => textsTo(phone), (list) => list.length === 1);
		const lead = await leadRow(phone);

		const reply = await postJson(`${sandbox.stack.sandboxUrl}/api/reply`, { from: phone, body: 'Stop texting me' });
		expect(reply.status).toBe(200);
		const afterStop = await eventually(
			'one opt-out confirmation',
			() => textsTo(phone),
			(list) => list.length === 2,
		);
		expect(afterStop[1].body).toMatch(/no more|unsubscribed|opted out|won't|will not/i);

		const optedOut = await eventually(
			'the opt-out on the Leads row',
			async () => (await tab('Leads')).rows.find((row) => row.leadId === lead.leadId)!,
			(row) => /^true$/i.test(row.optOutSms),
		);
		expect(optedOut.optOutSms).toMatch(/^true$/i);
		const consent = (await tab('Consent log')).rows.filter((row) => row.leadId === lead.leadId || row.phone === phone);
		expect(consent.some((row) => row.action === 'opt-out' && row.channel === 'sms')).toBe(true);

		// A bare STOP is confirmed by Twilio itself: the pack sends no second confirmation, and days
		// of drip runs later still exactly the first text and one confirmation of ours.
		await postJson(`${sandbox.stack.sandboxUrl}/api/reply`, { from: phone, body: 'STOP' });
		await eventually("Twilio's own STOP confirmation", () => carrierRepliesTo(phone), (list) => list.length === 1);
		for (const day of ['2026-12-08T15:00:00Z', '2026-12-10T15:00:00Z', '2026-12-15T15:00:00Z']) {
			await setClock(day);
			await runDrip();
		}
		expect(await textsTo(phone)).toHaveLength(2);
	});

	it("updates a partner's own view on a referral status change, with nothing of other partners", async () => {
		await setClock('2026-12-08T15:00:00Z');
		const sunrise = await postLead(
			webLead('(305) 555-0145', { first_name: 'Carla', last_name: 'Mendez', source: 'referral', partner_id: 'p-sunrise-realty' }),
		);
		expect(sunrise.status).toBeLessThan(300);
		const harbor = await postLead(
			webLead('(305) 555-0146', { first_name: 'Peter', last_name: 'Novak', source: 'referral', partner_id: 'p-harbor-homes' }),
		);
		expect(harbor.status).toBeLessThan(300);
		const carla = await leadRow('+13055550145');
		await leadRow('+13055550146');
		await eventually(
			'both referrals in the Referrals tab (a lead from a partner opens its referral)',
			() => tab('Referrals'),
			(t) => ['p-sunrise-realty', 'p-harbor-homes'].every((p) => t.rows.some((row) => row.partnerId === p)),
		);

		const update = await postJson(`${sandbox.stack.sandboxUrl}/api/referral`, {
			leadId: carla.leadId,
			status: 'appointment',
			nextStep: 'Pre-approval call on Thursday',
		});
		expect(update.status).toBeLessThan(300);

		const partners = await eventually(
			"Sunrise Realty's view spreadsheet",
			() => tab('Partners'),
			(t) => Boolean(t.rows.find((row) => row.partnerId === 'p-sunrise-realty')?.viewSpreadsheetId),
		);
		const viewId = partners.rows.find((row) => row.partnerId === 'p-sunrise-realty')!.viewSpreadsheetId;
		const spreadsheets = await getJson<Array<{ spreadsheetId: string; sheets: string[] }>>(`${sandbox.stack.sandboxUrl}/api/spreadsheets`);
		const view = spreadsheets.find((s) => s.spreadsheetId === viewId);
		expect(view).toBeDefined();
		const rows = await eventually(
			'the appointment in the partner view',
			() => getJson<TabRows>(`${sandbox.stack.sandboxUrl}/api/spreadsheets/${encodeURIComponent(viewId)}/${encodeURIComponent(view!.sheets[0])}`),
			(t) => JSON.stringify(t.values ?? t.rows).toLowerCase().includes('appointment'),
		);
		const everything = JSON.stringify(rows).toLowerCase();
		expect(everything).toContain('carla');
		expect(everything).not.toContain('mendez'); // last initial only
		expect(everything).not.toContain('peter'); // another partner's referral
		expect(everything).not.toContain('novak');
		expect(everything).not.toContain('3055550145'); // no phone
		expect(everything).not.toContain('@example.com'); // no email
	});
});
