import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { MortgageSms } from '../../../nodes/MortgageSms/MortgageSms.node';
import { startTwilioStandIn, type StartedTwilioStandIn } from '../../../sandbox/twilio';
import { runNode } from '../../support/nodeHarness';
import { startReceiver } from '../../support/twilioReceiver';

const ACCOUNT = 'AC' + 'c'.repeat(32);
const TOKEN = 'sms-node-token';
const LO_NUMBER = '+13055550100';
/** 10:00 in Miami: inside every calling window. */
const MORNING = '2026-11-20T15:00:00Z';

let server: StartedTwilioStandIn;

beforeEach(async () => {
	server = await startTwilioStandIn({ accountSid: ACCOUNT, authToken: TOKEN });
});
afterEach(async () => server.close());

/** A due cadence touch for a Miami lead who agreed to texts (the shape the cadence engine emits). */
function dueText(overrides: IDataObject = {}, lead: IDataObject = {}): IDataObject {
	return {
		touchId: 'lead-1:new-lead:1',
		leadId: 'lead-1',
		cadenceId: 'new-lead',
		step: 1,
		purpose: 'marketing',
		template: 'Hi {{firstName|there}}, this is {{loName}}. Is now a good time to talk about your {{loanPurpose}}?',
		lead: {
			leadId: 'lead-1',
			firstName: 'Jane',
			phone: '+13055550123',
			state: 'FL',
			zip: '33101',
			timeZone: 'America/New_York',
			loanPurpose: 'refinance',
			consent: { sms: true },
			...lead,
		},
		...overrides,
	};
}

function run(items: IDataObject[], parameters: Record<string, unknown> = {}, continueOnFail = false) {
	return runNode(new MortgageSms(), {
		items,
		continueOnFail,
		parameters: {
			from: LO_NUMBER,
			loName: 'Alex Rivera',
			nmlsId: '123456',
			company: 'Sandbox Home Loans',
			now: MORNING,
			options: { retryDelayMs: 1 },
			...parameters,
		},
		credentials: { mortgageTwilioApi: { authType: 'authToken', accountSid: ACCOUNT, authToken: TOKEN } },
		sandbox: { twilioRoot: server.url },
	});
}

type Outputs = { sent: INodeExecutionData[]; deferred: INodeExecutionData[]; blocked: INodeExecutionData[]; failed: INodeExecutionData[] };
async function outputs(promise: Promise<INodeExecutionData[][]>): Promise<Outputs> {
	const [sent, deferred, blocked, failed] = await promise;
	return { sent, deferred, blocked, failed };
}
const touchOf = (item: INodeExecutionData) => item.json.touch as IDataObject;

