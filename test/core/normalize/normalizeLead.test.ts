import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { leadSchema, normalizeLead, type NormalizeOptions } from '../../../nodes/core';
import { messyLead, messyPhone } from '../../fixtures/leads/generate';

interface Fixture {
	description: string;
	payload: unknown;
	options?: NormalizeOptions;
	expect?: Record<string, unknown>;
	rejectedFields?: string[];
}

const FIXTURES = path.join(__dirname, '../../fixtures/leads');
const fixtures: Array<[string, Fixture]> = readdirSync(FIXTURES, { withFileTypes: true })
	.filter((entry) => entry.isDirectory())
	.flatMap((dir) =>
		readdirSync(path.join(FIXTURES, dir.name))
			.filter((file) => file.endsWith('.json'))
			.map((file): [string, Fixture] => [
				`${dir.name}/${file}`,
				JSON.parse(readFileSync(path.join(FIXTURES, dir.name, file), 'utf8')) as Fixture,
			]),
	);

describe('normalizeLead on real-shaped payloads from each source', () => {
	it('has fixtures for every source', () => {
		const sources = new Set(fixtures.map(([name]) => name.split('/')[0]));
		expect([...sources].sort()).toEqual(['csv', 'facebook', 'lendingtree', 'referral', 'web-form', 'zillow']);
	});

	it.each(fixtures)('%s', (_name, fixture) => {
		const result = normalizeLead(fixture.payload, fixture.options);
		if (fixture.rejectedFields) {
			expect(result.ok).toBe(false);
			if (!result.ok) expect(result.errors.map((e) => e.field)).toEqual(expect.arrayContaining(fixture.rejectedFields));
			return;
		}
		if (!result.ok) throw new Error(JSON.stringify(result.errors));
		expect(leadSchema.parse(result.lead)).toEqual(result.lead);
		expect(result.lead).toMatchObject(fixture.expect ?? {});
	});
});

