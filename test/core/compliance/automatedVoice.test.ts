import fc from 'fast-check';
import { DateTime } from 'luxon';
import { AUTOMATED_VOICE_RULES, checkTouch, STATE_RULES, type CheckTouchInput, type HistoryTouch } from '../../../nodes/core';

/** Issue 12, class 6: artificial, prerecorded and AI voice calls have state rules of their own. */
const utc = (local: string, zone: string) => DateTime.fromISO(local, { zone }).toUTC().toISO() as string;
const consent = { sms: true, call: true, prerecordedVoice: true };
const touch = (zip: string, channel: CheckTouchInput['channel'], at: string, extra: Partial<CheckTouchInput> = {}) =>
	checkTouch({ lead: { phone: '+12025550123', zip, consent }, channel, at, ...extra });

describe('automated-voice rule rows (data)', () => {
	it('has the rows of the research notes, each with a source, for AI voice only', () => {
		expect(Object.keys(AUTOMATED_VOICE_RULES).sort()).toEqual(['AK', 'MA', 'ME', 'NE', 'NV', 'OK', 'WY']);
		for (const [state, rule] of Object.entries(AUTOMATED_VOICE_RULES)) {
			expect(rule.id).toBe(`${state}-automated`);
			expect(rule.channels).toEqual(['ai-voice']);
			expect(rule.source.length).toBeGreaterThan(5);
		}
		expect(Object.values(AUTOMATED_VOICE_RULES).filter((rule) => rule.bansMarketing).map((rule) => rule.id).sort()).toEqual(['AK-automated', 'MA-automated', 'WY-automated']);
		expect(AUTOMATED_VOICE_RULES.OK).toMatchObject({ hours: '09:00-21:00', verified: true, source: '15 O.S. 755.1(C)(2)' });
		expect(AUTOMATED_VOICE_RULES.NV).toMatchObject({ hours: '09:00-21:00', verified: false });
		expect(AUTOMATED_VOICE_RULES.ME).toMatchObject({ hours: '09:00-17:00', saturday: 'none', sunday: 'none', cap: { touches: 1, hours: 8 } });
		expect(AUTOMATED_VOICE_RULES.NE).toMatchObject({ sunday: '13:00-21:00', holidayHours: '13:00-21:00', verified: false });
		// The general rows never bind only one channel.
		for (const rule of Object.values(STATE_RULES)) expect(rule.channels).toBeUndefined();
	});
});