describe('Mortgage SMS node: sending', () => {
	it('texts the lead with merge fields, and names the LO with NMLS ID and STOP wording the first time', async () => {
		const { sent } = await outputs(run([dueText()]));
		const [text] = server.standIn.outbox();
		expect(text).toMatchObject({ to: '+13055550123', from: LO_NUMBER });
		expect(text.body).toBe(
			'Hi Jane, this is Alex Rivera. Is now a good time to talk about your refinance?\n- Alex Rivera, NMLS #123456, Sandbox Home Loans. Reply STOP to opt out.',
		);
		expect(touchOf(sent[0])).toEqual({
			touchId: 'lead-1:new-lead:1',
			leadId: 'lead-1',
			at: '2026-11-20T15:00:00.000Z',
			channel: 'sms',
			direction: 'outbound',
			purpose: 'marketing',
			cadenceId: 'new-lead',
			step: 1,
			verdict: 'sent',
			providerId: text.sid,
			deliveryStatus: 'queued',
			body: text.body,
		});
		expect(sent[0].json.firstText).toBe(true);
	});

	it('does not repeat the identification on later texts to the same lead', async () => {
		await run([dueText()]);
		const { sent } = await outputs(run([dueText({ touchId: 'lead-1:new-lead:2', step: 2, template: 'Still there, {{firstName}}?' })]));
		expect(server.standIn.outbox().map((m) => m.body)).toEqual([expect.stringContaining('NMLS #123456'), 'Still there, Jane?']);
		expect(sent[0].json.firstText).toBe(false);
	});

	it('identifies the LO on every text when asked (states that require it on all solicitations)', async () => {
		await run([dueText()]);
		await run([dueText({ touchId: 'lead-1:new-lead:2', template: 'Still there?' })], { options: { identification: 'always', retryDelayMs: 1 } });
		expect(server.standIn.outbox()[1].body).toBe('Still there?\n- Alex Rivera, NMLS #123456, Sandbox Home Loans. Reply STOP to opt out.');
	});

	it('uses the Message parameter over the item template, and a Messaging Service when chosen', async () => {
		const mg = 'MG' + '2'.repeat(32);
		await run([dueText()], { message: 'Hello {{firstName}} - {{loName}}, NMLS 123456. Reply STOP to opt out.', sendFrom: 'messagingService', messagingServiceSid: mg });
		await server.standIn.settled();
		expect(server.standIn.outbox()).toMatchObject([
			{ body: 'Hello Jane - Alex Rivera, NMLS 123456. Reply STOP to opt out.', messaging_service_sid: mg, status: 'delivered' },
		]);
	});

	it('asks Twilio for delivery reports at the Status Callback URL', async () => {
		const receiver = await startReceiver();
		try {
			await run([dueText()], { statusCallback: `${receiver.url}/webhook/mortgage-sms` });
			await server.standIn.settled();
			expect(receiver.posts.map((p) => p.params.MessageStatus)).toEqual(['sent', 'delivered']);
		} finally {
			await receiver.close();
		}
	});
});

describe('Mortgage SMS node: compliance at send time', () => {
	it('never attempts a text to a lead who opted out: Blocked, nothing at Twilio', async () => {
		const { blocked, sent } = await outputs(run([dueText({}, { optOut: { sms: true } })]));
		expect(sent).toHaveLength(0);
		expect(touchOf(blocked[0])).toMatchObject({ verdict: 'blocked', reason: 'opted-out:sms' });
		expect(server.standIn.outbox()).toHaveLength(0);
	});

	it('blocks a marketing text without SMS consent, and one to a lead with no phone', async () => {
		const { blocked } = await outputs(run([dueText({}, { consent: { sms: false } }), dueText({ touchId: 't2' }, { phone: null })]));
		expect(blocked.map((item) => touchOf(item).reason)).toEqual(['no-consent:sms', 'no-contact:sms']);
		expect(server.standIn.outbox()).toHaveLength(0);
	});

	it('defers a text that would land in quiet hours to the next legal instant', async () => {
		const { deferred } = await outputs(run([dueText()], { now: '2026-11-20T02:00:00Z' }));
		expect(touchOf(deferred[0])).toMatchObject({ verdict: 'deferred', sendAfter: '2026-11-20T13:00:00.000Z' });
		expect(String(touchOf(deferred[0]).reason)).toContain('quiet-hours:FL');
		expect(server.standIn.outbox()).toHaveLength(0);
	});

	it('counts the history on the item toward Florida’s 3-a-day cap', async () => {
		const history = ['2026-11-20T13:10:00Z', '2026-11-20T13:40:00Z', '2026-11-20T14:10:00Z'].map((at) => ({
			leadId: 'lead-1', at, channel: 'sms', direction: 'outbound', purpose: 'marketing', verdict: 'sent',
		}));
		const { deferred } = await outputs(run([dueText({ history })]));
		expect(touchOf(deferred[0]).reason).toBe('cap:FL');
		expect(server.standIn.outbox()).toHaveLength(0);
	});
});

