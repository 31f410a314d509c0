import {
	newReferral,
	renderScoreboardEmail,
	scoreboard,
	scoreboardTable,
	type Referral,
	type ScoreboardLead,
	type Touch,
} from '../../../nodes/core';
import { hasUnsafeCharacters } from '../../../nodes/core/safeText';

/**
 * A hand-computed week. Current period: Mon 2026-11-16 to Mon 2026-11-23 (UTC); the previous
 * one is 2026-11-09 to 2026-11-16. The expected figures below were worked out on paper from
 * this data, line by line in the comments.
 */
const FROM = '2026-11-16T00:00:00Z';
const TO = '2026-11-23T00:00:00Z';

const leads: ScoreboardLead[] = [
	{ leadId: 'L1', receivedAt: '2026-11-16T14:00:00Z', source: 'referral', sourceDetail: 'Open house' },
	{ leadId: 'L2', receivedAt: '2026-11-17T09:00:00Z', source: 'facebook' },
	{ leadId: 'L3', receivedAt: '2026-11-18T20:00:00Z', source: 'zillow' },
	{ leadId: 'L4', receivedAt: '2026-11-20T12:00:00Z', source: 'referral', sourceDetail: 'Builder', appointmentAt: '2026-11-21T15:00:00Z' },
	{ leadId: 'L5', receivedAt: '2026-11-10T07:30:00Z', source: 'web-form' },
	{ leadId: 'L6', receivedAt: '2026-11-22T23:58:00Z', source: 'web-form' },
	{ leadId: 'L7', receivedAt: '2026-11-12T10:00:00Z', source: 'lendingtree' },
];

let touchCount = 0;
const out = (leadId: string, at: string, channel: Touch['channel'], verdict?: Touch['verdict']): Touch => ({
	touchId: `T${++touchCount}`,
	leadId,
	at,
	channel,
	direction: 'outbound',
	...(verdict ? { verdict } : {}),
});
const reply = (leadId: string, at: string): Touch => ({ touchId: `T${++touchCount}`, leadId, at, channel: 'sms', direction: 'inbound', verdict: 'received' });

const touches: Touch[] = [
	// L1: 2 minutes to first touch; 5 touches this week (2 texts, 2 calls, 1 email).
	out('L1', '2026-11-16T14:02:00Z', 'sms', 'sent'),
	out('L1', '2026-11-16T14:03:00Z', 'call'),
	out('L1', '2026-11-17T10:00:00Z', 'email', 'sent'),
	out('L1', '2026-11-18T10:00:00Z', 'sms', 'sent'),
	out('L1', '2026-11-19T10:00:00Z', 'call'),
	reply('L1', '2026-11-16T14:10:00Z'),
	reply('L1', '2026-11-18T11:00:00Z'),
	// L2: blocked and deferred touches are not work done; first real touch after 10 minutes.
	out('L2', '2026-11-17T09:01:00Z', 'sms', 'blocked'),
	out('L2', '2026-11-17T09:02:00Z', 'sms', 'deferred'),
	out('L2', '2026-11-17T09:10:00Z', 'sms', 'sent'),
	reply('L2', '2026-11-17T09:20:00Z'),
	// L3: never touched.
	// L4: a failed text does not count; the call 4 minutes in does.
	out('L4', '2026-11-20T12:01:00Z', 'sms', 'failed'),
	out('L4', '2026-11-20T12:04:00Z', 'call'),
	// L5 (last week's lead): 4 touches last week, a 5th this week.
	out('L5', '2026-11-10T08:00:00Z', 'sms', 'sent'),
	out('L5', '2026-11-11T15:00:00Z', 'call'),
	out('L5', '2026-11-12T15:00:00Z', 'call'),
	out('L5', '2026-11-13T15:00:00Z', 'call'),
	out('L5', '2026-11-17T15:00:00Z', 'sms', 'sent'),
	// L6 arrived 2 minutes before the week ended and was texted after it.
	out('L6', '2026-11-23T00:01:00Z', 'sms', 'sent'),
	// L7 (last week): 3 minutes.
	out('L7', '2026-11-12T10:03:00Z', 'sms', 'sent'),
];

