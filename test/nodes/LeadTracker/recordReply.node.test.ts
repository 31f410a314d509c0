import { harnessWithNewTracker, makeLead, records, type TrackerHarness } from '../../support/trackerHarness';

/**
 * Record Reply applies the core's reply -> consent rule (nodes/core/compliance/replyConsent.ts)
 * to the lead's columns: what each kind of reply leaves in the Leads tab and the Consent log.
 */
const NOW = '2026-03-09T15:00:00.000Z';
const AT = '2026-03-09T14:58:00.000Z';
let h: TrackerHarness;
let spreadsheetId: string;

beforeEach(async () => {
	({ h, spreadsheetId } = await harnessWithNewTracker());
	await h.run({ operation: 'upsertLeads', spreadsheetId, now: NOW }, [makeLead(3, { consent: { sms: false, call: true, email: true } })]);
});
afterEach(() => h.close());

const reply = (inbound: object, parameters: object = {}) => h.run({ operation: 'recordReply', spreadsheetId, now: NOW, ...parameters }, [inbound as never]);
const lead = () => records(h.standIn, spreadsheetId, 'Leads')[0];

describe('Record Reply: what a reply does to consent', () => {
	it('START after STOP opts back in: opt-out cleared, consent given, captured when they texted; both kept as evidence', async () => {
		await reply({ From: '+13050000003', Body: 'STOP', MessageSid: 'SM1', at: AT });
		expect(lead()).toMatchObject({ optOutSms: 'TRUE', consentSms: 'FALSE' });
		const [[out]] = await reply({ From: '+13050000003', Body: 'Start', MessageSid: 'SM2', at: NOW });
		expect(out.json.tracker).toMatchObject({ kind: 'opt-in', action: 'recorded' });
		expect(lead()).toMatchObject({ optOutSms: 'FALSE', consentSms: 'TRUE', consentCapturedAt: NOW, optOutCall: '', consentCall: 'TRUE' });
		expect(records(h.standIn, spreadsheetId, 'Consent log').map((r) => [r.eventId, r.action, r.words])).toEqual([
			['SM1', 'opt-out', 'STOP'],
			['SM2', 'opt-in', 'Start'],
		]);
	});

	it('an ordinary reply sets lastReplyAt and changes no consent; it is not consent evidence', async () => {
		const [[out]] = await reply({ From: '+13050000003', Body: "I'll stop by Friday", MessageSid: 'SM3', at: AT });
		expect(out.json.tracker).toMatchObject({ kind: 'reply', action: 'recorded' });
		expect(lead()).toMatchObject({ lastReplyAt: AT, optOutSms: '', consentSms: 'FALSE' });
		expect(records(h.standIn, spreadsheetId, 'Consent log')).toEqual([]);
		expect(records(h.standIn, spreadsheetId, 'Touches')).toEqual([expect.objectContaining({ touchId: 'in:SM3', direction: 'inbound', reason: '' })]);
	});

	it('an opt-out by email (the workflow says so) opts out of email only', async () => {
		await reply({ email: 'lead3@example.com', channel: 'email', words: 'please remove me', eventId: 'em-1', at: AT }, { event: 'opt-out', source: 'email-reply' });
		expect(lead()).toMatchObject({ optOutEmail: 'TRUE', optOutSms: '', consentEmail: 'TRUE' });
		expect(records(h.standIn, spreadsheetId, 'Consent log')).toEqual([expect.objectContaining({ eventId: 'em-1', action: 'opt-out', channel: 'email', source: 'email-reply' })]);
	});

	it('HELP is logged as a reply touch and changes nothing on the lead', async () => {
		const before = lead();
		const [[out]] = await reply({ From: '+13050000003', Body: 'HELP', MessageSid: 'SM4', at: AT });
		expect(out.json.tracker).toMatchObject({ kind: 'help', action: 'recorded' });
		const after = lead();
		expect({ ...after, updatedAt: '' }).toEqual({ ...before, updatedAt: '' });
		expect(records(h.standIn, spreadsheetId, 'Touches')).toEqual([expect.objectContaining({ touchId: 'in:SM4', reason: 'help' })]);
	});
});
