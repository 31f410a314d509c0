import fc from 'fast-check';
import { DateTime } from 'luxon';
import {
	DEFAULT_CADENCES,
	LEAD_STAGES,
	STOP_REASONS,
	dueTouches,
	touchIdFor,
	type CadenceStep,
	type DueTouch,
	type Touch,
	type TrackedLead,
} from '../../../nodes/core';

const NY = 'America/New_York';
const MINUTE = 60_000;
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const local = (text: string, zone = NY) => DateTime.fromISO(text, { zone }).toMillis();
const inZone = (at: string, zone = NY) => DateTime.fromISO(at, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");

function lead(overrides: Partial<TrackedLead> = {}): TrackedLead {
	return {
		leadId: 'ld_ann',
		receivedAt: '2026-11-20T15:00:00.000Z',
		firstName: 'Ann',
		timeZone: NY,
		loanPurpose: 'purchase',
		timeline: 'now',
		source: 'web-form',
		cadenceId: 'speed-to-lead',
		...overrides,
	};
}

/** What the Touches tab gets when the drip sends (or hands the LO) a due touch. */
function logged(touch: DueTouch, at = touch.at): Touch {
	return {
		touchId: touch.touchId,
		leadId: touch.leadId,
		at,
		channel: touch.channel,
		direction: 'outbound',
		cadenceId: touch.cadenceId,
		step: touch.step,
		verdict: touch.channel === 'call' ? 'task' : 'sent',
	};
}

/** Runs the drip every `everyMs` from `from` to `to`, logging everything it offers. */
function drip(leads: TrackedLead[], cadences: readonly CadenceStep[], from: number, to: number, everyMs: number, touches: Touch[] = []) {
	const offered: Array<DueTouch & { runAt: number }> = [];
	for (let now = from; now <= to; now += everyMs) {
		const { due } = dueTouches({ leads, cadences, touches, now: iso(now) });
		for (const touch of due) {
			offered.push({ ...touch, runAt: now });
			touches.push(logged(touch, iso(now)));
		}
	}
	return { offered, touches };
}

describe('dueTouches: what the drip sends, and when', () => {
	it('offers a new online lead the instant text and the first call task at once, with deterministic touchIds', () => {
		const result = dueTouches({ leads: [lead()], cadences: DEFAULT_CADENCES, touches: [], now: '2026-11-20T15:00:00Z' });
		expect(result.due.map((t) => [t.touchId, t.channel, t.purpose])).toEqual([
			[touchIdFor('ld_ann', 'speed-to-lead', 1), 'sms', 'marketing'],
			[touchIdFor('ld_ann', 'speed-to-lead', 2), 'call', 'marketing'],
		]);
		expect(result.leads).toEqual([
			expect.objectContaining({ leadId: 'ld_ann', state: 'active', cadenceId: 'speed-to-lead', cadenceStep: 2, nextTouchAt: '2026-11-20T15:45:00.000Z' }),
		]);
		// The same input gives the same answer: a retried run plans the same touchIds.
		expect(dueTouches({ leads: [lead()], cadences: DEFAULT_CADENCES, touches: [], now: '2026-11-20T15:00:00Z' })).toEqual(result);
	});

	it('runs the speed-to-lead cadence: second call 45 minutes later, 6 call tasks and 5 emails in the first month', () => {
		const start = Date.parse('2026-11-20T15:00:00Z');
		const { offered } = drip([lead()], DEFAULT_CADENCES, start, start + 31 * DAY, 5 * MINUTE);
		const calls = offered.filter((t) => t.channel === 'call');
		expect(calls).toHaveLength(6);
		expect(calls[1].runAt - calls[0].runAt).toBe(45 * MINUTE);
		expect(offered.filter((t) => t.channel === 'email')).toHaveLength(5);
		expect(new Set(offered.map((t) => t.touchId)).size).toBe(offered.length);
	});

	it('never offers the same step twice, however often and irregularly the drip runs (property)', () => {
		fc.assert(
			fc.property(
				fc.constantFrom(...new Set(DEFAULT_CADENCES.map((row) => row.cadenceId))),
				fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2028, 0, 1) }),
				fc.array(fc.integer({ min: 1, max: 20 * DAY }), { minLength: 1, maxLength: 40 }),
				fc.constantFrom(NY, 'America/Chicago', 'America/Phoenix', 'America/Los_Angeles'),
				(cadenceId, enrolled, gaps, timeZone) => {
					const leads = [lead({ cadenceId, receivedAt: iso(enrolled), timeZone, birthday: '02-29', targetDate: iso(enrolled + 200 * DAY).slice(0, 10) })];
					const touches: Touch[] = [];
					const seen = new Set<string>();
					let now = enrolled;
					for (const gap of gaps) {
						now += gap;
						for (const touch of dueTouches({ leads, cadences: DEFAULT_CADENCES, touches, now: iso(now) }).due) {
							expect(seen.has(touch.touchId)).toBe(false);
							seen.add(touch.touchId);
							touches.push(logged(touch, iso(now)));
						}
					}
				},
			),
			{ numRuns: 150 },
		);
	});

	it('after an outage sends only the latest step and reports the older ones as superseded', () => {
		const result = dueTouches({ leads: [lead()], cadences: DEFAULT_CADENCES, touches: [], now: '2026-11-23T16:00:00Z' });
		expect(result.due.map((t) => [t.step, t.channel])).toEqual([[8, 'email']]); // email 2 at P3D
		expect(result.skipped.map((t) => [t.step, t.reason])).toEqual([1, 2, 3, 4, 5, 6, 7].map((step) => [step, 'superseded']));
		// Once the latest step is logged the old ones are history, not reported again.
		const after = dueTouches({ leads: [lead()], cadences: DEFAULT_CADENCES, touches: [logged(result.due[0])], now: '2026-11-23T16:05:00Z' });
		expect(after.due).toEqual([]);
		expect(after.skipped).toEqual([]);
	});

	it('offers a deferred touch again once its sendAfter has passed, even when a later step fell due meanwhile', () => {
		const first = dueTouches({ leads: [lead()], cadences: DEFAULT_CADENCES, touches: [], now: '2026-11-20T15:00:00Z' }).due;
		const touches: Touch[] = [
			{ ...logged(first[0]), verdict: 'deferred', reason: 'quiet-hours', sendAfter: '2026-11-21T13:00:00.000Z' },
			logged(first[1]),
		];
		const waiting = dueTouches({ leads: [lead()], cadences: DEFAULT_CADENCES, touches, now: '2026-11-21T12:00:00Z' });
		// The PT2H email is the latest step due; the PT45M call is superseded; the deferred text waits.
		expect(waiting.due.map((t) => t.step)).toEqual([4]);
		expect(waiting.skipped.map((t) => t.step)).toEqual([3]);
		touches.push(...waiting.due.map((t) => logged(t)));
		const later = dueTouches({ leads: [lead()], cadences: DEFAULT_CADENCES, touches, now: '2026-11-21T13:00:00Z' });
		expect(later.due.map((t) => t.touchId)).toEqual([touchIdFor('ld_ann', 'speed-to-lead', 1)]);
	});

	it('pauses marketing after a reply on any channel and hands the LO exactly one call task (property)', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 200 * DAY }),
				// The pause is 3 calendar days on the lead's clock: 71 hours when it spans the spring DST change.
				fc.integer({ min: 0, max: 71 * 3_600_000 - 1 }),
				fc.constantFrom('sms', 'email', 'call') as fc.Arbitrary<Touch['channel']>,
				fc.constantFrom(...new Set(DEFAULT_CADENCES.map((row) => row.cadenceId))),
				(replyAfter, since, channel, cadenceId) => {
					const enrolled = Date.parse('2026-01-10T15:00:00Z');
					const replyAt = enrolled + replyAfter;
					const reply: Touch = { touchId: `in:${replyAt}`, leadId: 'ld_ann', at: iso(replyAt), channel, direction: 'inbound', verdict: 'received', body: 'Yes, call me' };
					const leads = [lead({ cadenceId, receivedAt: iso(enrolled) })];
					const result = dueTouches({ leads, cadences: DEFAULT_CADENCES, touches: [reply], now: iso(replyAt + since) });
					expect(result.due.filter((t) => t.purpose === 'marketing' && t.reason !== 'reply-handoff')).toEqual([]);
					const handoffs = result.due.filter((t) => t.reason === 'reply-handoff');
					expect(handoffs).toHaveLength(1);
					expect(handoffs[0]).toMatchObject({ channel: 'call', at: iso(replyAt) });
					expect(result.leads[0]).toMatchObject({ state: 'paused', reason: 'reply-pause' });
					expect(Date.parse(result.leads[0].nextTouchAt!)).toBeGreaterThanOrEqual(replyAt + 3 * DAY - 3_600_000);
					// Logged once, the task is not handed over again.
					const again = dueTouches({ leads, cadences: DEFAULT_CADENCES, touches: [reply, logged(handoffs[0])], now: iso(replyAt + since) });
					expect(again.due.filter((t) => t.reason === 'reply-handoff')).toEqual([]);
				},
			),
			{ numRuns: 200 },
		);
	});

	it('resumes the cadence when the pause ends, with the latest step only', () => {
		const reply: Touch = { touchId: 'in:1', leadId: 'ld_ann', at: '2026-11-20T16:00:00Z', channel: 'sms', direction: 'inbound', verdict: 'received' };
		const result = dueTouches({ leads: [lead()], cadences: DEFAULT_CADENCES, touches: [reply], now: '2026-11-23T16:00:00Z' });
		expect(result.leads[0].state).toBe('active');
		expect(result.due.map((t) => t.step)).toEqual([8]);
		// Opt-out replies are not conversations: no pause, no call task.
		const stop = { ...reply, reason: 'opt-out', body: 'STOP' };
		const noPause = dueTouches({ leads: [lead()], cadences: DEFAULT_CADENCES, touches: [stop], now: '2026-11-20T16:00:00Z' });
		expect(noPause.due.some((t) => t.reason === 'reply-handoff')).toBe(false);
	});

	it('stops for an application, switches to past-client at closing and to nurture when lost', () => {
		const now = '2027-02-01T15:00:00Z';
		const result = dueTouches({
			leads: [
				lead({ leadId: 'a', stage: 'application' }),
				lead({ leadId: 'c', stage: 'closed', stageChangedAt: '2027-01-20T15:00:00Z' }),
				lead({ leadId: 'l', stage: 'lost', stageChangedAt: '2026-12-01T15:00:00Z' }),
			],
			cadences: DEFAULT_CADENCES,
			touches: [],
			now,
		});
		expect(result.leads.map((s) => [s.leadId, s.state, s.reason, s.cadenceId])).toEqual([
			['a', 'stopped', 'in-application', null],
			['c', 'active', null, 'past-client'],
			['l', 'active', null, 'long-term-nurture'],
		]);
		// Closed 12 days ago: the settling-in text (P7D). Lost two months ago: nurture's every-other-month text.
		expect(result.due.map((t) => t.touchId)).toEqual(['c:past-client:1', 'l:long-term-nurture:2']);
	});

	it('rolls a finished cadence into long-term nurture, which never gives up', () => {
		const receivedAt = '2024-01-15T15:00:00Z';
		const result = dueTouches({ leads: [lead({ receivedAt })], cadences: DEFAULT_CADENCES, touches: [], now: '2026-11-20T15:00:00Z' });
		const status = result.leads[0];
		expect(status).toMatchObject({ state: 'active', cadenceId: 'long-term-nurture' });
		// Nurture starts when the last speed-to-lead step fell due (P30D after enrolment).
		expect(status.enrolledAt).toBe(new Date(Date.parse(receivedAt) + 30 * DAY).toISOString());
		expect(result.due).toHaveLength(1);
		expect(result.due[0]).toMatchObject({ cadenceId: 'long-term-nurture' });
		expect(result.due[0].step % 100).toBeGreaterThan(0);
	});

	it('schedules a check-in call three weeks ahead of a stated move date', () => {
		const leads = [lead({ timeline: '6m+', cadenceId: 'purchase-6m-plus', targetDate: '2027-06-01' })];
		const before = dueTouches({ leads, cadences: DEFAULT_CADENCES, touches: [], now: '2027-05-10T12:00:00Z' });
		expect(before.due.filter((t) => t.reason === 'timeline-check-in')).toEqual([]);
		const at = dueTouches({ leads, cadences: DEFAULT_CADENCES, touches: [], now: '2027-05-11T12:00:00Z' });
		const checkIns = at.due.filter((t) => t.reason === 'timeline-check-in');
		expect(checkIns).toHaveLength(1);
		expect(inZone(checkIns[0].at)).toBe('2027-05-11T00:00');
	});

	it('does not text a lead who opted out of texts, and reports the step instead', () => {
		const result = dueTouches({ leads: [lead({ optOut: { sms: true } })], cadences: DEFAULT_CADENCES, touches: [], now: '2026-11-20T15:00:00Z' });
		expect(result.due.map((t) => t.channel)).toEqual(['call']);
		expect(result.skipped).toEqual([expect.objectContaining({ step: 1, reason: 'opted-out:sms' })]);
		const all = dueTouches({ leads: [lead({ optOut: { sms: true, call: true, email: true } })], cadences: DEFAULT_CADENCES, touches: [], now: '2026-11-20T15:00:00Z' });
		expect(all.due).toEqual([]);
		expect(all.leads[0]).toMatchObject({ state: 'stopped', reason: 'opted-out', nextTouchAt: null });
	});

	it('reads an opt-out the way the compliance rule does: "TRUE", a date, "STOP" stop texts too, "no" does not (issue 13)', () => {
		const at = (optOut: unknown) =>
			dueTouches({ leads: [lead({ optOut: { sms: optOut } as never })], cadences: DEFAULT_CADENCES, touches: [], now: '2026-11-20T15:00:00Z' });
		for (const value of ['TRUE', 'yes', '2026-11-19T10:00:00Z', 'STOP', 1]) {
			expect(at(value).due.map((t) => t.channel)).toEqual(['call']);
			expect(at(value).skipped).toEqual([expect.objectContaining({ step: 1, reason: 'opted-out:sms' })]);
		}
		for (const value of [false, 'FALSE', 'no', '']) expect(at(value).due.map((t) => t.channel)).toContain('sms');
	});

	it('gives every lead either a next touch or a documented terminal state, one status per lead (property)', () => {
		const cadenceIds = [...new Set(DEFAULT_CADENCES.map((row) => row.cadenceId)), 'no-such-cadence', null];
		const trackedLead = fc.record({
			leadId: fc.string({ minLength: 1, maxLength: 8 }),
			receivedAt: fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2027, 0, 1) }).map(iso),
			stage: fc.constantFrom(...LEAD_STAGES, null, 'weird'),
			cadenceId: fc.constantFrom(...cadenceIds),
			timeZone: fc.constantFrom(NY, 'America/Denver', 'Not/AZone', null),
			timeline: fc.constantFrom('now', '1-3m', '3-6m', '6m+', 'unknown', null),
			loanPurpose: fc.constantFrom('purchase', 'refinance', 'heloc', 'unknown', null),
			lastReplyAt: fc.option(fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2027, 0, 1) }).map(iso)),
			optOut: fc.option(fc.record({ sms: fc.boolean(), call: fc.boolean(), email: fc.boolean() })),
			birthday: fc.constantFrom('07-14', '02-29', 'soon', null),
		}) as fc.Arbitrary<TrackedLead>;
		fc.assert(
			fc.property(fc.array(trackedLead, { maxLength: 12 }), fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }), (leads, now) => {
				const result = dueTouches({ leads, cadences: DEFAULT_CADENCES, touches: [], now: iso(now) });
				expect(result.leads).toHaveLength(leads.length);
				result.leads.forEach((status, i) => {
					expect(status.leadId).toBe(leads[i].leadId.trim());
					if (status.nextTouchAt !== null) {
						expect(['active', 'paused']).toContain(status.state);
						expect(Date.parse(status.nextTouchAt)).toBeGreaterThan(now);
					} else if (status.state === 'stopped') {
						expect(STOP_REASONS).toContain(status.reason);
					} else {
						expect(status.state).toBe('invalid');
						expect(status.problems.length).toBeGreaterThan(0);
					}
				});
			}),
			{ numRuns: 300 },
		);
	});

	it('names the field of an unusable row and keeps going with the others', () => {
		const result = dueTouches({
			leads: [lead({ leadId: 'bad', receivedAt: 'yesterday' }), lead({ leadId: 'odd', stage: 'hot' as never, timeZone: 'Mars/Base' }), lead()],
			cadences: DEFAULT_CADENCES,
			touches: [],
			now: '2026-11-20T15:00:00Z',
		});
		expect(result.leads[0]).toMatchObject({ state: 'invalid', problems: expect.arrayContaining([expect.objectContaining({ field: 'receivedAt' })]) });
		expect(result.leads[1].problems.map((p) => p.field)).toEqual(['stage', 'timeZone']);
		expect(result.leads[1].state).toBe('active');
		expect(result.due.filter((t) => t.leadId === 'ld_ann')).toHaveLength(2);
	});

	it('reports unusable cadence rows by row and field and runs the rest of the table', () => {
		const cadences: CadenceStep[] = [
			{ cadenceId: 'mine', step: 1, offset: 'PT0M', channel: 'sms', template: 'Hi {{firstName}}', purpose: 'marketing' },
			{ cadenceId: 'mine', step: 2, offset: 'tomorrow', channel: 'sms', template: 'Hi', purpose: 'marketing' },
			{ cadenceId: 'mine', step: 3, offset: 'P1D', channel: 'fax' as never, template: 'Hi {{fristName}}', purpose: 'marketing' },
		];
		const result = dueTouches({ leads: [lead({ cadenceId: 'mine' })], cadences, touches: [], now: '2026-11-20T15:00:00Z' });
		expect(result.cadenceProblems.map((p) => p.field).sort()).toEqual(['cadences[1].offset', 'cadences[2].channel', 'cadences[2].template']);
		expect(result.cadenceProblems.find((p) => p.field === 'cadences[2].template')?.message).toContain('{{fristName}}');
		expect(result.due.map((t) => t.step)).toEqual([1]);
	});
});