const referral = (fields: Partial<Referral> & Pick<Referral, 'referralId' | 'partnerId' | 'receivedAt'>) => newReferral(fields);
const referrals: Referral[] = [
	referral({ referralId: 'RA', partnerId: 'P-maria', leadId: 'L1', source: 'Open house', receivedAt: '2026-11-16T13:00:00Z', status: 'closed', contactedAt: '2026-11-16T14:03:00Z', appointmentAt: '2026-11-18T16:00:00Z', applicationAt: '2026-11-19T16:00:00Z', approvedAt: '2026-11-20T16:00:00Z', closedAt: '2026-11-22T18:00:00Z', loanAmount: 400_000 }),
	referral({ referralId: 'RB', partnerId: 'P-maria', receivedAt: '2026-11-17T10:00:00Z', status: 'lost', lostAt: '2026-11-19T10:00:00Z', lostReason: 'chose-another-lender' }),
	referral({ referralId: 'RC', partnerId: 'P-dave', leadId: 'L4', receivedAt: '2026-11-20T11:00:00Z', status: 'appointment', contactedAt: '2026-11-20T12:04:00Z', appointmentAt: '2026-11-21T15:00:00Z' }),
	referral({ referralId: 'RD', partnerId: 'P-dave', source: 'Past client', receivedAt: '2026-11-05T10:00:00Z', status: 'closed', closedAt: '2026-11-18T17:00:00Z', loanAmount: 250_000 }),
	referral({ referralId: 'RE', partnerId: 'P-maria', source: 'Open house', receivedAt: '2026-11-10T10:00:00Z', status: 'lost', lostAt: '2026-11-12T10:00:00Z', lostReason: 'no-response' }),
	referral({ referralId: 'RF', partnerId: 'P-dave', source: 'Builder', receivedAt: '2026-11-12T10:00:00Z', status: 'closed', closedAt: '2026-11-14T10:00:00Z', loanAmount: 300_000 }),
	referral({ referralId: 'RG', partnerId: 'P-kim', source: 'Open house', receivedAt: '2026-11-21T10:00:00Z' }),
	referral({ referralId: 'RH', partnerId: 'P-maria', source: 'Open house', receivedAt: '2026-11-22T09:00:00Z', status: 'lost', lostAt: '2026-11-22T12:00:00Z', lostReason: 'chose-another-lender' }),
];
const partners = [
	{ partnerId: 'P-maria', name: 'Maria Lopez' },
	{ partnerId: 'P-dave', name: 'Dave <Kim> & Co' },
];

const board = scoreboard({ leads, touches, referrals, from: FROM, to: TO, partners });

