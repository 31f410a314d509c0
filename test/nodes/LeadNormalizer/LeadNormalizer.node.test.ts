import { leadSchema } from '../../../nodes/core';
import { MortgageLeadNormalizer } from '../../../nodes/LeadNormalizer/MortgageLeadNormalizer.node';
import { runNode } from '../../support/nodeHarness';

const webLead = {
	'First Name': 'jane',
	'Last Name': "O'NEIL",
	phone: '(305) 372-1842',
	email: 'Jane@Example.com',
	state: 'Florida',
	zip: '33101',
	'Loan Type': 'Refi',
	timeline: 'ASAP',
	submitted_at: '2026-11-20T14:03:00Z',
};
const noContact = { name: 'No Contact', phone: '12', submitted_at: '2026-11-20T14:03:00Z' };

describe('Mortgage Lead Normalizer node', () => {
	it('routes usable leads to Valid and unusable ones to Rejected, one item out per item in', async () => {
		const [valid, rejected] = await runNode(new MortgageLeadNormalizer(), { items: [webLead, noContact, webLead] });
		expect(valid).toHaveLength(2);
		expect(rejected).toHaveLength(1);
		expect(valid.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
		expect(rejected[0].pairedItem).toEqual({ item: 1 });
		const { warnings, ...lead } = valid[0].json;
		expect(leadSchema.parse(lead)).toMatchObject({
			firstName: 'Jane',
			lastName: "O'Neil",
			phone: '+13053721842',
			email: 'jane@example.com',
			state: 'FL',
			timeZone: 'America/New_York',
			loanPurpose: 'refinance',
			timeline: 'now',
			source: 'web-form',
			receivedAt: '2026-11-20T14:03:00.000Z',
		});
		expect(Array.isArray(warnings)).toBe(true);
	});

	it('gives rejected items the reason, the errors naming the field and what was sent as evidence', async () => {
		const [, rejected] = await runNode(new MortgageLeadNormalizer(), { items: [noContact] });
		expect(rejected[0].json.evidence).toEqual(noContact);
		expect(rejected[0].json.reason).toMatch(/"12".*phone/);
		const fields = (rejected[0].json.errors as Array<{ field: string; message: string }>).map((e) => e.field);
		expect(fields).toEqual(expect.arrayContaining(['phone', 'email']));
		const messages = (rejected[0].json.errors as Array<{ message: string }>).map((e) => e.message);
		expect(messages.some((message) => message.includes('"12"'))).toBe(true);
	});

	it('a huge or deep payload is rejected with a reason and bounded evidence, never carried whole (and never the webhook headers)', async () => {
		let deep: Record<string, unknown> = { end: true };
		for (let i = 0; i < 10_000; i++) deep = { next: deep };
		const body = { ...webLead, tracking: deep, note: 'x'.repeat(60_000), tags: Array.from({ length: 20_000 }, (_, i) => i), bidi: 'a\u202Eb\u0000c' };
		for (let i = 0; i < 100; i++) (body as Record<string, unknown>)[`extra${i}`] = i;
		const webhookItem = { headers: { 'x-lead-secret': 'the-lead-secret' }, params: {}, query: {}, body };
		const [valid, rejected] = await runNode(new MortgageLeadNormalizer(), { items: [webhookItem] });
		expect(valid).toHaveLength(0);
		const { reason, errors, evidence } = rejected[0].json as { reason: string; errors: Array<{ field: string }>; evidence: Record<string, unknown> };
		expect(reason).toMatch(/nested more than 32 levels|fields|characters long/);
		expect(errors.length).toBeGreaterThan(0);
		const text = JSON.stringify(rejected[0].json);
		expect(text.length).toBeLessThan(10_000);
		expect(text).not.toContain('the-lead-secret');
		expect(evidence).toMatchObject({ phone: webLead.phone, email: webLead.email, tracking: { next: '(an object with 1 fields)' }, tags: '(a list of 20000 entries)', bidi: 'abc' });
		expect(evidence.note).toMatch(/^x{200}… \(60000 characters\)$/);
	});

	it('uses the Source preset, Received At and the custom field mapping', async () => {
		const [valid] = await runNode(new MortgageLeadNormalizer(), {
			items: [{ 'Best number to reach you': '512 555 0199', who: 'Ann Lee' }],
			parameters: {
				source: 'referral',
				receivedAt: '2026-11-21T09:30:00-05:00',
				fieldMapping: {
					mappings: [
						{ inputField: 'Best number to reach you', leadField: 'phone' },
						{ inputField: 'who', leadField: 'fullName' },
					],
				},
			},
		});
		expect(valid).toHaveLength(1);
		expect(valid[0].json).toMatchObject({
			source: 'referral',
			phone: '+15125550199',
			firstName: 'Ann',
			lastName: 'Lee',
			receivedAt: '2026-11-21T14:30:00.000Z',
		});
	});

	it('stamps the execution time on a lead that carries no time of its own', async () => {
		const before = Date.now();
		const [valid] = await runNode(new MortgageLeadNormalizer(), { items: [{ email: 'a@b.co' }] });
		const at = Date.parse(valid[0].json.receivedAt as string);
		expect(at).toBeGreaterThanOrEqual(before - 1000);
		expect(at).toBeLessThanOrEqual(Date.now() + 1000);
	});

	it('rejects an unreadable Received At on every item, with or without continue-on-fail', async () => {
		for (const continueOnFail of [false, true]) {
			const [valid, rejected] = await runNode(new MortgageLeadNormalizer(), {
				items: [webLead],
				parameters: { receivedAt: 'yesterday-ish' },
				continueOnFail,
			});
			expect(valid).toHaveLength(0);
			expect(rejected[0].json.errors).toEqual([expect.objectContaining({ field: 'receivedAt' })]);
		}
	});

	it('honours continue-on-fail when reading a parameter throws', async () => {
		const node = new MortgageLeadNormalizer();
		const items = [webLead, webLead];
		// A broken mapping parameter (not an object) makes the item fail inside the node.
		const parameters = { fieldMapping: { mappings: 'oops' } };
		await expect(runNode(node, { items, parameters })).rejects.toThrow(/Custom Field Mapping/);
		const [valid, rejected] = await runNode(node, { items, parameters, continueOnFail: true });
		expect(valid).toHaveLength(0);
		expect(rejected).toHaveLength(2);
		expect(rejected.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(rejected[0].json.error).toBeDefined();
	});
});
