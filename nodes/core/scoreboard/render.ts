import { DateTime } from 'luxon';
import { FUNNEL_STEPS, FUNNEL_STEP_LABELS, type FunnelActivityWeek, type FunnelRow, type FunnelStep, type SourceFunnel } from './funnel';
import type { ActivityFigures, ResultsFigures, ResultsRow, Scoreboard } from './scoreboard';
import { stripUnsafeCharacters } from '../safeText';

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
	return { values: values.map(plainCells), partnerBlock: { headerRow, firstRow: headerRow + 1, endRow } };
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
	return emailDocument([...scoreboardEmailParts(board, options), ...signOff(options)]);
}

/**
 * The weekly report with the funnel by source and the week's activity after the results: the
 * same email as renderScoreboardEmail, plus that section.
 */
export function renderScoreboardEmailWithFunnel(board: Scoreboard, funnel: SourceFunnel, options: ScoreboardEmailOptions = {}): string {
	return emailDocument([...scoreboardEmailParts(board, options), renderFunnelHtml(funnel, { timeZone: options.timeZone }), ...signOff(options)]);
}

const FONT = 'style="font-family:Arial,sans-serif"';
const CELL = 'style="padding:4px 10px;border-bottom:1px solid #ddd;text-align:left"';
const NUM = 'style="padding:4px 10px;border-bottom:1px solid #ddd;text-align:right"';

function htmlTable(head: string[], rows: string[][]): string {
	return (
		`<table style="border-collapse:collapse;font-family:Arial,sans-serif;font-size:14px;margin-bottom:16px">` +
		`<tr>${head.map((h, i) => `<th ${i === 0 ? CELL : NUM}>${escapeHtml(h)}</th>`).join('')}</tr>` +
		rows.map((row) => `<tr>${row.map((v, i) => `<td ${i === 0 ? CELL : NUM}>${escapeHtml(v)}</td>`).join('')}</tr>`).join('') +
		`</table>`
	);
}

function emailDocument(parts: string[]): string {
	return `<!DOCTYPE html><html><body>${parts.join('\n')}</body></html>`;
}

function signOff(options: ScoreboardEmailOptions): string[] {
	const name = (options.loanOfficerName ?? '').trim();
	return name ? [`<p ${FONT}>${escapeHtml(name)}</p>`] : [];
}

function scoreboardEmailParts(board: Scoreboard, options: ScoreboardEmailOptions): string[] {
	const zone = options.timeZone ?? 'UTC';
	const title = options.title ?? 'Your scoreboard';
	const lines = scoreboardLines(board);
	const section = (name: FigureLine['section']) =>
		htmlTable(
			[name, 'This period', 'Previous', 'Change'],
			lines
				.filter((line) => line.section === name)
				.map((line) => [line.label, formatFigure(line.current, line.format), formatFigure(line.previous, line.format), formatChange(line)]),
		);
	const results = board.current.results;
	const resultRows = (rows: ResultsRow[]) =>
		rows.map((row) => [row.label, String(row.received), String(row.closed), formatFigure(row.conversion, 'percent'), formatFigure(row.closedVolume, 'money')]);

	const parts = [
		`<h2 ${FONT}>${escapeHtml(title)}</h2>`,
		`<p ${FONT}>${escapeHtml(periodLabel(board.current.period, zone))}, compared with ${escapeHtml(periodLabel(board.previous.period, zone))}.</p>`,
		section('Activity'),
		section('Results'),
	];
	if (results.byPartner.length > 0) {
		parts.push(`<h3 ${FONT}>Referrals by partner</h3>`);
		parts.push(htmlTable(['Partner', 'Referrals', 'Closed', 'Conversion', 'Closed volume'], resultRows(results.byPartner)));
	}
	if (results.bySource.length > 0) {
		parts.push(`<h3 ${FONT}>Referrals by source</h3>`);
		parts.push(htmlTable(['Source', 'Referrals', 'Closed', 'Conversion', 'Closed volume'], resultRows(results.bySource)));
	}
	if (results.lostReasons.length > 0) {
		parts.push(`<h3 ${FONT}>Why referrals were lost</h3>`);
		parts.push(htmlTable(['Reason', 'Count'], results.lostReasons.map((lost) => [lost.label, String(lost.count)])));
	}
	return parts;
}

// ---------------------------------------------------------------------------------------------
// The funnel by source and the week's activity (sourceFunnel)

