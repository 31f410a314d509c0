import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import { currentInstant } from '../../shared/clock';
import { lockHolderOf } from '../../shared/trackerNode';
import { ReferralTracker } from '../../tracker/referrals/referralTracker';
import type { ReferralSettings } from '../../tracker/referrals/run';
import { referralSheetsFor } from '../transport/client';

/** The tracker of this execution: its Google calls, settings and lock, opened once by the router. */
export async function openReferralTracker(ctx: IExecuteFunctions): Promise<ReferralTracker> {
	const sheets = await referralSheetsFor(ctx);
	const settings = await runSettings(ctx);
	const options = (ctx.getNodeParameter('options', 0, {}) ?? {}) as { retryBaseDelayMs?: number };
	return new ReferralTracker(sheets, settings, { now: settings.now, lock: lockHolderOf(ctx, options.retryBaseDelayMs) });
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
