import { sheetInstant, sourceFunnel, type FunnelRow, type SheetRecord } from '../../../nodes/core';

/**
 * The funnel by source on a hand-worked month, read the way the tabs come out of the sheet:
 * ISO text written by the pack, Sheets date serials and typed dates from the loan officer,
 * "$320,000", blanks. Period: leads in from 2026-11-01 to 2026-11-29 (UTC); the sheet's zone is
 * New York (EST, UTC-5, all month). Activity week: Nov 22 - Nov 29, the week before Nov 15 - 22.
 * Every expected figure was worked out on paper, in the comments.
 */
const FROM = '2026-11-01T00:00:00Z';
const TO = '2026-11-29T00:00:00Z';
const ZONE = 'America/New_York';
const MINUTE = 1 / 1440; // in days

const leadRows: SheetRecord[] = [
	// Zillow, Spring buyers: texted at 2 minutes, called (no answer), appointment set on a call on
	// Nov 5 14:00, application on Nov 12.
	{ leadId: 'A1', receivedAt: '2026-11-02T14:00:00.000Z', source: 'zillow', sourceDetail: 'Spring buyers', stage: 'application', stageChangedAt: '2026-11-12T14:00:00.000Z', appointmentAt: '' },
	// The same campaign typed differently; came in Nov 9 09:00 New York = 46335.375 (a date the LO
	// typed, read back as a serial) = 14:00Z. Emailed at 14:30, replied next day 15:00. Stage
	// contacted without a date. Its referral R2 was lost.
	{ leadId: 'A2', receivedAt: 46335.375, source: 'Zillow ', sourceDetail: 'spring buyers', stage: 'contacted', stageChangedAt: '' },
	// Zillow without a campaign: only a deferred text and a call task, neither reached anyone.
	{ leadId: 'A3', receivedAt: '2026-11-20T16:00:00Z', source: 'zillow', sourceDetail: '', stage: 'new' },
	// Facebook, Refi promo: texted at 1 min, reached by phone next day 12:00, appointment Nov 6
	// 12:00 (Leads column), closed Nov 25 with its amount on the Leads row. No application date.
	{ leadId: 'B1', receivedAt: '2026-11-03T12:00:00Z', source: 'facebook', sourceDetail: 'Refi promo', stage: 'closed', stageChangedAt: '2026-11-25T12:00:00Z', appointmentAt: '2026-11-06T12:00:00Z', loanAmount: '$320,000' },
	// Texted at 5 min, "not interested" on a call Nov 6 12:00 (a conversation), lost: rate or fees.
	{ leadId: 'B2', receivedAt: '2026-11-04T12:00:00Z', source: 'facebook', sourceDetail: 'Refi promo', stage: 'lost', stageChangedAt: '2026-11-10T12:00:00Z', lostReason: 'Rate or fees' },
	// Called at 60 min: wrong number; lost without a reason, so the call's outcome says why.
	{ leadId: 'B3', receivedAt: '2026-11-05T12:00:00Z', source: 'facebook', sourceDetail: 'Refi promo', stage: 'lost', stageChangedAt: '' },
	// An October lead: not in the funnel, but its calls, note and appointment are this month's work.
	{ leadId: 'C1', receivedAt: '2026-10-01T12:00:00Z', source: 'web-form', appointmentAt: '2026-11-17T15:00:00Z' },
	// Unreadable rows are named, not counted; an empty row is nothing.
	{ leadId: '', receivedAt: '2026-11-05T00:00:00Z', source: 'zillow' }, // sheet row 9
	{ leadId: 'X9', receivedAt: 'next week', source: 'zillow' }, // row 10
	{ leadId: '', receivedAt: '', source: '  ' }, // row 11, empty
	{ leadId: 'A1', receivedAt: '2026-11-03T00:00:00Z', source: 'facebook' }, // row 12, A1 again
];

