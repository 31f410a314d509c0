import { DateTime } from 'luxon';
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { periodLabel, renderScoreboardEmail, scoreboard, scoreboardTable } from '../../core';
import { scoreboardChartRefresh, scoreboardChartRequest } from '../helpers/chart';
import { runSettings } from '../helpers/settings';
import { TABS, Table, partnersForScoreboard, readLeads, readPartners, readReferrals, readTouches } from '../helpers/tracker';
import { columnLetter, quoteTab, type CellValue, type ReferralSheets } from '../transport/referralSheets';

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
 * Reads Leads, Touches, Referrals and Partners once, computes the scoreboard, replaces the
 * Scoreboard tab in one write (creating it, with its chart, the first time) and returns the
 * weekly email (subject + HTML) as one item.
 */
export async function execute(ctx: IExecuteFunctions, sheets: ReferralSheets): Promise<INodeExecutionData[][]> {
	const settings = await runSettings(ctx);
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

	const existing = await sheets.tabsWithCharts(settings.trackerId);
	const scoreboardTab = existing.find((tab) => tab.title === TABS.scoreboard);
	const hasBoard = scoreboardTab !== undefined;
	const wanted = [TABS.leads, TABS.touches, TABS.referrals, TABS.partners, ...(hasBoard ? [TABS.scoreboard] : [])];
	const tabs = await sheets.readTabs(settings.trackerId, wanted);
	const { leads, unreadable: unreadableLeads } = readLeads(new Table(TABS.leads, tabs[TABS.leads]));
	const { touches, unreadable: unreadableTouches } = readTouches(new Table(TABS.touches, tabs[TABS.touches]));
	const tracked = readReferrals(new Table(TABS.referrals, tabs[TABS.referrals]), settings.timeZone);
	const partners = partnersForScoreboard(readPartners(new Table(TABS.partners, tabs[TABS.partners])));

	const board = scoreboard({ leads, touches, referrals: tracked.flatMap((row) => (row.referral ? [row.referral] : [])), from, to, partners });
	const table = scoreboardTable(board, { timeZone: settings.timeZone });

	if (!scoreboardTab) {
		const sheetId = Math.max(0, ...existing.map((tab) => tab.sheetId)) + 1;
		const requests = [{ addSheet: { properties: { sheetId, title: TABS.scoreboard, gridProperties: { frozenRowCount: 1 } } } }];
		if (ctx.getNodeParameter('addChart', 0, true) === true) requests.push(scoreboardChartRequest(sheetId, table.partnerBlock) as never);
		await sheets.batchUpdate(settings.trackerId, requests);
	} else {
		// The partner list changed length: the chart follows its block (no request otherwise).
		const refresh = scoreboardChartRefresh(scoreboardTab.sheetId, table.partnerBlock, scoreboardTab.charts);
		if (refresh) await sheets.batchUpdate(settings.trackerId, [refresh]);
	}
	await sheets.writeRanges(settings.trackerId, [padded(table.values, tabs[TABS.scoreboard] ?? [])]);

	const title = String(ctx.getNodeParameter('emailTitle', 0, 'Weekly scoreboard') ?? '') || 'Weekly scoreboard';
	return [
		[
			{
				json: {
					subject: `${title}: ${periodLabel(board.current.period, settings.timeZone)}`,
					html: renderScoreboardEmail(board, { title, loanOfficerName: settings.loanOfficerName, timeZone: settings.timeZone }),
					period: board.current.period as unknown as IDataObject,
					previousPeriod: board.previous.period as unknown as IDataObject,
					current: board.current as unknown as IDataObject,
					previous: board.previous as unknown as IDataObject,
					unreadableRows: {
						leads: unreadableLeads,
						touches: unreadableTouches,
						referrals: tracked.filter((row) => !row.referral).length,
					},
				},
				pairedItem: { item: 0 },
			},
		],
	];
}

/** The new grid over the old one: cells the new grid does not reach are blanked, in the same write. */
function padded(values: CellValue[][], previous: string[][]): { range: string; values: CellValue[][] } {
	const rows = Math.max(values.length, previous.length);
	const width = Math.max(...values.map((row) => row.length), ...previous.map((row) => row.length), 1);
	const grid = Array.from({ length: rows }, (_, row) => Array.from({ length: width }, (_, column) => values[row]?.[column] ?? ''));
	return { range: `${quoteTab(TABS.scoreboard)}!A1:${columnLetter(width)}${rows}`, values: grid };
}