const ACTIVITY_WEEK: Array<[string, keyof Omit<FunnelActivityWeek, 'from' | 'to'>]> = [
	['Calls made', 'callsMade'],
	['Conversations', 'conversations'],
	['Appointments set', 'appointmentsSet'],
	['Notes sent', 'notesSent'],
];

/** The week's activity figures, this week beside the week before (format and change as the scoreboard's). */
export function funnelActivityLines(funnel: SourceFunnel): FigureLine[] {
	return ACTIVITY_WEEK.map(([label, key]) => ({
		section: 'Activity',
		label,
		current: funnel.activity.current[key],
		previous: funnel.activity.previous[key],
		format: 'count',
	}));
}

/** Between which steps each conversion and median is: "Contacted → Conversation". */
function stepHeads(first: string): string[] {
	return FUNNEL_STEPS.slice(1).map((step, index) => (index === 0 ? first : `${FUNNEL_STEP_LABELS[FUNNEL_STEPS[index]]} → ${FUNNEL_STEP_LABELS[step]}`));
}

export interface FunnelTableOptions {
	/** Zone for the dates in the headings. Default UTC. */
	timeZone?: string;
}

/**
 * Rows for the Scoreboard tab, to go below scoreboardTable's (a blank row between): the week's
 * activity against the week before, then the funnel by source (counts, conversion, median days),
 * then why leads were lost. Numbers stay numbers; shares are 0..1, empty when there is nothing
 * to divide by.
 */
export function funnelTable(funnel: SourceFunnel, options: FunnelTableOptions = {}): Array<Array<string | number>> {
	const zone = options.timeZone ?? 'UTC';
	const rows = [funnel.total, ...funnel.bySource];
	const values: Array<Array<string | number>> = [
		['Activity', `This week (${periodLabel(funnel.activity.current, zone)})`, `Week before (${periodLabel(funnel.activity.previous, zone)})`, 'Change'],
	];
	for (const line of funnelActivityLines(funnel)) values.push([line.label, line.current ?? '', line.previous ?? '', formatChange(line)]);
	values.push([]);
	values.push([
		`Funnel by source (leads in ${periodLabel(funnel.period, zone)})`,
		'Campaign',
		...FUNNEL_STEPS.map((step) => FUNNEL_STEP_LABELS[step]),
		'Lead to close',
		'Closed volume',
		'Lost',
	]);
	for (const row of rows) {
		values.push([
			row.source,
			row.sourceDetail ?? '',
			...row.steps.map((step) => step.count),
			sheetShare(row.leadToClose),
			row.closedVolume,
			row.lost,
		]);
	}
	values.push([]);
	values.push(['Conversion by source', 'Campaign', ...stepHeads('Leads → Contacted')]);
	for (const row of rows) values.push([row.source, row.sourceDetail ?? '', ...row.steps.slice(1).map((step) => sheetShare(step.conversion))]);
	values.push([]);
	values.push(['Median days between steps', 'Campaign', ...stepHeads('Came in → Contacted')]);
	for (const row of rows) values.push([row.source, row.sourceDetail ?? '', ...row.steps.slice(1).map((step) => (step.medianDays === null ? '' : round2(step.medianDays)))]);
	values.push([]);
	values.push(['Why leads were lost', 'Source', 'Count']);
	for (const row of rows) for (const lost of row.lostReasons) values.push([lost.label, row.label, lost.count]);
	return values.map(plainCells);
}

/** The funnel and the week's activity as plain text, one line per source (for a text message or a log). */
export function funnelText(funnel: SourceFunnel, options: FunnelTableOptions = {}): string {
	const zone = options.timeZone ?? 'UTC';
	const lines = [`Funnel by source, leads that came in ${periodLabel(funnel.period, zone)}:`];
	for (const row of [funnel.total, ...funnel.bySource]) lines.push(`${row === funnel.total ? '' : '  '}${row.label}: ${funnelSentence(row)}`);
	lines.push(`Activity ${periodLabel(funnel.activity.current, zone)}, against the week before:`);
	for (const line of funnelActivityLines(funnel)) lines.push(`  ${line.label}: ${line.current} (${line.previous} the week before, ${formatChange(line)})`);
	return stripUnsafeCharacters(lines.join('\n'));
}

