import type { CellValue } from '../../transport/sheets';
import type { LockOptions } from '../../transport/sheets/lock';
import type { EmbeddedChart, Request, Response } from '../../transport/sheets/types';

/**
 * The few Google calls the referral runs make. Every run works through this interface so the
 * number of API requests per run is visible in one place: one read of the tracker, one write per
 * tab, and per partner view one read and one write (plus, the first time, finding or making the
 * view and sharing it).
 */

/** The tracker lock, held: its release is a write to send with the run's last write, or alone on failure. */
export interface TrackerLock {
	release(): { range: string; values: CellValue[][] };
}

export interface ReferralSheets {
	/** The named tabs of one spreadsheet in one request (values as the sheet shows them). */
	readTabs(spreadsheetId: string, tabs: readonly string[]): Promise<Record<string, string[][]>>;
	/**
	 * `readTabs` holding the tracker lock that the Lead Tracker's runs take too (the hidden lock
	 * tab, see nodes/transport/sheets/lock.ts): a claim is appended to the lock tab, which is then
	 * read in the same request as `tabs`. While another run holds the lock this waits, and reads
	 * `tabs` again once it is free. The caller releases the lock (`lock.release()`) in its last
	 * write, and on failure.
	 */
	readTabsLocked(spreadsheetId: string, tabs: readonly string[], lock: LockOptions): Promise<{ tabs: Record<string, string[][]>; lock: TrackerLock }>;
	/** Several ranges of one spreadsheet written in one request, RAW (text stays text). */
	writeRanges(spreadsheetId: string, data: Array<{ range: string; values: CellValue[][] }>): Promise<void>;
	/**
	 * Rows added below a tab's table in one request, RAW, inserting rows: Google places them, so two
	 * runs appending at the same moment never write over each other's rows.
	 */
	appendRows(spreadsheetId: string, tab: string, rows: CellValue[][]): Promise<void>;
	/** Tab title -> sheetId, in one request. */
	tabIds(spreadsheetId: string): Promise<Map<string, number>>;
	/** Every tab with its sheetId and charts (id and spec), in one request. */
	tabsWithCharts(spreadsheetId: string): Promise<Array<{ title: string; sheetId: number; charts: EmbeddedChart[] }>>;
	/**
	 * The partner view spreadsheet marked with `key` (a Drive appProperty set when it was made),
	 * else a new empty one titled `title` carrying that mark. Safe to retry: a creation whose answer
	 * was lost is found by its mark on the next attempt, so a partner never gets a second sheet.
	 */
	ensureView(title: string, key: string): Promise<{ spreadsheetId: string; created: boolean }>;
	/** Structural changes (new tab, chart) in one atomic request; returns the replies. */
	batchUpdate(spreadsheetId: string, requests: Request[]): Promise<Response[]>;
	/** Gives `email` read access to the spreadsheet (Google Drive permission). */
	share(spreadsheetId: string, email: string): Promise<void>;
}
