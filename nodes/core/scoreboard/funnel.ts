import { DateTime } from 'luxon';
import { CALL_OUTCOMES, CALL_OUTCOME_RULES, callOutcomeFromText, type CallOutcome } from '../callOutcome';
import { LOST_REASON_LABELS, STAGE_STAMP, type Referral } from '../referral/referral';
import { REFERRAL_COLUMNS, referralFromRow } from '../referral/rows';
import { median, ratio } from './scoreboard';
import {
	DAY_MS,
	codeOf,
	isBlank,
	sheetAmount,
	sheetInstant,
	sheetText,
	tabColumns,
	type SheetProblem,
	type SheetRows,
	type TabColumns,
} from './sheetCells';

/**
 * The whole funnel by source, for every lead (not only referrals): of the leads that came in
 * during a period, per source and campaign, how many were contacted, talked with, met, applied
 * and closed by the period's end; the conversion and the median days at each step, the closed
 * volume and why the lost ones were lost. Beside it, the loan officer's own activity for a week
 * against the week before: calls made, conversations, appointments set, notes sent.
 *
 * It reads the Leads, Touches and Referrals tabs as they come out of the sheet (text, Sheets date
 * serials, blanks, "$350,000"); a row it cannot read is named in `problems`, never dropped quietly.
 */

// ---------------------------------------------------------------------------------------------
// The vocabulary, as data

/** The steps, in order. Reaching a step means every earlier step happened too. */
export const FUNNEL_STEPS = ['leads', 'contacted', 'conversation', 'appointment', 'application', 'closed'] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];

export const FUNNEL_STEP_LABELS: Readonly<Record<FunnelStep, string>> = {
	leads: 'Leads',
	contacted: 'Contacted',
	conversation: 'Conversation',
	appointment: 'Appointment',
	application: 'Application',
	closed: 'Closed',
};

/** Touches-tab channels that are a handwritten note or card sent (logged by hand). */
export const NOTE_CHANNELS = ['note', 'handwritten-note', 'card', 'thank-you-card', 'letter', 'mail'] as const;

/**
 * Outbound verdicts that mean the touch reached the lead: `sent`, blank (logged by hand) and
 * `outcome` (a call logged with what happened). Planned, deferred, blocked, failed touches and
 * call tasks did not reach anyone.
 */
const MADE_VERDICTS: ReadonlySet<string> = new Set(['', 'sent', 'outcome']);
// `sending` is a touch claimed and not settled yet; `uncertain` one whose send nobody can confirm.
const NOT_MADE_VERDICTS: ReadonlySet<string> = new Set(['planned', 'deferred', 'blocked', 'failed', 'task', 'sending', 'uncertain']);
/** An inbound row is a reply unless the tracker marked it as a keyword (STOP, START, HELP). */
const KEYWORD_REPLY_REASONS: ReadonlySet<string> = new Set(['opt-out', 'opt-in', 'help']);

/** Leads-tab stages that say how far the lead got (the template's drop-down). */
const STAGE_STEP: Readonly<Record<string, FunnelStep | 'lost' | null>> = {
	new: null,
	contacted: 'contacted',
	appointment: 'appointment',
	nurture: null,
	application: 'application',
	closed: 'closed',
	lost: 'lost',
	'do-not-contact': 'lost',
};

/** Why a lead was lost, besides the referral lost reasons (LOST_REASONS). */
export const FUNNEL_LOST_REASON_LABELS: Readonly<Record<string, string>> = {
	...LOST_REASON_LABELS,
	'do-not-contact': 'Asked not to be contacted',
	'wrong-number': 'Wrong number',
	'not-interested': 'Not interested',
	unspecified: 'No reason given',
};

/**
 * The columns read, by the tracker template's headers (nodes/tracker/template.ts), with the other
 * spellings an LO may use. A tracker made before appointmentAt, applicationAt, closedAt,
 * loanAmount and lostReason were in the template is read without them.
 */
