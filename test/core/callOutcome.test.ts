import fc from 'fast-check';
import {
	CALL_OUTCOMES,
	callOutcomeChanges,
	callTaskMessage,
	callOutcomeTouchId,
	makeActivityLink,
	makeCallOutcomeLinks,
	makeSignedLink,
	makeUnsubscribeLink,
	verifyActivityLink,
	verifyCallOutcomeLink,
	verifySignedLink,
	verifyUnsubscribeLink,
} from '../../nodes/core';

const SECRET = 'k'.repeat(40);
const BASE = 'https://n8n.example.com/webhook/mortgage-call-outcome';
const NOW = '2026-12-02T15:00:00Z';
const TASK = 'ld_0123456789abcdef:speed-to-lead:2';

describe('call-outcome links', () => {
	const { links, expiresAt } = makeCallOutcomeLinks({ baseUrl: BASE, leadId: 'ld_0123456789abcdef', taskId: TASK, now: NOW }, SECRET);

	it('one link per outcome, each naming the lead, the outcome and the call task, working 14 days', () => {
		expect(links.map((link) => link.outcome)).toEqual([...CALL_OUTCOMES]);
		expect(links.map((link) => link.label)).toEqual(['Reached', 'Left voicemail', 'No answer', 'Appointment set', 'Not interested', 'Wrong number', 'Call back later']);
		expect(expiresAt).toBe('2026-12-16T15:00:00.000Z');
		const appointment = new URL(links[3].url);
		expect(appointment.origin + appointment.pathname).toBe(BASE);
		expect(Object.fromEntries(appointment.searchParams)).toMatchObject({ lead: 'ld_0123456789abcdef', channel: 'call', action: 'appointment-set', ref: TASK });
		expect(verifyCallOutcomeLink(links[3].url, { secret: SECRET, now: NOW })).toEqual({ valid: true, leadId: 'ld_0123456789abcdef', outcome: 'appointment-set', taskId: TASK, expiresAt });
	});

	it('refuses a link with any signed value changed, the task reference dropped or added, another secret, or after expiry', () => {
		fc.assert(
			fc.property(fc.constantFrom(...links), fc.constantFrom('lead', 'channel', 'action', 'expires', 'ref', 'sig'), fc.string({ minLength: 1, maxLength: 3 }), (link, name, extra) => {
				const url = new URL(link.url);
				url.searchParams.set(name, `${url.searchParams.get(name)}${extra}`);
				expect(verifyCallOutcomeLink(url.toString(), { secret: SECRET, now: NOW }).valid).toBe(false);
			}),
		);
		const dropped = new URL(links[0].url);
		dropped.searchParams.delete('ref');
		expect(verifyCallOutcomeLink(dropped.toString(), { secret: SECRET, now: NOW })).toMatchObject({ valid: false, reason: 'forged' });
		expect(verifyCallOutcomeLink(links[0].url, { secret: 'z'.repeat(40), now: NOW })).toMatchObject({ valid: false, reason: 'forged' });
		expect(verifyCallOutcomeLink(links[0].url, { secret: SECRET, now: '2026-12-16T15:00:00Z' })).toMatchObject({ valid: false, reason: 'expired' });
		// A reference added to a link signed without one changes what was signed.
		const unsubscribe = makeUnsubscribeLink({ baseUrl: BASE, leadId: 'ld_a', now: NOW }, SECRET).url;
		expect(verifySignedLink(`${unsubscribe}&ref=x`, { secret: SECRET, now: NOW })).toMatchObject({ valid: false, reason: 'forged' });
	});

	it('an unsubscribe link, an activity link and a call outcome link are not each other', () => {
		const unsubscribe = makeUnsubscribeLink({ baseUrl: BASE, leadId: 'ld_a', now: NOW }, SECRET).url;
		const activity = makeActivityLink({ baseUrl: BASE, leadId: 'ld_a', now: NOW }, SECRET).url;
		expect(verifyCallOutcomeLink(unsubscribe, { secret: SECRET, now: NOW })).toMatchObject({ valid: false, reason: 'wrong-action' });
		expect(verifyCallOutcomeLink(activity, { secret: SECRET, now: NOW })).toMatchObject({ valid: false, reason: 'wrong-action' });
		expect(verifyUnsubscribeLink(links[0].url, { secret: SECRET, now: NOW })).toMatchObject({ valid: false, reason: 'wrong-action' });
		expect(verifyActivityLink(links[0].url, { secret: SECRET, now: NOW })).toMatchObject({ valid: false, reason: 'wrong-action' });
		expect(verifyActivityLink(activity, { secret: SECRET, now: NOW })).toMatchObject({ valid: true, leadId: 'ld_a' });
		// A call-outcome action signed for another channel, or without a task, is no call outcome.
		const noTask = makeSignedLink({ baseUrl: BASE, leadId: 'ld_a', channel: 'call', action: 'reached', expiresAt: '2027-01-01T00:00:00Z' }, SECRET);
		expect(verifyCallOutcomeLink(noTask, { secret: SECRET, now: NOW })).toMatchObject({ valid: false, reason: 'wrong-action' });
	});

	it('the logged call has one touchId per task, whichever outcome is tapped', () => {
		expect(new Set(links.map((link) => callOutcomeTouchId((verifyCallOutcomeLink(link.url, { secret: SECRET, now: NOW }) as { taskId: string }).taskId)))).toEqual(
			new Set([`outcome:${TASK}`]),
		);
	});
});

