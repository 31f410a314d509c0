import type { IExecuteFunctions } from 'n8n-workflow';
import type { LockOptions } from '../transport/sheets';
import { headersOf, tabByKey } from './trackerTemplate';

const LOCKS = tabByKey('locks');

/**
 * The tracker lock's tab as the template defines it (title, fixed sheet id, headers): the Lead
 * Tracker and Referral Status take the same lock, so neither writes while the other does.
 */
export const TRACKER_LOCK_TAB: Pick<LockOptions, 'tab' | 'sheetId' | 'headers'> = {
	tab: LOCKS.title,
	sheetId: LOCKS.sheetId,
	headers: headersOf(LOCKS),
};

/** Who holds the lock (the execution, for people reading the tab) and how fast a waiting run polls: as quick as the node's first retry delay. */
export function lockHolderOf(ctx: IExecuteFunctions, retryBaseDelayMs: number | undefined): Pick<LockOptions, 'pollMs' | 'holder'> {
	return {
		pollMs: Math.min(250, Math.max(1, retryBaseDelayMs ?? 250)),
		holder: `n8n execution ${ctx.getExecutionId?.() ?? ''}`.trim(),
	};
}