describe('scoreboard on a hand-computed week', () => {
	it('names both periods', () => {
		expect(board.current.period).toEqual({ from: '2026-11-16T00:00:00.000Z', to: '2026-11-23T00:00:00.000Z' });
		expect(board.previous.period).toEqual({ from: '2026-11-09T00:00:00.000Z', to: '2026-11-16T00:00:00.000Z' });
	});

	it('activity this week', () => {
		expect(board.current.activity).toEqual({
			touchesByChannel: { sms: 4, call: 3, email: 1 }, // L1 2+2+1, L2 1 text, L4 1 call, L5 1 text
			touches: 8,
			newLeads: 5, // L1 L2 L3 L4 L6
			touchedWithin5Minutes: 2, // L1 (2 min), L4 (4 min)
			shareTouchedWithin5Minutes: 0.4,
			medianMinutesToFirstTouch: 4, // of 2, 4, 10
			newLeadsNotTouched: 2, // L3, and L6 (touched only after the week)
			leadsWorked: 4, // L1 L2 L4 L5
			touchesPerLead: 2, // 8 / 4
			leadsWith5PlusTouches: 2, // L1 (5 this week), L5 (4 + 1)
			shareWith5PlusTouches: 0.5,
			replies: 3,
			leadsReplied: 2,
			appointmentsSet: 2, // L4 (lead and referral RC: the same person once), L1 via referral RA
		});
	});

	it('activity the week before', () => {
		expect(board.previous.activity).toEqual({
			touchesByChannel: { sms: 2, call: 3, email: 0 },
			touches: 5,
			newLeads: 2, // L5, L7
			touchedWithin5Minutes: 1, // L7
			shareTouchedWithin5Minutes: 0.5,
			medianMinutesToFirstTouch: 16.5, // of 3 and 30
			newLeadsNotTouched: 0,
			leadsWorked: 2,
			touchesPerLead: 2.5,
			leadsWith5PlusTouches: 0, // L5 had 4 by then
			shareWith5PlusTouches: 0,
			replies: 0,
			leadsReplied: 0,
			appointmentsSet: 0,
		});
	});

	it('results this week: by partner, by source, closed volume, lost reasons', () => {
		const results = board.current.results;
		expect(results).toMatchObject({
			referralsReceived: 5, // RA RB RC RG RH
			receivedThenClosed: 1, // RA
			conversion: 0.2,
			closed: 2, // RA, RD
			closedVolume: 650_000,
			lost: 2, // RB, RH
			lostReasons: [{ reason: 'chose-another-lender', label: 'Went with another lender', count: 2 }],
		});
		expect(results.byPartner.map((row) => [row.label, row.received, row.receivedThenClosed, row.conversion, row.closed, row.closedVolume])).toEqual([
			['Maria Lopez', 3, 1, 1 / 3, 1, 400_000],
			['Dave <Kim> & Co', 1, 0, 0, 1, 250_000],
			['P-kim', 1, 0, 0, 0, 0],
		]);
		// RC takes its lead's source detail; RB has none at all.
		expect(results.bySource.map((row) => [row.label, row.received, row.closed, row.conversion, row.closedVolume])).toEqual([
			['Open house', 3, 1, 1 / 3, 400_000],
			['Builder', 1, 0, 0, 0],
			['Unknown', 1, 0, 0, 0],
			['Past client', 0, 1, null, 250_000],
		]);
	});

	it('results the week before', () => {
		expect(board.previous.results).toMatchObject({
			referralsReceived: 2, // RE RF
			receivedThenClosed: 1,
			conversion: 0.5,
			closed: 1,
			closedVolume: 300_000,
			lost: 1,
			lostReasons: [{ reason: 'no-response', count: 1 }],
		});
	});

	it('refuses a period that ends before it starts', () => {
		expect(() => scoreboard({ leads, touches, referrals, from: TO, to: FROM })).toThrow(/"to"/);
		expect(() => scoreboard({ leads, touches, referrals, from: 'last monday', to: TO })).toThrow(/"from"/);
	});
});

