import type { IExecuteFunctions } from 'n8n-workflow';
// The lock tab as the shared tracker template defines it (title, fixed sheet id, headers): one
// definition for the Lead Tracker and this node, so both take the same lock.
import { headersOf, tabByKey } from '../../shared/trackerTemplate';
import type { LockOptions } from '../../transport/sheets';
import type { ReferralSheets } from '../transport/referralSheets';

const LOCKS = tabByKey('locks');

/**
 * The tracker lock the Lead Tracker's runs take (its hidden _Locks tab), for this execution: who
 * holds it, and polls as quick as the node's first retry delay (as the Lead Tracker polls).
 */
export function trackerLock(ctx: IExecuteFunctions): LockOptions {
	const options = (ctx.getNodeParameter('options', 0, {}) ?? {}) as { retryBaseDelayMs?: number };
	return {
		tab: LOCKS.title,
		sheetId: LOCKS.sheetId,
		headers: headersOf(LOCKS),
		pollMs: Math.min(250, Math.max(1, options.retryBaseDelayMs ?? 250)),
		holder: `n8n execution ${ctx.getExecutionId?.() ?? ''}`.trim(),
	};
}

/**
 * Reads `tabs` of the tracker holding the tracker lock and runs `work` on them (decide, then write):
 * no other run of this node or of the Lead Tracker reads or writes the tracker in between. The lock
 * is released once `work` has written, and when it fails.
 */
export async function withTrackerLock<T>(
	sheets: ReferralSheets,
	trackerId: string,
	tabs: readonly string[],
	lock: LockOptions,
	work: (tabs: Record<string, string[][]>) => Promise<T>,
): Promise<T> {
	const held = await sheets.readTabsLocked(trackerId, tabs, lock);
	let result: T;
	try {
		result = await work(held.tabs);
	} catch (error) {
		// The run's error is the one to report; a claim left unreleased lapses with its lease.
		await sheets.writeRanges(trackerId, [held.lock.release()]).catch(() => undefined);
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- passed on as it came: a NodeOperationError naming the item, or a Google failure the router turns into one
		throw error;
	}
	await sheets.writeRanges(trackerId, [held.lock.release()]);
	return result;
}