export const FUNNEL_LEAD_COLUMNS = {
	leadId: [],
	receivedAt: [],
	source: [],
	sourceDetail: ['campaign'],
	stage: [],
	stageChangedAt: [],
	lastReplyAt: [],
	appointmentAt: [],
	applicationAt: ['applicationDate', 'appliedAt'],
	closedAt: ['closedDate', 'closeDate', 'closingDate'],
	loanAmount: ['amount'],
	lostReason: [],
} as const satisfies Record<string, readonly string[]>;

export const FUNNEL_TOUCH_COLUMNS = {
	touchId: [],
	leadId: [],
	at: [],
	channel: [],
	direction: [],
	verdict: [],
	reason: [],
	outcome: ['callOutcome'],
} as const satisfies Record<string, readonly string[]>;

const REFERRAL_INSTANT_COLUMNS: ReadonlySet<string> = new Set(REFERRAL_COLUMNS.filter((column) => column.endsWith('At')));

// ---------------------------------------------------------------------------------------------
// The figures

export interface SourceFunnelOptions {
	/** First instant a lead may have come in to be counted (inclusive, ISO-8601). */
	from: string;
	/** End of the period (exclusive): leads that came in before it, and what happened to them by then. */
	to: string;
	/** The sheet's time zone: for typed dates, date serials and the days a conversation is counted on. Default UTC. */
	zone?: string;
	/** End (exclusive) of the activity week, ISO-8601. Default `to`. */
	weekEnds?: string;
}

export interface FunnelStepFigure {
	step: FunnelStep;
	label: string;
	/** Leads that reached this step by the period's end. */
	count: number;
	/** count / the previous step's count, 0..1; null for the first step or when the previous is 0. */
	conversion: number | null;
	/**
	 * Median days from the previous step (from coming in, for `contacted`), over the leads with both
	 * dates on record (a step only implied by a later one has no date of its own); null for none.
	 */
	medianDays: number | null;
}

export interface FunnelLostReason {
	reason: string;
	label: string;
	count: number;
}

export interface FunnelRow {
	/** "all" for the total; otherwise the source and campaign, lower-cased. */
	key: string;
	/** As written on the first lead seen; "Unknown" when the lead has none. */
	source: string;
	/** The campaign (sourceDetail), or null. */
	sourceDetail: string | null;
	/** "zillow · Spring buyers", or the source alone. */
	label: string;
	/** One figure per FUNNEL_STEPS entry, in order. */
	steps: FunnelStepFigure[];
	/** closed / leads, 0..1; null without leads. */
	leadToClose: number | null;
	/** Sum of the loan amounts of the closed leads whose amount is known. */
	closedVolume: number;
	/** Closed leads with no loan amount anywhere (their volume is not in closedVolume). */
	closedWithoutAmount: number;
	/** Leads marked lost (or do-not-contact) by the period's end that did not close. */
	lost: number;
	lostReasons: FunnelLostReason[];
}

export interface FunnelActivityWeek {
	from: string;
	to: string;
	/** Calls the loan officer made (sent, or logged with an outcome). */
	callsMade: number;
	/** Conversations: each lead counts once per day (in the sheet's zone) on which it replied or was reached by phone. */
	conversations: number;
	/** Leads (or referred people) who had an appointment set that week. */
	appointmentsSet: number;
	/** Handwritten notes and cards sent (NOTE_CHANNELS). */
	notesSent: number;
}

export interface SourceFunnel {
	period: { from: string; to: string };
	total: FunnelRow;
	/** One row per source and campaign, most leads first. Every lead is in exactly one. */
	bySource: FunnelRow[];
	activity: { current: FunnelActivityWeek; previous: FunnelActivityWeek };
	/** Rows or cells that could not be read, and what was done instead. */
	problems: SheetProblem[];
}

