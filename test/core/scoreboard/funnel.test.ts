import fc from 'fast-check';
import {
	funnelTable,
	funnelText,
	renderFunnelHtml,
	renderScoreboardEmail,
	renderScoreboardEmailWithFunnel,
	scoreboard,
	sheetInstant,
	sourceFunnel,
	type FunnelRow,
	type SheetRecord,
} from '../../../nodes/core';

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

	it('the activity week can end elsewhere than the period (weekEnds)', () => {
		const earlier = sourceFunnel(leadRows, touchRows, referralRows, { from: FROM, to: TO, zone: ZONE, weekEnds: '2026-11-22T00:00:00Z' });
		expect(earlier.activity.current).toEqual(funnel.activity.previous);
		expect(earlier.activity.previous).toMatchObject({ from: '2026-11-08T00:00:00.000Z', to: '2026-11-15T00:00:00.000Z', callsMade: 0, conversations: 1, appointmentsSet: 1, notesSent: 0 }); // A2's reply Nov 10; R1's appointment Nov 14
		expect(earlier.bySource).toEqual(funnel.bySource);
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

	it('a lost lead with no reason written: the last call says why (wrong number, not interested)', () => {
		const lost = (leadId: string) => ({ leadId, receivedAt: '2026-11-02T10:00:00Z', source: 'csv', stage: 'lost' });
		const result = sourceFunnel(
			[lost('N1'), lost('N2'), lost('N3'), { ...lost('N4'), stage: 'do-not-contact' }],
			[
				logged('N1', '2026-11-03T10:00:00Z', 'wrong-number'),
				logged('N1', '2026-11-04T10:00:00Z', 'not interested'), // the last call wins
				logged('N2', '2026-11-04T10:00:00Z', 'not-interested'),
				logged('N2', '2026-11-05T10:00:00Z', 'no-answer'), // ... whatever it says
				logged('N3', '2026-11-04T10:00:00Z', 'wrong number'),
				logged('N3', '2026-11-30T10:00:00Z', 'reached'), // after the period: not yet known
				logged('N4', '2026-11-04T10:00:00Z', 'wrong number'), // they asked not to be contacted: that is why
			],
			[],
			{ from: FROM, to: TO },
		);
		expect(result.total.lostReasons.map((l) => [l.reason, l.label, l.count])).toEqual([
			['do-not-contact', 'Asked not to be contacted', 1],
			['not-interested', 'Not interested', 1],
			['unspecified', 'No reason given', 1],
			['wrong-number', 'Wrong number', 1],
		]);
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

describe('the funnel on the Scoreboard tab, in text and in the weekly email', () => {
	const table = funnelTable(funnel, { timeZone: 'UTC' });
	const at = (first: string) => table.findIndex((cells) => cells[0] === first);

	it('activity block: this week, the week before, the change', () => {
		expect(table.slice(0, 5)).toEqual([
			['Activity', 'This week (Nov 22 – Nov 28, 2026)', 'Week before (Nov 15 – Nov 21, 2026)', 'Change'],
			['Calls made', 2, 1, '+1'],
			['Conversations', 4, 0, '+4'],
			['Appointments set', 1, 1, '0'],
			['Notes sent', 1, 0, '+1'],
		]);
	});

	it('funnel block: counts per source and campaign, the total first, numbers kept as numbers', () => {
		const head = at('Funnel by source (leads in Nov 1 – Nov 28, 2026)');
		expect(table.slice(head, head + 6)).toEqual([
			['Funnel by source (leads in Nov 1 – Nov 28, 2026)', 'Campaign', 'Leads', 'Contacted', 'Conversation', 'Appointment', 'Application', 'Closed', 'Lead to close', 'Closed volume', 'Lost'],
			['All sources', '', 8, 7, 6, 4, 3, 2, 0.25, 730_000, 3],
			['facebook', 'Refi promo', 3, 3, 2, 1, 1, 1, 0.33, 320_000, 2],
			['referral', 'Open house', 2, 2, 2, 2, 1, 1, 0.5, 410_000, 0],
			['zillow', 'Spring buyers', 2, 2, 2, 1, 1, 0, 0, 0, 1],
			['zillow', '', 1, 0, 0, 0, 0, 0, 0, 0, 0],
		]);
	});

	it('conversion and median blocks: empty where there is nothing to divide by or no dates', () => {
		const conversion = at('Conversion by source');
		expect(table[conversion]).toEqual(['Conversion by source', 'Campaign', 'Leads → Contacted', 'Contacted → Conversation', 'Conversation → Appointment', 'Appointment → Application', 'Application → Closed']);
		expect(table[conversion + 1]).toEqual(['All sources', '', 0.88, 0.86, 0.67, 0.75, 0.67]); // 7/8 6/7 4/6 3/4 2/3
		expect(table[conversion + 5]).toEqual(['zillow', '', 0, '', '', '', '']);
		const medians = at('Median days between steps');
		expect(table[medians + 3]).toEqual(['referral', 'Open house', 0.04, '', '', 2, 7.08]); // 1 h; 2 d; 7 d 2 h
	});

	it('lost block: each reason per source, the total first', () => {
		const lost = at('Why leads were lost');
		expect(table.slice(lost)).toEqual([
			['Why leads were lost', 'Source', 'Count'],
			['Went with another lender', 'All sources', 1],
			['Rate or fees', 'All sources', 1],
			['Wrong number', 'All sources', 1],
			['Rate or fees', 'facebook · Refi promo', 1],
			['Wrong number', 'facebook · Refi promo', 1],
			['Went with another lender', 'zillow · Spring buyers', 1],
		]);
	});

	it('plain text: one line per source, then the week', () => {
		const text = funnelText(funnel).split('\n');
		expect(text[0]).toBe('Funnel by source, leads that came in Nov 1 – Nov 28, 2026:');
		expect(text[1]).toBe('All sources: 8 leads → 7 contacted (88%) → 6 conversations (86%) → 4 appointments (67%) → 3 applications (75%) → 2 closed (67%); $730,000 closed; 3 lost');
		expect(text[5]).toBe('  zillow: 1 lead → 0 contacted (0%) → 0 conversations (–) → 0 appointments (–) → 0 applications (–) → 0 closed (–); $0 closed');
		expect(text.slice(6)).toEqual([
			'Activity Nov 22 – Nov 28, 2026, against the week before:',
			'  Calls made: 2 (1 the week before, +1)',
			'  Conversations: 4 (0 the week before, +4)',
			'  Appointments set: 1 (1 the week before, 0)',
			'  Notes sent: 1 (0 the week before, +1)',
		]);
	});

	it('email: the scoreboard email as before, with the funnel after the results; names escaped', () => {
		const board = scoreboard({ leads: [], touches: [], referrals: [], from: '2026-11-22T00:00:00Z', to: '2026-11-29T00:00:00Z' });
		const options = { title: 'Weekly scoreboard', loanOfficerName: 'Pat Lee', timeZone: 'UTC' };
		const plain = renderScoreboardEmail(board, options);
		const withFunnel = renderScoreboardEmailWithFunnel(board, funnel, options);
		const signOff = '\n<p style="font-family:Arial,sans-serif">Pat Lee</p></body></html>';
		expect(plain.endsWith(signOff)).toBe(true);
		expect(withFunnel.startsWith(plain.slice(0, -signOff.length))).toBe(true);
		expect(withFunnel.endsWith(`${renderFunnelHtml(funnel, { timeZone: 'UTC' })}${signOff}`)).toBe(true);
		expect(withFunnel).toContain('<td style="padding:4px 10px;border-bottom:1px solid #ddd;text-align:right">7 (88%)</td>');

		const risky = sourceFunnel([{ leadId: 'Z', receivedAt: '2026-11-02T00:00:00Z', source: '<script>x</script>', sourceDetail: 'Tom & Jerry', stage: 'lost', lostReason: '<b>no</b>' }], [], [], { from: FROM, to: TO });
		const html = renderFunnelHtml(risky);
		expect(html).not.toContain('<script>');
		expect(html).not.toContain('<b>');
		expect(html).toContain('&#60;script&#62;x&#60;/script&#62; · Tom &#38; Jerry');
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

// ---------------------------------------------------------------------------------------------
// Generated tabs, each figure recounted directly from the rows (not with the funnel's own code)

const P_FROM = Date.parse('2026-11-01T00:00:00Z');
const P_TO = Date.parse('2026-11-29T00:00:00Z');
const DAY = 86_400_000;
/** Activity weeks in UTC: Nov 22-29 and Nov 15-22. */
const WEEK = [P_TO - 7 * DAY, P_TO];
const PREVIOUS_WEEK = [P_TO - 14 * DAY, P_TO - 7 * DAY];

/** A time cell: ISO text, a Sheets date serial (the zone is UTC here), or blank. */
const timeCell = fc.oneof(
	{ weight: 3, arbitrary: fc.integer({ min: -10 * 1440, max: 33 * 1440 }).map((minutes) => new Date(P_FROM + minutes * 60_000).toISOString()) },
	{ weight: 1, arbitrary: fc.integer({ min: -10 * 1440, max: 33 * 1440 }).map((minutes) => 25569 + (P_FROM + minutes * 60_000) / DAY) },
	{ weight: 2, arbitrary: fc.constant('') },
);
const leadIds = ['L0', 'L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7', 'L8', 'L9'];
const genLead = fc.record({
	leadId: fc.constantFrom(...leadIds),
	receivedAt: fc.oneof({ weight: 8, arbitrary: timeCell.filter((cell) => cell !== '') }, { weight: 1, arbitrary: fc.constant('n/a') }),
	source: fc.constantFrom('zillow', 'Zillow ', ' facebook', 'FACEBOOK', '', 'referral', 'web-form'),
	sourceDetail: fc.constantFrom('', 'Spring', 'spring', ' Refi  promo', 'refi promo'),
	stage: fc.constantFrom('', 'new', 'contacted', 'appointment', 'nurture', 'application', 'Application', 'closed', 'lost', 'do-not-contact'),
	stageChangedAt: timeCell,
	lastReplyAt: timeCell,
	appointmentAt: timeCell,
	applicationAt: timeCell,
	closedAt: timeCell,
	loanAmount: fc.constantFrom('', 250000, '$310,000', 0),
	lostReason: fc.constantFrom('', 'no-response', 'Rate or fees', 'moved away'),
});
const genTouch = fc.record({
	touchId: fc.constant(''),
	leadId: fc.constantFrom(...leadIds, 'L10', 'L11'),
	at: timeCell.filter((cell) => cell !== ''),
	channel: fc.constantFrom('sms', 'call', 'email', 'note', 'Call'),
	direction: fc.constantFrom('outbound', 'inbound', ''),
	verdict: fc.constantFrom('', 'sent', 'deferred', 'blocked', 'failed', 'received', 'task', 'planned', 'outcome'),
	reason: fc.constantFrom('', '', 'opt-out', 'help', 'no-answer', 'reached'),
	outcome: fc.constantFrom('', '', 'reached', 'Appointment set', 'no-answer', 'wrong-number', 'not interested', 'call-back-later', 'left voicemail'),
});
const genReferral = fc.record({
	referralId: fc.constantFrom('R0', 'R1', 'R2', 'R3', 'R4', 'R5'),
	partnerId: fc.constant('P1'),
	leadId: fc.constantFrom('', '', ...leadIds, 'L10', 'L11'),
	source: fc.constantFrom('', 'Open house', 'open house', 'Builder'),
	receivedAt: timeCell.filter((cell) => cell !== ''),
	status: fc.constantFrom('received', 'contacted', 'appointment', 'application', 'approved', 'closed', 'lost', 'Closed'),
	contactedAt: timeCell,
	appointmentAt: timeCell,
	applicationAt: timeCell,
	approvedAt: timeCell,
	closedAt: timeCell,
	lostAt: timeCell,
	lostReason: fc.constantFrom('', 'no-response', 'duplicate'),
	loanAmount: fc.constantFrom('', 200000, '$450,000'),
});

/** The model's own reading of a cell: null blank, NaN unreadable. */
function ms(cell: unknown): number | null {
	if (cell === '' || cell === undefined) return null;
	if (typeof cell === 'number') return Math.round((cell - 25569) * 86_400) * 1000;
	const parsed = Date.parse(String(cell));
	return Number.isNaN(parsed) ? NaN : parsed;
}
const word = (cell: unknown) => String(cell ?? '').trim().toLowerCase().replace(/\s+/g, ' ');
const amountOf = (cell: unknown): number | null => (cell === '' ? null : Number(String(cell).replace(/[$,]/g, '')));
const STEPS = ['leads', 'contacted', 'conversation', 'appointment', 'application', 'closed'];
const TALKING = new Set(['reached', 'appointment-set', 'not-interested', 'call-back-later']);
const OUTCOME_WORDS: Record<string, string> = {
	reached: 'reached', 'appointment set': 'appointment-set', 'no-answer': 'no-answer', 'wrong-number': 'wrong-number',
	'not interested': 'not-interested', 'call-back-later': 'call-back-later', 'left voicemail': 'left-voicemail',
};

interface Person {
	source: string;
	detail: string;
	received: number;
	/** Per step: dates of its own evidence (any time) and whether it was set without a date. */
	dates: number[][];
	undated: boolean[];
	lostBy: boolean;
	reason: string | null;
	amount: number | null;
	calls: Array<{ at: number; outcome: string }>;
}

/** Recounts everything straight from the rows. */
function recount(leads: SheetRecord[], touches: SheetRecord[], referrals: SheetRecord[]) {
	const people = new Map<string, Person>();
	const fromLeads = new Set<string>();
	const appointmentsByWeek: Array<Set<string>> = [new Set(), new Set()];
	const weekOf = (at: number) => (at >= WEEK[0] && at < WEEK[1] ? 0 : at >= PREVIOUS_WEEK[0] && at < PREVIOUS_WEEK[1] ? 1 : -1);
	const person = (source: string, detail: string, received: number): Person => ({
		source, detail, received, dates: STEPS.map(() => []), undated: STEPS.map(() => false), lostBy: false, reason: null, amount: null, calls: [],
	});
	const evidence = (p: Person, step: string, at: number | null) => {
		const index = STEPS.indexOf(step);
		if (at === null) p.undated[index] = true;
		else p.dates[index].push(at);
	};

	for (const lead of leads) {
		const received = ms(lead.receivedAt);
		if (received === null || Number.isNaN(received) || fromLeads.has(String(lead.leadId))) continue;
		const id = String(lead.leadId);
		fromLeads.add(id);
		const p = person(word(lead.source) || 'unknown', word(lead.sourceDetail), received);
		people.set(id, p);
		const stage = word(lead.stage);
		const changed = ms(lead.stageChangedAt);
		if (stage === 'contacted' || stage === 'appointment' || stage === 'application' || stage === 'closed') evidence(p, stage, changed);
		if ((stage === 'lost' || stage === 'do-not-contact') && (changed === null || changed < P_TO)) {
			p.lostBy = true;
			const typed = word(lead.lostReason);
			p.reason = typed === 'rate or fees' ? 'rate-or-fees' : typed || (stage === 'do-not-contact' ? 'do-not-contact' : null);
		}
		if (ms(lead.lastReplyAt) !== null) evidence(p, 'conversation', ms(lead.lastReplyAt));
		if (ms(lead.closedAt) !== null) evidence(p, 'closed', ms(lead.closedAt));
		if (ms(lead.applicationAt) !== null) evidence(p, 'application', ms(lead.applicationAt));
		const appointment = ms(lead.appointmentAt);
		if (appointment !== null) {
			evidence(p, 'appointment', appointment);
			if (weekOf(appointment) >= 0) appointmentsByWeek[weekOf(appointment)].add(id);
		}
		p.amount = amountOf(lead.loanAmount);
	}

	const seenReferrals = new Set<string>();
	const closedAmount = new Map<string, number>();
	const anyAmount = new Map<string, number>();
	for (const referral of referrals) {
		if (seenReferrals.has(String(referral.referralId))) continue;
		seenReferrals.add(String(referral.referralId));
		const key = referral.leadId ? String(referral.leadId) : `referral:${referral.referralId}`;
		const received = ms(referral.receivedAt) as number;
		let p = people.get(key);
		if (!p) {
			p = person('referral', word(referral.source), received);
			people.set(key, p);
		} else if (!fromLeads.has(key)) {
			p.received = Math.min(p.received, received);
			if (!p.detail) p.detail = word(referral.source);
		}
		const status = word(referral.status);
		const stamps: Array<[string, unknown]> = [
			['contacted', referral.contactedAt], ['appointment', referral.appointmentAt], ['application', referral.applicationAt],
			['application', referral.approvedAt], ['closed', referral.closedAt],
		];
		for (const [step, cell] of stamps) if (ms(cell) !== null) evidence(p, step, ms(cell));
		const ownStamp: Record<string, unknown> = {
			contacted: referral.contactedAt, appointment: referral.appointmentAt, application: referral.applicationAt, approved: referral.approvedAt, closed: referral.closedAt,
		};
		if (status in ownStamp && ms(ownStamp[status]) === null) evidence(p, status === 'approved' ? 'application' : status, null);
		const appointment = ms(referral.appointmentAt);
		if (appointment !== null && weekOf(appointment) >= 0) appointmentsByWeek[weekOf(appointment)].add(key);
		const lostAt = ms(referral.lostAt);
		if (status === 'lost' && (lostAt === null || lostAt < P_TO)) {
			p.lostBy = true;
			if (p.reason === null && referral.lostReason) p.reason = String(referral.lostReason);
		}
		const amount = amountOf(referral.loanAmount);
		if (amount !== null) {
			if (status === 'closed' && !closedAmount.has(key)) closedAmount.set(key, amount);
			if (!anyAmount.has(key)) anyAmount.set(key, amount);
		}
	}
	for (const [key, p] of people) if (p.amount === null) p.amount = closedAmount.get(key) ?? anyAmount.get(key) ?? null;

	const week = [0, 1].map(() => ({ calls: 0, notes: 0, talks: new Set<string>() }));
	for (const t of touches) {
		const at = ms(t.at) as number;
		const verdict = word(t.verdict);
		const inbound = word(t.direction) === 'inbound';
		const channel = word(t.channel);
		let outcome = OUTCOME_WORDS[word(t.outcome)] ?? null;
		if (outcome === null && channel === 'call' && ['no-answer', 'reached'].includes(word(t.reason))) outcome = word(t.reason);
		const callLogged = outcome !== null && !['planned', 'deferred', 'blocked', 'failed', 'task'].includes(verdict);
		const made = !inbound && (['', 'sent', 'outcome'].includes(verdict) || callLogged);
		const replied = inbound && (verdict === '' || verdict === 'received') && !['opt-out', 'help'].includes(word(t.reason));
		const talked = replied || (callLogged && TALKING.has(outcome as string));
		const w = weekOf(at);
		if (w >= 0) {
			if (made && channel === 'call') week[w].calls++;
			if (made && channel === 'note') week[w].notes++;
			if (talked) week[w].talks.add(`${t.leadId} ${new Date(at).toISOString().slice(0, 10)}`);
			if (callLogged && outcome === 'appointment-set') appointmentsByWeek[w].add(String(t.leadId));
		}
		const p = people.get(String(t.leadId));
		if (!p) continue;
		if (made) evidence(p, 'contacted', at);
		if (talked) evidence(p, 'conversation', at);
		if (callLogged && outcome === 'appointment-set') evidence(p, 'appointment', at);
		if (callLogged) p.calls.push({ at, outcome: outcome as string });
	}
	return { people, week, appointmentsByWeek };
}

/** How far one person got by the period's end, and the days between steps with both dates on record. */
function journeyOf(p: Person) {
	const byEnd = p.dates.map((dates) => dates.filter((at) => at < P_TO).sort((a, b) => a - b));
	// The furthest step with any evidence: every step up to it counts as reached.
	let furthest = 0;
	STEPS.forEach((_, index) => {
		if (index > 0 && (byEnd[index].length > 0 || p.undated[index])) furthest = index;
	});
	const own = byEnd.map((dates, index) => (index === 0 ? p.received : (dates[0] ?? Infinity)));
	const when = own.map((_, index) => Math.min(...own.slice(index)));
	const dated = own.map((at, index) => index === 0 || (Number.isFinite(at) && at === when[index]));
	const days = STEPS.map((_, index) => (index > 0 && index <= furthest && dated[index] && dated[index - 1] ? Math.max(0, when[index] - when[index - 1]) / DAY : null));
	const closed = furthest === 5;
	const lastCall = p.calls.filter((call) => call.at < P_TO).sort((a, b) => a.at - b.at).pop();
	const lost = !closed && p.lostBy;
	const reason = lost ? (p.reason ?? (lastCall && ['wrong-number', 'not-interested'].includes(lastCall.outcome) ? lastCall.outcome : 'unspecified')) : null;
	return { furthest, days, closed, lost, reason };
}

function sortedMedian(values: number[]): number | null {
	if (values.length === 0) return null;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
}

describe('sourceFunnel on generated tabs: every figure against a direct recount', () => {
	it('counts, conversions, medians, volume, lost reasons and the activity weeks', () => {
		fc.assert(
			fc.property(fc.array(genLead, { maxLength: 14 }), fc.array(genTouch, { maxLength: 40 }), fc.array(genReferral, { maxLength: 7 }), (leads, touches, referrals) => {
				const result = sourceFunnel(leads, touches, referrals, { from: '2026-11-01T00:00:00Z', to: '2026-11-29T00:00:00Z', zone: 'UTC' });
				const { people, week, appointmentsByWeek } = recount(leads, touches, referrals);
				const cohort = [...people.values()].filter((p) => p.received >= P_FROM && p.received < P_TO);

				// Every lead in exactly one source row: the rows' keys are distinct, their leads add
				// up to the cohort, and each row holds exactly the people of its source and campaign.
				const rowKeys = result.bySource.map((r) => r.key);
				expect(new Set(rowKeys).size).toBe(rowKeys.length);
				expect(result.bySource.reduce((sum, r) => sum + r.steps[0].count, 0)).toBe(cohort.length);
				expect(result.total.steps[0].count).toBe(cohort.length);

				const groups = new Map<string, Person[]>();
				for (const p of cohort) groups.set(`${p.source}\u0000${p.detail}`, [...(groups.get(`${p.source}\u0000${p.detail}`) ?? []), p]);
				expect(rowKeys.slice().sort()).toEqual([...groups.keys()].sort());

				for (const r of [result.total, ...result.bySource]) {
					const members = r.key === 'all' ? cohort : (groups.get(r.key) as Person[]);
					const journeys = members.map(journeyOf);
					const counts = STEPS.map((_, index) => journeys.filter((j) => j.furthest >= index).length);
					expect(r.steps.map((s) => s.count)).toEqual(counts);
					r.steps.forEach((s, index) => {
						if (index === 0) expect(s.conversion).toBeNull();
						else if (counts[index - 1] === 0) expect(s.conversion).toBeNull();
						else expect(s.conversion).toBeCloseTo(counts[index] / counts[index - 1], 12);
						const expected = sortedMedian(journeys.flatMap((j) => (j.days[index] === null ? [] : [j.days[index] as number])));
						if (expected === null) expect(s.medianDays).toBeNull();
						else expect(s.medianDays).toBeCloseTo(expected, 9);
					});
					const closedPeople = members.filter((_, i) => journeys[i].closed);
					expect(r.closedVolume).toBe(closedPeople.reduce((sum, p) => sum + (p.amount ?? 0), 0));
					expect(r.closedWithoutAmount).toBe(closedPeople.filter((p) => p.amount === null).length);
					expect(r.lost).toBe(journeys.filter((j) => j.lost).length);
					const reasons = new Map<string, number>();
					for (const j of journeys) if (j.reason) reasons.set(j.reason, (reasons.get(j.reason) ?? 0) + 1);
					expect(Object.fromEntries(r.lostReasons.map((l) => [l.reason, l.count]))).toEqual(Object.fromEntries(reasons));
				}

				[result.activity.current, result.activity.previous].forEach((figures, w) => {
					expect(figures.callsMade).toBe(week[w].calls);
					expect(figures.notesSent).toBe(week[w].notes);
					expect(figures.conversations).toBe(week[w].talks.size);
					expect(figures.appointmentsSet).toBe(appointmentsByWeek[w].size);
				});

				// The problems are exactly the made-up "n/a" arrival dates and the repeated ids.
				const readable = new Set<string>();
				const expectedProblems: Array<[string, number, string]> = [];
				leads.forEach((lead, index) => {
					if (lead.receivedAt === 'n/a') expectedProblems.push(['Leads', index + 2, 'receivedAt']);
					else if (readable.has(lead.leadId)) expectedProblems.push(['Leads', index + 2, 'leadId']);
					else readable.add(lead.leadId);
				});
				const referralIds = new Set<string>();
				referrals.forEach((referral, index) => {
					if (referralIds.has(referral.referralId)) expectedProblems.push(['Referrals', index + 2, 'referralId']);
					referralIds.add(referral.referralId);
				});
				expect(result.problems.map((p) => [p.tab, p.row, p.field])).toEqual(expectedProblems);
			}),
			{ numRuns: 300 },
		);
	});
});
