import { MortgageComplianceGate } from '../../../nodes/ComplianceGate/MortgageComplianceGate.node';
import { makeUnsubscribeLink } from '../../../nodes/core';
import { runNode } from '../../support/nodeHarness';

// A Leads-tab row as the tracker stores it (flat consent / opt-out columns, text booleans).
const miami = { leadId: 'ld_miami', firstName: 'Jane', phone: '+13055550123', email: 'jane@example.com', state: 'FL', zip: '33101', consentSms: 'TRUE', optOutSms: 'FALSE' };
// A normalized lead (nested consent object), as the Lead Normalizer emits it.
const losAngeles = { leadId: 'ld_la', phone: '+12135550123', email: null, state: 'CA', zip: '90012', consent: { sms: true, call: true, email: false, prerecordedVoice: false } };
const noConsent = { leadId: 'ld_nc', phone: '+12125550123', zip: '10001', consentSms: 'FALSE' };

const EVENING_IN_MIAMI = '2026-03-07T01:30:00Z'; // Fri 20:30 in Miami, 17:30 in Los Angeles

describe('Mortgage Compliance Gate node', () => {
	it('routes each item to Send Now, Deferred or Blocked: one item out per item in, paired', async () => {
		const [send, deferred, blocked] = await runNode(new MortgageComplianceGate(), {
			items: [miami, losAngeles, noConsent],
			parameters: { channel: 'sms', now: EVENING_IN_MIAMI },
		});
		expect(send.map((i) => i.json.leadId)).toEqual(['ld_la']);
		expect(deferred.map((i) => i.json.leadId)).toEqual(['ld_miami']);
		expect(blocked.map((i) => i.json.leadId)).toEqual(['ld_nc']);
		expect([send[0].pairedItem, deferred[0].pairedItem, blocked[0].pairedItem]).toEqual([{ item: 1 }, { item: 0 }, { item: 2 }]);
		expect(deferred[0].json.sendAfter).toBe('2026-03-07T13:00:00.000Z');
		expect(blocked[0].json.reasons).toEqual(['no-consent:sms']);
	});

	it('keeps the item and adds a decision record fit for the audit log', async () => {
		const [, deferred] = await runNode(new MortgageComplianceGate(), { items: [miami], parameters: { channel: 'sms', now: EVENING_IN_MIAMI } });
		const { compliance, ...rest } = deferred[0].json as { compliance: Record<string, unknown> };
		expect(rest).toMatchObject(miami);
		expect(compliance).toMatchObject({
			verdict: 'defer',
			reasons: ['quiet-hours:FL'],
			sendAfter: '2026-03-07T13:00:00.000Z',
			checkedAt: '2026-03-07T01:30:00.000Z',
			channel: 'sms',
			purpose: 'marketing',
			lead: { phone: '+13055550123', state: 'FL', zip: '33101', consent: { sms: 'TRUE' }, optOut: { sms: 'FALSE' } },
			location: { basis: 'zip', zones: ['America/New_York'], states: ['FL'] },
			rulesApplied: ['federal', 'FL'],
			ruleVersions: { stateRules: expect.any(String), holidays: expect.any(String) },
		});
		expect((compliance.messages as string[])[0]).toMatch(/Florida allows 08:00-20:00/);
	});

	it('reads the channel and purpose from each item when told to', async () => {
		const items = [
			{ ...losAngeles, channel: 'ai-voice' },
			{ ...losAngeles, channel: 'Call' },
			{ ...noConsent, channel: 'sms', purpose: 'transactional' },
		];
		const [send, , blocked] = await runNode(new MortgageComplianceGate(), {
			items,
			parameters: { channel: 'fromItem', purpose: 'fromItem', now: '2026-06-10T18:00:00Z' },
		});
		expect(send.map((i) => i.pairedItem)).toEqual([{ item: 1 }, { item: 2 }]);
		expect(blocked[0].json.reasons).toEqual(['no-consent:ai-voice']);
	});

	it('counts the history carried on the item toward caps', async () => {
		const history = [
			{ at: '2026-07-06T16:00:00Z', channel: 'sms', direction: 'outbound', verdict: 'sent' },
			{ at: '2026-07-06T20:00:00Z', channel: 'email', direction: 'outbound', verdict: 'sent' },
			{ at: '2026-07-07T13:00:00Z', channel: 'call', direction: 'outbound', verdict: 'task' },
			{ at: '2026-07-07T14:00:00Z', channel: 'sms', direction: 'inbound', verdict: 'received' },
		];
		const [, deferred] = await runNode(new MortgageComplianceGate(), { items: [{ ...miami, history }], parameters: { now: '2026-07-07T15:00:00Z' } });
		expect(deferred[0].json.sendAfter).toBe('2026-07-07T16:00:00.000Z');
		expect(deferred[0].json.compliance).toMatchObject({ reasons: ['cap:FL'], countedTouches: 3, historyTouches: 4 });
	});

	it('applies the policy overrides: stricter hours, extra holidays, a company cap', async () => {
		const run = (policy: Record<string, unknown>, now: string) =>
			runNode(new MortgageComplianceGate(), { items: [{ ...losAngeles, history: [{ at: '2026-06-10T16:00:00Z', channel: 'email' }] }], parameters: { now, policy } });
		const [, hours] = await run({ hours: '09:00-17:00' }, '2026-06-11T00:30:00Z'); // 17:30 in LA
		expect(hours[0].json).toMatchObject({ sendAfter: '2026-06-11T16:00:00.000Z', compliance: { reasons: ['quiet-hours:policy'] } });
		const [, holiday] = await run({ extraHolidays: '2026-06-10, 2026-12-24' }, '2026-06-10T18:00:00Z');
		expect(holiday[0].json).toMatchObject({ sendAfter: '2026-06-11T15:00:00.000Z', compliance: { reasons: ['holiday:policy'] } });
		const [, capped] = await run({ capTouches: 1, capHours: 24 }, '2026-06-10T18:00:00Z');
		expect(capped[0].json).toMatchObject({ sendAfter: '2026-06-11T16:00:00.000Z', compliance: { reasons: ['cap:policy'] } });
	});

	it('checks the email it is about to send: address, unsubscribe link, NMLS ID on the first message', async () => {
		const link = makeUnsubscribeLink({ baseUrl: 'https://n8n.acme.example/webhook/mortgage-unsubscribe', leadId: miami.leadId, now: '2026-06-10T18:00:00Z' }, 'x'.repeat(32)).url;
		const email = { ...miami, subject: 'Your options', body: `Hi Jane, Sam (NMLS #123456). Acme Mortgage, 123 Main St, Tampa, FL 33602. Unsubscribe: ${link}`, history: [] };
		const [send, , blocked] = await runNode(new MortgageComplianceGate(), {
			items: [email, { ...email, body: 'Hi Jane, call me!' }],
			parameters: { channel: 'email', now: '2026-06-10T18:00:00Z', options: { nmlsId: '123456' } },
		});
		expect(send).toHaveLength(1);
		expect(blocked[0].json.reasons).toEqual(['email:no-postal-address', 'email:no-unsubscribe', 'nmls-id-missing']);
		expect(blocked[0].pairedItem).toEqual({ item: 1 });
	});

	it('stops with an error naming the item and field, or routes it to Blocked with continue-on-fail', async () => {
		const items = [miami, { ...miami, channel: 'fax' }];
		const parameters = { channel: 'fromItem', now: '2026-06-10T18:00:00Z' };
		await expect(runNode(new MortgageComplianceGate(), { items: [{ ...miami, channel: 'sms' }, ...items.slice(1)], parameters })).rejects.toThrow(/Item 1, field "channel"/);
		const [send, deferred, blocked] = await runNode(new MortgageComplianceGate(), { items: [{ ...miami, channel: 'sms' }, ...items.slice(1)], parameters, continueOnFail: true });
		expect(send.length + deferred.length + blocked.length).toBe(2);
		expect(blocked[0].pairedItem).toEqual({ item: 1 });
		expect(blocked[0].json.error).toMatch(/"channel" must be sms, call, email or ai-voice/);

		const badHistory = { ...miami, history: [{ at: 'last Tuesday', channel: 'sms' }] };
		await expect(runNode(new MortgageComplianceGate(), { items: [badHistory], parameters: { now: '2026-06-10T18:00:00Z' } })).rejects.toThrow(/Item 0, field "history\[0\]\.at"/);
	});

	it('rejects an unreadable Now on every item, naming the parameter', async () => {
		await expect(runNode(new MortgageComplianceGate(), { items: [miami], parameters: { now: 'soon' } })).rejects.toThrow(/field "Now"/);
		const [, , blocked] = await runNode(new MortgageComplianceGate(), { items: [miami, losAngeles], parameters: { now: 'soon' }, continueOnFail: true });
		expect(blocked).toHaveLength(2);
	});

	it('uses the real time (plus the sandbox clock offset) when Now is empty', async () => {
		const before = Date.now();
		// Email has no calling hours, so the item goes to Send Now whatever the time of day.
		const [send] = await runNode(new MortgageComplianceGate(), { items: [miami], parameters: { channel: 'email' } });
		const checkedAt = Date.parse((send[0].json.compliance as { checkedAt: string }).checkedAt);
		expect(checkedAt).toBeGreaterThanOrEqual(before - 1000);
		expect(checkedAt).toBeLessThanOrEqual(Date.now() + 1000);
	});
});