/** One person's way through the funnel: a Leads row, or a referral with no Leads row. */
interface Journey {
	received: number;
	inPeriod: boolean;
	source: string;
	sourceDetail: string | null;
	/** Earliest known instant (before `to`) per step index; Infinity when none. */
	earliest: number[];
	/** The step is reached but when is not known (a stage set without its date). */
	undated: boolean[];
	lostReason: string | null;
	lost: boolean;
	/** Loan amounts: the Leads row's, else its first closed referral's, else its first referral's. */
	leadAmount: number | null;
	closedReferralAmount: number | null;
	referralAmount: number | null;
	lastCall: { at: number; outcome: CallOutcome } | null;
}

const STEP_INDEX = Object.fromEntries(FUNNEL_STEPS.map((step, index) => [step, index])) as Record<FunnelStep, number>;

export function sourceFunnel(leads: SheetRows, touches: SheetRows, referrals: SheetRows, options: SourceFunnelOptions): SourceFunnel {
	const zone = options.zone ?? 'UTC';
	if (!DateTime.local({ zone }).isValid) throw new Error(`sourceFunnel: "zone" must be an IANA time zone such as America/New_York, got "${zone}"`);
	const from = periodInstant(options.from, 'from');
	const to = periodInstant(options.to, 'to');
	if (to <= from) throw new Error(`sourceFunnel: "to" (${options.to}) must be after "from" (${options.from})`);
	const weekTo = options.weekEnds === undefined ? to : periodInstant(options.weekEnds, 'weekEnds');
	const weekFrom = DateTime.fromMillis(weekTo, { zone }).minus({ days: 7 }).toMillis();
	const previousFrom = DateTime.fromMillis(weekFrom, { zone }).minus({ days: 7 }).toMillis();

	const problems: SheetProblem[] = [];
	const journeys = new Map<string, Journey>();
	const week = new WeekTally(zone, previousFrom, weekFrom, weekTo);
	const inPeriod = (at: number) => at >= from && at < to;
	const step = (journey: Journey, name: FunnelStep, at: number | null) => {
		const index = STEP_INDEX[name];
		if (at === null) journey.undated[index] = true;
		else if (at < to && at < journey.earliest[index]) journey.earliest[index] = at;
	};

	const leadKeys = new Set<string>();
	readLeadRows(leads, zone, problems, (leadId, lead) => {
		if (journeys.has(leadId)) return false;
		leadKeys.add(leadId);
		const journey = newJourney(lead.received, inPeriod(lead.received), lead.source, lead.sourceDetail);
		journeys.set(leadId, journey);
		if (lead.appointmentAt !== null) {
			step(journey, 'appointment', lead.appointmentAt);
			week.appointment(leadId, lead.appointmentAt);
		}
		if (lead.lastReplyAt !== null) step(journey, 'conversation', lead.lastReplyAt);
		if (lead.applicationAt !== null) step(journey, 'application', lead.applicationAt);
		if (lead.closedAt !== null) step(journey, 'closed', lead.closedAt);
		const stageAt = lead.stageChangedAt;
		if (lead.stage === 'lost') {
			if (stageAt === null || stageAt < to) {
				journey.lost = true;
				journey.lostReason = lead.lostReason ?? (lead.stageCode === 'do-not-contact' ? 'do-not-contact' : null);
			}
		} else if (lead.stage !== null) step(journey, lead.stage, stageAt);
		journey.leadAmount = lead.loanAmount;
		return true;
	});

	readReferralRows(referrals, zone, problems, (referral) => {
		// A referral with a Leads row adds to that lead; one without is a person of its own.
		const key = referral.leadId ?? `referral:${referral.referralId}`;
		const received = Date.parse(referral.receivedAt);
		let journey = journeys.get(key);
		if (!journey) {
			journey = newJourney(received, inPeriod(received), 'referral', referral.source);
			journeys.set(key, journey);
		} else if (!leadKeys.has(key)) {
			journey.received = Math.min(journey.received, received);
			journey.inPeriod = inPeriod(journey.received);
			journey.sourceDetail ??= referral.source;
		}
		const stamps: Array<[FunnelStep, string | null]> = [
			['contacted', referral.contactedAt],
			['appointment', referral.appointmentAt],
			['application', referral.applicationAt],
			// Approved comes after the application: it is proof of one.
			['application', referral.approvedAt],
			['closed', referral.closedAt],
		];
		for (const [name, stamp] of stamps) if (stamp) step(journey, name, Date.parse(stamp));
		// A status typed without its date: reached, when unknown.
		if (referral.status !== 'received' && referral.status !== 'lost' && !referral[STAGE_STAMP[referral.status]]) {
			step(journey, referral.status === 'approved' ? 'application' : referral.status, null);
		}
		if (referral.appointmentAt) week.appointment(key, Date.parse(referral.appointmentAt));
		if (referral.status === 'lost' && (!referral.lostAt || Date.parse(referral.lostAt) < to)) {
			journey.lost = true;
			journey.lostReason ??= referral.lostReason;
		}
		if (referral.loanAmount !== null) {
			if (referral.status === 'closed') journey.closedReferralAmount ??= referral.loanAmount;
			journey.referralAmount ??= referral.loanAmount;
		}
	});

	readTouchRows(touches, zone, problems, (touch) => {
		week.touch(touch);
		const journey = journeys.get(touch.leadId);
		if (!journey) return;
		if (touch.made) step(journey, 'contacted', touch.at);
		if (touch.conversation) step(journey, 'conversation', touch.at);
		if (touch.outcome === 'appointment-set') step(journey, 'appointment', touch.at);
		if (touch.outcome && touch.at < to && (!journey.lastCall || touch.at >= journey.lastCall.at)) {
			journey.lastCall = { at: touch.at, outcome: touch.outcome };
		}
	});

	const total = new RowTally('all', 'All sources', null);
	const rows = new Map<string, RowTally>();
	for (const journey of journeys.values()) {
		if (!journey.inPeriod) continue;
		const key = `${normalKey(journey.source)}\u0000${normalKey(journey.sourceDetail ?? '')}`;
		let row = rows.get(key);
		if (!row) {
			row = new RowTally(key, journey.source, journey.sourceDetail);
			rows.set(key, row);
		}
		const reached = reachedSteps(journey);
		total.add(journey, reached);
		row.add(journey, reached);
	}

	return {
		period: { from: new Date(from).toISOString(), to: new Date(to).toISOString() },
		total: total.figures(),
		bySource: [...rows.values()]
			.map((row) => row.figures())
			.sort((a, b) => b.steps[0].count - a.steps[0].count || b.steps[5].count - a.steps[5].count || a.label.localeCompare(b.label) || a.key.localeCompare(b.key)),
		activity: { current: week.figures('current'), previous: week.figures('previous') },
		problems,
	};
}

