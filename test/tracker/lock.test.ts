import { setTimeout as wait } from 'node:timers/promises';
import { TRACKER_LOCK_TAB, locked } from '../../nodes/tracker/lock';
import { TRACKER_TABS, headersOf } from '../../nodes/tracker/template';
import { acquireLock } from '../../nodes/transport/sheets/lock';
import { tabRange } from '../../nodes/tracker/table';
import { tabByKey } from '../../nodes/tracker/template';
import { SERVICE_ACCOUNT, googleSession, makeLead, records, startTrackerHarness, trackerAt, type TrackerHarness } from '../support/trackerHarness';

/**
 * The one tracker lock wrapper (nodes/tracker/lock.ts), which the Lead Tracker's runs and
 * Referral Status's runs both take, driven with a real session against the stand-in.
 */
const NOW = '2026-03-09T15:00:00.000Z';
const LEADS = tabByKey('leads');
let h: TrackerHarness;
beforeEach(async () => {
	h = await startTrackerHarness();
});
afterEach(() => h.close());

const session = () => googleSession(h.url, { baseDelayMs: 1, pacing: false });
const handMade = () => h.standIn.createSpreadsheet({ sharedWith: [SERVICE_ACCOUNT], sheets: [{ title: 'Leads', rows: [['leadId'], ['ld_1']] }] });

describe('the tracker lock wrapper', () => {
	it('a run that fails is released, and its own failure is the one reported', async () => {
		const id = handMade();
		const failure = new Error('the run could not decide');
		const error = await locked(session(), id, { now: NOW, lock: { pollMs: 1 } }, [tabRange(LEADS)], async ([leads]) => {
			expect(leads).toEqual([['leadId'], ['ld_1']]);
			throw failure;
		}).catch((e: unknown) => e);
		expect(error).toBe(failure);
		const [claim] = records(h.standIn, id, '_Locks');
		expect(claim.releasedAt).not.toBe('');
		// Released: the next run gets the lock at once (no wait, no "busy").
		await locked(session(), id, { now: NOW, lock: { pollMs: 1, maxWaitMs: 50 } }, [], async (_data, lock) => {
			await session().batchUpdateValues(id, [lock.release()], 'releasing');
		});
	});

	it('a hand-made tracker gets its hidden lock tab, also when two runs make it at the same moment', async () => {
		const id = handMade();
		// Both signed in first, so their claims go out in the same tick and both find no lock tab.
		const sessions = { a: session(), b: session() };
		await Promise.all(Object.values(sessions).map((s) => s.getSpreadsheet(id)));
		const run = (name: 'a' | 'b') =>
			locked(sessions[name], id, { now: NOW, lock: { pollMs: 1, holder: name } }, [tabRange(LEADS)], async (_data, lock) => {
				await sessions[name].batchUpdateValues(id, [lock.release()], 'releasing');
				return name;
			});
		h.standIn.clearRequestLog();
		expect((await Promise.all([run('a'), run('b')])).sort()).toEqual(['a', 'b']);
		// Both found no lock tab; both added it; Google refused the second ("already exists"), which is fine.
		expect(h.standIn.requestLog.filter((e) => e.operation === 'spreadsheets.batchUpdate').map((e) => e.status).sort()).toEqual([200, 400]);
		const lockTab = h.standIn.getSpreadsheet(id).sheets.find((sheet) => sheet.properties.title === '_Locks')!;
		expect(lockTab.properties.hidden).toBe(true);
		const claims = records(h.standIn, id, '_Locks');
		expect(claims.map((c) => c.holder).sort()).toEqual(['a', 'b']);
		expect(claims.every((c) => c.releasedAt !== '')).toBe(true);
	});

	it('any other failure to claim is passed on as it came (nothing is read or written)', async () => {
		const notShared = h.standIn.createSpreadsheet({ sharedWith: ['someone@else.example'], sheets: [{ title: 'Leads' }] });
		const error = await locked(session(), notShared, { now: NOW }, [tabRange(LEADS)], async () => 'never').catch((e: unknown) => e);
		expect((error as Error).message).toContain(`not shared with ${SERVICE_ACCOUNT}`);
		expect((error as { hint?: string }).hint).toContain('Share');
	});
});

