import { seededRandom } from '../../sandbox/sheets';
import { getDueTouches } from '../../nodes/tracker/dueTouches';
import { logTouches } from '../../nodes/tracker/logTouches';
import type { TrackerRecord } from '../../nodes/tracker/table';
import { upsertLeads } from '../../nodes/tracker/upsertLeads';
import { SERVICE_ACCOUNT, googleSession, makeLead, records, startTrackerHarness, type TrackerHarness } from '../support/trackerHarness';

/**
 * Lost write answers (issue 13, item 7): Google applied the write, the answer never came (a 503
 * after the commit, the stand-in's `after` faults). Retrying must not add the rows again: Upsert
 * Leads, Log Touches, the touch claims and the lock's own claim look before they write again.
 */
const NOW = '2026-03-09T15:00:00.000Z';
let h: TrackerHarness;
let spreadsheetId: string;
const session = () => googleSession(h.url, { baseDelayMs: 1, pacing: false });
const run = (holder: string) => ({ now: NOW, lock: { pollMs: 2, holder } });
const WRITES = ['values.append', 'values.batchUpdate', 'spreadsheets.batchUpdate'];

beforeEach(async () => {
	h = await startTrackerHarness();
	spreadsheetId = h.standIn.createSpreadsheet({ title: 'Lost answers', sharedWith: [SERVICE_ACCOUNT] });
	await h.run({ operation: 'createTracker', target: 'existing', spreadsheetId });
});
afterEach(() => h.close());

const countBy = (rows: Array<Record<string, string>>, key: (r: Record<string, string>) => string) => {
	const counts = new Map<string, number>();
	for (const row of rows) counts.set(key(row), (counts.get(key(row)) ?? 0) + 1);
	return [...counts.values()];
};

describe('lost write answers', () => {
	it('Upsert Leads whose every append is applied and its answer lost saves each lead once, and the lock is free after', async () => {
		h.standIn.injectFaults({ rate: 1, statuses: [503], after: true, operations: ['values.append'] });
		const results = await upsertLeads(session(), spreadsheetId, [makeLead(1), makeLead(2), makeLead(3)], run('lost answers'));
		h.standIn.clearFaults();
		expect(results.map((r) => [r.leadId, r.action])).toEqual([['ld_0000001', 'created'], ['ld_0000002', 'created'], ['ld_0000003', 'created']]);
		expect(records(h.standIn, spreadsheetId, 'Leads').map((r) => r.leadId)).toEqual(['ld_0000001', 'ld_0000002', 'ld_0000003']);
		// One claim, released: the next run does not wait.
		const claims = records(h.standIn, spreadsheetId, '_Locks');
		expect(claims).toHaveLength(1);
		expect(claims[0].releasedAt).not.toBe('');
	});

	it('a burst of leads while 30% of write answers are lost: every lead saved once', async () => {
		h.standIn.injectFaults({ rate: 0.3, statuses: [503, 500], after: true, operations: WRITES, random: seededRandom(13) });
		const leads = Array.from({ length: 16 }, (_, i) => makeLead(i + 1));
		// Each lead its own run, as webhooks arrive (some fail after all their retries: that is fine, they are re-posted).
		const first = await Promise.allSettled(leads.map((lead, i) => upsertLeads(session(), spreadsheetId, [lead], run(`lead ${i}`))));
		h.standIn.clearFaults();
		const again = leads.filter((_, i) => first[i].status === 'rejected');
		if (again.length) await upsertLeads(session(), spreadsheetId, again, run('re-posted'));
		const rows = records(h.standIn, spreadsheetId, 'Leads');
		expect(rows.map((r) => r.leadId).sort()).toEqual(leads.map((l) => String(l.leadId)).sort());
	});

	it('Log Touches and the touch claims: each claim and each state once when the answers are lost', async () => {
		await upsertLeads(session(), spreadsheetId, Array.from({ length: 6 }, (_, i) => makeLead(i + 1, { cadenceId: 'purchase-3-6m' })), run('seed'));
		h.standIn.injectFaults({ rate: 1, statuses: [503], after: true, operations: ['values.append', 'spreadsheets.batchUpdate'] });
		const plan = await getDueTouches(session(), spreadsheetId, run('drip'));
		expect(plan.due.length).toBeGreaterThan(0);
		const claims = records(h.standIn, spreadsheetId, 'Touches').filter((r) => r.verdict === 'sending');
		expect(claims.map((r) => r.touchId).sort()).toEqual(plan.due.map((t) => t.touchId).sort());
		// Touches logged without a claim (appended): once each.
		const replies: TrackerRecord[] = plan.due.map((t) => ({ touchId: `SM${t.leadId}`, leadId: t.leadId, at: NOW, channel: 'sms', direction: 'inbound', verdict: 'received', body: 'Yes please' }));
		await logTouches(session(), spreadsheetId, replies, run('replies'));
		h.standIn.clearFaults();
		const rows = records(h.standIn, spreadsheetId, 'Touches');
		expect(countBy(rows, (r) => `${r.touchId}|${r.verdict}`).every((n) => n === 1)).toBe(true);
		expect(rows.filter((r) => r.verdict === 'received')).toHaveLength(replies.length);
		expect(records(h.standIn, spreadsheetId, '_Locks').every((c) => c.releasedAt !== '')).toBe(true);
	});
});
