/**
 * End to end, a call task's one-tap outcome: the stack `npm start` runs (a real n8n with the pack,
 * the workflows active, the Sheets and mail stand-ins), driven over HTTP only, the way a lead
 * source, the loan officer's phone and a scheduled run reach it.
 *
 * A lead arrives; the drip's call task email reaches the loan officer with the number as a tel:
 * link and a button per outcome. A link with one character changed is refused (403, nothing
 * written); the real "Appointment set" link logs one call touch, stamps appointmentAt, moves the
 * stage and pauses marketing; tapping again is refused; the next call attempt and texts wait; and
 * the weekly scoreboard counts the appointment.
 */
import { SANDBOX } from '../../sandbox/config';
import { useSandboxStack } from './support/sandboxApi';
import { eventually, postJson } from './support/sandboxProcess';

jest.setTimeout(240_000);

const sandbox = useSandboxStack();
const { tab, mail, outbox: texts, setClock, runDrip, runScoreboard } = sandbox;
const callTasks = async () => (await mail()).filter((message) => message.to.includes(SANDBOX.loEmail) && /^Call /.test(message.subject));

async function open(url: string, init?: RequestInit) {
	const response = await fetch(url, { redirect: 'manual', ...init });
	return { status: response.status, html: await response.text() };
}

/** What a phone's browser does with the page the link opens: posts its one button back to the link. */
const confirm = (url: string, outcome: string) =>
	open(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `confirm=${outcome}` });

/** One character of the link's lead id changed: it would log the call on someone else. */
function tampered(url: string): string {
	const at = url.indexOf('lead=') + 'lead='.length + 4;
	return url.slice(0, at) + (url[at] === 'a' ? 'b' : 'a') + url.slice(at + 1);
}

