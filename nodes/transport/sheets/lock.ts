import { randomBytes } from 'node:crypto';
import { cellRange, quoteTab } from './a1';
import { SheetsError } from './errors';
import { appendedRows } from './landed';
import type { Row, SheetsSession } from './session';
import type { Request } from './types';

/**
 * Two runs that overlap (a schedule and a webhook, two queue-mode workers) must not both
 * read-modify-write the tracker: one would overwrite the other's rows or log the same touch twice.
 * Sheets has no transactions; the lock is a queue of claim rows in the hidden lock tab:
 *
 * 1. claim: append a row (claimId, holder, claimedAt, expiresAt, releasedAt) to the lock tab;
 * 2. read the lock tab together with the tabs the run needs (one batchGet): the run holds the lock
 *    when no claim above its own row is still open (not released, not expired); otherwise it waits
 *    with backoff, re-reading only the lock tab, then reads its data;
 * 3. write, and release by stamping releasedAt on its row in the run's last batch write.
 *
 * Leases: a claim is valid until its expiresAt, a short lease (45 s) that the run renews (a write
 * of expiresAt) before a request once a third of it has passed, while it waits or works, so a run
 * that stops (n8n killed, a crash) blocks the others for one lease, never minutes. A renewal
 * counts only when Google confirmed it well before the old expiry; a run whose lease lapsed sends
 * nothing more (its requests fail with "lapsed"), and a waiting run whose lease lapsed claims
 * again at the end of the queue. Why this is safe against Google, and what it assumes:
 * docs/tracker.md ("The lock").
 *
 * Housekeeping: the holder deletes finished claims above its own row once there are many (rows
 * above the holder are all finished, so nobody else's row number is in use).
 */
export interface LockOptions {
	tab: string;
	/** The lock tab's fixed sheet id (for housekeeping). */
	sheetId: number;
	/** Column headers of the lock tab, in order (to create it when missing). */
	headers: readonly string[];
	/** How long a claim stays valid without renewal (default 45 s): how long a run that died blocks the others. */
	leaseMs?: number;
	/** Give up waiting for other runs after this long (default 3 minutes). */
	maxWaitMs?: number;
	/** First wait between polls (default 250 ms), doubling up to 5 s. */
	pollMs?: number;
	/** Delete finished claims once more than this many sit above ours (default 500). */
	cleanupAbove?: number;
	/** Who is asking, for people reading the tab, e.g. "n8n execution 123". */
	holder?: string;
}

/** The lease of a claim by default (LockOptions.leaseMs). */
export const LOCK_LEASE_MS = 45_000;
const MAX_WAIT_MS = 180_000;

export interface HeldLock {
	claimId: string;
	/** The claim's row in the lock tab, 1-based. */
	row: number;
	/** When the claim lapses unless renewed (ms), as last confirmed. */
	readonly expiresAt: number;
	/** The range and value that release the lock: include it in the run's last batch write. */
	release(): { range: string; values: Row[] };
	/** The same release as a spreadsheets.batchUpdate request (on the lock tab's sheet id). */
	releaseRequest(): Request;
	/** The run's work is over (released or failed): the lease is no longer renewed. */
	end(): void;
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

/** A failure that means this run's lease lapsed (it must not write anything more). */
export function isLapsed(error: unknown): boolean {
	return error instanceof SheetsError && error.status === 409 && error.message.startsWith('The tracker lock of this run lapsed');
}

/**
 * A claim's lease, renewed before the session's requests (beforeEachRequest) only when it is
 * getting old: once a third of the lease (15 s of the default 45) has passed since the write that
 * last proved it (the claim, or the last renewal), the next request first writes a new expiresAt.
 * So every request goes out with at least two thirds of the lease left, and has that, less
 * `margin`, to land (25 s by default: a 100,000-lead write takes a few); a drip run, whose steps
 * each claim, read and write within seconds, makes no renewal at all. The renewal holds only if
 * its answer came while the old lease still had `margin` to run (an eighth of the lease, at most
 * 5 s: what clocks of two n8n machines may differ by).
 */
class Lease {
	expiresAt: number;
	renewedAt: number;
	lapsed = false;
	private renewing: Promise<void> | null = null;
	private readonly renewAfter: number;
	private readonly margin: number;

	constructor(
		private readonly session: SheetsSession,
		private readonly spreadsheetId: string,
		private readonly tab: string,
		private readonly leaseMs: number,
		claimedAt: number,
		/** The claim's sheet row (1-based), kept up to date from each read of the lock tab. */
		public row: number,
		public expiresCol = 3,
	) {
		this.expiresAt = claimedAt + leaseMs;
		this.renewedAt = claimedAt;
		this.renewAfter = leaseMs / 3;
		this.margin = Math.min(5000, leaseMs / 8);
	}

