import { normalizeLead } from '../../../nodes/core';

/** A time zone sent with the lead ("EST", "Central", "MST") becomes the real IANA zone, with DST. */

const at = { receivedAt: '2026-11-22T15:00:00Z' };

function read(payload: Record<string, unknown>) {
	const result = normalizeLead({ email: 'a@example.com', ...payload }, at);
	if (!result.ok) throw new Error(JSON.stringify(result.errors));
	return { timeZone: result.lead.timeZone, warnings: result.warnings.join(' '), extra: result.lead.extra };
}

describe('normalizeLead: time-zone labels', () => {
	it.each([
		['EST', 'America/New_York'],
		['Eastern', 'America/New_York'],
		['ET', 'America/New_York'],
		['CST', 'America/Chicago'],
		['CT', 'America/Chicago'],
		['Central Time (US & Canada)', 'America/Chicago'],
		['PST', 'America/Los_Angeles'],
		['Pacific', 'America/Los_Angeles'],
		['Arizona', 'America/Phoenix'],
		['Alaska', 'America/Anchorage'],
		['Hawaii', 'Pacific/Honolulu'],
		['America/Indiana/Indianapolis', 'America/Indiana/Indianapolis'],
	])('time_zone %j -> %s', (label, zone) => {
		expect(read({ time_zone: label }).timeZone).toBe(zone);
		expect(read({ timezone: label }).timeZone).toBe(zone);
	});

	it('never stores a fixed-offset zone (EST, MST, HST) for a typed label', () => {
		for (const label of ['EST', 'MST', 'HST', 'CST', 'PST']) {
			const zone = read({ tz: label, state: 'NY' }).timeZone;
			expect(['EST', 'MST', 'HST', 'CST', 'PST']).not.toContain(zone);
		}
	});

	it('"MST" is settled by the state, else left empty with a warning and kept in extra', () => {
		expect(read({ tz: 'MST', state: 'CO' }).timeZone).toBe('America/Denver');
		const alone = read({ tz: 'MST' });
		expect(alone.timeZone).toBeNull();
		expect(alone.warnings).toMatch(/may be America\/Denver or America\/Phoenix/);
		expect(alone.extra.tz).toBe('MST');
		expect(read({ tz: 'HST', state: 'HI' }).timeZone).toBe('Pacific/Honolulu');
	});

	it('the ZIP wins over a label; a label that disagrees is reported', () => {
		const result = read({ zip: '32501', time_zone: 'EST' });
		expect(result.timeZone).toBe('America/Chicago');
		expect(result.warnings).toMatch(/differs from the ZIP/);
	});

	it('"UTC" or an unknown label says nothing: the state decides', () => {
		expect(read({ timezone: 'UTC', state: 'CA' }).timeZone).toBe('America/Los_Angeles');
		const unknown = read({ timezone: 'lunch time', state: 'FL' });
		expect(unknown.timeZone).toBeNull();
		expect(unknown.warnings).toMatch(/does not say where the lead is/);
	});
});
