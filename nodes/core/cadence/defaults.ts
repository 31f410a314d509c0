import type { CadenceStep } from './types';

/**
 * The default cadence table: the rows of a new tracker's Cadences tab. Spacing follows the
 * research notes (Velocify: call within minutes, second call 30-60 minutes later, 6 call attempts,
 * about 5 emails) and the brief's 3-6 month purchase sequence. Templates never mention rates,
 * payments or approval (Reg Z trigger terms; no promises in automated text); the SMS node adds the
 * loan officer's NMLS ID and the opt-out line to the first text.
 */

type Row = Omit<CadenceStep, 'cadenceId' | 'step'>;

function cadence(cadenceId: string, rows: Row[]): CadenceStep[] {
	return rows.map((row, index) => ({ cadenceId, step: index + 1, ...row }));
}

const sms = (offset: string, label: string, template: string, extra: Partial<Row> = {}): Row => ({
	offset, channel: 'sms', purpose: 'marketing', label, template, ...extra,
});
const call = (offset: string, label: string, template: string, extra: Partial<Row> = {}): Row => ({
	offset, channel: 'call', purpose: 'marketing', label, template, ...extra,
});
const email = (offset: string, label: string, template: string, extra: Partial<Row> = {}): Row => ({
	offset, channel: 'email', purpose: 'marketing', label, template, ...extra,
});

const SIGNATURE = '\n\n{{loName}}, {{company}} (NMLS {{nmlsId}})\n{{loPhone}}';

