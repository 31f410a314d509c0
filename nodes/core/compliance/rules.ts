/**
 * Calling-hour, Sunday, holiday and cap rules as data: one row per jurisdiction, each with its
 * source, so a compliance officer can read (and edit) the table instead of code. Every row that
 * applies to a lead must allow the time: the strictest rule wins.
 *
 * Hours are the recipient's local wall-clock time, "HH:MM-HH:MM", start inclusive, end exclusive.
 * `sunday` / `saturday` override `hours` on that day; `'none'` means no solicitation that day.
 * Source: ../shared/research/compliance-rules.md (November 2026, second pass December 2026) and
 * the statute texts named per row. Not legal advice.
 */

/** The phone channels a rule can bind (email has no calling hours). */
export type PhoneChannel = 'sms' | 'call' | 'ai-voice';

export interface CallingRule {
	/** Stable id used in reason codes: `quiet-hours:<id>`, `sunday:<id>`, `holiday:<id>`, `cap:<id>`, `banned:<id>`. */
	id: string;
	name: string;
	/** Allowed local hours on every day unless `saturday` / `sunday` say otherwise. */
	hours: string;
	saturday?: string | 'none';
	sunday?: string | 'none';
	/** No solicitation on the jurisdiction's holidays (HOLIDAYS[id]) nor on their observed weekdays. */
	holidays?: boolean;
	/** With `holidays`: on a holiday only these hours instead of none (Nebraska's recorded calls). */
	holidayHours?: string;
	/**
	 * At most `touches` solicitations in any rolling `hours` hours; every channel counted unless
	 * `channels` names the ones that count (Maine counts voice calls only).
	 */
	cap?: { touches: number; hours: number; channels?: readonly string[] };
	/** The state presumes a resident from the phone's area code (its rules apply to its area codes). */
	areaCodePresumption?: boolean;
	/** The rule binds only when the lead has no prior express consent for the channel (Utah). */
	onlyWithoutConsent?: boolean;
	/** The phone channels the row binds; absent: all of them (texts, live calls, AI voice). */
	channels?: readonly PhoneChannel[];
	/** Marketing on the row's channels is banned outright: blocked (`banned:<id>`), not deferred. */
	bansMarketing?: boolean;
	/**
	 * A fixed-offset zone the hours must also hold in, besides the lead's local time (Mississippi's
	 * statute says "Central Standard Time": during DST both readings must allow the time).
	 */
	alsoInZone?: string;
	/** Years the state requires an opt-out to be honoured (Virginia). The pack never expires an opt-out. */
	optOutHonouredYears?: number;
	/** false: figures not checked against the statute text; kept because the strictest reading wins. */
	verified: boolean;
	source: string;
	note?: string;
}

/** Bump when any table changes: every decision record carries these. */
export const RULE_VERSIONS = Object.freeze({
	stateRules: '2026-12-01',
	holidays: '2026-12-01',
	areaCodes: '2026-12-01',
	replyKeywords: '2026-12-01',
	emailContent: '2026-12-01',
});

/** TCPA: no telephone solicitation before 08:00 or from 21:00 in the called party's local time. */
export const FEDERAL_RULE: Readonly<CallingRule> = Object.freeze({
	id: 'federal',
	name: 'Federal TCPA',
	hours: '08:00-21:00',
	verified: true,
	source: '47 CFR 64.1200(c)(1)',
});