function newJourney(received: number, inPeriod: boolean, source: string, sourceDetail: string | null): Journey {
	return {
		received,
		inPeriod,
		source,
		sourceDetail,
		earliest: FUNNEL_STEPS.map(() => Infinity),
		undated: FUNNEL_STEPS.map(() => false),
		lostReason: null,
		lost: false,
		leadAmount: null,
		closedReferralAmount: null,
		referralAmount: null,
		lastCall: null,
	};
}

interface StepReached {
	reached: boolean;
	/** When, if known: its own date, or the date of a later step that implies it. */
	at: number | null;
	/** `at` is the step's own date (not borrowed from a later step): used for the medians. */
	dated: boolean;
}

/** Per step: reached or not, and when. A later step implies the earlier ones. */
function reachedSteps(journey: Journey): StepReached[] {
	const steps: StepReached[] = new Array(FUNNEL_STEPS.length);
	steps[0] = { reached: true, at: journey.received, dated: true };
	let later: StepReached = { reached: false, at: null, dated: false };
	for (let index = FUNNEL_STEPS.length - 1; index >= 1; index--) {
		const own = journey.earliest[index];
		const laterAt = later.at ?? Infinity;
		const reached = Number.isFinite(own) || journey.undated[index] || later.reached;
		const at = Math.min(own, laterAt);
		steps[index] = { reached, at: Number.isFinite(at) ? at : null, dated: Number.isFinite(own) && own <= laterAt };
		later = steps[index];
	}
	return steps;
}

