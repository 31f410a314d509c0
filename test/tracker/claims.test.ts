import { CLAIM_LEASE_MS } from '../../nodes/tracker/claims';
import { getDueTouches } from '../../nodes/tracker/dueTouches';
import { logTouches } from '../../nodes/tracker/logTouches';
import type { TrackerRecord } from '../../nodes/tracker/table';
import { upsertLeads } from '../../nodes/tracker/upsertLeads';
import { SERVICE_ACCOUNT, googleSession, makeLead, records, startTrackerHarness, type TrackerHarness } from '../support/trackerHarness';

/**
 * Touch claims (nodes/tracker/claims.ts), against the Sheets stand-in with real sessions: runs
 * that overlap get each due touch once between them, Log Touches turns the claim into the final
 * state (one row per state), a claim left by a run that died is shown as uncertain, never sent again.
 */
const NOW = '2026-03-09T15:00:00.000Z';
let h: TrackerHarness;
let spreadsheetId: string;
const session = () => googleSession(h.url, { baseDelayMs: 1, pacing: false });
const run = (holder: string, now = NOW) => ({ now, lock: { pollMs: 1, holder } });

beforeEach(async () => {
	h = await startTrackerHarness();
	// The LO's own spreadsheet, shared with the service account; Create Tracker adds the tabs (template sheet ids).
	spreadsheetId = h.standIn.createSpreadsheet({ title: 'Claims', sharedWith: [SERVICE_ACCOUNT] });
	await h.run({ operation: 'createTracker', target: 'existing', spreadsheetId });
	await upsertLeads(session(), spreadsheetId, Array.from({ length: 12 }, (_, i) => makeLead(i + 1, { cadenceId: 'purchase-3-6m' })), run('seed'));
});
afterEach(() => h.close());

const sent = (touch: { touchId: string; leadId: string; channel: string; cadenceId: string; step: number; purpose: string }): TrackerRecord => ({
	touchId: touch.touchId,
	leadId: touch.leadId,
	at: NOW,
	channel: touch.channel,
	direction: 'outbound',
	purpose: touch.purpose,
	cadenceId: touch.cadenceId,
	step: touch.step,
	verdict: touch.channel === 'call' ? 'task' : 'sent',
	loggedAt: NOW,
});

describe('touch claims', () => {
	it('five overlapping runs get each due touch once between them; Log Touches leaves one row per touch and state', async () => {
		const plans = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((name) => getDueTouches(session(), spreadsheetId, run(name))));
		const handedOut = plans.flatMap((plan) => plan.due.map((touch) => touch.touchId));
		expect(handedOut.length).toBeGreaterThanOrEqual(12);
		expect(new Set(handedOut).size).toBe(handedOut.length);
		// The others saw them held.
		const held = plans.flatMap((plan) => plan.claimed.filter((c) => c.state === 'held').map((c) => c.touchId));
		expect(new Set(held)).toEqual(new Set(handedOut));
		expect(records(h.standIn, spreadsheetId, 'Touches').filter((r) => r.verdict === 'sending').map((r) => r.touchId).sort()).toEqual([...handedOut].sort());

		h.standIn.clearRequestLog();
		await Promise.all(plans.map((plan, i) => logTouches(session(), spreadsheetId, plan.due.map(sent), run(`log ${i}`))));
		const rows = records(h.standIn, spreadsheetId, 'Touches');
		expect(rows.filter((r) => r.verdict === 'sending')).toEqual([]);
		expect(rows.map((r) => r.touchId).sort()).toEqual([...handedOut].sort());
		// Nothing is due again, by anyone.
		const again = await getDueTouches(session(), spreadsheetId, run('later'));
		expect(again.due.filter((touch) => handedOut.includes(touch.touchId))).toEqual([]);
	});

	it('a drip run costs six Sheets requests: three to claim, three to log, whatever the number of leads', async () => {
		h.standIn.clearRequestLog();
		const plan = await getDueTouches(session(), spreadsheetId, run('drip'));
		const claimOps = h.standIn.requestLog.filter((e) => e.operation !== 'token').map((e) => e.operation);
		expect(claimOps).toEqual(['values.append', 'values.batchGet', 'spreadsheets.batchUpdate']);
		h.standIn.clearRequestLog();
		await logTouches(session(), spreadsheetId, plan.due.map(sent), run('drip'));
		const logOps = h.standIn.requestLog.filter((e) => e.operation !== 'token').map((e) => e.operation);
		expect(logOps).toEqual(['values.append', 'values.batchGet', 'values.batchUpdate']);
	});

	it('a claim whose run died is marked uncertain after the lease and never handed out again', async () => {
		const first = await getDueTouches(session(), spreadsheetId, run('died'));
		const ids = first.due.map((touch) => touch.touchId);
		const soon = await getDueTouches(session(), spreadsheetId, run('soon', new Date(Date.parse(NOW) + 60_000).toISOString()));
		expect(soon.due.filter((touch) => ids.includes(touch.touchId))).toEqual([]);
		const late = new Date(Date.parse(NOW) + CLAIM_LEASE_MS + 60_000).toISOString();
		const after = await getDueTouches(session(), spreadsheetId, run('after the lease', late));
		expect(after.due.filter((touch) => ids.includes(touch.touchId))).toEqual([]);
		expect(after.claimed.filter((c) => ids.includes(c.touchId)).every((c) => c.state === 'uncertain')).toBe(true);
		const uncertain = records(h.standIn, spreadsheetId, 'Touches').filter((r) => r.verdict === 'uncertain');
		expect(uncertain.map((r) => r.touchId).sort()).toEqual([...ids].sort());
		// Once marked, later runs neither hand it out nor mark it again.
		const later = await getDueTouches(session(), spreadsheetId, run('later still', late));
		expect(later.due.filter((touch) => ids.includes(touch.touchId))).toEqual([]);
		expect(records(h.standIn, spreadsheetId, 'Touches').filter((r) => r.verdict === 'uncertain')).toHaveLength(ids.length);
	});

	it('a deferred touch comes back and is claimed again; its states are one row each', async () => {
		const first = await getDueTouches(session(), spreadsheetId, run('first'));
		const [touch] = first.due;
		const sendAfter = new Date(Date.parse(NOW) + 3_600_000).toISOString();
		await logTouches(session(), spreadsheetId, [{ ...sent(touch), verdict: 'deferred', reason: 'quiet-hours:FL', sendAfter }], run('defer'));
		const later = await getDueTouches(session(), spreadsheetId, run('later', new Date(Date.parse(sendAfter) + 1000).toISOString()));
		expect(later.due.map((t) => t.touchId)).toContain(touch.touchId);
		await logTouches(session(), spreadsheetId, [sent(touch)], run('send'));
		const mine = records(h.standIn, spreadsheetId, 'Touches').filter((r) => r.touchId === touch.touchId);
		expect(mine.map((r) => r.verdict)).toEqual(['deferred', 'sent']);
	});
});