const rows: CallingRule[] = [
	{ id: 'AL', name: 'Alabama', hours: '08:00-20:00', sunday: 'none', holidays: true, verified: true, source: 'Ala. Admin. Code r. 770-X-5-.17', note: 'Saturday holiday observed Friday, Sunday holiday observed Monday' },
	{ id: 'CT', name: 'Connecticut', hours: '09:00-20:00', areaCodePresumption: true, verified: false, source: 'CT SB 1058 (2023-10-01)', note: 'the 09:00 start appears only in vendor charts; kept because the strictest reading wins' },
	{ id: 'FL', name: 'Florida', hours: '08:00-20:00', cap: { touches: 3, hours: 24 }, areaCodePresumption: true, verified: true, source: 'Fla. Stat. 501.616(6)(a), (b) (FTSA); area-code presumption 501.059', note: 'cap: 3 per rolling 24 h on the same subject, all channels counted' },
	{ id: 'GA', name: 'Georgia', hours: '08:00-21:00', verified: true, source: 'research notes: GA 08-21 (statute cite not recorded)' },
	{ id: 'KY', name: 'Kentucky', hours: '10:00-21:00', verified: false, source: 'vendor calling-hour charts', note: 'statute not verified; kept because the strictest reading wins' },
	{ id: 'LA', name: 'Louisiana', hours: '08:00-20:00', sunday: 'none', holidays: true, verified: true, source: 'LPSC General Order R-29617; legal holidays La. R.S. 1:55', note: 'also no solicitation during a declared state of emergency (R.S. 45:844.31): the policy option stateOfEmergency; R.S. 1:55 also makes every Saturday a legal holiday in Orleans Parish, Baton Rouge and some districts (not applied: see docs)' },
	{ id: 'MA', name: 'Massachusetts', hours: '08:00-20:00', verified: true, source: '201 CMR 12.02(2); M.G.L. c. 159C', note: 'unsolicited telephonic sales calls 08:00-20:00 local' },
	{ id: 'MD', name: 'Maryland', hours: '08:00-20:00', cap: { touches: 3, hours: 24 }, verified: true, source: 'Maryland Stop the Spam Calls Act (2024-01-01)' },
	{ id: 'MN', name: 'Minnesota', hours: '09:00-21:00', verified: false, source: 'vendor calling-hour charts (Minn. Stat. 325E.27, the automatic dialing-announcing device law, has no hours in the text checked)', note: 'kept because the strictest reading wins' },
	{ id: 'MS', name: 'Mississippi', hours: '08:00-20:00', sunday: 'none', alsoInZone: 'Etc/GMT+6', verified: true, source: 'Miss. Code 77-3-723', note: 'hours in "Central Standard Time": during DST the window must hold in CST and in local time (09:00-20:00 CDT); the holiday ban was removed' },
	{ id: 'NY', name: 'New York', hours: '08:00-21:00', verified: true, source: 'N.Y. GBL 399-z' },
	{ id: 'OK', name: 'Oklahoma', hours: '08:00-20:00', cap: { touches: 3, hours: 24 }, areaCodePresumption: true, verified: true, source: 'Oklahoma Telephone Solicitation Act of 2022, 15 O.S. 775C.1 ff.' },
	{ id: 'PA', name: 'Pennsylvania', hours: '08:00-21:00', holidays: true, verified: true, source: '73 P.S. 2245(a)(1), (a)(10) (Act 73 of 2019); legal holidays 44 P.S. 11', note: 'vendor charts also list Sundays 13:30-21:00 (not in the statute, not applied); 44 P.S. 11 Saturday half-holidays are not legal holidays' },
	{ id: 'RI', name: 'Rhode Island', hours: '09:00-18:00', saturday: '10:00-17:00', sunday: 'none', holidays: true, verified: true, source: 'R.I. Gen. Laws 5-61-2 ("hours of operation"), 5-61-3.6; state holidays 25-1-1', note: 'Mon-Fri 09:00-18:00 except state or federal holidays, Sat 10:00-17:00, never on Sunday' },
	{ id: 'TN', name: 'Tennessee', hours: '08:00-21:00', verified: true, source: 'research notes: TN 08-21 (statute cite not recorded)' },
	{ id: 'TX', name: 'Texas', hours: '09:00-21:00', sunday: '12:00-21:00', verified: false, source: 'Tex. Bus. & Com. Code 301.051; SB 140 (2025-09-01) extends chapters 302/304 to texts (law-firm summaries)' },
	{ id: 'UT', name: 'Utah', hours: '08:00-21:00', sunday: 'none', holidays: true, onlyWithoutConsent: true, verified: true, source: 'Utah Code 13-25a-103; legal holidays 63G-1-301', note: 'binds only when there is no prior express consent' },
	{ id: 'VA', name: 'Virginia', hours: '08:00-21:00', optOutHonouredYears: 10, verified: true, source: 'research notes: VA 08-21; STOP honoured 10 years (SB 1339, 2026-01-01)', note: 'an opt-out must be honoured for 10 years: the pack never lifts an opt-out except on the lead\'s own START' },
	{ id: 'WA', name: 'Washington', hours: '08:00-20:00', verified: true, source: 'RCW 19.158.040; texts need prior affirmative consent (RCW 19.190)' },
];

/** The default state table, keyed by USPS code: rows that bind every phone channel. */
export const STATE_RULES: Readonly<Record<string, Readonly<CallingRule>>> = Object.freeze(
	Object.fromEntries(rows.map((row) => [row.id, Object.freeze(row)])),
);

const AI_VOICE: readonly PhoneChannel[] = Object.freeze(['ai-voice']);

/**
 * State rules for automated voice: artificial, prerecorded or AI voice calls (the `ai-voice`
 * channel; "automatic dial announcing devices", "recorded message devices" in the statutes).
 * They add to the state's general row, strictest wins. Texts and live calls are not bound by them.
 * Keyed by USPS code; ids are `<state>-automated`.
 */