describe('automated voice in checkTouch', () => {
	it('Oklahoma: AI voice waits for 09:00 while texts and live calls may go at 08:30', () => {
		const at = utc('2026-06-10T08:30', 'America/Chicago');
		expect(touch('73102', 'ai-voice', at)).toMatchObject({ verdict: 'defer', reasons: ['quiet-hours:OK-automated'], sendAfter: utc('2026-06-10T09:00', 'America/Chicago') });
		expect(touch('73102', 'sms', at).verdict).toBe('send');
		expect(touch('73102', 'call', at).verdict).toBe('send');
	});

	it('Nevada: AI voice 09:00-21:00', () => {
		const at = utc('2026-06-10T08:30', 'America/Los_Angeles');
		expect(touch('89101', 'ai-voice', at)).toMatchObject({ verdict: 'defer', reasons: ['quiet-hours:NV-automated'], sendAfter: utc('2026-06-10T09:00', 'America/Los_Angeles') });
		expect(touch('89101', 'sms', at).verdict).toBe('send');
		expect(touch('89101', 'ai-voice', utc('2026-06-10T20:59', 'America/Los_Angeles')).verdict).toBe('send');
	});

	it('Maine: weekdays 09:00-17:00 only, one voice call per 8 hours', () => {
		const saturday = utc('2026-06-13T11:00', 'America/New_York');
		expect(touch('04101', 'ai-voice', saturday)).toMatchObject({ verdict: 'defer', reasons: ['quiet-hours:ME-automated'], sendAfter: utc('2026-06-15T09:00', 'America/New_York') });
		expect(touch('04101', 'sms', saturday).verdict).toBe('send');
		expect(touch('04101', 'ai-voice', utc('2026-06-10T17:00', 'America/New_York')).sendAfter).toBe(utc('2026-06-11T09:00', 'America/New_York'));
		const at = utc('2026-06-10T12:00', 'America/New_York');
		const call: HistoryTouch[] = [{ at: utc('2026-06-10T09:30', 'America/New_York'), channel: 'call' }];
		// 09:30 + 8 h = 17:30, after the window: the next weekday at 09:00.
		expect(touch('04101', 'ai-voice', at, { history: call })).toMatchObject({ verdict: 'defer', reasons: ['cap:ME-automated'], sendAfter: utc('2026-06-11T09:00', 'America/New_York') });
		const early: HistoryTouch[] = [{ at: utc('2026-06-10T06:00', 'America/New_York'), channel: 'ai-voice' }];
		expect(touch('04101', 'ai-voice', at, { history: early })).toMatchObject({ verdict: 'defer', sendAfter: utc('2026-06-10T14:00', 'America/New_York') });
		// A text or an email in the last 8 hours does not count toward Maine's voice-call limit.
		expect(touch('04101', 'ai-voice', at, { history: [{ at: utc('2026-06-10T10:00', 'America/New_York'), channel: 'sms' }] }).verdict).toBe('send');
	});

	it.each([['MA', '02108'], ['WY', '82001'], ['AK', '99501']])('%s bans marketing by recorded or AI voice (block, not defer)', (state, zip) => {
		const at = '2026-06-10T19:00:00Z';
		expect(touch(zip, 'ai-voice', at)).toMatchObject({ verdict: 'block', reasons: [`banned:${state}-automated`] });
		expect(touch(zip, 'ai-voice', at, { purpose: 'transactional' }).verdict).not.toBe('block');
		expect(touch(zip, 'sms', at).verdict).not.toBe('block');
	});

	it('an AI voice lead nobody can place may be in Massachusetts: blocked', () => {
		expect(checkTouch({ lead: { phone: '+15005550006', consent }, channel: 'ai-voice', at: '2026-06-10T19:00:00Z' }).reasons).toEqual(
			expect.arrayContaining(['banned:MA-automated', 'banned:WY-automated', 'banned:AK-automated']),
		);
	});

	it('Nebraska: AI voice on Sundays and holidays only 13:00-21:00', () => {
		const zone = 'America/Chicago';
		expect(touch('68102', 'ai-voice', utc('2026-06-14T11:00', zone))).toMatchObject({ verdict: 'defer', reasons: ['sunday:NE-automated'], sendAfter: utc('2026-06-14T13:00', zone) });
		expect(touch('68102', 'sms', utc('2026-06-14T11:00', zone)).verdict).toBe('send');
		// Arbor Day, the last Friday of April (2026-04-24).
		expect(touch('68102', 'ai-voice', utc('2026-04-24T10:00', zone))).toMatchObject({ verdict: 'defer', reasons: ['holiday:NE-automated'], sendAfter: utc('2026-04-24T13:00', zone) });
		expect(touch('68102', 'ai-voice', utc('2026-04-23T10:00', zone)).verdict).toBe('send');
		expect(touch('68102', 'ai-voice', utc('2026-04-24T13:00', zone)).verdict).toBe('send');
	});

	it('property: a marketing AI voice call is never placed in MA, WY or AK, nor outside 09:00-21:00 in OK and NV', () => {
		const places: Array<[string, string, string]> = [
			['MA', '02108', 'America/New_York'], ['WY', '82001', 'America/Denver'], ['AK', '99501', 'America/Anchorage'],
			['OK', '73102', 'America/Chicago'], ['NV', '89101', 'America/Los_Angeles'],
		];
		fc.assert(
			fc.property(fc.constantFrom(...places), fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 11, 31) }), ([state, zip, zone], time) => {
				const result = touch(zip, 'ai-voice', new Date(time).toISOString());
				if (['MA', 'WY', 'AK'].includes(state)) {
					expect(result).toMatchObject({ verdict: 'block', reasons: [`banned:${state}-automated`] });
					return;
				}
				const local = DateTime.fromMillis(time, { zone });
				const end = state === 'OK' ? 20 : 21; // Oklahoma's general row ends at 20:00 for every channel
				if (result.verdict === 'send') expect(local.hour >= 9 && local.hour < end).toBe(true);
				if (local.hour < 9) expect(result.verdict).toBe('defer');
			}),
			{ numRuns: 300 },
		);
	});
});
