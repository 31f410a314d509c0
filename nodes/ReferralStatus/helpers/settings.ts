import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import { currentInstant } from '../../shared/clock';
import { lockHolderOf } from '../../shared/trackerNode';
import { ReferralTracker } from '../../tracker/referrals/referralTracker';
import type { ReferralSettings } from '../../tracker/referrals/run';
import { ReferralSheets } from '../../tracker/referrals/sheets';
import { DRIVE_FILE_SCOPE, SHEETS_SCOPE, openGoogleSession } from '../../transport/sheets';

/** The node's Options that tune the Google calls (as the Lead Tracker has them). */
interface RetryOptions {
	retryBaseDelayMs?: number;
	maxRetries?: number;
	paceRequests?: boolean;
}

/**
 * The tracker of this execution, opened once by the router: the one Google session (signed in
 * for Sheets and, for the partner views, Drive files the app makes: drive.file), the run's
 * settings and its lock.
 */
export async function openReferralTracker(ctx: IExecuteFunctions): Promise<ReferralTracker> {
	const options = (ctx.getNodeParameter('options', 0, {}) ?? {}) as RetryOptions;
	const session = await openGoogleSession(ctx, {
		scopes: [SHEETS_SCOPE, DRIVE_FILE_SCOPE],
		baseDelayMs: options.retryBaseDelayMs ?? 1000,
		maxRetries: options.maxRetries ?? 8,
		pacing: options.paceRequests === false ? false : undefined,
	});
	const settings = await runSettings(ctx);
	return new ReferralTracker(new ReferralSheets(session), settings, { now: settings.now, lock: lockHolderOf(ctx, options.retryBaseDelayMs) });
}

/** What every operation needs, read once per execution: the tracker, the instant, the zone and the LO's name. */
export async function runSettings(ctx: IExecuteFunctions): Promise<ReferralSettings> {
	const trackerId = String(ctx.getNodeParameter('spreadsheetId', 0, '') ?? '').trim();
	if (!trackerId) {
		throw new NodeOperationError(ctx.getNode(), 'Tracker Spreadsheet ID is empty', {
			description: 'Paste the id of your tracker spreadsheet: the long part of its address between /d/ and /edit',
		});
	}
	let now: string;
	try {
		now = await currentInstant(ctx, ctx.getNodeParameter('now', 0, ''));
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), (error as Error).message, { description: 'Check the node\'s "Now" parameter, or leave it empty' });
	}
	const options = ctx.getNodeParameter('options', 0, {}) as { timeZone?: string; loanOfficerName?: string };
	const workflowZone = typeof ctx.getTimezone === 'function' ? ctx.getTimezone() : '';
	return {
		trackerId,
		now,
		timeZone: (options.timeZone ?? '').trim() || workflowZone || 'UTC',
		loanOfficerName: (options.loanOfficerName ?? '').trim(),
	};
}