const touch = (leadId: string, at: string, channel: string, fields: Record<string, unknown> = {}): SheetRecord => ({
	touchId: `${leadId}:${at}`,
	leadId,
	at,
	channel,
	direction: 'outbound',
	verdict: 'sent',
	reason: '',
	outcome: '',
	...fields,
});
const logged = (leadId: string, at: string, outcome: string) => touch(leadId, at, 'call', { verdict: '', outcome });
const reply = (leadId: string, at: string, reason = '') => touch(leadId, at, 'sms', { direction: 'inbound', verdict: 'received', reason });

const touchRows: SheetRecord[] = [
	touch('A1', '2026-11-02T14:02:00.000Z', 'sms'),
	logged('A1', '2026-11-03T15:00:00.000Z', 'no-answer'),
	logged('A1', '2026-11-05T14:00:00.000Z', 'Appointment set'),
	touch('A2', '2026-11-09T14:30:00.000Z', 'email'),
	reply('A2', '2026-11-10T15:00:00.000Z'),
	reply('A2', '2026-11-11T15:00:00.000Z', 'opt-out'), // STOP: not a conversation
	touch('A3', '2026-11-20T16:05:00.000Z', 'sms', { verdict: 'deferred' }),
	touch('A3', '2026-11-20T16:10:00.000Z', 'call', { verdict: 'task' }),
	touch('B1', '2026-11-03T12:01:00.000Z', 'sms'),
	logged('B1', '2026-11-04T12:00:00.000Z', 'reached'),
	touch('B2', '2026-11-04T12:05:00.000Z', 'sms'),
	logged('B2', '2026-11-06T12:00:00.000Z', 'not-interested'),
	logged('B3', '2026-11-05T13:00:00.000Z', 'wrong number'),
	// The week before (Nov 15 - 22): one call, a voicemail. Nothing else made.
	logged('C1', '2026-11-18T15:00:00.000Z', 'left voicemail'),
	// This week: C1 reached (Nov 23) and sent a handwritten note; A1 asked to be called back and
	// texted back the same New York day (one conversation); A2 replied at 22:00 on Nov 25 and at
	// 09:00 on Nov 26 New York time (two days, though both are Nov 26 in UTC).
	logged('C1', '2026-11-23T15:00:00.000Z', 'reached'),
	touch('C1', '2026-11-24T16:00:00.000Z', 'note', { verdict: '' }),
	logged('A1', '2026-11-24T15:00:00.000Z', 'Call back later'),
	reply('A1', '2026-11-24T18:00:00.000Z'),
	touch('A1', '2026-11-25T15:00:00.000Z', 'email'),
	reply('A2', '2026-11-26T03:00:00.000Z'),
	reply('A2', '2026-11-26T14:00:00.000Z'),
	// Unreadable: named, not counted (rows 23 and 24).
	touch('A1', 'yesterday', 'sms'),
	touch('A1', '2026-11-06T10:00:00Z', 'sms', { verdict: 'maybe' }),
];

const referralRows: SheetRecord[] = [
	// No Leads row: a person of its own (source referral, campaign Open house). Typed receivedAt
	// 11/12/2026 9:00 New York = 14:00Z; contacted 1 h later; appointment Nov 14; application
	// Nov 16 15:00Z; closed 46349.5 = Nov 23 12:00 New York = 17:00Z; amount as a number.
	{ referralId: 'R1', partnerId: 'P-maria', leadId: '', source: 'Open house', receivedAt: '11/12/2026 9:00', status: 'Closed', contactedAt: '2026-11-12T15:00:00Z', appointmentAt: '2026-11-14T15:00:00Z', applicationAt: '2026-11-16T15:00:00Z', closedAt: 46349.5, loanAmount: 410000 },
	// A2's referral, lost on Nov 20: A2 is lost (went with another lender).
	{ referralId: 'R2', partnerId: 'P-dave', leadId: 'A2', source: 'Past client', receivedAt: '2026-11-09T13:00:00Z', status: 'lost', lostAt: '2026-11-20T12:00:00Z', lostReason: 'chose-another-lender' },
	// An October referral: not in the funnel; its appointment on Nov 24 is this week's.
	{ referralId: 'R3', partnerId: 'P-kim', leadId: '', source: 'Builder', receivedAt: '2026-10-20T12:00:00Z', status: 'appointment', contactedAt: '2026-10-21T12:00:00Z', appointmentAt: '2026-11-24T12:00:00Z' },
	// Status typed as its label, without a date: reached an appointment, when unknown.
	{ referralId: 'R4', partnerId: 'P-maria', leadId: '', source: 'Open house', receivedAt: '2026-11-25T12:00:00Z', status: 'Appointment set' },
	// Unreadable status (row 6).
	{ referralId: 'R5', partnerId: 'P-maria', leadId: '', receivedAt: '2026-11-25T12:00:00Z', status: 'maybe' },
];

