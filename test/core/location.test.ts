import fc from 'fast-check';
import { DateTime } from 'luxon';
import { checkTouch, locateLead, STATE_RULES, zipInfo } from '../../nodes/core';

/**
 * Where the gate places a lead (locateLead) for ZIPs near a time-zone line and for typed zone
 * labels ("EST", "MST"), and what checkTouch then allows there.
 */

const NY_PHONE = '+12125550123'; // a New York area code: presumes no state rules of its own
const smsLead = { phone: NY_PHONE, consent: { sms: true } };

function textAt(lead: Record<string, unknown>, at: string) {
	return checkTouch({ lead: { ...smsLead, ...lead }, channel: 'sms', at });
}

describe('locateLead: ZIPs near a zone line get every zone', () => {
	it.each([
		['86039', 'Kykotsmovi AZ (Hopi)', ['America/Phoenix', 'America/Denver']],
		['86045', 'Tuba City AZ', ['America/Denver', 'America/Phoenix']],
		['32424', 'Blountstown FL', ['America/Chicago', 'America/New_York']],
		['37402', 'Chattanooga TN', ['America/New_York', 'America/Chicago']],
	])('%s (%s)', (zip, _place, zones) => {
		expect(locateLead({ zip }).zones).toEqual(zones);
	});

	it('a ZIP far from any line keeps its one zone', () => {
		expect(locateLead({ zip: '33101' }).zones).toEqual(['America/New_York']);
		expect(locateLead({ zip: '32501' }).zones).toEqual(['America/Chicago']);
	});
});

describe('checkTouch at ZIPs whose centroid lookup was wrong', () => {
	it('Hopi 86039 in July: 07:30 Arizona time (08:30 Navajo time) is too early', () => {
		// 2026-07-15 14:30Z = 07:30 MST (Phoenix) = 08:30 MDT (Denver).
		const result = textAt({ zip: '86039' }, '2026-07-15T14:30:00Z');
		expect(result.verdict).toBe('defer');
		expect(result.sendAfter).toBe('2026-07-15T15:00:00.000Z'); // 08:00 Phoenix
	});

	it('Blountstown FL 32424: 07:30 Central (08:30 Eastern) is too early', () => {
		// 2026-11-18 13:30Z = 07:30 CST = 08:30 EST.
		const result = textAt({ zip: '32424' }, '2026-11-18T13:30:00Z');
		expect(result.verdict).toBe('defer');
		expect(result.sendAfter).toBe('2026-11-18T14:00:00.000Z');
	});

	it('Chattanooga 37402 (within 10 km of the Central line): 08:30 Eastern is 07:30 Central, too early', () => {
		const result = textAt({ zip: '37402' }, '2026-11-18T13:30:00Z');
		expect(result.verdict).toBe('defer');
	});
});