describe('Mortgage SMS node: Twilio answers', () => {
	it('marks the lead opted out when Twilio answers 21610 (they texted STOP to Twilio directly)', async () => {
		await server.standIn.sendInbound({ from: '+13055550123', to: LO_NUMBER, body: 'STOP' });
		const { failed } = await outputs(run([dueText()]));
		expect(failed[0].json).toMatchObject({
			outcome: 'opted-out',
			leadChanges: { optOut: { sms: true }, optOutSmsAt: '2026-11-20T15:00:00.000Z' },
			twilio: { code: 21610 },
		});
		expect(touchOf(failed[0])).toMatchObject({ verdict: 'failed', reason: 'opted-out:sms' });
		// Only Twilio's own STOP confirmation is in the outbox: the node's text never left.
		expect(server.standIn.outbox().filter((m) => m.direction === 'outbound-api')).toHaveLength(0);
	});

	it('retries a 429 and texts once', async () => {
		const { sent } = await outputs(run([dueText({}, { phone: '+15005550429' })]));
		expect(sent).toHaveLength(1);
		expect(server.standIn.outbox().filter((m) => m.to === '+15005550429')).toHaveLength(1);
	});

	it('defers, never drops, a text Twilio keeps refusing with 429', async () => {
		const { deferred } = await outputs(run([dueText({}, { phone: '+15005559429' })], { options: { retryDelayMs: 1, attempts: 3, deferMinutes: 30 } }));
		expect(touchOf(deferred[0])).toMatchObject({ verdict: 'deferred', reason: 'twilio-unavailable:20429', sendAfter: '2026-11-20T15:30:00.000Z' });
		expect(deferred[0].json.twilio).toMatchObject({ code: 20429, attempts: 3 });
	});

	it('maps invalid and landline numbers to outcomes the tracker records', async () => {
		const { failed } = await outputs(
			run([
				dueText({ touchId: 'a' }, { phone: '+15005550001' }),
				dueText({ touchId: 'b' }, { phone: '+15005550009' }),
				dueText({ touchId: 'c' }, { phone: '+15005551635' }),
			]),
		);
		expect(failed.map((item) => [item.json.outcome, (item.json.leadChanges as IDataObject).phoneStatus, touchOf(item).reason])).toEqual([
			['invalid-number', 'invalid', 'invalid-number'],
			['not-textable', 'not-textable', 'not-textable'],
			['not-textable', 'not-textable', 'not-textable'],
		]);
	});

	it('stops the run with a clear error when Twilio rejects the credentials', async () => {
		await expect(
			runNode(new MortgageSms(), {
				items: [dueText()],
				parameters: { from: LO_NUMBER, loName: 'Alex', nmlsId: '1', now: MORNING },
				credentials: { mortgageTwilioApi: { accountSid: ACCOUNT, authToken: 'wrong' } },
				sandbox: { twilioRoot: server.url },
			}),
		).rejects.toThrow(/Item 0: Twilio 20003: Authenticate/);
	});
});

describe('Mortgage SMS node: idempotency', () => {
	it('sends nothing twice when an execution is replayed', async () => {
		const items = [dueText(), dueText({ touchId: 'lead-2:new-lead:1', leadId: 'lead-2' }, { leadId: 'lead-2', phone: '+13055550124' })];
		const first = await outputs(run(items));
		const replay = await outputs(run(items));
		expect(server.standIn.outbox()).toHaveLength(2);
		expect(replay.sent.map((item) => item.json.alreadySent)).toEqual([true, true]);
		expect(replay.sent.map((item) => touchOf(item).providerId)).toEqual(first.sent.map((item) => touchOf(item).providerId));
	});

	it('with the replay check off, nothing remembers an earlier run: Twilio, which has no idempotency key, texts again', async () => {
		// Before issue 13 this asserted one text, thanks to an I-Twilio-Idempotency-Token the stand-in
		// honoured and Twilio does not: the replay check (on by default) is what stops a re-run.
		const parameters = { options: { replayWindowHours: 0, retryDelayMs: 1 } };
		const first = await outputs(run([dueText()], parameters));
		const again = await outputs(run([dueText()], parameters));
		expect(server.standIn.outbox()).toHaveLength(2);
		expect(again.sent[0].json.alreadySent).toBeUndefined();
		expect(touchOf(again.sent[0]).providerId).not.toBe(touchOf(first.sent[0]).providerId);
	});

	it('texts a touch once even when it appears twice in one run', async () => {
		const { sent } = await outputs(run([dueText(), dueText()]));
		expect(sent).toHaveLength(2);
		expect(sent[1].json.alreadySent).toBe(true);
		expect(server.standIn.outbox()).toHaveLength(1);
	});
});

