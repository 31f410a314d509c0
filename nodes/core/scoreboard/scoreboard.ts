import { LOST_REASON_LABELS, type LostReason, type Referral } from '../referral';
import { CHANNELS, type Channel, type Touch } from '../touch';

/**
 * The loan officer's two trackers in one set of figures: activity ("am I doing the work?") and
 * results ("is my work producing income?"), for a period and the period of the same length
 * just before it.
 */

/** What the scoreboard needs of a lead (a full Lead fits). */
export interface ScoreboardLead {
	leadId: string;
	receivedAt: string;
	source?: string | null;
	sourceDetail?: string | null;
	/** When an appointment was set, if the Leads tab records it. */
	appointmentAt?: string | null;
}

export interface ScoreboardPartner {
	partnerId: string;
	name?: string | null;
}

export interface ScoreboardInput {
	leads: readonly ScoreboardLead[];
	touches: readonly Touch[];
	referrals: readonly Referral[];
	/** Period start, inclusive (ISO-8601). */
	from: string;
	/** Period end, exclusive (ISO-8601). */
	to: string;
	/** Names for the by-partner table; ids are shown when a name is missing. */
	partners?: readonly ScoreboardPartner[];
}

export interface Period {
	from: string;
	to: string;
}

export interface ActivityFigures {
	/** Outbound touches made (sent, or logged by hand) in the period, per channel. */
	touchesByChannel: Record<Channel, number>;
	touches: number;
	/** Leads received in the period. */
	newLeads: number;
	/** New leads whose first touch came within 5 minutes of arrival. */
	touchedWithin5Minutes: number;
	/** touchedWithin5Minutes / newLeads, 0..1; null without new leads. */
	shareTouchedWithin5Minutes: number | null;
	/** Median minutes from arrival to first touch, over new leads touched by the period's end. */
	medianMinutesToFirstTouch: number | null;
	/** New leads nobody had touched by the period's end. */
	newLeadsNotTouched: number;
	/** Distinct leads touched in the period. */
	leadsWorked: number;
	/** touches / leadsWorked; null when nobody was worked. */
	touchesPerLead: number | null;
	/** Leads worked in the period that have had 5 or more touches in all, by the period's end. */
	leadsWith5PlusTouches: number;
	shareWith5PlusTouches: number | null;
	/** Inbound messages (replies) in the period, and the distinct leads who sent them. */
	replies: number;
	leadsReplied: number;
	/** Appointments set in the period (from leads and referrals, each person once). */
	appointmentsSet: number;
}

export interface ResultsRow {
	key: string;
	label: string;
	/** Referrals received in the period. */
	received: number;
	/** Of those, closed by the period's end. */
	receivedThenClosed: number;
	/** receivedThenClosed / received, 0..1; null without referrals. */
	conversion: number | null;
	/** Referrals that closed in the period (whenever they arrived) and their loan amounts. */
	closed: number;
	closedVolume: number;
}

export interface LostReasonCount {
	reason: LostReason;
	label: string;
	count: number;
}

export interface ResultsFigures {
	referralsReceived: number;
	receivedThenClosed: number;
	conversion: number | null;
	closed: number;
	closedVolume: number;
	lost: number;
	byPartner: ResultsRow[];
	bySource: ResultsRow[];
	lostReasons: LostReasonCount[];
}

export interface PeriodFigures {
	period: Period;
	activity: ActivityFigures;
	results: ResultsFigures;
}

export interface Scoreboard {
	current: PeriodFigures;
	/** The period of the same length that ends where the current one starts. */
	previous: PeriodFigures;
}

const FIVE_MINUTES_MS = 5 * 60_000;

export function scoreboard(input: ScoreboardInput): Scoreboard {
	const from = instant(input.from, 'from');
	const to = instant(input.to, 'to');
	if (to <= from) throw new Error(`scoreboard period: "to" (${input.to}) must be after "from" (${input.from})`);
	const previousFrom = from - (to - from);
	const context = prepare(input);
	return {
		current: periodFigures(context, from, to),
		previous: periodFigures(context, previousFrom, from),
	};
}

