import fc from 'fast-check';
import { normalizeLead } from '../../../nodes/core';
import { PAYLOAD_LIMITS } from '../../../nodes/core/normalize/normalizeLead';

/** Payloads built to break the pack: every one is normalized or rejected with a reason, never a crash. */

const at = { receivedAt: '2026-11-22T15:00:00Z' };

function nested(levels: number, kind: 'object' | 'array'): unknown {
	let value: unknown = 'bottom';
	for (let i = 0; i < levels; i++) value = kind === 'object' ? { a: value } : [value];
	return value;
}

describe('nesting and sizes are bounded', () => {
	it.each([['object' as const], ['array' as const]])('a field nested 10,000 deep (%s) is rejected naming the field; the result can be serialized', (kind) => {
		const result = normalizeLead({ email: 'a@example.com', first_name: 'Ann', junk: nested(10_000, kind) }, at);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.errors).toHaveLength(1);
		expect(result.errors[0].field).toBe('junk');
		expect(result.errors[0].message).toMatch(/nested more than 32 levels/);
		expect(result.errors[0].message.length).toBeLessThan(200);
		expect(() => JSON.stringify(result)).not.toThrow();
	});

	it('the same payload sent as a JSON string is rejected the same way', () => {
		const json = `{"email":"a@example.com","junk":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`;
		const result = normalizeLead(json, at);
		expect(result.ok === false && result.errors.map((e) => e.field)).toEqual(['junk']);
	});

	it('a field nested just within the limit is kept in extra', () => {
		const result = normalizeLead({ email: 'a@example.com', junk: nested(PAYLOAD_LIMITS.depth - 2, 'object') }, at);
		expect(result.ok).toBe(true);
		expect(result.ok && JSON.stringify(result.lead.extra.junk).length).toBeGreaterThan(100);
	});

	it('a self-referencing object is rejected, not walked forever', () => {
		const loop: Record<string, unknown> = { name: 'x' };
		loop.self = loop;
		const result = normalizeLead({ email: 'a@example.com', loop }, at);
		expect(result.ok === false && result.errors[0].field).toBe('loop');
	});

	it('more than 10,000 fields and list entries is rejected', () => {
		const result = normalizeLead({ email: 'a@example.com', list: Array.from({ length: 20_000 }, (_, i) => i) }, at);
		expect(result.ok === false && result.errors[0]).toMatchObject({ field: 'list', message: expect.stringMatching(/more than 10000/) });
		const wide = Object.fromEntries(Array.from({ length: 10_001 }, (_, i) => [`f${i}`, i]));
		expect(normalizeLead({ ...wide, email: 'a@example.com' }, at).ok).toBe(false);
	});

	it('a text longer than a Google Sheets cell (50,000 characters) is rejected naming its field', () => {
		const result = normalizeLead({ email: 'a@example.com', notes: { long: 'x'.repeat(60_000) } }, at);
		expect(result.ok === false && result.errors[0]).toMatchObject({ field: 'notes', message: expect.stringMatching(/notes\.long" is 60000 characters long/) });
		expect(normalizeLead({ email: 'a@example.com', notes: 'x'.repeat(50_000) }, at).ok).toBe(true);
	});

	it('property: any nesting depth gives exactly one serializable result, rejected exactly beyond the limit', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 3_000 }), fc.constantFrom('object' as const, 'array' as const), (levels, kind) => {
				const result = normalizeLead({ email: 'a@example.com', junk: nested(levels, kind) }, at);
				expect(() => JSON.stringify(result)).not.toThrow();
				// junk itself is level 1; each wrapper adds one.
				expect(result.ok).toBe(levels < PAYLOAD_LIMITS.depth);
			}),
			{ numRuns: 200 },
		);
	});
});

describe('implausible times are clamped to the receipt time', () => {
	const receipt = { fallbackReceivedAt: '2026-11-22T15:00:00Z' };

	it.each([['2099-01-01'], ['1900-01-01T00:00:00Z'], ['2026-11-24T15:00:00Z']])('submitted_at %s -> the receipt time, with a warning, kept in extra', (time) => {
		const result = normalizeLead({ email: 'a@example.com', submitted_at: time }, receipt);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.lead.receivedAt).toBe('2026-11-22T15:00:00.000Z');
		expect(result.lead.extra.submitted_at).toBe(time);
		expect(result.warnings.join(' ')).toMatch(/receivedAt set to the time it was received/);
	});

	it.each([['2026-11-22T20:00:00Z'], ['2026-11-20T09:00:00Z'], ['2018-01-01T00:00:00Z']])('submitted_at %s is plausible and kept', (time) => {
		const result = normalizeLead({ email: 'a@example.com', submitted_at: time }, receipt);
		expect(result.ok && result.lead.receivedAt).toBe(new Date(time).toISOString());
		expect(result.ok && result.warnings.join(' ')).not.toMatch(/receivedAt set/);
	});

	it('a forced Received At in 2099 is clamped too', () => {
		const result = normalizeLead({ email: 'a@example.com' }, { ...receipt, receivedAt: '2099-01-01T00:00:00Z' });
		expect(result.ok && result.lead.receivedAt).toBe('2026-11-22T15:00:00.000Z');
	});

	it('consent captured "at the lead time" uses the clamped time', () => {
		const result = normalizeLead({ email: 'a@example.com', sms_consent: 'yes', submitted_at: '2099-01-01' }, receipt);
		expect(result.ok && result.lead.consent.capturedAt).toBe('2026-11-22T15:00:00.000Z');
	});

	it('without a receipt time, only a year outside 2000-2099 is refused (receivedAt null, warned)', () => {
		const old = normalizeLead({ email: 'a@example.com', submitted_at: '1900-01-01' });
		expect(old.ok && old.lead.receivedAt).toBeNull();
		expect(old.ok && old.warnings.join(' ')).toMatch(/not a plausible time/);
	});

	it('property: receivedAt is never more than a day after, nor 10 years before, the receipt time', () => {
		const reference = Date.parse('2026-11-22T15:00:00Z');
		fc.assert(
			fc.property(fc.integer({ min: Date.UTC(1800, 0, 1), max: Date.UTC(2300, 0, 1) }), (ms) => {
				const result = normalizeLead({ email: 'a@example.com', created_at: new Date(ms).toISOString() }, receipt);
				expect(result.ok).toBe(true);
				if (!result.ok) return;
				const received = Date.parse(result.lead.receivedAt as string);
				expect(received).toBeLessThanOrEqual(reference + 86_400_000);
				expect(received).toBeGreaterThanOrEqual(Date.UTC(2016, 10, 22, 15));
			}),
			{ numRuns: 500 },
		);
	});
});
