/**
 * scoreLead throughput (target >= 50,000 leads/s) and one dueTouches pass over 100,000 tracked
 * leads with 20 past touches each (target < 2 s), on the built package when it exists.
 *
 * The rows are made the way the drip gets them: each tab read from the tracker as JSON, in sheet
 * order (touches interleaved across leads), so every value is its own plain string (a touch's
 * leadId is not the lead row's string) and rows sit in memory in sheet order. The dueTouches pass
 * runs first, on rows nothing has looked at yet, as in a fresh drip run. Making the data is not timed.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { DueTouchesResult, ScorableLead, Touch, TrackedLead } from '../../nodes/core';
import { bestOf, report, seededRandom } from './support';

const built = path.join(__dirname, '../../dist/nodes/core/index.js');
type Core = typeof import('../../nodes/core');
/* eslint-disable @typescript-eslint/no-require-imports */
const fromDist = existsSync(built) ? (require(built) as Partial<Core>) : {};
const code = typeof fromDist.dueTouches === 'function' ? 'dist' : 'sources';
const core = code === 'dist' ? (fromDist as Core) : (require('../../nodes/core') as Core);
/* eslint-enable @typescript-eslint/no-require-imports */
const { DEFAULT_CADENCES, dueTouches, scoreLead } = core;

const LEADS = 100_000;
const TOUCHES_PER_LEAD = 20;
const NOW = Date.parse('2026-11-22T15:00:00Z');
const DAY = 86_400_000;
const random = seededRandom(2026);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];

const zones = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles'];
const cadenceIds = ['speed-to-lead', 'purchase-3-6m', 'purchase-6m-plus', 'refinance', 'referral', 'dormant-reengagement', 'long-term-nurture'];
const stages = ['new', 'new', 'contacted', 'contacted', 'nurture', 'application', 'closed', 'lost'] as const;
const sources = ['web-form', 'facebook', 'zillow', 'lendingtree', 'csv', 'referral'] as const;
const timelines = ['now', '1-3m', '3-6m', '6m+', 'unknown'] as const;
const purposes = ['purchase', 'refinance', 'heloc', 'unknown'] as const;

// Each generated lead is both a Leads-tab row (dueTouches) and a scorable lead (scoreLead).
let leads: Array<TrackedLead & ScorableLead> = [];
let touches: Touch[] = [];
for (let i = 0; i < LEADS; i++) {
	const leadId = `ld_${i.toString(16).padStart(16, '0')}`;
	const receivedMs = NOW - Math.floor(random() * 400 * DAY);
	const receivedAt = new Date(receivedMs).toISOString();
	const cadenceId = pick(cadenceIds);
	const lastReplyAt = random() < 0.1 ? new Date(NOW - Math.floor(random() * 10 * DAY)).toISOString() : null;
	leads.push({
		leadId,
		receivedAt,
		source: pick(sources),
		sourceDetail: random() < 0.1 ? 'Past client' : null,
		partnerId: random() < 0.1 ? 'p_1' : null,
		firstName: 'Pat',
		timeZone: pick(zones),
		loanPurpose: pick(purposes),
		timeline: pick(timelines),
		stage: pick(stages),
		cadenceId,
		enrolledAt: receivedAt,
		stageChangedAt: new Date(receivedMs + 30 * DAY).toISOString(),
		lastReplyAt,
		optOut: random() < 0.05 ? { sms: true } : null,
		birthday: random() < 0.3 ? '07-14' : null,
		extra: {},
	});
	// 20 past touches: the cadence steps already sent, replies and deferrals.
	for (let t = 0; t < TOUCHES_PER_LEAD; t++) {
		const at = new Date(receivedMs + Math.floor(((NOW - receivedMs) * t) / TOUCHES_PER_LEAD)).toISOString();
		const inbound = t % 7 === 6;
		touches.push({
			touchId: inbound ? `${leadId}:in:${t}` : `${leadId}:${cadenceId}:${t + 1}`,
			leadId,
			at,
			channel: t % 3 === 0 ? 'call' : t % 3 === 1 ? 'sms' : 'email',
			direction: inbound ? 'inbound' : 'outbound',
			cadenceId: inbound ? null : cadenceId,
			step: inbound ? null : t + 1,
			verdict: inbound ? 'received' : t % 5 === 4 ? 'deferred' : 'sent',
			sendAfter: t % 5 === 4 ? at : null,
			body: inbound ? 'Is the first step a call? We found a house!' : null,
		});
	}
}
// Shuffle so touches arrive in sheet order, not grouped by lead.
for (let i = touches.length - 1; i > 0; i--) {
	const j = Math.floor(random() * (i + 1));
	[touches[i], touches[j]] = [touches[j], touches[i]];
}
leads = readAsFromSheet(leads);
touches = readAsFromSheet(touches);

/** The rows as a sheet read hands them over: parsed from JSON, top to bottom. */
function readAsFromSheet<T>(rows: T[]): T[] {
	const read: T[] = [];
	for (let start = 0; start < rows.length; start += 10_000) {
		for (const row of JSON.parse(JSON.stringify(rows.slice(start, start + 10_000))) as T[]) read.push(row);
	}
	return read;
}
const nowIso = new Date(NOW).toISOString();

// The first pass is the honest figure: a drip run is one pass in a fresh process.
global.gc?.();
const start = process.hrtime.bigint();
let first: DueTouchesResult | null = dueTouches({ leads, cadences: DEFAULT_CADENCES, touches, now: nowIso });
const firstMs = Number(process.hrtime.bigint() - start) / 1e6;
const dueCount = first.due.length;
const skippedCount = first.skipped.length;
// Dropped, so the warm passes run on the same heap as the first.
first = null;
const warmMs = bestOf(2, () => {
	dueTouches({ leads, cadences: DEFAULT_CADENCES, touches, now: nowIso });
});
report({
	bench: 'dueTouches',
	code,
	value: Math.round(firstMs),
	unit: 'ms',
	target: '<2000',
	leads: LEADS,
	touches: touches.length,
	due: dueCount,
	skipped: skippedCount,
	warmMs: Math.round(warmMs),
	heapMB: Math.round(process.memoryUsage().heapUsed / 1e6),
});

const touchesByLead = new Map<string, Touch[]>();
for (const touch of touches) {
	const list = touchesByLead.get(touch.leadId);
	if (list) list.push(touch);
	else touchesByLead.set(touch.leadId, [touch]);
}

let scored = 0;
const scoreMs = bestOf(3, () => {
	scored = 0;
	for (const lead of leads) if (scoreLead(lead, { now: nowIso, touches: touchesByLead.get(lead.leadId) }).score >= 0) scored++;
});
report({
	bench: 'scoreLead',
	code,
	value: Math.round(LEADS / (scoreMs / 1000)),
	unit: 'leads/s',
	target: '>=50000',
	leads: LEADS,
	touchesPerLead: TOUCHES_PER_LEAD,
	scored,
});
