import { makeLead, records, startTrackerHarness, type TrackerHarness } from '../../support/trackerHarness';

/**
 * Log Call Outcome against the Sheets stand-in: a call task's tapped outcome becomes one Touches
 * row and changes the lead as the core says (callOutcomeChanges); a second tap writes nothing; and
 * the drip (Get Due Touches) then holds the marketing steps, or stops texts and calls.
 */
const RECEIVED = '2026-03-09T14:00:00.000Z';
const AT = '2026-03-09T15:00:00.000Z';
const TASK = 'ld_0000003:speed-to-lead:2';
let h: TrackerHarness;
let spreadsheetId: string;

beforeEach(async () => {
	h = await startTrackerHarness();
	spreadsheetId = h.standIn.createSpreadsheet({ sheets: [{ title: 'Sheet1' }] });
	await h.run({ operation: 'createTracker', target: 'existing', spreadsheetId });
	await h.run({ operation: 'upsertLeads', spreadsheetId, now: RECEIVED }, [makeLead(3, { receivedAt: RECEIVED })]);
});
afterEach(() => h.close());

const log = (items: object[], now = AT) => h.run({ operation: 'logCallOutcome', spreadsheetId, now }, items as never);
const lead = () => records(h.standIn, spreadsheetId, 'Leads')[0];
const touches = () => records(h.standIn, spreadsheetId, 'Touches');
const due = async (now: string) => (await h.run({ operation: 'getDueTouches', spreadsheetId, now }))[0].map((item) => item.json as { channel: string; cadenceId: string; purpose: string });

describe('Log Call Outcome', () => {
	it('appointment set: one call touch with its outcome, appointmentAt stamped, stage appointment, marketing paused 3 days', async () => {
		const [[out]] = await log([{ kind: 'call-outcome', leadId: 'ld_0000003', outcome: 'appointment-set', taskId: TASK, at: AT }]);
		expect(out.json.tracker).toMatchObject({ action: 'logged', outcome: 'appointment-set', touchId: `outcome:${TASK}` });
		expect(touches()).toEqual([
			expect.objectContaining({ touchId: `outcome:${TASK}`, leadId: 'ld_0000003', at: AT, channel: 'call', direction: 'outbound', verdict: 'outcome', outcome: 'appointment-set', body: 'Appointment set' }),
		]);
		expect(lead()).toMatchObject({ appointmentAt: AT, stage: 'appointment', stageChangedAt: AT, pausedUntil: '2026-03-12T15:00:00.000Z', lastTouchAt: AT });
		// Marketing steps wait: nothing of the cadence is due the next day, though steps fell due.
		expect((await due('2026-03-10T16:00:00.000Z')).filter((touch) => touch.purpose === 'marketing')).toEqual([]);
		expect((await due('2026-03-13T16:00:00.000Z')).length).toBeGreaterThan(0);
	});

	it('a second tap (the same link, or another outcome of the same task) is already logged and writes nothing', async () => {
		await log([{ kind: 'call-outcome', leadId: 'ld_0000003', outcome: 'no-answer', taskId: TASK, at: AT }]);
		const [leadsBefore, touchesBefore] = [lead(), touches()];
		const [[again]] = await log([{ kind: 'call-outcome', leadId: 'ld_0000003', outcome: 'appointment-set', taskId: TASK, at: '2026-03-09T15:05:00.000Z' }]);
		expect(again.json.tracker).toMatchObject({ action: 'already-logged', loggedBefore: { outcome: 'no-answer', at: AT } });
		expect(lead()).toEqual(leadsBefore);
		expect(touches()).toEqual(touchesBefore);
	});

	it('wrong number: the phone is marked and no text or call task is due any more', async () => {
		expect((await due(AT)).some((touch) => touch.channel === 'sms' || touch.channel === 'call')).toBe(true);
		await log([{ kind: 'call-outcome', leadId: 'ld_0000003', outcome: 'wrong-number', taskId: TASK, at: AT }]);
		expect(lead()).toMatchObject({ phoneStatus: 'wrong-number', optOutSms: 'TRUE', optOutCall: 'TRUE', optOutEmail: '' });
		const later = await due('2026-03-12T16:00:00.000Z');
		expect(later.filter((touch) => touch.channel === 'sms' || touch.channel === 'call')).toEqual([]);
	});

	it('not interested: long-term nurture from the call, not deleted', async () => {
		await log([{ kind: 'call-outcome', leadId: 'ld_0000003', outcome: 'not-interested', taskId: TASK, at: AT }]);
		expect(lead()).toMatchObject({ leadId: 'ld_0000003', stage: 'nurture', cadenceId: 'long-term-nurture', enrolledAt: AT, pausedUntil: '2026-03-12T15:00:00.000Z' });
	});

	it("the LO's own activity: a handwritten note is a touch (once a day per kind), a coffee is a conversation", async () => {
		const [[note]] = await log([{ kind: 'activity', leadId: 'ld_0000003', activity: 'handwritten-note', note: 'Congrats card', at: AT }]);
		const [[coffee]] = await log([{ kind: 'activity', leadId: 'ld_0000003', activity: 'coffee', at: AT }]);
		expect(note.json.tracker).toMatchObject({ action: 'logged' });
		expect(coffee.json.tracker).toMatchObject({ action: 'logged', outcome: 'reached' });
		const [[twice]] = await log([{ kind: 'activity', leadId: 'ld_0000003', activity: 'handwritten-note', at: '2026-03-09T18:00:00.000Z' }]);
		expect(twice.json.tracker).toMatchObject({ action: 'already-logged' });
		expect(touches().map((row) => [row.channel, row.verdict, row.outcome, row.body])).toEqual([
			['note', 'sent', '', 'Sent a handwritten note: Congrats card'],
			['meeting', 'outcome', 'reached', 'Coffee or a meeting'],
		]);
		expect(lead()).toMatchObject({ pausedUntil: '2026-03-12T15:00:00.000Z', touchCount: '2' });
	});

	it('names the item and field of an outcome it cannot log, and writes nothing', async () => {
		await expect(log([{ kind: 'call-outcome', leadId: 'ld_0000003', outcome: 'maybe', taskId: TASK }])).rejects.toThrow(/Item 0: outcome: "maybe" is not a call outcome/);
		await expect(log([{ kind: 'call-outcome', leadId: 'ld_nobody', outcome: 'reached', taskId: TASK }])).rejects.toThrow(/No lead with leadId ld_nobody/);
		expect(touches()).toEqual([]);
	});
});