const funnel = sourceFunnel(leadRows, touchRows, referralRows, { from: FROM, to: TO, zone: ZONE });
const row = (label: string): FunnelRow => {
	const found = funnel.bySource.find((candidate) => candidate.label === label);
	if (!found) throw new Error(`no row ${label} in ${funnel.bySource.map((r) => r.label).join(', ')}`);
	return found;
};
const counts = (r: FunnelRow) => r.steps.map((step) => step.count);
const conversions = (r: FunnelRow) => r.steps.map((step) => step.conversion);
const medians = (r: FunnelRow) => r.steps.map((step) => step.medianDays);

describe('sourceFunnel on a hand-worked month', () => {
	it('has one row per source and campaign, most leads first, spelling differences merged', () => {
		expect(funnel.bySource.map((r) => [r.label, r.steps[0].count])).toEqual([
			['facebook · Refi promo', 3], // B1 B2 B3
			['referral · Open house', 2], // R1 R4 (one closing: before the zillow row's none)
			['zillow · Spring buyers', 2], // A1, A2 ("Zillow ", "spring buyers")
			['zillow', 1], // A3
		]);
		expect(funnel.total.steps[0].count).toBe(8);
	});

	it('zillow · Spring buyers: counts, conversion and median days per step', () => {
		const r = row('zillow · Spring buyers');
		// leads, contacted (A1 A2), conversation (A1's appointment call, A2's reply), appointment (A1), application (A1), closed
		expect(counts(r)).toEqual([2, 2, 2, 1, 1, 0]);
		expect(conversions(r)).toEqual([null, 1, 1, 0.5, 1, 0]);
		const [, contact, talk, appointment, application, closed] = medians(r);
		expect(contact).toBeCloseTo((2 * MINUTE + 30 * MINUTE) / 2, 9); // A1 2 min, A2 30 min
		expect(talk).toBeCloseTo((3 - 2 * MINUTE + (1 + 30 * MINUTE)) / 2, 9); // A1 3 d - 2 min, A2 1 d 30 min
		expect(appointment).toBe(0); // A1: the conversation was the appointment call
		expect(application).toBeCloseTo(7, 9); // Nov 5 14:00 -> Nov 12 14:00
		expect(closed).toBeNull();
		expect(r.lost).toBe(1);
		expect(r.lostReasons).toEqual([{ reason: 'chose-another-lender', label: 'Went with another lender', count: 1 }]);
	});

	it('zillow without a campaign: a lead nobody reached yet (no division by zero)', () => {
		const r = row('zillow');
		expect(counts(r)).toEqual([1, 0, 0, 0, 0, 0]);
		expect(conversions(r)).toEqual([null, 0, null, null, null, null]);
		expect(medians(r)).toEqual([null, null, null, null, null, null]);
		expect(r.leadToClose).toBe(0);
	});

	it('facebook · Refi promo: a closing with its volume, two losses with their reasons', () => {
		const r = row('facebook · Refi promo');
		// conversation B1 (reached) B2 (not interested); appointment B1; application B1 (implied by closing); closed B1
		expect(counts(r)).toEqual([3, 3, 2, 1, 1, 1]);
		expect(conversions(r)).toEqual([null, 1, 2 / 3, 0.5, 1, 1]);
		const [, contact, talk, appointment, application, closed] = medians(r);
		expect(contact).toBeCloseTo(5 * MINUTE, 9); // of 1, 5 and 60 minutes
		expect(talk).toBeCloseTo((1 - MINUTE + (2 - 5 * MINUTE)) / 2, 9);
		expect(appointment).toBeCloseTo(2, 9); // Nov 4 12:00 -> Nov 6 12:00
		expect(application).toBeNull(); // B1 has no application date of its own
		expect(closed).toBeNull(); // ... so no "application -> closed" days either
		expect(r.leadToClose).toBeCloseTo(1 / 3, 9);
		expect(r.closedVolume).toBe(320_000);
		expect(r.closedWithoutAmount).toBe(0);
		expect(r.lost).toBe(2);
		expect(r.lostReasons).toEqual([
			{ reason: 'rate-or-fees', label: 'Rate or fees', count: 1 },
			{ reason: 'wrong-number', label: 'Wrong number', count: 1 },
		]);
	});

	it('referrals without a Leads row count too, with typed dates and date serials', () => {
		const r = row('referral · Open house');
		// R1 every step; R4 up to its undated appointment (contact and conversation implied)
		expect(counts(r)).toEqual([2, 2, 2, 2, 1, 1]);
		expect(conversions(r)).toEqual([null, 1, 1, 1, 0.5, 1]);
		const [, contact, talk, appointment, application, closed] = medians(r);
		expect(contact).toBeCloseTo(1 / 24, 9); // 14:00Z (typed 9:00 New York) -> 15:00Z
		expect(talk).toBeNull(); // no conversation on record, only implied by the appointment
		expect(appointment).toBeNull();
		expect(application).toBeCloseTo(2, 9);
		expect(closed).toBeCloseTo(7 + 2 / 24, 9); // Nov 16 15:00Z -> Nov 23 17:00Z (the serial, New York)
		expect(r.closedVolume).toBe(410_000);
	});

	it('the total adds the rows up', () => {
		expect(counts(funnel.total)).toEqual([8, 7, 6, 4, 3, 2]);
		expect(funnel.total.closedVolume).toBe(730_000);
		expect(funnel.total.lost).toBe(3);
		expect(funnel.total.lostReasons.map((lost) => [lost.reason, lost.count])).toEqual([
			['chose-another-lender', 1],
			['rate-or-fees', 1],
			['wrong-number', 1],
		]);
		// 1, 2, 5, 30, 60, 60 minutes: the middle two are 5 and 30.
		expect(funnel.total.steps[1].medianDays).toBeCloseTo(17.5 * MINUTE, 9);
	});

	it('activity: this week against the week before', () => {
		expect(funnel.activity.current).toEqual({
			from: '2026-11-22T00:00:00.000Z',
			to: '2026-11-29T00:00:00.000Z',
			callsMade: 2, // C1 reached, A1 call back later
			conversations: 4, // C1 Nov 23; A1 Nov 24 (call and text, one day); A2 Nov 25 and Nov 26 (New York days)
			appointmentsSet: 1, // R3 on Nov 24
			notesSent: 1, // C1's note
		});
		expect(funnel.activity.previous).toEqual({
			from: '2026-11-15T00:00:00.000Z',
			to: '2026-11-22T00:00:00.000Z',
			callsMade: 1, // C1's voicemail; A3's deferred text and call task were not made
			conversations: 0,
			appointmentsSet: 1, // C1's appointmentAt Nov 17
			notesSent: 0,
		});
	});

	it('names every row it could not read, by tab, sheet row and field', () => {
		expect(funnel.problems.map((p) => [p.tab, p.row, p.field])).toEqual([
			['Leads', 9, 'leadId'],
			['Leads', 10, 'receivedAt'],
			['Leads', 12, 'leadId'],
			['Referrals', 6, 'status'],
			['Touches', 23, 'at'],
			['Touches', 24, 'verdict'],
		]);
		expect(funnel.problems[2].message).toBe('A1 is also on row 2: counted once, from that row');
	});

	it('reads a tab given as a grid (header row first, loose header spelling) the same as records', () => {
		const grid = (records: SheetRecord[]) => {
			const headers = [...new Set(records.flatMap((record) => Object.keys(record)))];
			const spelled = headers.map((header) => header.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase())); // "Lead Id"
			return [spelled, ...records.map((record) => headers.map((header) => record[header] ?? ''))];
		};
		const fromGrid = sourceFunnel(grid(leadRows), grid(touchRows), grid(referralRows), { from: FROM, to: TO, zone: ZONE });
		expect(fromGrid).toEqual(funnel);
	});

	it('refuses a period that is not one, and an unknown zone', () => {
		expect(() => sourceFunnel([], [], [], { from: TO, to: FROM })).toThrow('"to" (2026-11-01T00:00:00Z) must be after "from"');
		expect(() => sourceFunnel([], [], [], { from: 'last week', to: TO })).toThrow('"from" must be an ISO-8601 date-time');
		expect(() => sourceFunnel([], [], [], { from: FROM, to: TO, zone: 'Mars/Olympus' })).toThrow('IANA time zone');
	});

	it('empty tabs give an all-zero funnel with no divisions by zero', () => {
		const empty = sourceFunnel([], [], [], { from: FROM, to: TO });
		expect(empty.bySource).toEqual([]);
		expect(counts(empty.total)).toEqual([0, 0, 0, 0, 0, 0]);
		expect(conversions(empty.total)).toEqual([null, null, null, null, null, null]);
		expect(empty.total.leadToClose).toBeNull();
	});
});

