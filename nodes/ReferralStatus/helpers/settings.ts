import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import { currentInstant } from '../../shared/clock';
import { lockHolderOf } from '../../shared/trackerNode';
import type { ReferralTracker } from '../../tracker/referrals/referralTracker';
import type { ReferralSettings } from '../../tracker/referrals/run';
import { Tracker } from '../../tracker/tracker';
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
	const { trackerId, now, ...people } = await runSettings(ctx);
	const run = { now, lock: lockHolderOf(ctx, options.retryBaseDelayMs) };
	// Referral runs never write together with others (together.ts): the key is this run's alone.
	return new Tracker(session, trackerId, run, [trackerId, session.user, session.client.roots.sheets, now].join('|')).referrals(people);
}

/** What every operation needs, read once per execution: the tracker, the instant, the zone and the LO's name. */
export async function runSettings(ctx: IExecuteFunctions): Promise<ReferralSettings> {
	const trackerId = String(ctx.getNodeParameter('spreadsheetId', 0, '') ?? '').trim();
	if (!trackerId) {
		throw new NodeOperationError(ctx.getNode(), 'Tracker Spreadsheet ID is empty', {
			description: 'Paste the id of your tracker spreadsheet: the long part of its address between /d/ and /edit',
		});
	}
	const now = await currentInstant(ctx, ctx.getNodeParameter('now', 0, ''));
	const options = ctx.getNodeParameter('options', 0, {}) as { timeZone?: string; loanOfficerName?: string };
	const workflowZone = typeof ctx.getTimezone === 'function' ? ctx.getTimezone() : '';
	return {
		trackerId,
		now,
		timeZone: (options.timeZone ?? '').trim() || workflowZone || 'UTC',
		loanOfficerName: (options.loanOfficerName ?? '').trim(),
	};
}
