import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import { currentInstant } from '../../shared/clock';

/** What every operation needs, read once per execution. */
export interface RunSettings {
	trackerId: string;
	/** The instant of this run: the "Now" parameter, else the real (or sandbox) time. */
	now: string;
	timeZone: string;
	loanOfficerName: string;
}

export async function runSettings(ctx: IExecuteFunctions): Promise<RunSettings> {
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