/** "8 leads → 7 contacted (88%) → 6 conversations (86%) → ... → 2 closed (67%); $730,000 closed; 3 lost". */
function funnelSentence(row: FunnelRow): string {
	const steps = row.steps.map((step, index) => {
		const [one, many] = STEP_WORDS[step.step];
		const counted = `${step.count} ${step.count === 1 ? one : many}`;
		return index === 0 ? counted : `${counted} (${formatFigure(step.conversion, 'percent')})`;
	});
	const tail = [`${formatFigure(row.closedVolume, 'money')} closed`];
	if (row.closedWithoutAmount > 0) tail.push(`${row.closedWithoutAmount} closed without an amount`);
	if (row.lost > 0) tail.push(`${row.lost} lost`);
	return `${steps.join(' → ')}; ${tail.join('; ')}`;
}

const STEP_WORDS: Readonly<Record<FunnelStep, [string, string]>> = {
	leads: ['lead', 'leads'],
	contacted: ['contacted', 'contacted'],
	conversation: ['conversation', 'conversations'],
	appointment: ['appointment', 'appointments'],
	application: ['application', 'applications'],
	closed: ['closed', 'closed'],
};

/** The funnel section of the weekly email: activity against the week before, then the funnel tables. Every value escaped. */
export function renderFunnelHtml(funnel: SourceFunnel, options: FunnelTableOptions = {}): string {
	const zone = options.timeZone ?? 'UTC';
	const rows = [funnel.total, ...funnel.bySource];
	const parts = [
		`<h3 ${FONT}>Your week: ${escapeHtml(periodLabel(funnel.activity.current, zone))}</h3>`,
		htmlTable(
			['Activity', 'This week', 'Week before', 'Change'],
			funnelActivityLines(funnel).map((line) => [line.label, formatFigure(line.current, 'count'), formatFigure(line.previous, 'count'), formatChange(line)]),
		),
		`<h3 ${FONT}>Funnel by source: leads that came in ${escapeHtml(periodLabel(funnel.period, zone))}</h3>`,
		htmlTable(
			['Source', ...FUNNEL_STEPS.map((step) => FUNNEL_STEP_LABELS[step]), 'Closed volume', 'Lost'],
			rows.map((row) => [
				row.label,
				...row.steps.map((step, index) => (index === 0 ? String(step.count) : `${step.count} (${formatFigure(step.conversion, 'percent')})`)),
				formatFigure(row.closedVolume, 'money'),
				String(row.lost),
			]),
		),
		`<h3 ${FONT}>Median days between steps</h3>`,
		htmlTable(['Source', ...stepHeads('Came in → Contacted')], rows.map((row) => [row.label, ...row.steps.slice(1).map((step) => formatDays(step.medianDays))])),
	];
	const lost = rows.flatMap((row) => row.lostReasons.map((reason) => [reason.label, row.label, String(reason.count)]));
	if (lost.length > 0) {
		parts.push(`<h3 ${FONT}>Why leads were lost</h3>`);
		parts.push(htmlTable(['Reason', 'Source', 'Count'], lost));
	}
	return parts.join('\n');
}

function formatDays(days: number | null): string {
	if (days === null) return '–';
	return days < 1 ? `${round1(days * 24)} h` : `${round1(days)} d`;
}

function sheetShare(value: number | null): number | string {
	return value === null ? '' : round2(value);
}

/** "Nov 16 – Nov 22, 2026": the end is exclusive, so the last day shown is the day before it. */
export function periodLabel(period: { from: string; to: string }, timeZone = 'UTC'): string {
	const from = DateTime.fromISO(period.from, { zone: 'utc' }).setZone(timeZone);
	const lastDay = DateTime.fromISO(period.to, { zone: 'utc' }).setZone(timeZone).minus({ milliseconds: 1 });
	if (from.hasSame(lastDay, 'day')) return from.toFormat('LLL d, yyyy');
	return `${from.toFormat(from.hasSame(lastDay, 'year') ? 'LLL d' : 'LLL d, yyyy')} – ${lastDay.toFormat('LLL d, yyyy')}`;
}

/** HTML-escaped, and without control, NUL or bidi characters (a partner name or source typed into a tab). */
export function escapeHtml(text: string): string {
	return stripUnsafeCharacters(text).replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Partner names, sources and lost reasons come from the tabs: no control or bidi characters in the Scoreboard tab. */
function plainCells(row: Array<string | number>): Array<string | number> {
	return row.map((cell) => (typeof cell === 'string' ? stripUnsafeCharacters(cell) : cell));
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