describe('normalizeLead rules', () => {
	const at = { receivedAt: '2026-11-22T15:00:00Z' };

	it('never takes the loan officer (Zillow recipient) as the lead', () => {
		const result = normalizeLead({ sender: { emailAddress: 'lead@example.com' }, recipient: { phoneNumber: '3053721842', emailAddress: 'lo@bank.example' } }, at);
		expect(result.ok && result.lead).toMatchObject({ email: 'lead@example.com', phone: null, source: 'zillow' });
	});

	it('drops an unusable phone beside a usable email, with a warning, and keeps it in extra', () => {
		const result = normalizeLead({ phone: '555-01', email: 'a@example.com' }, at);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.lead.phone).toBeNull();
		expect(result.lead.extra.phone).toBe('555-01');
		expect(result.warnings.join(' ')).toMatch(/phone/);
	});

	it('rejects a lead without a usable contact, naming each field', () => {
		const result = normalizeLead({ name: 'Only A Name', email: 'nope' }, at);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.errors.map((e) => e.field)).toEqual(expect.arrayContaining(['phone', 'email']));
		expect(result.errors.find((e) => e.field === 'email')?.message).toContain('nope');
	});

	it('takes the time from options.receivedAt, else the payload, else fallbackReceivedAt, else null with a warning', () => {
		const noTime = normalizeLead({ email: 'a@example.com' });
		expect(noTime.ok && noTime.lead.receivedAt).toBeNull();
		expect(noTime.ok && noTime.warnings.join(' ')).toMatch(/No time the lead was received/);
		const badTime = normalizeLead({ email: 'a@example.com' }, { receivedAt: 'yesterday-ish' });
		expect(badTime.ok === false && badTime.errors.map((e) => e.field)).toEqual(['receivedAt']);
		const fromPayload = normalizeLead({ email: 'a@example.com', created_time: '2026-11-20T14:03:11+0000' }, { fallbackReceivedAt: '2026-11-22T00:00:00Z' });
		expect(fromPayload.ok && fromPayload.lead.receivedAt).toBe('2026-11-20T14:03:11.000Z');
		const overridden = normalizeLead({ email: 'a@example.com', created_time: '2026-11-20T14:03:11+0000' }, at);
		expect(overridden.ok && overridden.lead.receivedAt).toBe('2026-11-22T15:00:00.000Z');
		expect(overridden.ok && overridden.lead.extra.created_time).toBe('2026-11-20T14:03:11+0000');
	});

	it.each([
		['Purchase', 'purchase', false],
		['buy', 'purchase', false],
		['new home', 'purchase', false],
		['Refi', 'refinance', false],
		['rate-term', 'refinance', false],
		['cash out', 'refinance', true],
		['Cash-out refi', 'refinance', true],
		['HELOC', 'heloc', false],
		['Home Equity', 'heloc', false],
		['second mortgage', 'heloc', false],
		['FHA', 'unknown', false],
	])('loan purpose %j -> %s (cash-out %s)', (input, loanPurpose, cashOut) => {
		const result = normalizeLead({ email: 'a@example.com', loan_purpose: input }, at);
		expect(result.ok && result.lead).toMatchObject({ loanPurpose, cashOut });
	});

	it.each([
		['ASAP', 'now'],
		['immediately', 'now'],
		['within 30 days', 'now'],
		['0-30 days', 'now'],
		['1-3 months', '1-3m'],
		['2 months', '1-3m'],
		['next 90 days', '1-3m'],
		['3-6 months', '3-6m'],
		['6+ months', '6m+'],
		['6-12 months', '6m+'],
		['next year', '6m+'],
		['just researching', '6m+'],
		['not sure', 'unknown'],
	])('timeline %j -> %s', (input, timeline) => {
		const result = normalizeLead({ email: 'a@example.com', 'What is your timeline?': input }, at);
		expect(result.ok && result.lead.timeline).toBe(timeline);
	});

	it('restores a lost leading zero only when the ZIP table and the state agree', () => {
		const boston = normalizeLead({ email: 'a@example.com', zip: '2134', state: 'MA' }, at);
		expect(boston.ok && boston.lead.zip).toBe('02134');
		const conflicting = normalizeLead({ email: 'a@example.com', zip: '2134', state: 'NY' }, at);
		expect(conflicting.ok && conflicting.lead).toMatchObject({ zip: null, state: 'NY', timeZone: 'America/New_York' });
	});

	it('takes the time zone from the ZIP, else a one-zone state, else leaves it unknown', () => {
		const zone = (payload: object) => {
			const result = normalizeLead({ email: 'a@example.com', ...payload }, at);
			return result.ok ? result.lead.timeZone : 'rejected';
		};
		expect(zone({ zip: '32501' })).toBe('America/Chicago');
		expect(zone({ state: 'CA' })).toBe('America/Los_Angeles');
		expect(zone({ state: 'FL' })).toBeNull();
	});

	it('reads consent: a bare TCPA consent covers calls, texts only when its wording names texts, prerecorded voice only when it says so', () => {
		const plain = normalizeLead({ email: 'a@example.com', tcpa_consent: 'I agree' }, at);
		expect(plain.ok && plain.lead.consent).toMatchObject({ sms: false, call: true, email: false, prerecordedVoice: false });
		const worded = normalizeLead({ email: 'a@example.com', tcpa_consent: 'I agree', tcpa_text: 'I agree to receive calls and text messages from Sunrise Mortgage.' }, at);
		expect(worded.ok && worded.lead.consent).toMatchObject({ sms: true, call: true, email: false, prerecordedVoice: false });
		const declined = normalizeLead({ email: 'a@example.com', tcpa_consent: 'I agree', sms_opt_in: 'no' }, at);
		expect(declined.ok && declined.lead.consent).toMatchObject({ sms: false, call: true });
		const none = normalizeLead({ email: 'a@example.com' }, at);
		expect(none.ok && none.lead.consent).toEqual({ sms: false, call: false, email: false, prerecordedVoice: false, capturedAt: null, text: null });
	});

	it('keeps every unmapped field under its original name', () => {
		const result = normalizeLead({ email: 'a@example.com', 'Favorite Color': 'blue', nested: { a: 1 }, list: [1, 2] }, at);
		expect(result.ok && result.lead.extra).toEqual({ 'Favorite Color': 'blue', nested: { a: 1 }, list: [1, 2] });
	});

	it('gives the same person from the same source the same leadId, whatever the phone formatting', () => {
		const id = (phone: string, source: NormalizeOptions['source'] = 'web-form') => {
			const result = normalizeLead({ phone }, { ...at, source });
			return result.ok ? result.lead.leadId : null;
		};
		expect(id('(305) 372-1842')).toMatch(/^ld_[0-9a-f]{16}$/);
		expect(id('305.372.1842 x9')).toBe(id('(305) 372-1842'));
		expect(id('+1 305 372 1842')).toBe(id('13053721842'));
		expect(id('(305) 372-1842', 'zillow')).not.toBe(id('(305) 372-1842'));
		expect(id('(305) 372-1843')).not.toBe(id('(305) 372-1842'));
	});
});

