import { DateTime } from 'luxon';
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { funnelText, periodLabel, renderScoreboardEmailWithFunnel } from '../../core';
import type { ReferralTracker } from '../../tracker/referrals/referralTracker';

const show = { show: { operation: ['writeScoreboard'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Period (Days)',
		name: 'periodDays',
		type: 'number',
		default: 7,
		typeOptions: { minValue: 1 },
		displayOptions: show,
		description: 'How many days the scoreboard covers; the same number of days before is shown for comparison',
	},
	{
		displayName: 'Period Ends',
		name: 'periodEnd',
		type: 'string',
		default: '',
		placeholder: 'e.g. 2026-11-23',
		displayOptions: show,
		description: 'The day after the last day counted. Empty = today, so the period is the full days up to yesterday.',
	},
	{
		displayName: 'Email Title',
		name: 'emailTitle',
		type: 'string',
		default: 'Weekly scoreboard',
		displayOptions: show,
	},
	{
		displayName: 'Add Chart',
		name: 'addChart',
		type: 'boolean',
		default: true,
		displayOptions: show,
		description: 'Whether to add a referrals-by-partner chart when the Scoreboard tab is first created',
	},
];

/**
 * Reads Leads, Touches, Referrals and Partners once, computes the scoreboard and the funnel by
 * source (leads -> contacted -> conversation -> appointment -> application -> closed, with the
 * week's calls, conversations, appointments and notes against the week before), replaces the
 * Scoreboard tab in one write (creating it, with its chart, the first time) and returns the
 * weekly email (subject + HTML) as one item.
 */
export async function execute(ctx: IExecuteFunctions, tracker: ReferralTracker): Promise<INodeExecutionData[][]> {
	const { settings } = tracker;
	const days = Number(ctx.getNodeParameter('periodDays', 0, 7));
	const endText = String(ctx.getNodeParameter('periodEnd', 0, '') ?? '').trim();
	const end = endText
		? DateTime.fromISO(endText, { zone: settings.timeZone })
		: DateTime.fromISO(settings.now, { zone: 'utc' }).setZone(settings.timeZone).startOf('day');
	if (!end.isValid || !(days >= 1)) {
		throw new NodeOperationError(ctx.getNode(), `Period Ends must be a date such as 2026-11-23 and Period (Days) at least 1, got "${endText}" and ${days}`);
	}
	const to = end.toUTC().toISO() as string;
	const from = end.minus({ days }).toUTC().toISO() as string;
	const { board, funnel, funnelProblems, unreadableRows } = await tracker.writeScoreboard({ from, to, addChart: ctx.getNodeParameter('addChart', 0, true) === true });

	const title = String(ctx.getNodeParameter('emailTitle', 0, 'Weekly scoreboard') ?? '') || 'Weekly scoreboard';
	return [
		[
			{
				json: {
					subject: `${title}: ${periodLabel(board.current.period, settings.timeZone)}`,
					html: renderScoreboardEmailWithFunnel(board, funnel, { title, loanOfficerName: settings.loanOfficerName, timeZone: settings.timeZone }),
					text: funnelText(funnel, { timeZone: settings.timeZone }),
					period: board.current.period as unknown as IDataObject,
					previousPeriod: board.previous.period as unknown as IDataObject,
					current: board.current as unknown as IDataObject,
					previous: board.previous as unknown as IDataObject,
					funnel: { period: funnel.period, total: funnel.total, bySource: funnel.bySource, activity: funnel.activity } as unknown as IDataObject,
					unreadableRows,
					// Cells the funnel could not read, by tab, row and field: the LO can fix them in the sheet.
					funnelProblems: funnelProblems as unknown as IDataObject[],
				},
				pairedItem: { item: 0 },
			},
		],
	];
}
