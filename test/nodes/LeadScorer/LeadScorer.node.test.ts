import { normalizeLead } from '../../../nodes/core';
import { MortgageLeadScorer } from '../../../nodes/LeadScorer/MortgageLeadScorer.node';
import { runNode } from '../../support/nodeHarness';

const NOW = '2026-11-20T15:10:00Z';
const normalized = (raw: Record<string, unknown>) => {
	const result = normalizeLead(raw, { fallbackReceivedAt: '2026-11-20T15:00:00Z' });
	if (!result.ok) throw new Error(JSON.stringify(result.errors));
	return { ...result.lead, warnings: result.warnings };
};
const buyer = normalized({ name: 'Ann Lee', phone: '305 372 1842', 'Loan Type': 'Purchase', timeline: '3-6 months', submitted_at: '2026-11-20T15:00:00Z' });
const referral = normalized({ name: 'Kim Vo', email: 'kim@example.com', partner_id: 'p_bay', timeline: 'ASAP', loan_purpose: 'buy', submitted_at: '2026-11-18T15:00:00Z' });

describe('Mortgage Lead Scorer node', () => {
	it('adds segment, score, factors, cadenceId and priority to each lead, keeping its fields and pairing', async () => {
		const [scored] = await runNode(new MortgageLeadScorer(), { items: [buyer, referral], parameters: { now: NOW } });
		expect(scored).toHaveLength(2);
		expect(scored.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(scored[0].json).toMatchObject({
			leadId: buyer.leadId,
			phone: '+13053721842',
			segment: { timeline: '3-6m', loanPurpose: 'purchase', source: 'online', engagement: 'warm' },
			cadenceId: 'purchase-3-6m',
			priority: 'now', // 10 minutes old and nobody has called yet
		});
		expect(scored[1].json).toMatchObject({ segment: { source: 'partner', timeline: 'now' }, cadenceId: 'referral' });
		const factors = scored[1].json.factors as Array<{ factor: string; points: number; reason: string }>;
		expect(scored[1].json.score).toBe(factors.reduce((sum, f) => sum + f.points, 0));
	});

	it('applies weight overrides from the node parameters', async () => {
		const [plain] = await runNode(new MortgageLeadScorer(), { items: [referral], parameters: { now: NOW } });
		const [boosted] = await runNode(new MortgageLeadScorer(), {
			items: [referral],
			parameters: { now: NOW, weights: { weight: [{ key: 'source.partner', points: 30 }] } },
		});
		expect((boosted[0].json.score as number) - (plain[0].json.score as number)).toBe(10);
		await expect(
			runNode(new MortgageLeadScorer(), { items: [referral], parameters: { now: NOW, weights: { weight: [{ key: 'source.alien', points: 3 }] } } }),
		).rejects.toThrow('unknown signal "source.alien"');
	});

	it('uses replies and touches carried on the item for engagement', async () => {
		const withReply = {
			...buyer,
			touches: [
				{ touchId: 't1', leadId: buyer.leadId, at: '2026-11-20T15:01:00Z', channel: 'sms', direction: 'outbound', verdict: 'sent' },
				{ touchId: 'in1', leadId: buyer.leadId, at: '2026-11-20T15:03:00Z', channel: 'sms', direction: 'inbound', body: 'Yes! When can we talk?' },
			],
		};
		const [scored] = await runNode(new MortgageLeadScorer(), { items: [withReply], parameters: { now: NOW } });
		expect(scored[0].json).toMatchObject({ segment: { engagement: 'hot' }, priority: 'now' });
		expect((scored[0].json.factors as Array<{ factor: string }>).map((f) => f.factor)).toEqual(expect.arrayContaining(['replySpeed', 'questions']));
	});

	it('stops with an error naming the item and field, or passes it on with Continue on Fail (count in = count out)', async () => {
		const bad = { ...buyer, timeline: 'someday' };
		await expect(runNode(new MortgageLeadScorer(), { items: [buyer, bad], parameters: { now: NOW } })).rejects.toThrow('Item 1: field "timeline" is "someday"');
		const [out] = await runNode(new MortgageLeadScorer(), { items: [buyer, bad, { email: 'x@y.z' }], parameters: { now: NOW }, continueOnFail: true });
		expect(out).toHaveLength(3);
		expect(out[1].json.error).toContain('field "timeline"');
		expect(out[2].json.error).toContain('field "leadId"');
		expect(out.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('rejects a Now that is not a date-time', async () => {
		await expect(runNode(new MortgageLeadScorer(), { items: [buyer], parameters: { now: 'tomorrow' } })).rejects.toThrow('"Now" must be an ISO-8601 date-time');
	});
});