	readonly check = async (): Promise<void> => {
		if (this.lapsed) throw this.lapsedError();
		const now = this.session.now();
		if (this.expiresAt - now <= this.margin) {
			this.lapsed = true;
			throw this.lapsedError();
		}
		if (now - this.renewedAt < this.renewAfter || this.row < 2) return;
		this.renewing ??= this.renew().finally(() => {
			this.renewing = null;
		});
		await this.renewing;
	};

	private async renew(): Promise<void> {
		const sentAt = this.session.now();
		const before = this.expiresAt;
		const next = sentAt + this.leaseMs;
		const written = await this.session
			.leaseWrite(this.spreadsheetId, [{ range: cellRange(this.tab, this.expiresCol, this.row), values: [[new Date(next).toISOString()]] }], 'renewing the tracker lock')
			.then(
				() => true,
				() => false,
			);
		// Not written (or not known to be): tried again before the next request, until the margin.
		if (!written) return;
		if (this.session.now() < before - this.margin) {
			this.expiresAt = next;
			this.renewedAt = sentAt;
			return;
		}
		this.lapsed = true;
		throw this.lapsedError();
	}

	lapsedError(): SheetsError {
		return new SheetsError(
			`The tracker lock of this run lapsed: its claim in the hidden ${this.tab} tab could not be renewed within ${Math.round(this.leaseMs / 1000)} s`,
			409,
			'',
			'Another run may be writing now, so this step stopped before writing anything more. Run it again; if it keeps happening, Google was answering very slowly.',
		);
	}
}

/** acquireLock with the run's own reading of its data (e.g. session.readColumns). */
export async function acquireLockWith<T>(
	session: SheetsSession,
	spreadsheetId: string,
	options: LockOptions,
	reads: LockReads<T>,
): Promise<{ lock: HeldLock; data: T }> {
	const leaseMs = options.leaseMs ?? LOCK_LEASE_MS;
	const maxWaitMs = options.maxWaitMs ?? MAX_WAIT_MS;
	const lockRange = quoteTab(options.tab);
	const started = session.now();
	let claimId = '';
	let lease: Lease | undefined;
	let stop = () => {};
	/** Appends a new claim; `sent` is called once its request is on its way (before its answer). */
	const claimAgain = async (sent?: () => void) => {
		stop();
		claimId = `${randomBytes(6).toString('hex')}`;
		const claimedAt = session.now();
		const claiming = claim(session, spreadsheetId, options, [
			claimId,
			options.holder ?? 'n8n',
			new Date(claimedAt).toISOString(),
			new Date(claimedAt + leaseMs).toISOString(),
			'',
		]);
		sent?.();
		const row = await claiming;
		lease = new Lease(session, spreadsheetId, options.tab, leaseMs, claimedAt, row);
		stop = session.beforeEachRequest(lease.check);
	};
	const giveUp = (row: number, releasedAtCol: number) =>
		session.leaseWrite(spreadsheetId, [{ range: cellRange(options.tab, releasedAtCol, row), values: [[new Date(session.now()).toISOString()]] }], 'giving up the tracker lock');

	// The first claim and the first read go out together: one round trip before the run has its
	// data instead of two. The read counts only if it shows the claim (Google applied the claim
	// first); if it came back without it, or failed (a lock tab made just now), it is read again.
	let early: Promise<{ lockRows: Row[]; data: T } | null> | null = null;
	{
		let reading: Promise<{ lockRows: Row[]; data: T } | null> | undefined;
		const claiming = claimAgain(() => {
			reading = reads.withLock(lockRange).catch(() => null);
		});
		await claiming.catch(async (error: unknown) => {
			await reading;
			throw error;
		});
		early = reading ?? null;
	}
	let pollMs = options.pollMs ?? 250;
	let withData = true;
	// Until the lock is handed to the run, a failure ends the lease's renewals here.
	let handed = false;
	try {
		for (;;) {
			const fromEarly = early !== null;
			const read = async (): Promise<{ lockRows: Row[]; data?: T }> => {
				const first = early ? await early : null;
				early = null;
				if (first) return first;
				if (withData) return reads.withLock(lockRange);
				const [lockRows] = await session.batchGet(spreadsheetId, [lockRange], 'reading the lock tab');
				return { lockRows };
			};
			const got = await read().then(
				(value) => ({ ok: true as const, value }),
				(failure: unknown) => ({ ok: false as const, failure }),
			);
			if (!got.ok) {
				if (!isLapsed(got.failure)) throw got.failure;
				// Our claim lapsed while we waited (Google too slow to renew it): queue again at the end.
				await giveUp(lease!.row, 4).catch(() => undefined);
				await claimAgain();
				withData = true;
				continue;
			}
			const { lockRows } = got.value;
			let { data } = got.value;
			const state = inspect(lockRows, claimId, session.now());
			if (state.ours < 0 && fromEarly) {
				// The early read was served before the claim: read again (nothing was decided on it).
				withData = true;
				continue;
			}
			if (state.ours < 0) throw new SheetsError('The lock row of this run disappeared from the _Locks tab', 409, '', 'Do not edit the hidden _Locks tab; run the step again.');
			const held = lease!;
			held.row = state.ours + 1;
			held.expiresCol = state.expiresAtCol;
			if (state.openAbove === 0) {
				if (state.ours - 1 > (options.cleanupAbove ?? 500)) {
					held.row = await cleanup(session, spreadsheetId, options, state.ours);
				}
				const releasedAt = () => new Date(session.now()).toISOString();
				const lock: HeldLock = {
					claimId,
					get row() {
						return held.row;
					},
					get expiresAt() {
						return held.expiresAt;
					},
					release: () => ({ range: cellRange(options.tab, state.releasedAtCol, held.row), values: [[releasedAt()]] }),
					releaseRequest: () => ({
						updateCells: {
							start: { sheetId: options.sheetId, rowIndex: held.row - 1, columnIndex: state.releasedAtCol },
							rows: [{ values: [{ userEnteredValue: { stringValue: releasedAt() } }] }],
							fields: 'userEnteredValue',
						},
					}),
					end: stop,
				};
				const ready = withData ? (data as T) : await reads.alone();
				handed = true;
				return { lock, data: ready };
			}
			// Another run holds the lock: what was read is stale, drop it before waiting.
			data = undefined;
			if (session.now() - started >= maxWaitMs) {
				await giveUp(held.row, state.releasedAtCol);
				throw new SheetsError(
					`The tracker is busy: another run has been writing to it for over ${Math.round(maxWaitMs / 1000)} s`,
					409,
					'',
					'Nothing from this step was written. Run it again; if it keeps happening, a run may have stopped half-way: its claim in the hidden _Locks tab lapses on its own within a minute.',
				);
			}
			withData = false;
			await session.sleep(pollMs);
			pollMs = Math.min(5000, pollMs * 2);
		}
	} finally {
		if (!handed) stop();
	}
}

/** Appends the claim row; returns its sheet row (1-based) as Google placed it, 0 when not told. */
async function claim(session: SheetsSession, spreadsheetId: string, options: LockOptions, row: Row): Promise<number> {
	const range = quoteTab(options.tab);
	const rowOf = (answer: { updates?: { updatedRange?: string | null } }) => Number(/![A-Z]+(\d+)/.exec(answer.updates?.updatedRange ?? '')?.[1] ?? 0);
	let answer: { updates?: { updatedRange?: string | null } } | undefined;
	// A claim whose answer was lost is looked for (by its claim id) before it is appended again:
	// a second row with our id would block everyone after it until its lease ran out.
	const landed = () => appendedRows(session, spreadsheetId, options.tab, 0, [row[0]], 1);
	const claimed = await failureOf(session.append(spreadsheetId, range, [row], 'claiming the tracker lock', landed).then((a) => void (answer = a)));
	if (claimed === null) return rowOf(answer ?? {});
	// Any failure but a missing lock tab is the caller's to report, as it came.
	if (!(claimed instanceof SheetsError) || !claimed.message.includes(`no "${options.tab}" tab`)) throw claimed;
	// A tracker built by hand from the CSVs has no lock tab yet: add it (hidden) with its header in
	// the same request, so no run can append a claim to a tab that has no header yet (a header
	// written afterwards would land over that claim), and claim again.
	const header = { values: options.headers.map((name) => ({ userEnteredValue: { stringValue: name } })) };
	const added = await failureOf(
		session.batchUpdate(
			spreadsheetId,
			[
				{ addSheet: { properties: { title: options.tab, sheetId: options.sheetId, hidden: true, gridProperties: { rowCount: 1000, columnCount: options.headers.length } } } },
				{ updateCells: { start: { sheetId: options.sheetId, rowIndex: 0, columnIndex: 0 }, rows: [header], fields: 'userEnteredValue' } },
			],
			'adding the hidden lock tab',
		),
	);
	// Another run added it at the same moment: fine.
	if (added !== null && !/already exists/.test((added as SheetsError).googleMessage ?? '')) throw added;
	return rowOf(await session.append(spreadsheetId, range, [row], 'claiming the tracker lock', landed));
}

/** The failure of `call`, or null when it succeeds (its answer is not needed). */
function failureOf(call: Promise<unknown>): Promise<unknown> {
	return call.then(
		() => null,
		(error: unknown) => error ?? new Error('failed'),
	);
}

function inspect(rows: Row[], claimId: string, now: number): { ours: number; openAbove: number; releasedAtCol: number; expiresAtCol: number } {
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
	return { ours, openAbove, releasedAtCol: releasedCol, expiresAtCol: expiresCol };
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
