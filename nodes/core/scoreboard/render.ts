import { DateTime } from 'luxon';
import type { ActivityFigures, ResultsFigures, ResultsRow, Scoreboard } from './scoreboard';

/** How a figure reads: a count, a 0..1 share, minutes, dollars or a plain ratio. */
export type FigureFormat = 'count' | 'percent' | 'minutes' | 'money' | 'ratio';

export interface FigureLine {
	section: 'Activity' | 'Results';
	label: string;
	current: number | null;
	previous: number | null;
	format: FigureFormat;
}

type Reading<T> = (figures: T) => number | null;
const ACTIVITY: Array<[string, Reading<ActivityFigures>, FigureFormat]> = [
	['Texts sent', (a) => a.touchesByChannel.sms, 'count'],
	['Calls made', (a) => a.touchesByChannel.call, 'count'],
	['Emails sent', (a) => a.touchesByChannel.email, 'count'],
	['New leads', (a) => a.newLeads, 'count'],
	['Touched within 5 minutes', (a) => a.shareTouchedWithin5Minutes, 'percent'],
	['Median time to first touch', (a) => a.medianMinutesToFirstTouch, 'minutes'],
	['New leads not yet touched', (a) => a.newLeadsNotTouched, 'count'],
	['Leads worked', (a) => a.leadsWorked, 'count'],
	['Touches per lead', (a) => a.touchesPerLead, 'ratio'],
	['Leads with 5+ touches', (a) => a.shareWith5PlusTouches, 'percent'],
	['Replies', (a) => a.replies, 'count'],
	['Appointments set', (a) => a.appointmentsSet, 'count'],
];
const RESULTS: Array<[string, Reading<ResultsFigures>, FigureFormat]> = [
	['Referrals received', (r) => r.referralsReceived, 'count'],
	['Referral conversion', (r) => r.conversion, 'percent'],
	['Loans closed', (r) => r.closed, 'count'],
	['Closed volume', (r) => r.closedVolume, 'money'],
	['Referrals lost', (r) => r.lost, 'count'],
];

/** The headline figures, this period beside the previous one, in reading order. */
export function scoreboardLines(board: Scoreboard): FigureLine[] {
	return [
		...ACTIVITY.map(([label, pick, format]): FigureLine => ({
			section: 'Activity',
			label,
			current: pick(board.current.activity),
			previous: pick(board.previous.activity),
			format,
		})),
		...RESULTS.map(([label, pick, format]): FigureLine => ({
			section: 'Results',
			label,
			current: pick(board.current.results),
			previous: pick(board.previous.results),
			format,
		})),
	];
}

export function formatFigure(value: number | null, format: FigureFormat): string {
	if (value === null) return '–';
	switch (format) {
		case 'percent':
			return `${Math.round(value * 100)}%`;
		case 'minutes':
			return value < 60 ? `${round1(value)} min` : `${round1(value / 60)} h`;
		case 'money':
			return `$${Math.round(value).toLocaleString('en-US')}`;
		case 'ratio':
			return String(round1(value));
		default:
			return String(value);
	}
}

/** "+3", "-12%" (percentage points), "–" when either side is missing. */
export function formatChange(line: FigureLine): string {
	if (line.current === null || line.previous === null) return '–';
	const delta = line.current - line.previous;
	const body =
		line.format === 'percent'
			? `${Math.round(Math.abs(delta) * 100)} pts`
			: formatFigure(Math.abs(delta), line.format);
	if (Math.abs(delta) < 1e-9) return '0';
	return `${delta > 0 ? '+' : '-'}${body}`;
}

export interface ScoreboardTable {
	/** Rows for the Scoreboard tab, header first. Numbers stay numbers so a chart can read them. */
	values: Array<Array<string | number>>;
	/** Where the by-partner block sits (0-based, end exclusive): the chart's data. */
	partnerBlock: { headerRow: number; firstRow: number; endRow: number };
}

/**
 * The Scoreboard tab: headline figures (this period, previous, change), then referrals by
 * partner and by source, then lost reasons. One grid so one write replaces it all.
 */
export function scoreboardTable(board: Scoreboard, options: { timeZone?: string } = {}): ScoreboardTable {
	const zone = options.timeZone ?? 'UTC';
	const values: Array<Array<string | number>> = [
		['Figure', `This period (${periodLabel(board.current.period, zone)})`, `Previous (${periodLabel(board.previous.period, zone)})`, 'Change'],
	];
	for (const line of scoreboardLines(board)) {
		values.push([line.label, sheetNumber(line.current, line.format), sheetNumber(line.previous, line.format), formatChange(line)]);
	}
	values.push([]);
	const headerRow = values.length;
	values.push(['Partner', 'Referrals', 'Closed', 'Conversion', 'Closed volume']);
	for (const row of board.current.results.byPartner) values.push(resultCells(row));
	const endRow = values.length;
	values.push([]);
	values.push(['Source', 'Referrals', 'Closed', 'Conversion', 'Closed volume']);
	for (const row of board.current.results.bySource) values.push(resultCells(row));
	values.push([]);
	values.push(['Lost reason', 'Count']);
	for (const lost of board.current.results.lostReasons) values.push([lost.label, lost.count]);
	return { values, partnerBlock: { headerRow, firstRow: headerRow + 1, endRow } };
}