describe('Mortgage SMS node: a lost answer never texts twice (Twilio has no idempotency key)', () => {
	it('Twilio took the text but the answer was lost: Sent with the SID Twilio has, and one text', async () => {
		server.standIn.injectFault({ kind: 'accept-then-drop' });
		const { sent } = await outputs(run([dueText()]));
		const outbox = server.standIn.outbox();
		expect(outbox).toHaveLength(1);
		expect(sent[0].json.recovered).toBe(true);
		expect(touchOf(sent[0])).toMatchObject({ verdict: 'sent', providerId: outbox[0].sid });
	});

	it('not in Twilio’s list: uncertain, Deferred, and offered again it goes out once', async () => {
		server.standIn.injectFault({ kind: 'drop-before-accept' });
		const { deferred } = await outputs(run([dueText()], { options: { retryDelayMs: 1, deferMinutes: 20 } }));
		expect(deferred[0].json.outcome).toBe('uncertain');
		expect(touchOf(deferred[0])).toMatchObject({ verdict: 'deferred', reason: 'twilio-uncertain:no-answer', sendAfter: '2026-11-20T15:20:00.000Z' });
		expect(server.standIn.outbox()).toHaveLength(0);
		const later = await outputs(run([dueText()], { now: '2026-11-20T15:20:00Z' }));
		expect(later.sent).toHaveLength(1);
		expect(server.standIn.outbox()).toHaveLength(1);
	});

	it('offered again after the text did arrive (Twilio answered 500 after creating it): the replay check finds it, nothing is sent', async () => {
		server.standIn.injectFault({ kind: 'accept-then-500' });
		const first = await outputs(run([dueText()]));
		expect(first.sent[0].json.recovered).toBe(true);
		const again = await outputs(run([dueText()]));
		expect(again.sent[0].json.alreadySent).toBe(true);
		expect(server.standIn.outbox()).toHaveLength(1);
	});

	it('with the replay check off an uncertain touch goes to Failed for the LO, never re-offered blind', async () => {
		server.standIn.injectFault({ kind: 'drop-before-accept' });
		const { failed } = await outputs(run([dueText()], { options: { retryDelayMs: 1, replayWindowHours: 0 } }));
		expect(failed[0].json.outcome).toBe('uncertain');
		expect(touchOf(failed[0])).toMatchObject({ verdict: 'failed', reason: 'twilio-uncertain:no-answer' });
		expect(String(touchOf(failed[0]).error)).toContain('may have been sent');
	});
});

describe('Mortgage SMS node: the replay check in runs of many texts', () => {
	/** Twelve due texts to twelve leads (a drip run). */
	const drip = () =>
		Array.from({ length: 12 }, (_, i) =>
			dueText({ touchId: `lead-${i}:new-lead:1`, leadId: `lead-${i}` }, { leadId: `lead-${i}`, phone: `+1305555${String(2000 + i)}` }),
		);
	const lists = () => server.standIn.requests().filter((r) => r.method === 'GET' && r.path.endsWith('/Messages.json'));

	it('reads the sender’s texts once, not once per lead, and a replayed run sends nothing twice', async () => {
		const first = await outputs(run(drip()));
		expect(first.sent).toHaveLength(12);
		expect(lists()).toEqual([expect.objectContaining({ query: { From: LO_NUMBER, PageSize: '1000' } })]);
		const replay = await outputs(run(drip()));
		expect(server.standIn.outbox()).toHaveLength(12);
		expect(replay.sent.map((item) => item.json.alreadySent)).toEqual(Array(12).fill(true));
		expect(replay.sent.map((item) => touchOf(item).providerId)).toEqual(first.sent.map((item) => touchOf(item).providerId));
		expect(lists()).toHaveLength(2);
	});

	it('a text sent earlier in the same run counts, as with the per-lead check: the same words to one lead go once', async () => {
		const items = drip();
		items.push(dueText({ touchId: 'lead-0:other:1', leadId: 'lead-0' }, { leadId: 'lead-0', phone: '+13055552000' }));
		const { sent } = await outputs(run(items));
		expect(sent[12].json.alreadySent).toBe(true);
		expect(server.standIn.outbox().filter((m) => m.to === '+13055552000')).toHaveLength(1);
	});

	it('still identifies the LO only on the first text to each lead', async () => {
		await run(drip());
		const later = drip().map((item) => ({ ...item, touchId: `${String(item.leadId)}:new-lead:2`, template: 'Still there, {{firstName}}?' }));
		const { sent } = await outputs(run(later));
		expect(sent.map((item) => item.json.firstText)).toEqual(Array(12).fill(false));
		expect(server.standIn.outbox().slice(12).map((m) => m.body)).toEqual(Array(12).fill('Still there, Jane?'));
	});
});

