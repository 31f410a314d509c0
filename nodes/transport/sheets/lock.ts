import { randomBytes } from 'node:crypto';
import { cellRange, quoteTab } from './a1';
import { SheetsError } from './errors';
import type { Row, SheetsSession } from './session';
import type { Request } from './types';

/**
 * Two runs that overlap (a schedule and a webhook, two queue-mode workers) must not both
 * read-modify-write the tracker: one would overwrite the other's rows or log the same touch twice.
 * Sheets has no transactions, but it applies writes to one spreadsheet one at a time, so appends
 * land in a single order every reader agrees on. The lock uses that:
 *
 * 1. claim: append a row (claimId, holder, claimedAt, expiresAt) to the hidden lock tab;
 * 2. read the lock tab together with the tabs the run needs (one batchGet): the run holds the lock
 *    when no claim above its own row is still open (not released, not expired); otherwise it waits
 *    with backoff, re-reading only the lock tab, then reads its data;
 * 3. write, and release by stamping releasedAt on its row in the run's last batch write.
 *
 * A run that dies holding the lock only blocks others until its lease expires. Housekeeping: the
 * holder deletes finished claims above its own row once there are many (rows above the holder are
 * all finished, so nobody else's row number is in use).
 */
export interface LockOptions {
	tab: string;
	/** The lock tab's fixed sheet id (for housekeeping). */
	sheetId: number;
	/** Column headers of the lock tab, in order (to create it when missing). */
	headers: readonly string[];
	/** How long a claim stays valid without release (default 3 minutes). */
	leaseMs?: number;
	/** Give up waiting for another run after this long (default: the lease). */
	maxWaitMs?: number;
	/** First wait between polls (default 250 ms), doubling up to 5 s. */
	pollMs?: number;
	/** Delete finished claims once more than this many sit above ours (default 500). */
	cleanupAbove?: number;
	/** Who is asking, for people reading the tab, e.g. "n8n execution 123". */
	holder?: string;
}

export interface HeldLock {
	claimId: string;
	/** The claim's row in the lock tab, 1-based. */
	row: number;
	expiresAt: number;
	/** The range and value that release the lock: include it in the run's last batch write. */
	release(): { range: string; values: Row[] };
	/** The same release as a spreadsheets.batchUpdate request (on the lock tab's sheet id). */
	releaseRequest(): Request;
}

/** How a run reads its data along with the lock tab (see acquireLockWith). */
export interface LockReads<T> {
	/** One request: the lock tab's rows (raw, header first) together with the run's data. */
	withLock(lockRange: string): Promise<{ lockRows: Row[]; data: T }>;
	/** The run's data alone: after waiting for another run, the data is read again. */
	alone(): Promise<T>;
}

export async function acquireLock(
	session: SheetsSession,
	spreadsheetId: string,
	options: LockOptions,
	reads: string[],
): Promise<{ lock: HeldLock; data: Row[][] }> {
	return acquireLockWith<Row[][]>(session, spreadsheetId, options, {
		withLock: async (lockRange) => {
			const [lockRows, ...data] = await session.batchGet(spreadsheetId, [lockRange, ...reads], `reading the ${reads.length ? 'tracker tabs' : 'lock tab'}`);
			return { lockRows, data };
		},
		alone: async () => (reads.length ? session.batchGet(spreadsheetId, reads, 'reading the tracker tabs') : []),
	});
}

