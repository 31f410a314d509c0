import { locked } from '../../nodes/tracker/lock';
import { tabRange } from '../../nodes/tracker/table';
import { tabByKey } from '../../nodes/tracker/template';
import { SERVICE_ACCOUNT, googleSession, records, startTrackerHarness, type TrackerHarness } from '../support/trackerHarness';

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