describe('the Scoreboard tab and the weekly email', () => {
	it('lays the figures out as one grid with the partner block the chart reads', () => {
		const table = scoreboardTable(board);
		expect(table.values[0]).toEqual(['Figure', 'This period (Nov 16 – Nov 22, 2026)', 'Previous (Nov 9 – Nov 15, 2026)', 'Change']);
		const row = (label: string) => table.values.find((cells) => cells[0] === label);
		expect(row('Texts sent')).toEqual(['Texts sent', 4, 2, '+2']);
		expect(row('Touched within 5 minutes')).toEqual(['Touched within 5 minutes', 0.4, 0.5, '-10 pts']);
		expect(row('Median time to first touch')).toEqual(['Median time to first touch', 4, 16.5, '-12.5 min']);
		expect(row('Closed volume')).toEqual(['Closed volume', 650_000, 300_000, '+$350,000']);
		expect(row('Appointments set')).toEqual(['Appointments set', 2, 0, '+2']);
		const { headerRow, firstRow, endRow } = table.partnerBlock;
		expect(table.values[headerRow]).toEqual(['Partner', 'Referrals', 'Closed', 'Conversion', 'Closed volume']);
		expect(table.values.slice(firstRow, endRow)).toEqual([
			['Maria Lopez', 3, 1, 0.33, 400_000],
			['Dave <Kim> & Co', 1, 1, 0, 250_000],
			['P-kim', 1, 0, 0, 0],
		]);
		expect(row('Went with another lender')).toEqual(['Went with another lender', 2]);
	});

	it('renders a plain HTML email with the figures, the comparison and every name escaped', () => {
		const html = renderScoreboardEmail(board, { title: 'Weekly scoreboard', loanOfficerName: 'Sam Reed' });
		expect(html).toMatch(/^<!DOCTYPE html><html><body>/);
		expect(html).toContain('<h2 style="font-family:Arial,sans-serif">Weekly scoreboard</h2>');
		expect(html).toContain('Nov 16 – Nov 22, 2026, compared with Nov 9 – Nov 15, 2026');
		expect(html).toMatch(/Touched within 5 minutes<\/td><td[^>]*>40%<\/td><td[^>]*>50%<\/td><td[^>]*>-10 pts</);
		expect(html).toMatch(/Closed volume<\/td><td[^>]*>\$650,000<\/td><td[^>]*>\$300,000</);
		expect(html).toContain('Dave &#60;Kim&#62; &#38; Co');
		expect(html).not.toContain('<Kim>');
		expect(html).not.toMatch(/<script|<img|onerror/);
		expect(html).toContain('Sam Reed');
	});
});

describe('scoreboard: partner names, sources and lost reasons typed into the tabs', () => {
	it('never carry control characters, NUL or bidi overrides into the email or the Scoreboard tab', () => {
		const hostile = scoreboard({
			leads,
			touches,
			referrals: [...referrals, referral({ referralId: 'RX', partnerId: 'P-evil', source: 'Open\u0000 house\u202E', receivedAt: '2026-11-21T10:00:00Z', status: 'lost', lostAt: '2026-11-22T10:00:00Z', lostReason: 'other' })],
			from: FROM,
			to: TO,
			partners: [...partners, { partnerId: 'P-evil', name: 'Sunrise \u202Eytlaer\u202C Realty\u001b[31m' }],
		});
		const html = renderScoreboardEmail(hostile, { loanOfficerName: 'Sam\u0000 Reed' });
		expect(hasUnsafeCharacters(html)).toBe(false);
		expect(html).toContain('Sunrise ytlaer Realty[31m');
		const cells = scoreboardTable(hostile).values.flat();
		expect(cells.filter((cell) => typeof cell === 'string' && hasUnsafeCharacters(cell))).toEqual([]);
		expect(cells).toContain('Sunrise ytlaer Realty[31m');
	});
});

describe('scoreboard: a lost reason typed by hand in the Referrals tab', () => {
	it('is counted and shown as typed, and the weekly email still renders', () => {
		const typed = scoreboard({
			leads,
			touches,
			referrals: [...referrals, referral({ referralId: 'RY', partnerId: 'P-maria', receivedAt: '2026-11-21T10:00:00Z', status: 'lost', lostAt: '2026-11-22T10:00:00Z', lostReason: 'moved out of state' as Referral['lostReason'] })],
			from: FROM,
			to: TO,
			partners,
		});
		expect(typed.current.results.lostReasons).toContainEqual({ reason: 'moved out of state', label: 'moved out of state', count: 1 });
		expect(renderScoreboardEmail(typed, { loanOfficerName: 'Sam Reed' })).toContain('moved out of state');
	});
});

describe('scoreboard: a call logged with its outcome', () => {
	it('counts as a call made in the activity figures, as in the funnel block', () => {
		const withCall = scoreboard({ leads, touches: [...touches, out('L2', '2026-11-20T15:00:00Z', 'call', 'outcome')], referrals, from: FROM, to: TO, partners });
		expect(withCall.current.activity.touchesByChannel.call).toBe(board.current.activity.touchesByChannel.call + 1);
	});
});
