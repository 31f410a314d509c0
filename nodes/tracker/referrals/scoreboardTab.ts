import { funnelTable, scoreboard, scoreboardTable, sourceFunnel, type Scoreboard, type SheetProblem, type SourceFunnel } from '../../core';
import { toCell, type CellValue } from '../../transport/sheets';
import { boxRange } from '../../transport/sheets/a1';
import type { Request } from '../../transport/sheets/types';
import { scoreboardChartRefresh, scoreboardChartRequest } from './chart';
import { TABS, partnersForScoreboard, readLeads, readPartners, readReferrals, readTouches } from './referralTabs';
import type { ReferralSettings } from './run';
import type { ReferralSheets } from './sheets';
import { ShownTable } from './shownTable';

export interface ScoreboardRun {
	board: Scoreboard;
	/** The funnel by source and campaign for every lead, and the week's activity against the week before. */
	funnel: SourceFunnel;
	/** What the funnel could not read (tab, sheet row, field, what was done instead). */
	funnelProblems: SheetProblem[];
	/** Rows that could not be read, per tab: counted, never silently left out. */
	unreadableRows: { leads: number; touches: number; referrals: number };
}

/**
 * Write Scoreboard's run: one look at the tabs (and the chart), one read of Leads, Touches,
 * Referrals and Partners (and the old Scoreboard), the scoreboard and the funnel by source
 * computed by the core from those reads, the Scoreboard tab replaced in one write (created the first time, with its chart when `addChart`).
 * `from` / `to` are ISO instants: the period counted.
 */
export async function writeScoreboardTab(
	sheets: ReferralSheets,
	settings: ReferralSettings,
	period: { from: string; to: string; addChart: boolean },
): Promise<ScoreboardRun> {
	const existing = await sheets.tabsWithCharts(settings.trackerId);
	const scoreboardTab = existing.find((tab) => tab.title === TABS.scoreboard);
	const hasBoard = scoreboardTab !== undefined;
	const wanted = [TABS.leads, TABS.touches, TABS.referrals, TABS.partners, ...(hasBoard ? [TABS.scoreboard] : [])];
	const tabs = await sheets.readTabs(settings.trackerId, wanted);
	const { leads, unreadable: unreadableLeads } = readLeads(new ShownTable(TABS.leads, tabs[TABS.leads]), settings.timeZone);
	const { touches, unreadable: unreadableTouches } = readTouches(new ShownTable(TABS.touches, tabs[TABS.touches]), settings.timeZone);
	const tracked = readReferrals(new ShownTable(TABS.referrals, tabs[TABS.referrals]), settings.timeZone);
	const partners = partnersForScoreboard(readPartners(new ShownTable(TABS.partners, tabs[TABS.partners])));

	const board = scoreboard({ leads, touches, referrals: tracked.flatMap((row) => (row.referral ? [row.referral] : [])), from: period.from, to: period.to, partners });
	const table = scoreboardTable(board, { timeZone: settings.timeZone });
	// The funnel reads the same grids (every lead, not only referrals) and goes below, after a blank row.
	const funnel = sourceFunnel(tabs[TABS.leads] ?? [], tabs[TABS.touches] ?? [], tabs[TABS.referrals] ?? [], {
		from: period.from,
		to: period.to,
		zone: settings.timeZone,
	});
	table.values.push([], ...funnelTable(funnel, { timeZone: settings.timeZone }));

	if (!scoreboardTab) {
		const sheetId = Math.max(0, ...existing.map((tab) => tab.sheetId)) + 1;
		const requests: Request[] = [{ addSheet: { properties: { sheetId, title: TABS.scoreboard, gridProperties: { frozenRowCount: 1 } } } }];
		if (period.addChart) requests.push(scoreboardChartRequest(sheetId, table.partnerBlock));
		await sheets.batchUpdate(settings.trackerId, requests);
	} else {
		// The partner list changed length: the chart follows its block (no request otherwise).
		const refresh = scoreboardChartRefresh(scoreboardTab.sheetId, table.partnerBlock, scoreboardTab.charts);
		if (refresh) await sheets.batchUpdate(settings.trackerId, [refresh]);
	}
	await sheets.writeRanges(settings.trackerId, [padded(table.values, tabs[TABS.scoreboard] ?? [])]);
	return {
		board,
		funnel,
		funnelProblems: funnel.problems,
		unreadableRows: { leads: unreadableLeads, touches: unreadableTouches, referrals: tracked.filter((row) => !row.referral).length },
	};
}

/** The new grid over the old one: cells the new grid does not reach are blanked, in the same write. */
function padded(values: CellValue[][], previous: string[][]): { range: string; values: CellValue[][] } {
	const rows = Math.max(values.length, previous.length);
	const width = Math.max(...values.map((row) => row.length), ...previous.map((row) => row.length), 1);
	// Partner names and lead sources come from the tabs: the one escaping rule applies (toCell).
	const grid = Array.from({ length: rows }, (_, row) => Array.from({ length: width }, (_, column) => toCell(values[row]?.[column] ?? '')));
	return { range: boxRange(TABS.scoreboard, width, rows), values: grid };
}
