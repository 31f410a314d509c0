import type { ScoreboardTable } from '../../core';
import type { ChartSpec, Request } from '../../transport/sheets/types';

export const SCOREBOARD_CHART_TITLE = 'Referrals and closed loans by partner';

/**
 * A column chart of referrals and closed loans per partner, for a partner meeting. It reads
 * exactly the partner block of the Scoreboard tab (names, referrals, closed): not the source and
 * lost-reason blocks below it. The block grows and shrinks with the partner list, so each run
 * moves the chart's ranges along when they no longer match (scoreboardChartRefresh).
 */
export function scoreboardChartSpec(sheetId: number, block: ScoreboardTable['partnerBlock']): ChartSpec {
	const column = (index: number) => ({
		sheetId,
		startRowIndex: block.headerRow,
		endRowIndex: block.endRow,
		startColumnIndex: index,
		endColumnIndex: index + 1,
	});
	return {
		title: SCOREBOARD_CHART_TITLE,
		basicChart: {
			chartType: 'COLUMN',
			legendPosition: 'BOTTOM_LEGEND',
			headerCount: 1,
			axis: [
				{ position: 'BOTTOM_AXIS', title: 'Partner' },
				{ position: 'LEFT_AXIS', title: 'Referrals' },
			],
			domains: [{ domain: { sourceRange: { sources: [column(0)] } } }],
			series: [
				{ series: { sourceRange: { sources: [column(1)] } }, targetAxis: 'LEFT_AXIS' },
				{ series: { sourceRange: { sources: [column(2)] } }, targetAxis: 'LEFT_AXIS' },
			],
		},
	};
}

/** The chart, added when the Scoreboard tab is created, beside the figures. */
export function scoreboardChartRequest(sheetId: number, block: ScoreboardTable['partnerBlock']): Request {
	return {
		addChart: {
			chart: {
				spec: scoreboardChartSpec(sheetId, block),
				position: { overlayPosition: { anchorCell: { sheetId, rowIndex: 1, columnIndex: 6 } } },
			},
		},
	};
}

/**
 * The update that points an existing scoreboard chart at this run's partner block, or null when
 * it already does (the usual week: no extra request) or there is no such chart.
 */
export function scoreboardChartRefresh(
	sheetId: number,
	block: ScoreboardTable['partnerBlock'],
	charts: ReadonlyArray<{ chartId?: number | null; spec?: ChartSpec }>,
): Request | null {
	const chart = charts.find((candidate) => candidate.spec?.title === SCOREBOARD_CHART_TITLE && typeof candidate.chartId === 'number');
	if (!chart) return null;
	const wanted = scoreboardChartSpec(sheetId, block);
	const domain = chart.spec?.basicChart?.domains?.[0]?.domain?.sourceRange?.sources?.[0];
	if (domain && domain.sheetId === sheetId && domain.startRowIndex === block.headerRow && domain.endRowIndex === block.endRow) return null;
	// Keep what the loan officer changed on the chart (colours, titles); move only the ranges.
	const spec: ChartSpec = {
		...chart.spec,
		basicChart: { ...chart.spec?.basicChart, domains: wanted.basicChart?.domains, series: wanted.basicChart?.series },
	};
	return { updateChartSpec: { chartId: chart.chartId, spec } };
}
