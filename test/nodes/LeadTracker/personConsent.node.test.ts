import { TRACKER_TABS } from '../../../nodes/tracker/template';
import { makeLead, records, startTrackerHarness, type TrackerHarness } from '../../support/trackerHarness';

/**
 * Issue 13 (opt-outs belong to the person) and issue 14 item 6 (replies), through the real Lead
 * Tracker node against the Sheets stand-in: what ends up in the Leads tab, the Consent log and
 * Touches, and what the drip would text.
 */
const NOW = '2026-03-09T15:00:00.000Z';
const AT = '2026-03-09T14:58:00.000Z';
const PHONE = '+13050000003';
let h: TrackerHarness;
let spreadsheetId: string;

beforeEach(async () => {
	h = await startTrackerHarness();
	// A tracker made in the stand-in directly (as the LO's own Google account would make it).
	spreadsheetId = h.standIn.createSpreadsheet({ sheets: TRACKER_TABS.map((tab) => ({ title: tab.title, rows: [tab.columns.map((c) => c.header)] })) });
});
afterEach(() => h.close());

const upsert = (items: object[]) => h.run({ operation: 'upsertLeads', spreadsheetId, now: NOW }, items as never);
const reply = (inbound: object, parameters: object = {}) => h.run({ operation: 'recordReply', spreadsheetId, now: NOW, ...parameters }, [inbound as never]);
const leads = () => records(h.standIn, spreadsheetId, 'Leads');
/** Two lead sources, two leadIds, one borrower's phone. */
const twoRowsOnePhone = () =>
	upsert([makeLead(3, { leadId: 'ld_web', source: 'web-form' }), makeLead(4, { leadId: 'ld_zillow', source: 'zillow', phone: PHONE, email: 'other@example.com' })]);
const dueTexts = async (at: string) => {
	const [due] = await h.run({ operation: 'getDueTouches', spreadsheetId, now: at });
	return due.filter((item) => item.json.channel === 'sms').map((item) => item.json.leadId);
};

describe('opt-outs belong to the phone number, not the row', () => {
	it('"Stop texting me" opts out every Leads row with that phone, and the drip texts neither', async () => {
		await twoRowsOnePhone();
		expect((await dueTexts(NOW)).sort()).toEqual(['ld_web', 'ld_zillow']);
		const [[out]] = await reply({ From: PHONE, Body: 'Stop texting me', MessageSid: 'SM1', at: AT });
		expect(out.json.tracker).toMatchObject({ kind: 'opt-out', action: 'recorded' });
		expect(leads().map((r) => [r.leadId, r.optOutSms])).toEqual([
			['ld_web', 'TRUE'],
			['ld_zillow', 'TRUE'],
		]);
		expect(await dueTexts('2026-03-10T15:00:00.000Z')).toEqual([]);
	});

	it('the drip reads the person: a hand-typed "STOP" in one row stops texts to the other row of that phone', async () => {
		await twoRowsOnePhone();
		// What an LO types in the optOutSms cell (not TRUE): it is an opt-out all the same.
		await upsert([{ leadId: 'ld_web', optOutSms: 'STOP' }]);
		expect(leads().find((r) => r.leadId === 'ld_web')).toMatchObject({ optOutSms: 'STOP' });
		expect(await dueTexts('2026-03-10T15:00:00.000Z')).toEqual([]);
	});

	it('a new row for an opted-out phone is written opted out, and Upsert says so on its item', async () => {
		await upsert([makeLead(3, { leadId: 'ld_web' })]);
		await reply({ From: PHONE, Body: 'STOP', MessageSid: 'SM1', at: AT });
		const [[out]] = await upsert([makeLead(3, { leadId: 'ld_again', source: 'zillow', email: 'again@example.com' })]);
		expect(out.json.tracker).toMatchObject({ action: 'created', person: { optOut: { sms: true, call: false, email: false } } });
		expect(leads().find((r) => r.leadId === 'ld_again')).toMatchObject({ optOutSms: 'TRUE', optOutEmail: '' });
		// Posted again with the same leadId (a lead source re-posting it): still opted out.
		const [[again]] = await upsert([makeLead(3, { leadId: 'ld_web', timeline: 'asap' })]);
		expect(again.json.tracker).toMatchObject({ person: { optOut: { sms: true } } });
	});

	it('START from the phone opts every row back in', async () => {
		await twoRowsOnePhone();
		await reply({ From: PHONE, Body: 'STOP', MessageSid: 'SM1', at: AT });
		await reply({ From: PHONE, Body: 'START', MessageSid: 'SM2', at: NOW });
		expect(leads().map((r) => r.optOutSms)).toEqual(['FALSE', 'FALSE']);
		const [[out]] = await upsert([makeLead(3, { leadId: 'ld_web' })]);
		expect(out.json.tracker).toMatchObject({ person: { optOut: { sms: false } } });
	});
});

