import type { IExecuteFunctions } from 'n8n-workflow';
import { lockHolderOf } from '../../shared/trackerNode';
import { TRACKER_LOCK_TAB } from '../../tracker/lock';
import type { LockOptions } from '../../transport/sheets';
import type { ReferralSheets } from '../transport/referralSheets';

/** The tracker lock the Lead Tracker's runs take (its hidden _Locks tab), for this execution. */
export function trackerLock(ctx: IExecuteFunctions): LockOptions {
	const options = (ctx.getNodeParameter('options', 0, {}) ?? {}) as { retryBaseDelayMs?: number };
	return { ...TRACKER_LOCK_TAB, ...lockHolderOf(ctx, options.retryBaseDelayMs) };
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