class RowTally {
	private readonly counts = FUNNEL_STEPS.map(() => 0);
	private readonly days: number[][] = FUNNEL_STEPS.map(() => []);
	private closedVolume = 0;
	private closedWithoutAmount = 0;
	private lost = 0;
	private readonly lostReasons = new Map<string, number>();

	constructor(
		private readonly key: string,
		private readonly source: string,
		private readonly sourceDetail: string | null,
	) {}

	add(journey: Journey, steps: readonly StepReached[]): void {
		steps.forEach((step, index) => {
			if (!step.reached) return;
			this.counts[index]++;
			const before = steps[index - 1];
			if (index > 0 && step.dated && before.dated) {
				// A touch logged a moment before the lead's own timestamp (clock skew) counts as at once.
				this.days[index].push(Math.max(0, (step.at as number) - (before.at as number)) / DAY_MS);
			}
		});
		const closed = steps[STEP_INDEX.closed].reached;
		if (closed) {
			const amount = journey.leadAmount ?? journey.closedReferralAmount ?? journey.referralAmount;
			if (amount === null) this.closedWithoutAmount++;
			else this.closedVolume += amount;
		} else if (journey.lost) {
			this.lost++;
			const outcome = journey.lastCall?.outcome;
			const reason = journey.lostReason ?? (outcome === 'wrong-number' || outcome === 'not-interested' ? outcome : 'unspecified');
			this.lostReasons.set(reason, (this.lostReasons.get(reason) ?? 0) + 1);
		}
	}

	figures(): FunnelRow {
		const steps = FUNNEL_STEPS.map(
			(step, index): FunnelStepFigure => ({
				step,
				label: FUNNEL_STEP_LABELS[step],
				count: this.counts[index],
				conversion: index === 0 ? null : ratio(this.counts[index], this.counts[index - 1]),
				medianDays: index === 0 ? null : median(this.days[index]),
			}),
		);
		return {
			key: this.key,
			source: this.source,
			sourceDetail: this.sourceDetail,
			label: this.sourceDetail ? `${this.source} · ${this.sourceDetail}` : this.source,
			steps,
			leadToClose: ratio(this.counts[STEP_INDEX.closed], this.counts[0]),
			closedVolume: this.closedVolume,
			closedWithoutAmount: this.closedWithoutAmount,
			lost: this.lost,
			lostReasons: [...this.lostReasons]
				.map(([reason, count]) => ({ reason, label: FUNNEL_LOST_REASON_LABELS[reason] ?? reason, count }))
				.sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
		};
	}
}

/** The activity week and the one before: counts of what the loan officer did. */
class WeekTally {
	private readonly calls = [0, 0];
	private readonly notes = [0, 0];
	private readonly conversations = [new Set<string>(), new Set<string>()];
	private readonly appointments = [new Set<string>(), new Set<string>()];

	constructor(
		private readonly zone: string,
		private readonly previousFrom: number,
		private readonly weekFrom: number,
		private readonly weekTo: number,
	) {}

	/** Local midnights (in the sheet's zone) from the start of the week before's first day on. */
	private readonly midnights: number[] = [];

	/** The local day an instant falls on, as an index into `midnights` (the two weeks hold 14 or 15 days). */
	private localDay(at: number): number {
		if (this.midnights.length === 0) {
			let day = DateTime.fromMillis(this.previousFrom, { zone: this.zone }).startOf('day');
			while (day.toMillis() < this.weekTo) {
				this.midnights.push(day.toMillis());
				day = day.plus({ days: 1 });
			}
		}
		let index = this.midnights.length - 1;
		while (index > 0 && this.midnights[index] > at) index--;
		return index;
	}