describe('dueTouches on the calendar edges: month ends, DST and leap days neither skip nor double a step', () => {
	const edgeCadence: CadenceStep[] = [1, 2, 3].map((n) => ({ cadenceId: 'edge', step: n, offset: `P${n}D`, channel: 'sms', template: 'Hi', purpose: 'marketing' as const }));
	edgeCadence.push({ cadenceId: 'edge', step: 4, offset: 'P1M', channel: 'email', template: 'Hi', purpose: 'marketing', repeatEvery: 'P1M' });

	const cases: Array<[string, string, string, string[]]> = [
		['23:59 on Jan 31', NY, '2026-01-31T23:59', ['2026-02-01T23:59', '2026-02-02T23:59', '2026-02-03T23:59', '2026-02-28T23:59', '2026-03-31T23:59', '2026-04-30T23:59']],
		['23:59 on Feb 28 before the spring DST change', NY, '2026-02-28T23:59', ['2026-03-01T23:59', '2026-03-02T23:59', '2026-03-03T23:59', '2026-03-28T23:59', '2026-04-28T23:59', '2026-05-28T23:59']],
		['02:30 the day before clocks spring forward', NY, '2026-03-07T02:30', ['2026-03-08T03:30', '2026-03-09T02:30', '2026-03-10T02:30', '2026-04-07T02:30', '2026-05-07T02:30', '2026-06-07T02:30']],
		['01:30 the day before clocks fall back', 'America/Chicago', '2026-10-31T01:30', ['2026-11-01T01:30', '2026-11-02T01:30', '2026-11-03T01:30', '2026-11-30T01:30', '2026-12-31T01:30', '2027-01-31T01:30']],
		['a leap day', 'America/Los_Angeles', '2028-02-29T23:59', ['2028-03-01T23:59', '2028-03-02T23:59', '2028-03-03T23:59', '2028-03-29T23:59', '2028-04-29T23:59', '2028-05-29T23:59']],
	];

	it.each(cases)('enrolled at %s', (_name, zone, enrolledLocal, expected) => {
		const enrolled = local(enrolledLocal, zone);
		const leads = [lead({ cadenceId: 'edge', timeZone: zone, receivedAt: iso(enrolled) })];
		// A drip every 5 minutes for 100 days: each step exactly once, at its local time.
		const { offered } = drip(leads, edgeCadence, enrolled, enrolled + 100 * DAY, 5 * MINUTE);
		expect(offered.map((t) => inZone(t.at, zone))).toEqual(expected);
		expect(offered.map((t) => t.runAt)).toEqual(offered.map((t) => Date.parse(t.at)));
		expect(offered.map((t) => t.step)).toEqual([1, 2, 3, 4, 104, 204]);
	});

	it('sends a Feb 29 birthday text on Feb 28 in other years, once a year', () => {
		const closedAt = local('2026-06-01T12:00');
		const leads = [lead({ stage: 'closed', stageChangedAt: iso(closedAt), birthday: '1988-02-29' })];
		const { offered } = drip(leads, DEFAULT_CADENCES, closedAt, closedAt + 3 * 366 * DAY, 60 * MINUTE);
		const birthdays = offered.filter((t) => t.label === 'Birthday text');
		expect(birthdays.map((t) => inZone(t.at))).toEqual(['2027-02-28T10:00', '2028-02-29T10:00', '2029-02-28T10:00']);
	});
});
