import type { ColumnRead, ColumnTable, Row, SheetsSession } from '../transport/sheets';
import { acquireLock, acquireLockWith, type HeldLock, type LockOptions, type LockReads } from '../transport/sheets/lock';
import { headersOf, tabByKey } from './template';

/**
 * The tracker lock as every run takes it (the Lead Tracker's and Referral Status's alike, so
 * neither writes while the other does): claim, read the run's tabs in the same request as the
 * lock tab, work, and release in the run's last write, or here when the work fails. How the lock
 * itself works (the queue of claims, the 45 s lease renewed while the run works) is in
 * nodes/transport/sheets/lock.ts; why it holds against Google in docs/tracker.md ("The lock").
 */

/** What every run is given: its instant and the lock settings of this execution. */
export interface RunOptions {
	/** ISO instant of this run (the node's Now). */
	now: string;
	lock?: Partial<LockOptions>;
}

const LOCKS = tabByKey('locks');

/** The lock's tab as the template defines it (title, fixed sheet id, headers). */
export const TRACKER_LOCK_TAB: Pick<LockOptions, 'tab' | 'sheetId' | 'headers'> = {
	tab: LOCKS.title,
	sheetId: LOCKS.sheetId,
	headers: headersOf(LOCKS),
};

export function lockOptions(options: RunOptions): LockOptions {
	return { ...TRACKER_LOCK_TAB, ...(options.lock ?? {}) };
}

/**
 * Runs `work`, which releases `lock` in its last write; if it fails, the lock is released here and
 * the failure passed on. Until then the lease is renewed before the session's requests when it gets old.
 */
export async function releasedOnFailure<T>(session: SheetsSession, spreadsheetId: string, lock: HeldLock, work: () => Promise<T>): Promise<T> {
	const outcome = await work().then(
		(value) => ({ ok: true as const, value }),
		(error: unknown) => ({ ok: false as const, error }),
	);
	lock.end();
	if (outcome.ok) return outcome.value;
	// The run's error is the one to report; a claim left unreleased lapses with its lease. Released
	// even when the lease lapsed (writing releasedAt on our own row never harms the next holder).
	await session.leaseWrite(spreadsheetId, [lock.release()], 'releasing the tracker lock').catch(() => undefined);
	// Passed on as it came (tracker layer, no n8n): the node's router makes it the node's error.
	throw outcome.error;
}

/** Runs `work` holding the tracker lock on the tabs' rows (one batchGet with the lock tab); `work` releases it in its last write. */
export async function locked<T>(
	session: SheetsSession,
	spreadsheetId: string,
	options: RunOptions,
	ranges: string[],
	work: (data: Row[][], lock: HeldLock) => Promise<T>,
): Promise<T> {
	const { lock, data } = await acquireLock(session, spreadsheetId, lockOptions(options), ranges);
	return releasedOnFailure(session, spreadsheetId, lock, () => work(data, lock));
}

/** `locked`, reading the tabs by columns (session.readColumns) in the same single request. */
export function lockedColumns<T>(
	session: SheetsSession,
	spreadsheetId: string,
	options: RunOptions,
	reads: ColumnRead[],
	work: (data: ColumnTable[], lock: HeldLock) => Promise<T>,
): Promise<T> {
	return lockedWith(session, spreadsheetId, options, {
		withLock: async (lockRange) => {
			const [lockTab, ...tabs] = await session.readColumns(spreadsheetId, [{ range: lockRange, rows: true }, ...reads], 'reading the tracker tabs');
			return { lockRows: lockTab.rows ?? [], data: tabs };
		},
		alone: () => session.readColumns(spreadsheetId, reads, 'reading the tracker tabs'),
	}, work);
}

/** `locked` with the run's own way of reading its data together with the lock tab. */
export async function lockedWith<D, T>(
	session: SheetsSession,
	spreadsheetId: string,
	options: RunOptions,
	reads: LockReads<D>,
	work: (data: D, lock: HeldLock) => Promise<T>,
): Promise<T> {
	const { lock, data } = await acquireLockWith(session, spreadsheetId, lockOptions(options), reads);
	return releasedOnFailure(session, spreadsheetId, lock, () => work(data, lock));
}