/** acquireLock with the run's own reading of its data (e.g. session.readColumns). */
export async function acquireLockWith<T>(
	session: SheetsSession,
	spreadsheetId: string,
	options: LockOptions,
	reads: LockReads<T>,
): Promise<{ lock: HeldLock; data: T }> {
	const leaseMs = options.leaseMs ?? 180_000;
	const maxWaitMs = options.maxWaitMs ?? leaseMs;
	const lockRange = quoteTab(options.tab);
	const claimId = `${randomBytes(6).toString('hex')}`;
	const claimedAt = session.now();
	// The lease covers the longest wait plus the work itself.
	const expiresAt = claimedAt + maxWaitMs + leaseMs;
	await claim(session, spreadsheetId, options, [
		claimId,
		options.holder ?? 'n8n',
		new Date(claimedAt).toISOString(),
		new Date(expiresAt).toISOString(),
		'',
	]);

	let pollMs = options.pollMs ?? 250;
	let withData = true;
	for (;;) {
		let lockRows: Row[];
		let data: T | undefined;
		if (withData) ({ lockRows, data } = await reads.withLock(lockRange));
		else [lockRows] = await session.batchGet(spreadsheetId, [lockRange], 'reading the lock tab');
		const state = inspect(lockRows, claimId, session.now());
		if (state.ours < 0) throw new SheetsError('The lock row of this run disappeared from the _Locks tab', 409, '', 'Do not edit the hidden _Locks tab; run the step again.');
		if (state.openAbove === 0) {
			let row = state.ours + 1;
			if (state.ours - 1 > (options.cleanupAbove ?? 500)) {
				row = await cleanup(session, spreadsheetId, options, state.ours);
			}
			const lock: HeldLock = {
				claimId,
				row,
				expiresAt,
				release: () => ({ range: cellRange(options.tab, state.releasedAtCol, row), values: [[new Date(session.now()).toISOString()]] }),
				releaseRequest: () => ({
					updateCells: {
						start: { sheetId: options.sheetId, rowIndex: row - 1, columnIndex: state.releasedAtCol },
						rows: [{ values: [{ userEnteredValue: { stringValue: new Date(session.now()).toISOString() } }] }],
						fields: 'userEnteredValue',
					},
				}),
			};
			if (withData) return { lock, data: data as T };
			return { lock, data: await reads.alone() };
		}
		// Another run holds the lock: what was read is stale, drop it before waiting.
		data = undefined;
		if (session.now() - claimedAt >= maxWaitMs) {
			await session.batchUpdateValues(
				spreadsheetId,
				[{ range: cellRange(options.tab, state.releasedAtCol, state.ours + 1), values: [[new Date(session.now()).toISOString()]] }],
				'giving up the tracker lock',
			);
			throw new SheetsError(
				`The tracker is busy: another run has been writing to it for over ${Math.round(maxWaitMs / 1000)} s`,
				409,
				'',
				'Nothing from this step was written. Run it again; if it keeps happening, a run may have stopped half-way: its claim in the hidden _Locks tab lapses on its own.',
			);
		}
		withData = false;
		await session.sleep(pollMs);
		pollMs = Math.min(5000, pollMs * 2);
	}
}

async function claim(session: SheetsSession, spreadsheetId: string, options: LockOptions, row: Row): Promise<void> {
	const range = quoteTab(options.tab);
	const claimed = await failureOf(session.append(spreadsheetId, range, [row], 'claiming the tracker lock'));
	if (claimed === null) return;
	// Any failure but a missing lock tab is the caller's to report, as it came.
	if (!(claimed instanceof SheetsError) || !claimed.message.includes(`no "${options.tab}" tab`)) throw claimed;
	// A tracker built by hand from the CSVs has no lock tab yet: add it (hidden) and claim again.
	const added = await failureOf(
		session.batchUpdate(
			spreadsheetId,
			[{ addSheet: { properties: { title: options.tab, sheetId: options.sheetId, hidden: true, gridProperties: { rowCount: 1000, columnCount: options.headers.length } } } }],
			'adding the hidden lock tab',
		),
	);
	// Another run added it at the same moment: fine.
	if (added !== null && !/already exists/.test((added as SheetsError).googleMessage ?? '')) throw added;
	await session.batchUpdateValues(spreadsheetId, [{ range: cellRange(options.tab, 0, 1), values: [[...options.headers]] }], 'writing the lock tab header');
	await session.append(spreadsheetId, range, [row], 'claiming the tracker lock');
}

/** The failure of `call`, or null when it succeeds (its answer is not needed). */
function failureOf(call: Promise<unknown>): Promise<unknown> {
	return call.then(
		() => null,
		(error: unknown) => error ?? new Error('failed'),
	);
}

function inspect(rows: Row[], claimId: string, now: number): { ours: number; openAbove: number; releasedAtCol: number } {
	const header = (rows[0] ?? []).map(String);
	const col = (name: string, fallback: number) => (header.indexOf(name) >= 0 ? header.indexOf(name) : fallback);
	const idCol = col('claimId', 0);
	const expiresCol = col('expiresAt', 3);
	const releasedCol = col('releasedAt', 4);
	let ours = -1;
	let openAbove = 0;
	for (let i = 1; i < rows.length; i++) {
		const row = rows[i];
		if (row[idCol] === claimId) {
			ours = i;
			break;
		}
		const released = row[releasedCol] !== undefined && row[releasedCol] !== '';
		const expires = Date.parse(String(row[expiresCol] ?? ''));
		if (!released && (Number.isNaN(expires) ? false : expires > now) && row[idCol]) openAbove++;
	}
	return { ours, openAbove, releasedAtCol: releasedCol };
}

async function cleanup(session: SheetsSession, spreadsheetId: string, options: LockOptions, ours: number): Promise<number> {
	try {
		await session.batchUpdate(
			spreadsheetId,
			[{ deleteDimension: { range: { sheetId: options.sheetId, dimension: 'ROWS', startIndex: 1, endIndex: ours } } }],
			'tidying the lock tab',
		);
		return 2;
	} catch {
		// Housekeeping only: if it fails (the lock tab has another sheet id), the rows stay as they were.
		return ours + 1;
	}
}