describe('sheetInstant: dates as the sheet hands them back', () => {
	it('a date serial is the wall clock of the sheet zone', () => {
		// 46346 = 2026-11-20 (25569 = 1970-01-01; 2026-01-01 is day 20454, Nov 20 is 323 days on).
		expect(sheetInstant(46346.5, 'America/New_York')).toBe(Date.parse('2026-11-20T17:00:00Z'));
		expect(sheetInstant(46346.5, 'UTC')).toBe(Date.parse('2026-11-20T12:00:00Z'));
		expect(sheetInstant('46346.5', 'America/Chicago')).toBe(Date.parse('2026-11-20T18:00:00Z'));
		// Summer: New York is UTC-4.
		expect(sheetInstant(46188.25, 'America/New_York')).toBe(Date.parse('2026-06-15T10:00:00Z'));
	});

	it('typed dates are read in the zone; an offset in the text wins', () => {
		expect(sheetInstant('11/20/2026 2:03 PM', 'America/New_York')).toBe(Date.parse('2026-11-20T19:03:00Z'));
		expect(sheetInstant('11/20/2026', 'America/Los_Angeles')).toBe(Date.parse('2026-11-20T08:00:00Z'));
		expect(sheetInstant('2026-11-20T10:00', 'America/New_York')).toBe(Date.parse('2026-11-20T15:00:00Z'));
		expect(sheetInstant('2026-11-20T10:00:00-06:00', 'America/New_York')).toBe(Date.parse('2026-11-20T16:00:00Z'));
		expect(sheetInstant('2026-11-20T10:00:00.000Z', 'America/New_York')).toBe(Date.parse('2026-11-20T10:00:00Z'));
	});

	it('blank is null, nonsense is NaN', () => {
		expect(sheetInstant('', 'UTC')).toBeNull();
		expect(sheetInstant('   ', 'UTC')).toBeNull();
		expect(sheetInstant(undefined, 'UTC')).toBeNull();
		expect(sheetInstant('soon', 'UTC')).toBeNaN();
		expect(sheetInstant(-3, 'UTC')).toBeNaN();
		expect(sheetInstant('13/45/2026', 'UTC')).toBeNaN();
	});
});
