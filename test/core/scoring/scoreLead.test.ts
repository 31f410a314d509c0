import fc from 'fast-check';
import { DEFAULT_SCORE_WEIGHTS, PRIORITIES, SCORE_FACTORS, scoreLead, type ScorableLead, type Touch } from '../../../nodes/core';

const NOW = '2026-11-20T15:00:00Z';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(Date.parse(NOW) - ms).toISOString();

function lead(overrides: Partial<ScorableLead> = {}): ScorableLead {
	return { leadId: 'ld_1', source: 'web-form', sourceDetail: null, partnerId: null, loanPurpose: 'unknown', timeline: 'unknown', receivedAt: ago(2 * DAY), extra: {}, ...overrides };
}
const out = (at: string): Touch => ({ touchId: `ld_1:speed-to-lead:${at}`, leadId: 'ld_1', at, channel: 'sms', direction: 'outbound', verdict: 'sent' });
const reply = (at: string, body = 'ok'): Touch => ({ touchId: `in:${at}`, leadId: 'ld_1', at, channel: 'sms', direction: 'inbound', verdict: 'received', body });

describe('scoreLead', () => {
	it('puts a partner-referred buyer moving now at the top, on the referral cadence', () => {
		const result = scoreLead(lead({ source: 'referral', partnerId: 'p_bay', loanPurpose: 'purchase', timeline: 'now' }), { now: NOW });
		expect(result.segment).toEqual({ timeline: 'now', loanPurpose: 'purchase', source: 'partner', engagement: 'warm' });
		expect(result.cadenceId).toBe('referral');
		expect(result.score).toBe(25 + 15 + 20 + 8);
		expect(result.priority).toBe('today');
		expect(result.factors.map((f) => f.factor)).toEqual(['timeline', 'loanPurpose', 'source', 'engagement']);
	});

	it('makes a brand-new online lead nobody has touched a "now" (speed to lead), on the speed-to-lead cadence', () => {
		const fresh = scoreLead(lead({ receivedAt: ago(10 * 60_000) }), { now: NOW });
		expect(fresh.segment.source).toBe('online');
		expect(fresh.cadenceId).toBe('speed-to-lead');
		expect(fresh.priority).toBe('now');
		// Once we texted it, freshness alone no longer makes it urgent.
		const touched = scoreLead(lead({ receivedAt: ago(10 * 60_000) }), { now: NOW, touches: [out(ago(9 * 60_000))] });
		expect(touched.priority).not.toBe('now');
	});

	it('reads engagement from replies: hot within 2 days, dormant after 6 months of silence', () => {
		expect(scoreLead(lead(), { now: NOW, touches: [out(ago(3 * DAY)), reply(ago(DAY))] }).segment.engagement).toBe('hot');
		expect(scoreLead(lead(), { now: NOW, touches: [reply(ago(3 * DAY))] }).segment.engagement).toBe('warm');
		expect(scoreLead(lead({ receivedAt: ago(90 * DAY) }), { now: NOW }).segment.engagement).toBe('cold');
		const dormant = scoreLead(lead({ receivedAt: ago(400 * DAY), loanPurpose: 'purchase', timeline: '6m+' }), { now: NOW, touches: [out(ago(300 * DAY))] });
		expect(dormant.segment.engagement).toBe('dormant');
		expect(dormant.cadenceId).toBe('dormant-reengagement');
		expect(dormant.priority).toBe('nurture');
		// A hot reply makes the lead a call-now, whatever the score.
		expect(scoreLead(lead({ receivedAt: ago(400 * DAY) }), { now: NOW, touches: [reply(ago(HOUR))] }).priority).toBe('now');
	});

	it('rewards a quick reply, questions and a stated milestone, each with a reason', () => {
		const sent = ago(2 * HOUR);
		const result = scoreLead(lead({ loanPurpose: 'purchase', timeline: '1-3m' }), {
			now: NOW,
			touches: [out(sent), reply(new Date(Date.parse(sent) + 3 * 60_000).toISOString(), 'We are under contract! What do you need from us? Can we talk today?')],
		});
		const byFactor = Object.fromEntries(result.factors.map((f) => [f.factor, f]));
		expect(byFactor.replySpeed).toMatchObject({ points: 10, reason: 'first reply 3 min after our first touch' });
		expect(byFactor.questions).toMatchObject({ points: 4, reason: 'asked 2 questions' });
		expect(byFactor.milestones).toMatchObject({ points: 9, reason: 'mentioned "under contract"' });
		expect(result.score).toBe(20 + 15 + 8 + 15 + 10 + 4 + 9);
		expect(result.priority).toBe('now');
	});

	it('ignores other leads\' touches and touches after `now`', () => {
		const other = { ...reply(ago(HOUR)), leadId: 'ld_2' };
		const future = reply(new Date(Date.parse(NOW) + HOUR).toISOString());
		expect(scoreLead(lead(), { now: NOW, touches: [other, future] })).toEqual(scoreLead(lead(), { now: NOW }));
	});

	it('classifies sources: past client from the origin text, CSV rows by what they say', () => {
		expect(scoreLead(lead({ source: 'csv', sourceDetail: 'Past client - 2019 purchase' }), { now: NOW }).segment.source).toBe('past-client');
		expect(scoreLead(lead({ source: 'csv', sourceDetail: 'Zillow export' }), { now: NOW }).segment.source).toBe('online');
		expect(scoreLead(lead({ source: 'csv', sourceDetail: 'Referred by a friend' }), { now: NOW }).segment.source).toBe('referral');
		expect(scoreLead(lead({ source: 'csv', sourceDetail: null }), { now: NOW }).segment.source).toBe('unknown');
	});

	it('takes weight overrides, and names an unknown weight', () => {
		const base = scoreLead(lead({ timeline: 'now' }), { now: NOW });
		const boosted = scoreLead(lead({ timeline: 'now' }), { now: NOW, weights: { timeline: { now: 40 } } });
		expect(boosted.score - base.score).toBe(40 - DEFAULT_SCORE_WEIGHTS.timeline.now);
		expect(() => scoreLead(lead(), { now: NOW, weights: { timeline: { soon: 5 } } as never })).toThrow('Unknown score weight "timeline.soon"');
		expect(() => scoreLead(lead(), { now: NOW, weights: { source: { online: 'lots' } } as never })).toThrow('"source.online" must be a number');
	});

	it('always gives a 0-100 score equal to its factors (clamped), a known priority and a reason per factor (property)', () => {
		const anyLead = fc.record({
			leadId: fc.constant('ld_1'),
			source: fc.constantFrom('web-form', 'facebook', 'zillow', 'lendingtree', 'csv', 'referral'),
			sourceDetail: fc.option(fc.string({ maxLength: 30 })),
			partnerId: fc.option(fc.string({ minLength: 1, maxLength: 5 })),
			loanPurpose: fc.constantFrom('purchase', 'refinance', 'heloc', 'unknown'),
			timeline: fc.constantFrom('now', '1-3m', '3-6m', '6m+', 'unknown'),
			receivedAt: fc.integer({ min: 0, max: 800 }).map((days) => ago(days * DAY)),
			extra: fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 40 })),
		}) as fc.Arbitrary<ScorableLead>;
		const touch = fc.record({
			hoursAgo: fc.integer({ min: -5, max: 5000 }),
			inbound: fc.boolean(),
			body: fc.string({ maxLength: 40 }),
		});
		const weight = fc.integer({ min: -50, max: 80 });
		fc.assert(
			fc.property(anyLead, fc.array(touch, { maxLength: 20 }), fc.option(fc.record({ timeline: fc.record({ now: weight }), engagement: fc.record({ hot: weight }) })), (l, ts, weights) => {
				const touches = ts.map(({ hoursAgo, inbound, body }) => (inbound ? reply(ago(hoursAgo * HOUR), body) : out(ago(hoursAgo * HOUR))));
				const result = scoreLead(l, { now: NOW, touches, weights: weights ?? undefined });
				const sum = result.factors.reduce((total, f) => total + f.points, 0);
				expect(result.score).toBe(Math.max(0, Math.min(100, Math.round(sum))));
				expect(PRIORITIES).toContain(result.priority);
				for (const f of result.factors) {
					expect(SCORE_FACTORS).toContain(f.factor);
					expect(f.reason.length).toBeGreaterThan(0);
				}
			}),
		);
	});
});