export const DEFAULT_CADENCES: readonly CadenceStep[] = Object.freeze([
	// A new online lead: the first five minutes decide most of the outcome.
	...cadence('speed-to-lead', [
		sms('PT0M', 'Instant intro text', 'Hi {{firstName|there}}, this is {{loName}} with {{company}}. Thanks for reaching out about your home loan! Is now a good time for a quick call?'),
		call('PT0M', 'Call attempt 1 (within 5 minutes)', 'New online lead: call {{firstName|the lead}} now about their {{loanPurpose|home loan}} question.'),
		call('PT45M', 'Call attempt 2', 'Second call attempt: a try 30-60 minutes after the first doubles the chance of reaching {{firstName|the lead}}.'),
		email('PT2H', 'Intro email', 'Subject: Your home loan question\n\nHi {{firstName|there}},\n\nThanks for reaching out. I help people in {{state|your area}} buy and refinance homes, and I would be glad to walk you through your options. Reply with a good time to talk, or call me at {{loPhone}}.' + SIGNATURE),
		call('P1D', 'Call attempt 3', 'Call attempt 3 for {{firstName|the lead}}; leave a short voicemail this time.'),
		sms('P1DT4H', 'Day 2 text', 'Hi {{firstName|there}}, {{loName}} again. I tried calling about your home loan. What time works best for a quick chat?'),
		call('P2D', 'Call attempt 4', 'Call attempt 4 for {{firstName|the lead}}.'),
		email('P3D', 'Email 2: what to expect', 'Subject: What the process looks like\n\nHi {{firstName|there}},\n\nMany people are unsure what the first steps of a home loan look like. It starts with a 15-minute conversation about your goals, with no obligation. When would suit you?' + SIGNATURE),
		call('P5D', 'Call attempt 5', 'Call attempt 5 for {{firstName|the lead}}.'),
		email('P7D', 'Email 3: documents checklist', 'Subject: A simple checklist\n\nHi {{firstName|there}},\n\nWhen you are ready, these are the documents most people gather first: recent pay stubs, two years of W-2s, and bank statements. Questions? Just reply.' + SIGNATURE),
		call('P10D', 'Call attempt 6', 'Call attempt 6 (last scheduled call) for {{firstName|the lead}}.'),
		email('P14D', 'Email 4: still here to help', 'Subject: Still here when you need me\n\nHi {{firstName|there}},\n\nI have not been able to reach you. No pressure at all: reply whenever the timing is right and I will pick it up from there.' + SIGNATURE),
		sms('P21D', 'Week 3 text', 'Hi {{firstName|there}}, {{loName}} here. Are you still looking into a home loan, or should I check back later?'),
		email('P30D', 'Email 5: check back later', 'Subject: Checking in\n\nHi {{firstName|there}},\n\nI will check in from time to time with useful homeownership tips. If anything changes, reply to this email or call {{loPhone}}.' + SIGNATURE),
	]),

	// Purchase, 3-6 months out: the brief's sequence (day 1 call + text, 2 call, 3 email, 7 text,
	// 14 call, 30 email, 45 text, 60 call, 90 email, then monthly).
	...cadence('purchase-3-6m', [
		sms('PT0M', 'Day 1 intro text', 'Hi {{firstName|there}}, this is {{loName}} with {{company}}. Thanks for reaching out about buying a home! When is a good time for a quick call?'),
		call('PT0M', 'Day 1 call', 'Call {{firstName|the lead}}: purchase, 3-6 months out. Learn the target area and move date.'),
		call('P1D', 'Day 2 call', 'Follow-up call to {{firstName|the lead}} about their home search.'),
		email('P2D', 'Day 3 email: buying roadmap', 'Subject: Your home buying roadmap\n\nHi {{firstName|there}},\n\nHere is how buying usually goes 3-6 months ahead: review your budget, gather documents, then shop with confidence. I am happy to go through it with you.' + SIGNATURE),
		sms('P6D', 'Day 7 text', 'Hi {{firstName|there}}, {{loName}} here. How is the home search going? Any questions I can answer?'),
		call('P13D', 'Day 14 call', 'Two-week check-in call with {{firstName|the lead}}.'),
		email('P29D', 'Day 30 email: budgeting', 'Subject: Planning your budget\n\nHi {{firstName|there}},\n\nA month in: a good time to think about your budget for closing costs and moving. Reply if you want to talk it through.' + SIGNATURE),
		sms('P44D', 'Day 45 text', 'Hi {{firstName|there}}, just checking in on your home plans. Anything I can help with?'),
		call('P59D', 'Day 60 call', 'Day 60 call: is {{firstName|the lead}} still on track for their move?'),
		email('P89D', 'Day 90 email', 'Subject: Getting closer\n\nHi {{firstName|there}},\n\nIf you are still planning to buy in the next few months, now is a great time to get your paperwork in order. I can help.' + SIGNATURE),
		sms('P4M', 'Monthly check-in text', 'Hi {{firstName|there}}, {{loName}} checking in. Let me know whenever you are ready to talk about your home plans.', { repeatEvery: 'P1M' }),
	]),

	// Purchase, 6 months or more out: fewer, slower touches, then long-term nurture.
	...cadence('purchase-6m-plus', [
		sms('PT0M', 'Intro text', 'Hi {{firstName|there}}, this is {{loName}} with {{company}}. Thanks for reaching out! Happy to help whenever you are ready to plan your home purchase.'),
		call('PT0M', 'Intro call', 'Call {{firstName|the lead}}: purchase, 6+ months out. Learn their plans and timing.'),
		email('P2D', 'Planning ahead email', 'Subject: Planning ahead\n\nHi {{firstName|there}},\n\nPlanning a purchase six months or more out is smart. A few things to do now: check your credit report, keep steady savings, and avoid big new debts. Questions are welcome anytime.' + SIGNATURE),
		call('P7D', 'Week 1 call', 'Follow-up call to {{firstName|the lead}}.'),
		email('P14D', 'Two-week email', 'Subject: Your plans\n\nHi {{firstName|there}},\n\nWhen you know more about your timing, reply here and we can map out the steps together.' + SIGNATURE),
		sms('P30D', 'Month 1 text', 'Hi {{firstName|there}}, {{loName}} here. Any updates on your home plans?'),
		call('P60D', 'Month 2 call', 'Check-in call with {{firstName|the lead}}.'),
		email('P90D', 'Month 3 email', 'Subject: Checking in\n\nHi {{firstName|there}},\n\nJust checking in. If your plans have moved closer, I would be glad to help you get ready.' + SIGNATURE),
		sms('P120D', 'Month 4 text', 'Hi {{firstName|there}}, still planning a move? I am here when you need me.'),
	]),

	// Refinance (and home equity): quick contact, then a steady drip.
	...cadence('refinance', [
		sms('PT0M', 'Instant intro text', 'Hi {{firstName|there}}, this is {{loName}} with {{company}}. Thanks for asking about your mortgage options! Is now a good time for a quick call?'),
		call('PT0M', 'Call attempt 1', 'Call {{firstName|the lead}} now: {{loanPurpose|refinance}} inquiry. Learn their goal (cash out, shorter term, consolidating debt).'),
		call('PT45M', 'Call attempt 2', 'Second call attempt for {{firstName|the lead}}.'),
		email('P1D', 'Intro email', 'Subject: Your mortgage options\n\nHi {{firstName|there}},\n\nThanks for reaching out. A short call is the easiest way to see which options fit your goals. Reply with a good time.' + SIGNATURE),
		call('P2D', 'Call attempt 3', 'Call attempt 3 for {{firstName|the lead}}.'),
		sms('P4D', 'Day 5 text', 'Hi {{firstName|there}}, {{loName}} here. Do you have a few minutes this week to talk about your home loan goals?'),
		email('P7D', 'What we need email', 'Subject: What to have ready\n\nHi {{firstName|there}},\n\nIf you decide to move ahead, a recent mortgage statement, pay stubs and homeowners insurance details are what we look at first.' + SIGNATURE),
		call('P14D', 'Two-week call', 'Check-in call with {{firstName|the lead}}.'),
		email('P30D', 'Month 1 email', 'Subject: Checking in\n\nHi {{firstName|there}},\n\nStill thinking about your mortgage? I am happy to answer any questions, with no obligation.' + SIGNATURE),
		sms('P60D', 'Month 2 text', 'Hi {{firstName|there}}, {{loName}} checking in. Let me know if you want to revisit your home loan goals.'),
		email('P90D', 'Month 3 email', 'Subject: Here when you need me\n\nHi {{firstName|there}},\n\nWhenever the timing is right, reply here or call {{loPhone}}.' + SIGNATURE),
	]),

	// A referral: call at once and tell the partner the lead is in good hands.
	...cadence('referral', [
		call('PT0M', 'Immediate call', 'Referral from {{partnerName|a partner}}: call {{firstName|the lead}} right away.'),
		sms('PT0M', 'Partner: thank you', 'Thanks for referring {{firstName|your client}}, {{partnerName|friend}}! I am reaching out now and will keep you posted. {{loName}}', { audience: 'partner', purpose: 'transactional' }),
		sms('PT15M', 'Intro text', 'Hi {{firstName|there}}, this is {{loName}} with {{company}}. {{partnerName|A friend}} asked me to reach out. When is a good time to talk?'),
		call('P1D', 'Day 2 call', 'Follow-up call to referred lead {{firstName|the lead}}.'),
		email('P2D', 'Intro email', 'Subject: {{partnerName|Your referral}} introduced us\n\nHi {{firstName|there}},\n\nI am glad we were introduced. I would love to learn about your plans and help however I can. Reply with a time that works.' + SIGNATURE),
		sms('P4D', 'Day 5 text', 'Hi {{firstName|there}}, {{loName}} again. Happy to help whenever you are ready. Any questions?'),
		call('P7D', 'Week 1 call', 'Call attempt for referred lead {{firstName|the lead}}.'),
		email('P14D', 'Two-week email', 'Subject: Checking in\n\nHi {{firstName|there}},\n\nJust checking in. Reply anytime and I will pick it up from there.' + SIGNATURE),
		sms('P30D', 'Month 1 text', 'Hi {{firstName|there}}, {{loName}} checking in. I am here whenever you need me.'),
	]),

	// Past clients, enrolled at closing: stay the loan officer they call for the next one.
	...cadence('past-client', [
		sms('P7D', 'Settling in', 'Hi {{firstName|there}}, {{loName}} here. Congratulations again on your new home! How is the move going?'),
		email('P3M', 'Homeowner tips', 'Subject: A few homeowner tips\n\nHi {{firstName|there}},\n\nNow that you have settled in: keep your closing documents somewhere safe, and watch for your first escrow statement. Questions? I am always here.' + SIGNATURE),
		sms('PT10H', 'Birthday text', 'Happy birthday, {{firstName|friend}}! Wishing you a great year. {{loName}}', { anchor: 'birthday' }),
		call('P11M', 'Annual review call', 'Annual mortgage review with {{firstName|your client}}: check goals, home plans, and whether anyone they know is thinking of buying.', { repeatEvery: 'P1Y' }),
		email('P1Y', 'Home anniversary', 'Subject: Happy home anniversary!\n\nHi {{firstName|there}},\n\nIt has been another year in your home. Congratulations! If you or anyone you know has questions about buying or refinancing, I would love to help.' + SIGNATURE, { repeatEvery: 'P1Y' }),
	]),

	// Long-term nurture: every lead ends up here, monthly, alternating email and text, forever.
	...cadence('long-term-nurture', [
		email('P1M', 'Monthly email', 'Subject: Homeownership tips from {{loName}}\n\nHi {{firstName|there}},\n\nA quick note with this month\'s homeownership tips. Whenever you are ready to talk about buying or refinancing, reply here.' + SIGNATURE, { repeatEvery: 'P2M' }),
		sms('P2M', 'Every-other-month text', 'Hi {{firstName|there}}, {{loName}} checking in. Anything new with your home plans?', { repeatEvery: 'P2M' }),
	]),

	// Dormant leads (no sign of life for 6 months): a short wake-up sequence, then nurture.
	...cadence('dormant-reengagement', [
		sms('PT0M', 'Wake-up text', 'Hi {{firstName|there}}, it is {{loName}} with {{company}}. Are you still thinking about buying or refinancing a home?'),
		email('P2D', 'Wake-up email', 'Subject: Still planning a move?\n\nHi {{firstName|there}},\n\nIt has been a while! If a home purchase or refinance is back on your mind, I would be glad to help. Just reply.' + SIGNATURE),
		call('P7D', 'Wake-up call', 'Call dormant lead {{firstName|the lead}}: are their plans back on?'),
		sms('P14D', 'Should I close your file?', 'Hi {{firstName|there}}, should I close your file for now, or would you like me to keep in touch? Either answer is fine!'),
	]),

	// A stated timeline ("moving in June"): a call three weeks ahead of it, alongside the cadence.
	...cadence('timeline-check-in', [
		call('-P21D', 'Check-in ahead of the stated date', 'Check in with {{firstName|the lead}}: they planned to move or buy around {{targetDate|now}}.', { anchor: 'milestone' }),
	]),
]);
