import fc from 'fast-check';
import { checkTouch, consentGiven, optedOut, type Flag } from '../../../nodes/core';

/**
 * Issue 12, class 1: consent fails closed, opt-outs fail safe. Leads-tab cells are typed by hand,
 * so every odd value must land on the safe side: not consent, or opted out.
 */
const LA_NOON = '2026-06-10T17:00:00Z'; // Wednesday 10:00 in Los Angeles
const text = (consent: Flag, extra: Record<string, unknown> = {}) =>
	checkTouch({ lead: { phone: '+12135550123', zip: '90012', consent: { sms: consent }, ...extra }, channel: 'sms', at: LA_NOON });

const ACCEPTED = new Set(['true', 'yes', 'y', '1']);
const isIsoDateText = (value: string) => /^\d{4}-\d{2}-\d{2}/.test(value.trim());

describe('consent values (fail closed)', () => {
	it.each<[Flag, boolean]>([
		[true, true], ['TRUE', true], ['true', true], [' Yes ', true], ['y', true], ['Y', true], ['1', true], [1, true],
		['2026-06-01', true], ['2026-06-01T10:00:00Z', true], ['2026-06-01T10:00:00-04:00', true],
		[{ capturedAt: '2026-06-01T10:00:00Z', text: 'I agree to receive texts' }, true],
		[{ given: true, capturedAt: '2026-06-01' }, true], [{ granted: 'yes' }, true], [{ value: 'TRUE' }, true],
		[false, false], ['FALSE', false], ['no', false], ['', false], [null, false], [undefined, false], [0, false], [2, false],
		['declined', false], ['not given', false], ['pending', false], ['N/A', false], ['No consent', false], ['unsubscribed', false],
		['revoked', false], ['x', false], ['✓', false], ['maybe', false], ['yes please call not text', false], ['2026-02-30', false],
		['06/01/2026', false], [{}, false], [{ capturedAt: null, text: '' }, false], [{ given: 'declined' }, false],
		[{ granted: 'pending', capturedAt: '2026-06-01' }, false], [{ value: 'no' }, false],
		[{ capturedAt: '2026-06-01', revoked: true }, false], [{ given: true, optedOut: '2026-06-05' }, false],
	])('consentGiven(%j) is %s', (value, expected) => {
		expect(consentGiven(value)).toBe(expected);
	});

	it.each(['declined', 'not given', 'pending', 'N/A', 'No consent', 'unsubscribed', 'refused', 'x'])(
		'a marketing text with consent %j is blocked for lack of consent',
		(value) => {
			expect(text(value)).toMatchObject({ verdict: 'block', reasons: ['no-consent:sms'] });
		},
	);

	it("does not lift Utah's Sunday ban for a call when the call consent reads \"declined\"", () => {
		const lead = { phone: '+18015550123', zip: '84101' };
		const sunday = '2026-06-14T18:00:00Z'; // 12:00 in Salt Lake City
		expect(checkTouch({ lead: { ...lead, consent: { call: true } }, channel: 'call', at: sunday }).verdict).toBe('send');
		expect(checkTouch({ lead: { ...lead, consent: { call: 'declined' } }, channel: 'call', at: sunday })).toMatchObject({
			verdict: 'defer',
			reasons: ['sunday:UT'],
		});
		expect(checkTouch({ lead: { ...lead, consent: { call: { given: 'pending' } } }, channel: 'call', at: sunday }).reasons).toEqual(['sunday:UT']);
	});

	it('property: no consent value outside the accepted set ever yields send for a marketing text', () => {
		const odd = fc.oneof(
			fc.string(),
			fc.constantFrom('declined', 'not given', 'pending', 'N/A', 'No consent', 'unsubscribed', 'TRUE?', 'yes!', 'yess', 'Y E S', 'on', 'ok', 'x', '2'),
			fc.integer().filter((n) => n !== 1),
			fc.double(),
			fc.constant(false),
			fc.constant(null),
		);
		const record = fc.oneof(odd, odd.map((given) => ({ given, capturedAt: '2026-06-01T10:00:00Z' })), odd.map((value) => ({ value })));
		fc.assert(
			fc.property(record, (value) => {
				const raw = typeof value === 'object' && value !== null ? (value as { given?: unknown; value?: unknown }).given ?? (value as { value?: unknown }).value : value;
				if (raw === true || raw === 1 || (typeof raw === 'string' && (ACCEPTED.has(raw.trim().toLowerCase()) || isIsoDateText(raw)))) return;
				const result = text(value as Flag);
				expect(result.verdict).toBe('block');
				expect(result.reasons).toContain('no-consent:sms');
			}),
			{ numRuns: 500 },
		);
	});
});

describe('opt-out values (fail safe)', () => {
	it.each<[Flag, boolean]>([
		[true, true], ['TRUE', true], ['yes', true], ['2026-06-01T10:00:00Z', true], ['2026-06-01', true], ['STOP', true],
		['unsubscribed', true], ['opted out', true], ['x', true], ['revoked', true], ['pending', true], [1, true], [Number.NaN, true],
		[{ optedOut: true }, true], [{ at: '2026-06-01T10:00:00Z' }, true],
		[false, false], ['FALSE', false], ['false', false], ['no', false], ['N', false], ['0', false], [' ', false], ['', false],
		['off', false], ['none', false], ['null', false], [0, false], [null, false], [undefined, false], [{ optedOut: false }, false], [{}, false],
	])('optedOut(%j) is %s', (value, expected) => {
		expect(optedOut(value)).toBe(expected);
	});

	it('property: any opt-out value that is not an explicit no blocks every marketing text and call', () => {
		const NO = new Set(['', 'false', 'no', 'n', '0', 'off', 'none', 'null']);
		fc.assert(
			fc.property(fc.oneof(fc.string(), fc.constantFrom('yes', 'STOP', 'x', '2026-06-01', 'Unsubscribed')), fc.constantFrom('sms' as const, 'call' as const), (value, channel) => {
				fc.pre(!NO.has(value.trim().toLowerCase()));
				const result = checkTouch({
					lead: { phone: '+12135550123', zip: '90012', consent: { sms: true }, optOut: { [channel]: value } },
					channel,
					at: LA_NOON,
				});
				expect(result.verdict).toBe('block');
				expect(result.reasons).toContain(`opted-out:${channel}`);
			}),
			{ numRuns: 400 },
		);
	});
});
