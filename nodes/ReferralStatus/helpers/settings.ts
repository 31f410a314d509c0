import type { IExecuteFunctions } from 'n8n-workflow';
import { currentInstant } from '../../shared/clock';
import { lockHolderOf } from '../../shared/trackerNode';
import type { ReferralTracker } from '../../tracker/referrals/referralTracker';
import type { ReferralSettings } from '../../tracker/referrals/run';
import { TRACKER_SCOPES, locateTracker, spreadsheetIdOf } from '../../tracker/locate';
import { identityOf } from '../../tracker/settings';
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
export async function openReferralTracker(ctx: IExecuteFunctions): Promise<{ referrals: ReferralTracker; settings?: Record<string, string> }> {
	const options = (ctx.getNodeParameter('options', 0, {}) ?? {}) as RetryOptions;
	const { trackerId: given, now, ...people } = await runSettings(ctx);
	const session = await openGoogleSession(ctx, {
		// Drive files the app makes (the partner views); all of Drive only to find the tracker
		// when no Spreadsheet ID is given (nodes/tracker/locate.ts).
		scopes: given ? [SHEETS_SCOPE, DRIVE_FILE_SCOPE] : TRACKER_SCOPES,
		baseDelayMs: options.retryBaseDelayMs ?? 1000,
		maxRetries: options.maxRetries ?? 8,
		pacing: options.paceRequests === false ? false : undefined,
	});
	const trackerId = given || (await locateTracker(session));
	const run = { now, lock: lockHolderOf(ctx, options.retryBaseDelayMs) };
	// Referral runs never write together with others (together.ts): the key is this run's alone.
	const tracker = new Tracker(session, trackerId, run, [trackerId, session.user, session.client.roots.sheets, now].join('|'));
	if (people.loanOfficerName) return { referrals: tracker.referrals(people) };
	// No name in the options: the Settings tab's (cached), "Alex Rivera, NMLS #123456", and on the
	// output items the LO's email for the partner and scoreboard emails. A tracker without a
	// Settings tab (made before it existed) signs with nothing.
	const settings = await tracker.settings().catch((error: unknown) => {
		if (/has no "Settings" tab/.test((error as Error)?.message ?? '')) return {} as Record<string, string>;
		throw error;
	});
	const { loName, nmlsId } = identityOf(settings);
	people.loanOfficerName = loName && nmlsId ? `${loName}, NMLS #${nmlsId}` : loName;
	return { referrals: tracker.referrals(people), settings };
}

/** What every operation needs, read once per execution: the tracker, the instant, the zone and the LO's name. */
export async function runSettings(ctx: IExecuteFunctions): Promise<ReferralSettings> {
	// Empty: the tracker of this Google account (nodes/tracker/locate.ts), found once the session is open.
	const trackerId = spreadsheetIdOf(ctx.getNodeParameter('spreadsheetId', 0, ''));
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