	/** 0 = this week, 1 = the week before, -1 = neither. */
	private weekOf(at: number): number {
		if (at >= this.weekFrom && at < this.weekTo) return 0;
		if (at >= this.previousFrom && at < this.weekFrom) return 1;
		return -1;
	}

	appointment(person: string, at: number): void {
		const week = this.weekOf(at);
		if (week >= 0) this.appointments[week].add(person);
	}

	touch(touch: ReadTouch): void {
		const week = this.weekOf(touch.at);
		if (week < 0) return;
		if (touch.made && touch.channel === 'call') this.calls[week]++;
		if (touch.made && touch.note) this.notes[week]++;
		if (touch.conversation) this.conversations[week].add(`${touch.leadId}\u0000${this.localDay(touch.at)}`);
		if (touch.outcome === 'appointment-set') this.appointments[week].add(touch.leadId);
	}

	figures(which: 'current' | 'previous'): FunnelActivityWeek {
		const week = which === 'current' ? 0 : 1;
		const from = which === 'current' ? this.weekFrom : this.previousFrom;
		const to = which === 'current' ? this.weekTo : this.weekFrom;
		return {
			from: new Date(from).toISOString(),
			to: new Date(to).toISOString(),
			callsMade: this.calls[week],
			conversations: this.conversations[week].size,
			appointmentsSet: this.appointments[week].size,
			notesSent: this.notes[week],
		};
	}
}

// ---------------------------------------------------------------------------------------------
// Reading the tabs

interface ReadLead {
	received: number;
	source: string;
	sourceDetail: string | null;
	/** The furthest step the stage says, or lost; null for new / nurture / blank. */
	stage: FunnelStep | 'lost' | null;
	stageCode: string | null;
	stageChangedAt: number | null;
	lastReplyAt: number | null;
	appointmentAt: number | null;
	applicationAt: number | null;
	closedAt: number | null;
	loanAmount: number | null;
	lostReason: string | null;
}

type LeadField = keyof typeof FUNNEL_LEAD_COLUMNS;

function readLeadRows(rows: SheetRows, zone: string, problems: SheetProblem[], use: (leadId: string, lead: ReadLead) => boolean): void {
	const tab = tabColumns<LeadField>(rows, FUNNEL_LEAD_COLUMNS);
	const firstRow = new Map<string, number>();
	const problem = (index: number, field: string, message: string) => problems.push({ tab: 'Leads', row: tab.sheetRow(index), field, message });
	const optionalInstant = (index: number, field: LeadField, leadId: string): number | null => {
		const value = sheetInstant(tab.cell(index, field), zone);
		if (value === null || !Number.isNaN(value)) return value;
		problem(index, field, `${describe(tab.cell(index, field))} is not a date-time: read as empty for lead ${leadId}`);
		return null;
	};
	for (let index = 0; index < tab.length; index++) {
		const leadId = sheetText(tab.cell(index, 'leadId'));
		if (leadId === null) {
			if (!blankRow(tab, index, LEAD_FIELDS)) problem(index, 'leadId', 'is empty: the row is not counted');
			continue;
		}
		const received = sheetInstant(tab.cell(index, 'receivedAt'), zone);
		if (received === null || Number.isNaN(received)) {
			problem(index, 'receivedAt', `${describe(tab.cell(index, 'receivedAt'))}: lead ${leadId} is not counted (no arrival date)`);
			continue;
		}
		const stageCode = codeOf(tab.cell(index, 'stage'));
		let stage: ReadLead['stage'] = null;
		if (stageCode !== null) {
			if (stageCode in STAGE_STEP) stage = STAGE_STEP[stageCode];
			else problem(index, 'stage', `${describe(tab.cell(index, 'stage'))} is not a stage (${Object.keys(STAGE_STEP).join(', ')}): ignored for lead ${leadId}`);
		}
		let loanAmount = sheetAmount(tab.cell(index, 'loanAmount'));
		if (loanAmount !== null && Number.isNaN(loanAmount)) {
			problem(index, 'loanAmount', `${describe(tab.cell(index, 'loanAmount'))} is not an amount: read as empty for lead ${leadId}`);
			loanAmount = null;
		}
		const lead: ReadLead = {
			received,
			source: sheetText(tab.cell(index, 'source')) ?? 'Unknown',
			sourceDetail: sheetText(tab.cell(index, 'sourceDetail')),
			stage,
			stageCode,
			stageChangedAt: optionalInstant(index, 'stageChangedAt', leadId),
			lastReplyAt: optionalInstant(index, 'lastReplyAt', leadId),
			appointmentAt: optionalInstant(index, 'appointmentAt', leadId),
			applicationAt: optionalInstant(index, 'applicationAt', leadId),
			closedAt: optionalInstant(index, 'closedAt', leadId),
			loanAmount,
			lostReason: lostReasonOf(tab.cell(index, 'lostReason')),
		};
		if (!use(leadId, lead)) {
			problem(index, 'leadId', `${leadId} is also on row ${firstRow.get(leadId)}: counted once, from that row`);
			continue;
		}
		firstRow.set(leadId, tab.sheetRow(index));
	}
}