describe('call outcomes in one tap, in the real n8n', () => {
	it('call task email -> "Appointment set" -> one call touch, appointmentAt, marketing paused, one appointment on the scoreboard; a changed link or a second tap writes nothing', async () => {
		// Wednesday 10:00 in Miami.
		await setClock('2026-12-02T15:00:00Z');
		const lead = { first_name: 'Maria', last_name: 'Lopez', phone: '(305) 555-0180', email: 'maria.0180@example.com', zip: '33101', sms_consent: 'yes', call_consent: 'yes', submitted_at: '2026-12-02T15:00:00Z' };
		expect((await postJson(sandbox.stack.leadWebhook, lead, { 'x-lead-secret': sandbox.stack.leadSecret })).status).toBeLessThan(300);
		const leads = await eventually('the lead in the Leads tab', () => tab('Leads'), (t) => t.rows.some((row) => row.email === lead.email));
		const leadId = leads.rows.find((row) => row.email === lead.email)!.leadId;

		// The drip: the first call attempt is a task for the loan officer, by email.
		await runDrip();
		const [task] = await eventually('the call task email', callTasks, (list) => list.length > 0);
		expect(task.subject).toMatch(/^Call Maria Lopez now/);
		expect(task.text).toMatch(/\+13055550180 \(tel:\+13055550180\)/);
		expect(task.html).toContain('href="tel:+13055550180"');
		const link = (label: string) => new RegExp(`^${label}: (\\S+)$`, 'm').exec(task.text)?.[1];
		for (const label of ['Reached', 'Left voicemail', 'No answer', 'Appointment set', 'Not interested', 'Wrong number', 'Call back later']) expect(link(label)).toBeDefined();
		const appointment = link('Appointment set')!;
		expect(appointment.startsWith(`${sandbox.stack.n8nUrl}/webhook/mortgage-call-outcome?`)).toBe(true);
		expect(task.html).toContain(`href="${appointment.replace(/&/g, '&#38;')}"`);
		const textsBefore = (await texts()).length;

		// A link with one character changed: 403, nothing written, opened or posted.
		const [leadsBefore, touchesBefore] = await Promise.all([tab('Leads'), tab('Touches')]);
		for (const refused of [await open(tampered(appointment)), await confirm(tampered(appointment), 'appointment-set')]) {
			expect(refused.status).toBe(403);
			expect(refused.html).toMatch(/This link did not work/);
			expect(refused.html).toMatch(/Nothing was changed/);
		}
		expect((await tab('Leads')).rows).toEqual(leadsBefore.rows);
		expect((await tab('Touches')).rows).toEqual(touchesBefore.rows);

		// Two minutes later the loan officer taps "Appointment set": the page posts itself back.
		await setClock('2026-12-02T15:12:00Z');
		const page = await open(appointment);
		expect(page.status).toBe(200);
		expect(page.html).toMatch(/<form method="post"/);
		expect(page.html).toContain('value="appointment-set"');
		expect((await tab('Touches')).rows).toEqual(touchesBefore.rows); // opening alone logs nothing (mail scanners)
		const logged = await confirm(appointment, 'appointment-set');
		expect(logged).toMatchObject({ status: 200, html: expect.stringMatching(/Logged: Appointment set/) });

		const outcomes = (await tab('Touches')).rows.filter((row) => row.leadId === leadId && row.outcome);
		expect(outcomes).toEqual([expect.objectContaining({ channel: 'call', direction: 'outbound', verdict: 'outcome', outcome: 'appointment-set', at: expect.stringMatching(/^2026-12-02T15:12:/) })]);
		const row = (await tab('Leads')).rows.find((r) => r.leadId === leadId)!;
		// The sandbox clock runs on from where it was set: the call was logged in that minute.
		expect(row).toMatchObject({ appointmentAt: expect.stringMatching(/^2026-12-02T15:12:/), stage: 'appointment' });
		expect(Date.parse(row.pausedUntil)).toBeGreaterThan(Date.parse('2026-12-04T15:12:00Z'));

		// The same link again (or a replay of the request): 403, nothing written.
		const [leadsAfter, touchesAfter] = await Promise.all([tab('Leads'), tab('Touches')]);
		const again = await confirm(appointment, 'appointment-set');
		expect(again.status).toBe(403);
		expect(again.html).toMatch(/logged already/);
		const noAnswer = await confirm(link('No answer')!, 'no-answer');
		expect(noAnswer.status).toBe(403);
		expect((await tab('Leads')).rows).toEqual(leadsAfter.rows);
		expect((await tab('Touches')).rows).toEqual(touchesAfter.rows);

		// An hour on, the second call attempt and the cadence's texts are due, but marketing waits.
		await setClock('2026-12-02T16:30:00Z');
		await runDrip();
		expect(await callTasks()).toHaveLength(1);
		expect(await texts()).toHaveLength(textsBefore);

		// Monday 7:00: the weekly scoreboard counts the appointment, in the week and in the funnel.
		await setClock('2026-12-07T12:00:00Z');
		await runScoreboard();
		const board = (await tab('Scoreboard')).values;
		const activity = board.findIndex((cells) => cells[0] === 'Activity');
		expect(board.slice(activity).find((cells) => cells[0] === 'Appointments set')!.slice(1, 3)).toEqual(['1', '0']);
		expect(board.slice(activity).find((cells) => cells[0] === 'Calls made')![1]).toBe('1');
		const funnel = board.findIndex((cells) => /^Funnel by source/.test(cells[0] ?? ''));
		const header = board[funnel];
		const total = board[funnel + 1];
		expect(total[0]).toBe('All sources');
		expect(total[header.indexOf('Appointment')]).toBe('1');
		expect(total[header.indexOf('Conversation')]).toBe('1');
		const weekly = await eventually('the scoreboard email', mail, (list) => list.some((message) => /^Weekly scoreboard/.test(message.subject)));
		expect(weekly.find((message) => /^Weekly scoreboard/.test(message.subject))!.html).toContain('Funnel by source');
	});
});