export interface ScoreboardEmailOptions {
	/** The heading, e.g. "Weekly scoreboard". */
	title?: string;
	loanOfficerName?: string | null;
	/** Zone for the period dates. Default UTC. */
	timeZone?: string;
}

/** The weekly report as a plain HTML email body: small tables, inline styles, every value escaped. */
export function renderScoreboardEmail(board: Scoreboard, options: ScoreboardEmailOptions = {}): string {
	const zone = options.timeZone ?? 'UTC';
	const title = options.title ?? 'Your scoreboard';
	const cell = 'style="padding:4px 10px;border-bottom:1px solid #ddd;text-align:left"';
	const num = 'style="padding:4px 10px;border-bottom:1px solid #ddd;text-align:right"';
	const table = (head: string[], rows: string[][]) =>
		`<table style="border-collapse:collapse;font-family:Arial,sans-serif;font-size:14px;margin-bottom:16px">` +
		`<tr>${head.map((h, i) => `<th ${i === 0 ? cell : num}>${escapeHtml(h)}</th>`).join('')}</tr>` +
		rows.map((row) => `<tr>${row.map((v, i) => `<td ${i === 0 ? cell : num}>${escapeHtml(v)}</td>`).join('')}</tr>`).join('') +
		`</table>`;
	const lines = scoreboardLines(board);
	const section = (name: FigureLine['section']) =>
		table(
			[name, 'This period', 'Previous', 'Change'],
			lines
				.filter((line) => line.section === name)
				.map((line) => [line.label, formatFigure(line.current, line.format), formatFigure(line.previous, line.format), formatChange(line)]),
		);
	const results = board.current.results;
	const resultRows = (rows: ResultsRow[]) =>
		rows.map((row) => [row.label, String(row.received), String(row.closed), formatFigure(row.conversion, 'percent'), formatFigure(row.closedVolume, 'money')]);

	const parts = [
		`<h2 style="font-family:Arial,sans-serif">${escapeHtml(title)}</h2>`,
		`<p style="font-family:Arial,sans-serif">${escapeHtml(periodLabel(board.current.period, zone))}, compared with ${escapeHtml(periodLabel(board.previous.period, zone))}.</p>`,
		section('Activity'),
		section('Results'),
	];
	if (results.byPartner.length > 0) {
		parts.push(`<h3 style="font-family:Arial,sans-serif">Referrals by partner</h3>`);
		parts.push(table(['Partner', 'Referrals', 'Closed', 'Conversion', 'Closed volume'], resultRows(results.byPartner)));
	}
	if (results.bySource.length > 0) {
		parts.push(`<h3 style="font-family:Arial,sans-serif">Referrals by source</h3>`);
		parts.push(table(['Source', 'Referrals', 'Closed', 'Conversion', 'Closed volume'], resultRows(results.bySource)));
	}
	if (results.lostReasons.length > 0) {
		parts.push(`<h3 style="font-family:Arial,sans-serif">Why referrals were lost</h3>`);
		parts.push(table(['Reason', 'Count'], results.lostReasons.map((lost) => [lost.label, String(lost.count)])));
	}
	if ((options.loanOfficerName ?? '').trim()) {
		parts.push(`<p style="font-family:Arial,sans-serif">${escapeHtml((options.loanOfficerName as string).trim())}</p>`);
	}
	return `<!DOCTYPE html><html><body>${parts.join('\n')}</body></html>`;
}

/** "Nov 16 – Nov 22, 2026": the end is exclusive, so the last day shown is the day before it. */
export function periodLabel(period: { from: string; to: string }, timeZone = 'UTC'): string {
	const from = DateTime.fromISO(period.from, { zone: 'utc' }).setZone(timeZone);
	const lastDay = DateTime.fromISO(period.to, { zone: 'utc' }).setZone(timeZone).minus({ milliseconds: 1 });
	if (from.hasSame(lastDay, 'day')) return from.toFormat('LLL d, yyyy');
	return `${from.toFormat(from.hasSame(lastDay, 'year') ? 'LLL d' : 'LLL d, yyyy')} – ${lastDay.toFormat('LLL d, yyyy')}`;
}

export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function resultCells(row: ResultsRow): Array<string | number> {
	return [row.label, row.received, row.closed, row.conversion === null ? '' : round2(row.conversion), row.closedVolume];
}

function sheetNumber(value: number | null, format: FigureFormat): string | number {
	if (value === null) return '';
	return format === 'count' || format === 'money' ? value : round2(value);
}

function round1(value: number): number {
	return Math.round(value * 10) / 10;
}

function round2(value: number): number {
	return Math.round(value * 100) / 100;
}
