/**
 * sourceFunnel over a year of a busy tracker: 20,000 leads, 200,000 touches (sheet order, some
 * call outcomes, replies), 2,000 referrals, as grids the way a sheet read hands them over (header
 * row first, values as text or date serials). On the built package when it exists. No target in
 * DESIGN.md; the weekly scoreboard reads these tabs once a week. Making the data is not timed.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { bestOf, report, seededRandom } from './support';

const built = path.join(__dirname, '../../dist/nodes/core/index.js');
type Core = typeof import('../../nodes/core');
/* eslint-disable @typescript-eslint/no-require-imports */
const fromDist = existsSync(built) ? (require(built) as Partial<Core>) : {};
const code = typeof fromDist.sourceFunnel === 'function' ? 'dist' : 'sources';
const core = code === 'dist' ? (fromDist as Core) : (require('../../nodes/core') as Core);
/* eslint-enable @typescript-eslint/no-require-imports */
const { sourceFunnel } = core;

const LEADS = 20_000;
const TOUCHES_PER_LEAD = 10;
const REFERRALS = 2_000;
const TO = Date.parse('2026-11-29T05:00:00Z');
const DAY = 86_400_000;
const random = seededRandom(17);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
const iso = (ms: number) => new Date(ms).toISOString();

const sources = ['web-form', 'facebook', 'zillow', 'lendingtree', 'csv', 'referral'];
const campaigns = ['', 'Spring buyers', 'Refi promo', 'Past client', 'Open house'];
const stages = ['new', 'contacted', 'contacted', 'nurture', 'application', 'closed', 'lost'];
const outcomes = ['', '', '', 'reached', 'no-answer', 'left-voicemail', 'appointment-set', 'call-back-later'];

const leads: unknown[][] = [['leadId', 'receivedAt', 'source', 'sourceDetail', 'stage', 'stageChangedAt', 'lastReplyAt', 'appointmentAt']];
const touches: unknown[][] = [['touchId', 'leadId', 'at', 'channel', 'direction', 'verdict', 'reason', 'outcome']];
const referrals: unknown[][] = [['referralId', 'partnerId', 'leadId', 'source', 'status', 'receivedAt', 'contactedAt', 'closedAt', 'loanAmount']];
for (let i = 0; i < LEADS; i++) {
	const leadId = `ld_${i.toString(16).padStart(8, '0')}`;
	const received = TO - Math.floor(random() * 365 * DAY);
	// One lead in ten typed by hand: its date comes back as a serial.
	const receivedCell = random() < 0.1 ? 25569 + received / DAY : iso(received);
	leads.push([leadId, receivedCell, pick(sources), pick(campaigns), pick(stages), iso(received + 20 * DAY), random() < 0.2 ? iso(received + 2 * DAY) : '', random() < 0.1 ? iso(received + 5 * DAY) : '']);
	for (let t = 0; t < TOUCHES_PER_LEAD; t++) {
		const at = received + Math.floor(random() * 30 * DAY);
		const inbound = t % 6 === 5;
		const channel = inbound ? 'sms' : pick(['sms', 'email', 'call']);
		touches.push([`${leadId}:${t}`, leadId, iso(at), channel, inbound ? 'inbound' : 'outbound', inbound ? 'received' : pick(['sent', 'sent', 'deferred']), '', channel === 'call' ? pick(outcomes) : '']);
	}
}
for (let i = 0; i < REFERRALS; i++) {
	const received = TO - Math.floor(random() * 365 * DAY);
	const closed = random() < 0.3;
	referrals.push([`R${i}`, `P${i % 40}`, random() < 0.5 ? `ld_${Math.floor(random() * LEADS).toString(16).padStart(8, '0')}` : '', pick(campaigns), closed ? 'closed' : pick(['received', 'contacted', 'lost']), iso(received), iso(received + DAY), closed ? iso(received + 40 * DAY) : '', closed ? 300_000 : '']);
}
// Sheet order: touches interleaved across leads.
for (let i = touches.length - 1; i > 1; i--) {
	const j = 1 + Math.floor(random() * i);
	[touches[i], touches[j]] = [touches[j], touches[i]];
}

const options = { from: new Date(TO - 365 * DAY).toISOString(), to: new Date(TO).toISOString(), zone: 'America/New_York' };
global.gc?.();
const start = process.hrtime.bigint();
const first = sourceFunnel(leads, touches, referrals, options);
const firstMs = Number(process.hrtime.bigint() - start) / 1e6;
const warmMs = bestOf(2, () => {
	sourceFunnel(leads, touches, referrals, options);
});
report({
	bench: 'sourceFunnel',
	code,
	value: Math.round(firstMs),
	unit: 'ms',
	leads: LEADS,
	touches: touches.length - 1,
	referrals: REFERRALS,
	rows: first.bySource.length,
	counted: first.total.steps[0].count,
	problems: first.problems.length,
	warmMs: Math.round(warmMs),
	heapMB: Math.round(process.memoryUsage().heapUsed / 1e6),
});