/** A lost reason code (by code or label), or the LO's own words lower-cased. */
function lostReasonOf(value: unknown): string | null {
	const text = sheetText(value);
	if (text === null) return null;
	const code = codeOf(text) as string;
	const byLabel = Object.entries(FUNNEL_LOST_REASON_LABELS).find(([, label]) => label.toLowerCase() === text.toLowerCase());
	if (byLabel) return byLabel[0];
	if (code in FUNNEL_LOST_REASON_LABELS) return code;
	// The LO's own words: "Moved away" and "moved away " are one reason.
	return normalKey(text);
}

interface ReadTouch {
	leadId: string;
	at: number;
	channel: string;
	/** An outbound touch that reached the lead. */
	made: boolean;
	note: boolean;
	/** A reply from the lead, or a call in which someone spoke with them. */
	conversation: boolean;
	outcome: CallOutcome | null;
}

type TouchField = keyof typeof FUNNEL_TOUCH_COLUMNS;

function readTouchRows(rows: SheetRows, zone: string, problems: SheetProblem[], use: (touch: ReadTouch) => void): void {
	const tab = tabColumns<TouchField>(rows, FUNNEL_TOUCH_COLUMNS);
	const problem = (index: number, field: string, message: string) => problems.push({ tab: 'Touches', row: tab.sheetRow(index), field, message });
	for (let index = 0; index < tab.length; index++) {
		const leadId = sheetText(tab.cell(index, 'leadId'));
		if (leadId === null) {
			if (!blankRow(tab, index, TOUCH_FIELDS)) problem(index, 'leadId', 'is empty: the touch is not counted');
			continue;
		}
		const at = sheetInstant(tab.cell(index, 'at'), zone);
		if (at === null || Number.isNaN(at)) {
			problem(index, 'at', `${describe(tab.cell(index, 'at'))} is not a date-time: the touch for lead ${leadId} is not counted`);
			continue;
		}
		const verdict = codeOf(tab.cell(index, 'verdict')) ?? '';
		const inbound = codeOf(tab.cell(index, 'direction')) === 'inbound';
		if (!MADE_VERDICTS.has(verdict) && !NOT_MADE_VERDICTS.has(verdict) && verdict !== 'received') {
			problem(index, 'verdict', `${describe(tab.cell(index, 'verdict'))} is not a verdict: the touch for lead ${leadId} is not counted`);
			continue;
		}
		const channel = codeOf(tab.cell(index, 'channel')) ?? '';
		const outcomeCell = tab.cell(index, 'outcome');
		let outcome = callOutcomeFromText(outcomeCell);
		if (outcome === null && !isBlank(outcomeCell)) {
			problem(index, 'outcome', `${describe(outcomeCell)} is not a call outcome (${CALL_OUTCOMES.join(', ')}): read as no outcome`);
		}
		// A call logged before the tracker had an outcome column may carry it as its reason.
		const reason = codeOf(tab.cell(index, 'reason')) ?? '';
		if (outcome === null && channel === 'call') outcome = callOutcomeFromText(reason);
		const reply = inbound && (verdict === '' || verdict === 'received') && !KEYWORD_REPLY_REASONS.has(reason);
		const loggedCall = outcome !== null && !NOT_MADE_VERDICTS.has(verdict);
		const made = !inbound && (MADE_VERDICTS.has(verdict) || loggedCall);
		use({
			leadId,
			at,
			channel,
			made,
			note: (NOTE_CHANNELS as readonly string[]).includes(channel),
			conversation: reply || (loggedCall && CALL_OUTCOME_RULES[outcome as CallOutcome].conversation),
			outcome: loggedCall ? outcome : null,
		});
	}
}