interface Prepared {
	leads: readonly ScoreboardLead[];
	referrals: readonly Referral[];
	/** Made outbound touch times per lead, ascending. */
	outboundByLead: Map<string, number[]>;
	outbound: Array<{ leadId: string; at: number; channel: Channel }>;
	inbound: Array<{ leadId: string; at: number }>;
	leadById: Map<string, ScoreboardLead>;
	partnerNames: Map<string, string>;
}

function prepare(input: ScoreboardInput): Prepared {
	const outbound: Prepared['outbound'] = [];
	const inbound: Prepared['inbound'] = [];
	const outboundByLead = new Map<string, number[]>();
	for (const touch of input.touches) {
		const at = Date.parse(touch.at);
		if (!Number.isFinite(at)) continue;
		if (touch.direction === 'inbound') {
			if (touch.verdict === undefined || touch.verdict === 'received') inbound.push({ leadId: touch.leadId, at });
			continue;
		}
		// Planned, deferred, blocked or failed touches never reached the lead: not work done.
		// A call logged with its outcome (Log Call Outcome) is a call made, as the funnel's activity counts it.
		if (touch.verdict !== undefined && touch.verdict !== 'sent' && touch.verdict !== 'outcome') continue;
		outbound.push({ leadId: touch.leadId, at, channel: touch.channel });
		const times = outboundByLead.get(touch.leadId);
		if (times) times.push(at);
		else outboundByLead.set(touch.leadId, [at]);
	}
	for (const times of outboundByLead.values()) times.sort((a, b) => a - b);
	return {
		leads: input.leads,
		referrals: input.referrals,
		outbound,
		inbound,
		outboundByLead,
		leadById: new Map(input.leads.map((lead) => [lead.leadId, lead])),
		partnerNames: new Map(
			(input.partners ?? []).map((partner) => [partner.partnerId, (partner.name ?? '').trim() || partner.partnerId]),
		),
	};
}

function periodFigures(context: Prepared, from: number, to: number): PeriodFigures {
	const within = (value: string | null | undefined): boolean => {
		if (!value) return false;
		const at = Date.parse(value);
		return at >= from && at < to;
	};
	return {
		period: { from: new Date(from).toISOString(), to: new Date(to).toISOString() },
		activity: activityFigures(context, from, to, within),
		results: resultsFigures(context, to, within),
	};
}

function activityFigures(
	context: Prepared,
	from: number,
	to: number,
	within: (value: string | null | undefined) => boolean,
): ActivityFigures {
	const touchesByChannel = Object.fromEntries(CHANNELS.map((channel) => [channel, 0])) as Record<Channel, number>;
	const worked = new Set<string>();
	for (const touch of context.outbound) {
		if (touch.at < from || touch.at >= to) continue;
		touchesByChannel[touch.channel]++;
		worked.add(touch.leadId);
	}
	const touches = CHANNELS.reduce((sum, channel) => sum + touchesByChannel[channel], 0);

	const newLeads = context.leads.filter((lead) => within(lead.receivedAt));
	const minutesToFirstTouch: number[] = [];
	let touchedWithin5Minutes = 0;
	for (const lead of newLeads) {
		const received = Date.parse(lead.receivedAt);
		// A touch logged a moment before the lead's own timestamp (clock skew) counts as instant.
		const first = (context.outboundByLead.get(lead.leadId) ?? []).find((at) => at < to);
		if (first === undefined) continue;
		const delay = Math.max(0, first - received);
		minutesToFirstTouch.push(delay / 60_000);
		if (delay <= FIVE_MINUTES_MS) touchedWithin5Minutes++;
	}

	let leadsWith5PlusTouches = 0;
	for (const leadId of worked) {
		const times = context.outboundByLead.get(leadId) ?? [];
		if (times.filter((at) => at < to).length >= 5) leadsWith5PlusTouches++;
	}

	const replies = context.inbound.filter((reply) => reply.at >= from && reply.at < to);
	const appointments = new Set<string>();
	for (const lead of context.leads) if (within(lead.appointmentAt)) appointments.add(lead.leadId);
	for (const referral of context.referrals) {
		if (within(referral.appointmentAt)) appointments.add(referral.leadId ?? `referral:${referral.referralId}`);
	}

	return {
		touchesByChannel,
		touches,
		newLeads: newLeads.length,
		touchedWithin5Minutes,
		shareTouchedWithin5Minutes: ratio(touchedWithin5Minutes, newLeads.length),
		medianMinutesToFirstTouch: median(minutesToFirstTouch),
		newLeadsNotTouched: newLeads.length - minutesToFirstTouch.length,
		leadsWorked: worked.size,
		touchesPerLead: ratio(touches, worked.size),
		leadsWith5PlusTouches,
		shareWith5PlusTouches: ratio(leadsWith5PlusTouches, worked.size),
		replies: replies.length,
		leadsReplied: new Set(replies.map((reply) => reply.leadId)).size,
		appointmentsSet: appointments.size,
	};
}