describe('normalizeLead properties', () => {
	const options = { fallbackReceivedAt: '2026-11-22T15:00:00Z' };
	const isResult = (result: unknown) =>
		typeof result === 'object' &&
		result !== null &&
		((result as { ok: unknown }).ok === true
			? Array.isArray((result as { warnings: unknown }).warnings)
			: Array.isArray((result as { errors: unknown }).errors) && (result as { errors: unknown[] }).errors.length > 0);

	it('never throws and answers exactly one result for random input', () => {
		fc.assert(
			fc.property(fc.anything({ withObjectString: true, withNullPrototype: true, withBigInt: true, withDate: true, withMap: true }), (raw) => {
				expect(isResult(normalizeLead(raw, options))).toBe(true);
			}),
			{ numRuns: 1500 },
		);
	});

	it('never throws on hostile payloads', () => {
		const hostile: unknown[] = [
			JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}, "phone": "3053721842"}'),
			{ phone: '3'.repeat(1_000_000) },
			{ email: `${'a'.repeat(100_000)}@example.com` },
			{ name: { first: { deeper: { deeper: { deeper: { deeper: { deeper: { deeper: 'x' } } } } } } } },
			Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`field${i}`, i])),
			{ field_data: [{ name: '__proto__', values: ['x'] }, { name: 'phone', values: [] }] },
			{ get phone() { throw new Error('boom'); } },
			new Proxy({}, { ownKeys: () => { throw new Error('trap'); } }),
			'{"phone": "3053721842"}',
			123, true, undefined, Symbol('x'), () => 1,
		];
		for (const raw of hostile) expect(isResult(normalizeLead(raw, options))).toBe(true);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it('valid results always satisfy the Lead schema (generated messy leads from every source)', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
				let state = seed;
				const random = () => ((state = (state * 48271) % 2147483647) / 2147483647);
				const result = normalizeLead(messyLead(random), options);
				expect(isResult(result)).toBe(true);
				if (result.ok) expect(leadSchema.safeParse(result.lead).success).toBe(true);
			}),
			{ numRuns: 2000 },
		);
	});

	it('valid results satisfy the Lead schema for random records with known field names', () => {
		const value = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 }));
		const key = fc.constantFrom('phone', 'email', 'First Name', 'name', 'state', 'zip', 'Loan Type', 'timeline', 'tcpa', 'id', 'created_at', 'partner_id', 'consent_text');
		fc.assert(
			fc.property(fc.dictionary(key, value), fc.constantFrom('(305) 372-1842', 'a@b.co'), (record, contact) => {
				const result = normalizeLead({ ...record, contact_phone: contact }, options);
				expect(isResult(result)).toBe(true);
				if (result.ok) expect(leadSchema.safeParse(result.lead).success).toBe(true);
			}),
			{ numRuns: 2000 },
		);
	});

	it('phone formatting variants of one number give one leadId', () => {
		const random = () => Math.random();
		fc.assert(
			fc.property(fc.integer({ min: 200, max: 999 }), fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 7 }), (exchange, line, style) => {
				const digits = `305${exchange}${String(line).padStart(4, '0')}`;
				const a = digits.slice(0, 3), b = digits.slice(3, 6), c = digits.slice(6);
				const styles = [`(${a}) ${b}-${c}`, `${a}.${b}.${c}`, `+1 ${a} ${b} ${c}`, `1${digits}`, `${a}-${b}-${c} ext 12`, digits, `${a} ${b} ${c}`, `+1 (${a}) ${b}-${c}`];
				const one = normalizeLead({ phone: digits }, options);
				const other = normalizeLead({ phone: styles[style] }, options);
				expect(other.ok).toBe(one.ok);
				if (one.ok && other.ok) expect(other.lead.leadId).toBe(one.lead.leadId);
			}),
			{ numRuns: 500 },
		);
		expect(typeof messyPhone(random)).toBe('string');
	});
});
