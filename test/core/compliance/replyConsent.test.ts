import fc from 'fast-check';
import { classifyReply, replyConsent, replyKindOf, type ReplyChannel } from '../../../nodes/core';

const AT = '2026-03-09T15:04:00.000Z';
const channels: ReplyChannel[] = ['sms', 'call', 'email'];

describe('replyConsent (what a reply does to consent)', () => {
	it.each(channels)('STOP on %s opts the lead out of that channel only, and is kept as evidence', (channel) => {
		expect(replyConsent({ channel, words: 'STOP', at: AT, reading: 'auto' })).toEqual({ kind: 'opt-out', optOut: { [channel]: true }, evidence: 'opt-out' });
	});

	it('a plain-language revocation is an opt-out too', () => {
		expect(replyConsent({ channel: 'sms', words: 'Take me off your list', at: AT, reading: 'auto' }).optOut).toEqual({ sms: true });
	});

	it('START opts back in: opt-out cleared, consent given, captured when they sent it', () => {
		expect(replyConsent({ channel: 'sms', words: 'start please', at: AT, reading: 'auto' })).toEqual({
			kind: 'opt-in',
			optOut: { sms: false },
			consent: { sms: true },
			consentCapturedAt: AT,
			evidence: 'opt-in',
		});
	});

	it('an ordinary reply sets the last reply (the cadence pauses) and changes no consent', () => {
		expect(replyConsent({ channel: 'sms', words: "I'll stop by Friday", at: AT, reading: 'auto' })).toEqual({ kind: 'reply', lastReplyAt: AT, evidence: null });
	});

	it('HELP changes nothing and is not evidence', () => {
		expect(replyConsent({ channel: 'sms', words: 'HELP', at: AT, reading: 'auto' })).toEqual({ kind: 'help', evidence: null });
	});

	it('what the workflow already knows wins over the words', () => {
		expect(replyConsent({ channel: 'email', words: 'Yes please keep me posted', at: AT, reading: 'opt-out' }).optOut).toEqual({ email: true });
		expect(replyConsent({ channel: 'sms', words: 'STOP', at: AT, reading: 'reply' })).toEqual({ kind: 'reply', lastReplyAt: AT, evidence: null });
		expect(replyConsent({ channel: 'call', words: '', at: AT, reading: 'opt-in' }).consent).toEqual({ call: true });
	});

	it('reads the words exactly as classifyReply does (other = reply)', () => {
		fc.assert(
			fc.property(fc.oneof(fc.string(), fc.constantFrom('STOP', 'stop texting me', 'START', 'unstop', 'HELP', 'info', 'Sounds good')), (words) => {
				const intent = classifyReply(words);
				expect(replyKindOf(words, 'auto')).toBe(intent === 'other' ? 'reply' : intent);
			}),
			{ numRuns: 500 },
		);
	});

	it('fails safe: no reply ever gives consent unless it is an opt-in, and an opt-out never leaves consent or an opt-in behind', () => {
		fc.assert(
			fc.property(
				fc.oneof(fc.string(), fc.constantFrom('STOP', 'Stop texting me', 'START', 'HELP', 'Yes', 'Not interested. STOP')),
				fc.constantFrom(...channels),
				fc.constantFrom('auto' as const, 'reply' as const, 'opt-out' as const, 'opt-in' as const),
				(words, channel, reading) => {
					const effect = replyConsent({ channel, words, at: AT, reading });
					if (effect.kind !== 'opt-in') expect(effect.consent).toBeUndefined();
					if (effect.kind === 'opt-out') expect(effect.optOut).toEqual({ [channel]: true });
					// Only the reply's own channel is ever touched.
					for (const changed of [effect.optOut, effect.consent]) if (changed) expect(Object.keys(changed)).toEqual([channel]);
					expect(effect.evidence).toBe(effect.kind === 'opt-out' || effect.kind === 'opt-in' ? effect.kind : null);
				},
			),
			{ numRuns: 500 },
		);
	});
});