const automatedRows: CallingRule[] = [
	{ id: 'AK-automated', name: 'Alaska (automated or recorded messages)', hours: '00:00-24:00', channels: AI_VOICE, bansMarketing: true, verified: true, source: 'AS 45.50.475(a)(4)', note: 'a call using an automated or recorded message as a telephonic advertisement or solicitation is unlawful' },
	{ id: 'MA-automated', name: 'Massachusetts (recorded-message devices)', hours: '00:00-24:00', channels: AI_VOICE, bansMarketing: true, verified: true, source: '201 CMR 12.02(4)', note: 'no unsolicited telephonic sales call by a recorded message device' },
	{ id: 'ME-automated', name: 'Maine (automated calling devices)', hours: '09:00-17:00', saturday: 'none', sunday: 'none', cap: { touches: 1, hours: 8, channels: ['call', 'ai-voice'] }, channels: AI_VOICE, verified: true, source: '10 M.R.S. 1498(3)', note: 'weekdays 09:00-17:00 Maine time, at most one solicitation call per number per 8 hours (every voice call counted); 1498(2) also bars automated solicitation calls to cellular phones in Maine as the text was read, not applied: see docs' },
	{ id: 'NE-automated', name: 'Nebraska (prerecorded messages)', hours: '00:00-24:00', sunday: '13:00-21:00', holidays: true, holidayHours: '13:00-21:00', channels: AI_VOICE, verified: false, source: 'Neb. Admin. Code tit. 291 ch. 11 (secondary source); holidays Neb. Rev. Stat. 25-2221', note: 'Sundays and holidays only 13:00-21:00; other days the federal hours' },
	{ id: 'NV-automated', name: 'Nevada (automatic dialing-announcing devices)', hours: '09:00-21:00', channels: AI_VOICE, verified: false, source: 'NRS 597.814 (research notes; statute text not checked here)' },
	{ id: 'OK-automated', name: 'Oklahoma (automatic dial announcing devices)', hours: '09:00-21:00', channels: AI_VOICE, verified: true, source: '15 O.S. 755.1(C)(2)' },
	{ id: 'WY-automated', name: 'Wyoming (automated sales calls)', hours: '00:00-24:00', channels: AI_VOICE, bansMarketing: true, verified: true, source: 'W.S. 40-12-303(a)', note: 'no telephonic sales call playing a recorded message; the statute also names automated dialing, which texts are not held to here (see docs)' },
];

/** Automated-voice rows keyed by USPS code. */
export const AUTOMATED_VOICE_RULES: Readonly<Record<string, Readonly<CallingRule>>> = Object.freeze(
	Object.fromEntries(automatedRows.map((row) => [row.id.slice(0, 2), Object.freeze(row)])),
);

/**
 * States that vendor charts list as stricter but whose figures we could not verify: applied only
 * with the policy option `includeUnverifiedStates`, because a guessed rule in the default table
 * would defer lawful messages on no authority.
 */
export const UNVERIFIED_STATE_RULES: Readonly<Record<string, Readonly<CallingRule>>> = Object.freeze({
	NM: Object.freeze({ id: 'NM', name: 'New Mexico', hours: '09:00-21:00', sunday: 'none', verified: false, source: 'vendor charts (unverified)' }),
	NV: Object.freeze({ id: 'NV', name: 'Nevada', hours: '09:00-20:00', verified: false, source: 'vendor charts (unverified)' }),
});

/** Stricter company rules layered on top of the tables (they can only narrow, never widen). */
export interface PolicyOverrides {
	/** Company calling hours, "HH:MM-HH:MM" in the lead's local time, e.g. "09:00-19:00". */
	hours?: string;
	/** No solicitation on Sundays anywhere. */
	noSundays?: boolean;
	/** Extra days with no solicitation anywhere, "YYYY-MM-DD" in the lead's local date. */
	extraHolidays?: string[];
	/** Treat the federal holidays (HOLIDAYS.US) as no-contact days everywhere. */
	federalHolidays?: boolean;
	/** Company cap: at most `touches` solicitations per rolling `hours` hours (all channels). */
	cap?: { touches: number; hours?: number };
	/** Also apply UNVERIFIED_STATE_RULES (vendor-chart states: NM, NV). */
	includeUnverifiedStates?: boolean;
	/**
	 * Non-US countries sharing +1 whose numbers may be texted and called anyway (ISO codes such as
	 * "CA", "JM"). Their own laws are not in these tables: the federal hours are applied in their
	 * time zones as well as in the lead's.
	 */
	allowedCountries?: string[];
	/** States under a declared state of emergency (e.g. ["LA"], La. R.S. 45:844.31): no marketing by phone there. */
	stateOfEmergency?: string[];
	/**
	 * Extra legal holidays of one state, such as a governor's proclamation: `{ LA: ["2026-09-02"] }`.
	 * The state's own holiday rule applies to them (no solicitation in Louisiana, Alabama, Utah,
	 * Pennsylvania, Rhode Island...); for a state without one they are no-contact days there.
	 */
	stateHolidays?: Record<string, string[]>;
}

/** The policy's own row, built like a state row so it reads the same in a decision record. */
export function policyRule(policy: PolicyOverrides): CallingRule | null {
	const rule: CallingRule = {
		id: 'policy',
		name: 'Company policy',
		hours: policy.hours ?? '00:00-24:00',
		verified: true,
		source: 'policy overrides',
	};
	let binds = policy.hours !== undefined;
	if (policy.noSundays) {
		rule.sunday = 'none';
		binds = true;
	}
	if ((policy.extraHolidays?.length ?? 0) > 0 || policy.federalHolidays) {
		rule.holidays = true;
		binds = true;
	}
	if (policy.cap) {
		rule.cap = { touches: policy.cap.touches, hours: policy.cap.hours ?? 24 };
		binds = true;
	}
	return binds ? rule : null;
}
