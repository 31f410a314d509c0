import fc from 'fast-check';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import {
	AREA_CODE_STATES,
	areaCodeOwner,
	checkTouch,
	NON_US_AREA_CODES,
	NON_US_NANP_COUNTRIES,
	type CheckTouchInput,
} from '../../../nodes/core';

/** Issue 12, class 3: numbers that share +1 but are not in the US get no US treatment. */
const WEDNESDAY_NOON_NY = '2026-06-10T16:00:00Z';
const lead = (phone: string) => ({ phone, email: 'lead@example.com', consent: { sms: true, prerecordedVoice: true } });
const check = (phone: string, channel: CheckTouchInput['channel'], extra: Partial<CheckTouchInput> = {}) =>
	checkTouch({ lead: lead(phone), channel, at: WEDNESDAY_NOON_NY, ...extra });

describe('non-US numbers sharing +1', () => {
	// The codes the issue names, plus Canada.
	it.each(['876', '809', '829', '849', '264', '268', '242', '246', '441', '284', '345', '473', '649', '664', '721', '758', '767', '784', '868', '869', '416', '604', '514'])(
		'+1 %s is blocked for texts, calls and AI voice with its own reason; email still goes',
		(code) => {
			for (const channel of ['sms', 'call', 'ai-voice'] as const) {
				for (const purpose of ['marketing', 'transactional'] as const) {
					const result = check(`+1${code}5550123`, channel, { purpose });
					expect(result.verdict).toBe('block');
					expect(result.reasons).toContain(`non-us-number:+1${code}`);
				}
			}
			expect(check(`+1${code}5550123`, 'email').verdict).toBe('send');
		},
	);

	it('names the country and how to allow it', () => {
		expect(check('+18765550123', 'sms').messages.join(' ')).toMatch(/Jamaica.*allowed countries/);
	});

	it('US numbers, territories and non-geographic US codes (Twilio test range 500) keep US rules', () => {
		for (const phone of ['+12125550123', '+17875550123', '+13405550123', '+16715550123', '+15005550006', '+18005550123']) {
			expect(check(phone, 'sms').reasons.filter((reason) => reason.startsWith('non-us') || reason.startsWith('unknown-area'))).toEqual([]);
		}
	});

	it('an area code in use nowhere (+1 999) is blocked as unknown', () => {
		expect(check('+19995550123', 'sms')).toMatchObject({ verdict: 'block', reasons: ['unknown-area-code:+1999'] });
	});

	it('a policy may allow a country: then its clocks are checked too (Halifax is an hour ahead of New York)', () => {
		const phone = '+14165550123';
		const at = '2026-01-15T01:30:00Z'; // 20:30 in New York, 21:30 in Halifax
		const allowed = { allowedCountries: ['CA'] };
		const ny = (policy?: object) => checkTouch({ lead: { ...lead(phone), zip: '10001' }, channel: 'sms', at, policy });
		expect(ny().reasons).toEqual(['non-us-number:+1416']);
		expect(ny(allowed)).toMatchObject({ verdict: 'defer', reasons: expect.arrayContaining(['quiet-hours:federal']) });
		// The same New York lead with a New York number may be texted at 20:30.
		expect(checkTouch({ lead: { ...lead('+12125550123'), zip: '10001' }, channel: 'sms', at }).verdict).toBe('send');
		// Allowing Canada does not allow Jamaica.
		expect(check('+18765550123', 'sms', { policy: allowed }).reasons).toEqual(['non-us-number:+1876']);
	});

	it('rejects an unknown country code in the policy, naming the field', () => {
		expect(() => check('+14165550123', 'sms', { policy: { allowedCountries: ['Canada'] } })).toThrow(/policy.allowedCountries/);
	});

	it('property: no non-US +1 number is ever texted or called, whatever the time, purpose or consent', () => {
		const codes = Object.keys(NON_US_AREA_CODES);
		fc.assert(
			fc.property(
				fc.constantFrom(...codes),
				fc.integer({ min: 2_000_000, max: 9_999_999 }),
				fc.constantFrom('sms' as const, 'call' as const, 'ai-voice' as const),
				fc.constantFrom('marketing' as const, 'transactional' as const, 'opt-out-confirmation' as const),
				fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 11, 31) }),
				fc.constantFrom('', '10001', '33101', '90012'),
				(code, line, channel, purpose, at, zip) => {
					const phone = fc.sample(fc.constantFrom(`+1${code}${line}`, `1 (${code}) ${String(line).slice(0, 3)}-${String(line).slice(3)}`, `${code}.${line}`), 1)[0];
					const result = checkTouch({
						lead: { phone, zip: zip || null, consent: { sms: true, call: true, prerecordedVoice: true }, optOut: { sms: '2026-01-01T00:00:00Z' } },
						channel,
						purpose,
						at: new Date(at).toISOString(),
					});
					expect(result.verdict).toBe('block');
					expect(result.reasons).toContain(`non-us-number:+1${code}`);
				},
			),
			{ numRuns: 400 },
		);
	});
});

describe('the non-US NANP table (data)', () => {
	it('names a country, a source-checked list of codes and real time zones for every row', () => {
		for (const row of NON_US_NANP_COUNTRIES) {
			expect(row.country).toMatch(/^[A-Z]{2}$/);
			expect(row.codes).toMatch(/^\d{3}( \d{3})*$/);
			for (const zone of row.zones) expect(Intl.DateTimeFormat(undefined, { timeZone: zone }).resolvedOptions().timeZone).toBe(zone);
		}
	});

	it('agrees with libphonenumber on every area code 200-999: non-US codes are ours, ours are non-US', () => {
		const territories = new Set(['PR', 'VI', 'GU', 'AS', 'MP']);
		const disagreements: string[] = [];
		for (let npa = 200; npa <= 999; npa++) {
			const code = String(npa);
			const countries = new Set(
				['2345678', '5550123', '3456789', '7654321']
					.map((line) => parsePhoneNumberFromString(`+1${code}${line}`)?.country)
					.filter((country): country is NonNullable<typeof country> => country !== undefined),
			);
			for (const country of countries) {
				if (country === 'US') continue;
				if (territories.has(country)) {
					if (AREA_CODE_STATES[code] !== country) disagreements.push(`${code}: libphonenumber ${country}, ours ${AREA_CODE_STATES[code]}`);
				} else if (NON_US_AREA_CODES[code]?.country !== country) {
					disagreements.push(`${code}: libphonenumber ${country}, ours ${NON_US_AREA_CODES[code]?.country ?? 'US/none'}`);
				}
			}
			const ours = NON_US_AREA_CODES[code];
			if (ours !== undefined && countries.size > 0 && !countries.has(ours.country as never)) {
				disagreements.push(`${code}: ours ${ours.country}, libphonenumber ${[...countries].join('/')}`);
			}
		}
		expect(disagreements).toEqual([]);
		expect(areaCodeOwner('876')).toMatchObject({ kind: 'country', country: { name: 'Jamaica' } });
		expect(areaCodeOwner('212')).toEqual({ kind: 'us' });
	});
});