describe('replies (issue 14, item 6)', () => {
	it('a replayed "Stop texting me" (same MessageSid) writes nothing new and comes back as a duplicate', async () => {
		await upsert([makeLead(3)]);
		const inbound = { From: PHONE, Body: 'Stop texting me', MessageSid: 'SM9', at: AT };
		await reply(inbound);
		const before = { touches: records(h.standIn, spreadsheetId, 'Touches'), consent: records(h.standIn, spreadsheetId, 'Consent log') };
		const [[again]] = await reply(inbound);
		expect(again.json.tracker).toMatchObject({ kind: 'opt-out', action: 'duplicate' });
		expect(records(h.standIn, spreadsheetId, 'Touches')).toEqual(before.touches);
		expect(records(h.standIn, spreadsheetId, 'Consent log')).toEqual(before.consent);
	});

	it('a STOP from a number that is no lead does not fail, and is kept in the Consent log; that number\'s later lead is opted out', async () => {
		await upsert([makeLead(3)]);
		const [[out]] = await reply({ From: '+13059990000', Body: 'Stop texting me', MessageSid: 'SM7', at: AT });
		expect(out.json.tracker).toMatchObject({ leadId: null, kind: 'opt-out', action: 'unknown-lead' });
		expect(out.json.error).toBeUndefined();
		expect(records(h.standIn, spreadsheetId, 'Consent log')).toEqual([
			expect.objectContaining({ eventId: 'SM7', leadId: '', phone: '+13059990000', channel: 'sms', action: 'opt-out', words: 'Stop texting me' }),
		]);
		// Replayed: still one entry.
		await reply({ From: '+13059990000', Body: 'Stop texting me', MessageSid: 'SM7', at: AT });
		expect(records(h.standIn, spreadsheetId, 'Consent log')).toHaveLength(1);
		const [[lead]] = await upsert([makeLead(9, { phone: '+13059990000' })]);
		expect(lead.json.tracker).toMatchObject({ action: 'created', person: { optOut: { sms: true } } });
		expect(leads().find((r) => r.phone === '+13059990000')).toMatchObject({ optOutSms: 'TRUE' });
	});

	it('Google down during a save, with "On Error: Continue": every lead leaves with the error (for the error output), none as saved', async () => {
		h.standIn.injectFaults({ rate: 1, statuses: [503] });
		const [out] = await h.run(
			{ operation: 'upsertLeads', spreadsheetId, now: NOW, options: { retryBaseDelayMs: 1, maxRetries: 1, paceRequests: false } },
			[makeLead(3), makeLead(4)],
			{ continueOnFail: true },
		);
		expect(out.map((item) => [item.json.leadId, typeof item.json.error, item.error !== undefined, item.json.tracker])).toEqual([
			['ld_0000003', 'string', true, undefined],
			['ld_0000004', 'string', true, undefined],
		]);
		h.standIn.injectFaults(null);
		expect(leads()).toEqual([]);
	});
});