describe('Mortgage SMS node: several texts on their way at once', () => {
	it('sends a run’s texts several at a time (Twilio answers slowly), outputs still in item order', async () => {
		server.standIn.setLatency(40);
		const items = Array.from({ length: 8 }, (_, i) =>
			dueText({ touchId: `lead-${i}:new-lead:1`, leadId: `lead-${i}` }, { leadId: `lead-${i}`, phone: `+1305555${String(3000 + i)}` }),
		);
		const { sent } = await outputs(run(items, { options: { retryDelayMs: 1, replayWindowHours: 0 } }));
		expect(sent.map((item) => item.json.leadId)).toEqual(items.map((item) => item.leadId));
		expect(sent.map((item) => item.pairedItem)).toEqual(items.map((_, i) => ({ item: i })));
		// More than one create was in flight at a time: some started before an earlier one answered.
		const creates = server.standIn.requests().filter((r) => r.method === 'POST');
		expect(creates).toHaveLength(8);
		expect(server.standIn.maxConcurrent()).toBeGreaterThan(1);
	});

	it('texts for one phone (two rows, two leads) wait for each other: the same words go once', async () => {
		server.standIn.setLatency(40);
		const items = [
			dueText({ touchId: 'a:new-lead:1', leadId: 'a' }, { leadId: 'a', phone: '+13055550123' }),
			dueText({ touchId: 'b:new-lead:1', leadId: 'b' }, { leadId: 'b', phone: '+13055550123' }),
		];
		const { sent } = await outputs(run(items));
		expect(sent.map((item) => item.json.alreadySent)).toEqual([undefined, true]);
		expect(server.standIn.outbox()).toHaveLength(1);
	});
});

describe('Mortgage SMS node: every item leaves somewhere', () => {
	it('puts each item on exactly one output with pairedItem pointing back', async () => {
		const items = [
			dueText({ touchId: 's' }),
			dueText({ touchId: 'b' }, { leadId: 'x', optOut: { sms: '2026-11-01T00:00:00Z' } }),
			dueText({ touchId: 'f' }, { phone: '+15005550001' }),
			dueText({ touchId: 'd' }, { phone: '+15005559429' }),
		];
		const result = await run(items, { options: { retryDelayMs: 1, attempts: 2 } });
		expect(result.map((output) => output.map((item) => item.pairedItem))).toEqual([[{ item: 0 }], [{ item: 3 }], [{ item: 1 }], [{ item: 2 }]]);
		// The input fields travel along, so the workflow can update the lead row.
		expect(result[0][0].json.lead).toMatchObject({ firstName: 'Jane' });
	});

	it('names the item and field of bad input, and with continue-on-fail puts it on Failed', async () => {
		const broken = dueText({ leadId: undefined }, { leadId: undefined });
		await expect(run([dueText(), broken])).rejects.toThrow('Item 1, field "leadId"');
		const [sent, , , failed] = await run([dueText(), broken], {}, true);
		expect(sent).toHaveLength(1);
		expect(failed[0].json.error).toContain('Item 1, field "leadId"');
		expect(failed[0].pairedItem).toEqual({ item: 1 });
	});

	it('refuses a template with a misspelt merge field rather than texting "{{fristName}}"', async () => {
		await expect(run([dueText({ template: 'Hi {{fristName}}' })])).rejects.toThrow('unknown merge field {{fristName}}');
		expect(server.standIn.outbox()).toHaveLength(0);
	});

	it('insists on the NMLS ID for a first text', async () => {
		await expect(run([dueText()], { nmlsId: '' })).rejects.toThrow('field "NMLS ID"');
		expect(server.standIn.outbox()).toHaveLength(0);
	});
});
