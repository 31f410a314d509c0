import type { sheets_v4 } from '@googleapis/sheets';
import type { ScoreboardTable } from '../../core';

/** Rows the chart reads below the partner header: room for a long partner list, blanks ignored. */
const PARTNER_ROWS = 50;

/**
 * A column chart of referrals and closed loans per partner, for a partner meeting. The
 * Scoreboard tab keeps the partner block at a fixed place, so the chart stays right as the
 * figures are rewritten each week.
 */
export function scoreboardChartRequest(sheetId: number, block: ScoreboardTable['partnerBlock']): sheets_v4.Schema$Request {
	const column = (index: number) => ({
		sheetId,
		startRowIndex: block.headerRow,
		endRowIndex: block.firstRow + PARTNER_ROWS,
		startColumnIndex: index,
		endColumnIndex: index + 1,
	});
	return {
		addChart: {
			chart: {
				spec: {
					title: 'Referrals and closed loans by partner',
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
				},
				position: { overlayPosition: { anchorCell: { sheetId, rowIndex: 1, columnIndex: 6 } } },
			},
		},
	};
}