describe('the lease, and never two holders', () => {
	const lockOnly = (id: string, holder: string, lock: Record<string, number> = {}) => ({ now: NOW, lock: { pollMs: 5, holder, ...lock } });

	it('never two holders while Google applies concurrent requests in varying order and reads race writes', async () => {
		for (const seed of [1, 2, 3, 4]) {
			h.standIn.setRace({ seed, maxDelayMs: 15 });
			// Half the trackers have no lock tab yet: the runs make it while they race.
			const id = seed % 2 ? handMade() : h.standIn.createSpreadsheet({ sharedWith: [SERVICE_ACCOUNT], sheets: [{ title: 'Leads', rows: [['leadId'], ['ld_1']] }, { title: '_Locks', rows: [[...TRACKER_LOCK_TAB.headers]] }] });
			let holders = 0;
			let most = 0;
			const order: string[] = [];
			const run = async (name: string) => {
				const s = session();
				await locked(s, id, lockOnly(id, name), [tabRange(LEADS)], async (_data, lock) => {
					holders++;
					most = Math.max(most, holders);
					order.push(name);
					await s.batchGet(id, [tabRange(LEADS)], 'working'); // time passes, other requests race
					holders--;
					await s.batchUpdateValues(id, [lock.release()], 'releasing');
				});
			};
			await Promise.all(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map(run));
			expect(most).toBe(1);
			expect([...order].sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
			expect(records(h.standIn, id, '_Locks').every((c) => c.releasedAt !== '')).toBe(true);
		}
		h.standIn.setRace(null);
	});

	it('a run that died holding the lock blocks the others for one lease, not for its whole wait', async () => {
		const id = handMade();
		// The dead run (n8n killed): claimed and read, then never wrote, released or renewed again.
		// Its wait limit is a real run's (3 minutes); before, its claim lasted that wait plus the lease.
		await acquireLock(session(), id, { ...TRACKER_LOCK_TAB, leaseMs: 400, maxWaitMs: 180_000, holder: 'killed' }, []);
		const next = await locked(session(), id, lockOnly(id, 'after the restart', { leaseMs: 400, maxWaitMs: 3000 }), [], async (_data, lock) => {
			await session().batchUpdateValues(id, [lock.release()], 'releasing');
			return 'written';
		});
		expect(next).toBe('written');
	});

	it('a holder working past its lease keeps the lock: it renews before each request', async () => {
		const id = handMade();
		const options = { leaseMs: 400, maxWaitMs: 5000 };
		const events: string[] = [];
		const long = session();
		let second: Promise<void> | undefined;
		await locked(long, id, lockOnly(id, 'long', options), [], async (_data, lock) => {
			events.push('long has it');
			second = locked(session(), id, lockOnly(id, 'second', options), [], async (_d, other) => {
				events.push('second has it');
				await session().batchUpdateValues(id, [other.release()], 'releasing');
			});
			for (let i = 0; i < 12; i++) {
				await wait(100);
				await long.batchGet(id, [tabRange(LEADS)], 'working');
			}
			events.push('long releases');
			await long.batchUpdateValues(id, [lock.release()], 'releasing');
		});
		await second;
		expect(events).toEqual(['long has it', 'long releases', 'second has it']);
		expect(Number(new Date(records(h.standIn, id, '_Locks')[0].expiresAt)) - Number(new Date(records(h.standIn, id, '_Locks')[0].claimedAt))).toBeGreaterThan(400);
	});

	it('a run whose lease lapsed (stalled with no request) writes nothing more', async () => {
		const id = handMade();
		const s = session();
		const error = await locked(s, id, lockOnly(id, 'stalled', { leaseMs: 300 }), [], async (_data, lock) => {
			await wait(400);
			await s.batchUpdateValues(id, [{ range: "'Leads'!A3", values: [['written late']] }, lock.release()], 'writing');
		}).catch((e: unknown) => e);
		expect((error as Error).message).toContain('The tracker lock of this run lapsed');
		expect(records(h.standIn, id, 'Leads').map((r) => r.leadId)).toEqual(['ld_1']);
		// Its own claim is still marked released (harmless to whoever holds the lock now).
		expect(records(h.standIn, id, '_Locks')[0].releasedAt).not.toBe('');
	});
});

describe('what a locked run costs Google', () => {
	const template = () =>
		h.standIn.createSpreadsheet({ sharedWith: [SERVICE_ACCOUNT], sheets: TRACKER_TABS.map((tab) => ({ title: tab.title, sheetId: tab.sheetId, rows: [headersOf(tab)] })) });

	it('a new lead is saved in three requests, the claim and the read sent together; it lands after the last lead and the lock is free', async () => {
		const id = template();
		await trackerAt(h.url, id, NOW).upsertLeads([makeLead(1)]);
		h.standIn.clearRequestLog();
		const [saved] = await trackerAt(h.url, id, NOW).upsertLeads([makeLead(2)]);
		// Claim, then the read with the lock tab, then one write that inserts the lead and releases.
		expect(h.standIn.requestLog.filter((e) => e.operation !== 'token').map((e) => e.operation)).toEqual(['values.append', 'values.batchGet', 'spreadsheets.batchUpdate']);
		expect(saved).toMatchObject({ action: 'created', row: 3 });
		expect(records(h.standIn, id, 'Leads').map((lead) => lead.leadId)).toEqual(['ld_0000001', 'ld_0000002']);
		expect(records(h.standIn, id, '_Locks').every((claim) => claim.releasedAt !== '')).toBe(true);
	});

	it('the lease is renewed once a third of it (15 s of 45) has passed since the write that proved it, not before', async () => {
		const id = template();
		let clock = Date.now();
		const s = googleSession(h.url, { baseDelayMs: 1, pacing: false, now: () => clock });
		const operations = () => h.standIn.requestLog.filter((e) => e.operation !== 'token').map((e) => e.operation);
		const seen: string[][] = [];
		await locked(s, id, { now: NOW }, [tabRange(LEADS)], async (_data, lock) => {
			h.standIn.clearRequestLog();
			clock += 10_000; // 10 s after the claim: the lease still has 35 s, no renewal
			await s.batchGet(id, [tabRange(LEADS)], 'working');
			seen.push(operations());
			h.standIn.clearRequestLog();
			clock += 10_000; // 20 s: renewed first (a write of expiresAt), then the read
			await s.batchGet(id, [tabRange(LEADS)], 'working');
			seen.push(operations());
			h.standIn.clearRequestLog();
			clock += 10_000; // 10 s after that renewal: none
			await s.batchUpdateValues(id, [lock.release()], 'releasing');
			seen.push(operations());
		});
		expect(seen).toEqual([['values.batchGet'], ['values.batchUpdate', 'values.batchGet'], ['values.batchUpdate']]);
		const [claim] = records(h.standIn, id, '_Locks');
		expect(Date.parse(claim.expiresAt) - Date.parse(claim.claimedAt)).toBe(20_000 + 45_000);
		expect(claim.releasedAt).not.toBe('');
	});
});