function readReferralRows(rows: SheetRows, zone: string, problems: SheetProblem[], use: (referral: Referral) => void): void {
	const columns = Object.fromEntries(REFERRAL_COLUMNS.map((column) => [column, [] as string[]])) as Record<(typeof REFERRAL_COLUMNS)[number], string[]>;
	const tab = tabColumns(rows, columns);
	const seen = new Map<string, number>();
	for (let index = 0; index < tab.length; index++) {
		const row = tab.sheetRow(index);
		const record: Record<string, unknown> = {};
		let blank = true;
		for (const column of REFERRAL_COLUMNS) {
			let value = tab.cell(index, column);
			if (!isBlank(value)) blank = false;
			// Date serials and typed dates become instants first, in the sheet's zone.
			if (REFERRAL_INSTANT_COLUMNS.has(column) && !isBlank(value)) {
				const at = sheetInstant(value, zone);
				if (at !== null && !Number.isNaN(at)) value = new Date(at).toISOString();
			}
			if (column === 'loanAmount' && typeof value === 'number') value = String(value);
			record[column] = value;
		}
		if (blank) continue;
		// Its dates are instants by now (or unreadable in any zone): UTC spares a zone look-up per cell.
		const read = referralFromRow(record, { timeZone: 'UTC' });
		if (!read.ok) {
			for (const error of read.errors) {
				problems.push({ tab: 'Referrals', row, field: error.field, message: `${error.message}: the referral is not counted` });
			}
			continue;
		}
		const first = seen.get(read.referral.referralId);
		if (first !== undefined) {
			problems.push({ tab: 'Referrals', row, field: 'referralId', message: `${read.referral.referralId} is also on row ${first}: counted once, from that row` });
			continue;
		}
		seen.set(read.referral.referralId, row);
		use(read.referral);
	}
}

const LEAD_FIELDS = Object.keys(FUNNEL_LEAD_COLUMNS) as LeadField[];
const TOUCH_FIELDS = Object.keys(FUNNEL_TOUCH_COLUMNS) as TouchField[];

function blankRow<Field extends string>(tab: TabColumns<Field>, index: number, fields: readonly Field[]): boolean {
	for (const field of fields) if (!isBlank(tab.cell(index, field))) return false;
	return true;
}

function normalKey(text: string): string {
	return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

function describe(value: unknown): string {
	return isBlank(value) ? 'empty' : JSON.stringify(value);
}

function periodInstant(value: string, name: string): number {
	const ms = typeof value === 'string' ? Date.parse(value) : NaN;
	if (!Number.isFinite(ms)) throw new Error(`sourceFunnel: "${name}" must be an ISO-8601 date-time, got "${value}"`);
	return ms;
}