describe('callOutcomeChanges: what each outcome does to the lead', () => {
	const at = '2026-12-02T15:10:00.000Z';
	it('a conversation pauses marketing for the reply pause; no answer and voicemail do not', () => {
		for (const outcome of ['reached', 'call-back-later', 'not-interested', 'appointment-set'] as const) {
			expect(callOutcomeChanges(outcome, {}, { at }).pausedUntil).toBe('2026-12-05T15:10:00.000Z');
		}
		expect(callOutcomeChanges('reached', {}, { at, replyPause: 'P7D' }).pausedUntil).toBe('2026-12-09T15:10:00.000Z');
		// A longer pause already set stays.
		expect(callOutcomeChanges('reached', { pausedUntil: '2027-01-01T00:00:00Z' }, { at }).pausedUntil).toBeUndefined();
		expect(callOutcomeChanges('no-answer', {}, { at })).toEqual({});
		expect(callOutcomeChanges('left-voicemail', {}, { at })).toEqual({});
	});

	it('appointment set: appointmentAt stamped (the first stays), stage moves to appointment but never back', () => {
		expect(callOutcomeChanges('appointment-set', { stage: 'new' }, { at })).toMatchObject({ appointmentAt: at, stage: 'appointment', stageChangedAt: at });
		expect(callOutcomeChanges('appointment-set', { stage: 'contacted', appointmentAt: '2026-11-30T10:00:00Z' }, { at }).appointmentAt).toBeUndefined();
		expect(callOutcomeChanges('appointment-set', { stage: 'application' }, { at }).stage).toBeUndefined();
		expect(callOutcomeChanges('appointment-set', { stage: 'Closed' }, { at }).stage).toBeUndefined();
	});

	it('not interested: long-term nurture from now, not deleted; wrong number: phone marked, texts and calls stop', () => {
		expect(callOutcomeChanges('not-interested', { stage: 'contacted' }, { at })).toMatchObject({ stage: 'nurture', cadenceId: 'long-term-nurture', enrolledAt: at });
		expect(callOutcomeChanges('not-interested', { stage: 'do-not-contact' }, { at }).stage).toBeUndefined();
		expect(callOutcomeChanges('wrong-number', { stage: 'new' }, { at })).toEqual({
			phoneStatus: 'wrong-number',
			optOutSms: true,
			optOutCall: true,
			cadenceStatus: expect.stringMatching(/wrong number/),
		});
	});
});

describe('callTaskMessage: the call task email', () => {
	const { links } = makeCallOutcomeLinks({ baseUrl: BASE, leadId: 'ld_0123456789abcdef', taskId: TASK, now: NOW }, SECRET);
	const base = { name: 'Maria Lopez', phone: '+13055550180', why: 'Call attempt 1 (speed-to-lead step 2)', notes: 'Ask about the move date', leadId: 'ld_0123456789abcdef', links };

	it('a tel: link for the number and one button per outcome, in the text and the HTML', () => {
		const message = callTaskMessage({ ...base, activityUrl: 'https://n8n.example.com/webhook/mortgage-activity?x=1' });
		expect(message.subject).toBe('Call Maria Lopez now (Call attempt 1 (speed-to-lead step 2))');
		expect(message.text).toContain('+13055550180 (tel:+13055550180)');
		expect(message.html).toContain('href="tel:+13055550180"');
		for (const link of links) {
			expect(message.text).toContain(`${link.label}: ${link.url}`);
			expect(message.html).toContain(`href="${link.url.replace(/&/g, '&#38;')}"`);
		}
		expect(message.text).toMatch(/Something else .*mortgage-activity/);
	});

	it('no call link for a wrong number or a number that is not one; hostile names are plain text', () => {
		expect(callTaskMessage({ ...base, phoneBad: true }).html).not.toContain('tel:');
		expect(callTaskMessage({ ...base, phone: '555-0180' }).text).not.toContain('tel:');
		const hostile = callTaskMessage({ ...base, name: 'Maria\u202Egnp.exe <script>alert(1)</script>\r\nBcc: x@evil.example' });
		expect(hostile.subject).not.toMatch(/[\u202E\r\n]/);
		expect(hostile.html).not.toContain('<script>');
		expect(hostile.html).toContain('&#60;script&#62;');
	});
});