function resultsFigures(
	context: Prepared,
	to: number,
	within: (value: string | null | undefined) => boolean,
): ResultsFigures {
	const closedBy = (referral: Referral) => !!referral.closedAt && Date.parse(referral.closedAt) < to;
	const byPartner = new Map<string, ResultsRow>();
	const bySource = new Map<string, ResultsRow>();
	const total: ResultsRow = emptyRow('all', 'All');
	const lostCounts = new Map<LostReason, number>();
	let lost = 0;

	for (const referral of context.referrals) {
		const received = within(referral.receivedAt);
		const closedInPeriod = within(referral.closedAt);
		if (within(referral.lostAt)) {
			lost++;
			const reason = referral.lostReason ?? 'other';
			lostCounts.set(reason, (lostCounts.get(reason) ?? 0) + 1);
		}
		if (!received && !closedInPeriod) continue;
		const partnerLabel = context.partnerNames.get(referral.partnerId) ?? referral.partnerId;
		const source = sourceOf(referral, context.leadById);
		const rows = [
			total,
			rowFor(byPartner, referral.partnerId, partnerLabel),
			rowFor(bySource, source.toLowerCase(), source),
		];
		for (const row of rows) {
			if (received) {
				row.received++;
				if (closedBy(referral)) row.receivedThenClosed++;
			}
			if (closedInPeriod) {
				row.closed++;
				row.closedVolume += referral.loanAmount ?? 0;
			}
		}
	}
	for (const row of [total, ...byPartner.values(), ...bySource.values()]) {
		row.conversion = ratio(row.receivedThenClosed, row.received);
	}

	return {
		referralsReceived: total.received,
		receivedThenClosed: total.receivedThenClosed,
		conversion: total.conversion,
		closed: total.closed,
		closedVolume: total.closedVolume,
		lost,
		byPartner: sortRows(byPartner),
		bySource: sortRows(bySource),
		lostReasons: [...lostCounts]
			// A reason typed by hand in the sheet (not one of the list) is shown as typed.
			.map(([reason, count]) => ({ reason, label: LOST_REASON_LABELS[reason] ?? String(reason), count }))
			.sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
	};
}

/** How the referral came in: its own source, else its lead's source detail or source. */
function sourceOf(referral: Referral, leads: Map<string, ScoreboardLead>): string {
	const lead = referral.leadId ? leads.get(referral.leadId) : undefined;
	for (const candidate of [referral.source, lead?.sourceDetail, lead?.source]) {
		const value = (candidate ?? '').trim();
		if (value) return value;
	}
	return 'Unknown';
}

function emptyRow(key: string, label: string): ResultsRow {
	return { key, label, received: 0, receivedThenClosed: 0, conversion: null, closed: 0, closedVolume: 0 };
}

function rowFor(rows: Map<string, ResultsRow>, key: string, label: string): ResultsRow {
	let row = rows.get(key);
	if (!row) {
		row = emptyRow(key, label);
		rows.set(key, row);
	}
	return row;
}

function sortRows(rows: Map<string, ResultsRow>): ResultsRow[] {
	return [...rows.values()].sort(
		(a, b) => b.received - a.received || b.closed - a.closed || a.label.localeCompare(b.label),
	);
}

/** part / whole, or null when there is nothing to divide by. */
export function ratio(part: number, whole: number): number | null {
	return whole === 0 ? null : part / whole;
}

/** The middle value (the mean of the two middle ones for an even count), null for none. */
export function median(values: number[]): number | null {
	if (values.length === 0) return null;
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function instant(value: string, name: string): number {
	const ms = Date.parse(value);
	if (!Number.isFinite(ms)) throw new Error(`scoreboard period: "${name}" must be an ISO-8601 date-time, got "${value}"`);
	return ms;
}