describe('checkTouch and typed zone labels', () => {
	it('"EST" on a New York number in July: 21:30 EDT is after hours (EST would read 20:30)', () => {
		// 2026-07-15 01:30Z = 21:30 EDT on 07-14.
		const result = textAt({ timeZone: 'EST' }, '2026-07-15T01:30:00Z');
		expect(result.verdict).toBe('defer');
		expect(locateLead({ phone: NY_PHONE, timeZone: 'EST' }).zones).toEqual(['America/New_York']);
	});

	it.each([['Eastern'], ['ET'], ['US/Eastern'], ['EST5EDT'], ['eastern standard time']])('%j is Eastern time with DST', (label) => {
		expect(locateLead({ timeZone: label }).zones).toEqual(['America/New_York']);
	});

	it('"CT" / "Central" / "CST" are Central time with DST', () => {
		for (const label of ['CT', 'Central', 'CST']) expect(locateLead({ timeZone: label }).zones).toEqual(['America/Chicago']);
	});

	it('"MST" alone may be Arizona or Mountain: both; a Colorado address narrows it', () => {
		expect(locateLead({ timeZone: 'MST' }).zones).toEqual(['America/Denver', 'America/Phoenix']);
		expect(locateLead({ timeZone: 'MST', state: 'CO' }).zones).toEqual(['America/Denver']);
		expect(locateLead({ timeZone: 'MST', state: 'AZ' }).zones).toEqual(['America/Denver', 'America/Phoenix']);
		// July 07:30 Phoenix = 08:30 Denver: too early for the Arizona reading.
		expect(textAt({ timeZone: 'MST' }, '2026-07-15T14:30:00Z').verdict).toBe('defer');
	});

	it('"HST" on a Hawaii address is Honolulu; alone it may also be the Aleutians', () => {
		expect(locateLead({ timeZone: 'HST', state: 'HI' }).zones).toEqual(['Pacific/Honolulu']);
		expect(locateLead({ timeZone: 'HST' }).zones).toEqual(['Pacific/Honolulu', 'America/Adak']);
	});

	it('"UTC" says nothing about the lead: the address decides', () => {
		const location = locateLead({ timeZone: 'UTC', state: 'FL' });
		expect(location.basis).toBe('state');
		expect(location.zones).toEqual(['America/New_York', 'America/Chicago']);
	});

	it('a label that contradicts the address keeps both', () => {
		expect(locateLead({ timeZone: 'PST', state: 'NY' }).zones).toEqual(['America/Los_Angeles', 'America/New_York']);
	});
});

/** Every ZIP the table flags as near a zone line (several zones). */
const BORDER_ZIPS: string[] = [];
for (let n = 0; n < 100_000; n++) {
	const zip = String(n).padStart(5, '0');
	if ((zipInfo(zip)?.timeZones.length ?? 0) > 1) BORDER_ZIPS.push(zip);
}

function minutes(text: string): [number, number] {
	const [from, to] = text.split('-').map((part) => {
		const [h, m] = part.split(':').map(Number);
		return h * 60 + m;
	});
	return [from, to];
}

/** Local time inside federal 08:00-21:00 and the state row's hours for that weekday. */
function legalLocally(zone: string, state: string, ms: number): boolean {
	const local = DateTime.fromMillis(ms, { zone });
	const minute = local.hour * 60 + local.minute + local.second / 60;
	if (minute < 8 * 60 || minute >= 21 * 60) return false;
	const rule = STATE_RULES[state];
	if (rule === undefined) return true;
	const day = local.weekday === 7 ? (rule.sunday ?? rule.hours) : local.weekday === 6 ? (rule.saturday ?? rule.hours) : rule.hours;
	if (day === 'none') return false;
	const [from, to] = minutes(day);
	return minute >= from && minute < to;
}

describe('property: a ZIP near a border is texted only when legal in every zone it may be in', () => {
	it('has border ZIPs to test', () => {
		expect(BORDER_ZIPS.length).toBeGreaterThan(200);
	});

	it('send implies a legal local time in every zone; sendAfter is legal in every zone', () => {
		const start = Date.UTC(2026, 0, 1);
		fc.assert(
			fc.property(
				fc.constantFrom(...BORDER_ZIPS),
				fc.integer({ min: 0, max: 729 }),
				fc.integer({ min: 0, max: 95 }),
				fc.constantFrom(0, 0, 1, -1, 60_000, -60_000, 1_234_567),
				(zip, day, quarter, nudge) => {
					const info = zipInfo(zip)!;
					const at = start + day * 86_400_000 + quarter * 900_000 + nudge;
					const result = textAt({ zip }, new Date(at).toISOString());
					if (result.verdict === 'send') {
						for (const zone of info.timeZones) expect([zip, zone, legalLocally(zone, info.state, at)]).toEqual([zip, zone, true]);
					}
					if (result.verdict === 'defer') {
						const after = Date.parse(result.sendAfter!);
						for (const zone of info.timeZones) expect([zip, zone, legalLocally(zone, info.state, after)]).toEqual([zip, zone, true]);
					}
				},
			),
			{ numRuns: 3000 },
		);
	});
});
