/**
 * Calling-hour, Sunday, holiday and cap rules as data: one row per jurisdiction, each with its
 * source, so a compliance officer can read (and edit) the table instead of code. Every row that
 * applies to a lead must allow the time: the strictest rule wins.
 *
 * Hours are the recipient's local wall-clock time, "HH:MM-HH:MM", start inclusive, end exclusive.
 * `sunday` / `saturday` override `hours` on that day; `'none'` means no solicitation that day.
 * Source: ../shared/research/compliance-rules.md (November 2026). Not legal advice.
 */

export interface CallingRule {
	/** Stable id used in reason codes: `quiet-hours:<id>`, `sunday:<id>`, `holiday:<id>`, `cap:<id>`. */
	id: string;
	name: string;
	/** Allowed local hours on every day unless `saturday` / `sunday` say otherwise. */
	hours: string;
	saturday?: string | 'none';
	sunday?: string | 'none';
	/** No solicitation on the jurisdiction's holidays (HOLIDAYS[id]) nor on their observed weekdays. */
	holidays?: boolean;
	/** At most `touches` solicitations in any rolling `hours` hours, every channel counted. */
	cap?: { touches: number; hours: number };
	/** The state presumes a resident from the phone's area code (its rules apply to its area codes). */
	areaCodePresumption?: boolean;
	/** The rule binds only when the lead has no prior express consent for the channel (Utah). */
	onlyWithoutConsent?: boolean;
	/** false: taken from vendor charts, statute not checked; kept because the strictest reading wins. */
	verified: boolean;
	source: string;
	note?: string;
}

/** Bump when any table changes: every decision record carries these. */
export const RULE_VERSIONS = Object.freeze({
	stateRules: '2026-11-22',
	holidays: '2026-11-22',
	areaCodes: '2026-11-22',
	replyKeywords: '2026-11-22',
	emailContent: '2026-11-22',
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
	{ id: 'CT', name: 'Connecticut', hours: '09:00-20:00', areaCodePresumption: true, verified: true, source: 'CT SB 1058 (2023-10-01)' },
	{ id: 'FL', name: 'Florida', hours: '08:00-20:00', cap: { touches: 3, hours: 24 }, areaCodePresumption: true, verified: true, source: 'Fla. Stat. 501.616(6) (FTSA)', note: 'cap: 3 per rolling 24 h on the same subject, all channels counted' },
	{ id: 'GA', name: 'Georgia', hours: '08:00-21:00', verified: true, source: 'research notes: GA 08-21 (statute cite not recorded)' },
	{ id: 'KY', name: 'Kentucky', hours: '10:00-21:00', verified: false, source: 'vendor calling-hour charts', note: 'statute not verified; kept because the strictest reading wins' },
	{ id: 'LA', name: 'Louisiana', hours: '08:00-20:00', sunday: 'none', holidays: true, verified: true, source: 'LPSC General Order R-29617; legal holidays La. R.S. 1:55' },
	{ id: 'MD', name: 'Maryland', hours: '08:00-20:00', cap: { touches: 3, hours: 24 }, verified: true, source: 'Maryland Stop the Spam Calls Act (2024-01-01)' },
	{ id: 'MN', name: 'Minnesota', hours: '09:00-21:00', verified: true, source: 'Minnesota automatic dialing devices statute (research notes)' },
	{ id: 'MS', name: 'Mississippi', hours: '08:00-20:00', sunday: 'none', verified: true, source: 'Miss. Code 77-3-723', note: 'the holiday ban was removed' },
	{ id: 'NY', name: 'New York', hours: '08:00-21:00', verified: true, source: 'N.Y. GBL 399-z' },
	{ id: 'OK', name: 'Oklahoma', hours: '08:00-20:00', cap: { touches: 3, hours: 24 }, areaCodePresumption: true, verified: false, source: 'Oklahoma Telephone Solicitation Act (secondary sources)' },
	{ id: 'TN', name: 'Tennessee', hours: '08:00-21:00', verified: true, source: 'research notes: TN 08-21 (statute cite not recorded)' },
	{ id: 'TX', name: 'Texas', hours: '09:00-21:00', sunday: '12:00-21:00', verified: false, source: 'Texas SB 140 (2025-09-01), texts included (secondary sources)' },
	{ id: 'UT', name: 'Utah', hours: '08:00-21:00', sunday: 'none', holidays: true, onlyWithoutConsent: true, verified: true, source: 'Utah Code 13-25a-103; legal holidays 63G-1-301', note: 'binds only when there is no prior express consent' },
	{ id: 'VA', name: 'Virginia', hours: '08:00-21:00', verified: true, source: 'research notes: VA 08-21; STOP honored 10 years (SB 1339, 2026-01-01)' },
	{ id: 'WA', name: 'Washington', hours: '08:00-20:00', verified: true, source: 'RCW 19.158.040; texts need prior affirmative consent (RCW 19.190)' },
];

/** The default state table, keyed by USPS code. */
export const STATE_RULES: Readonly<Record<string, Readonly<CallingRule>>> = Object.freeze(
	Object.fromEntries(rows.map((row) => [row.id, Object.freeze(row)])),
);

/**
 * States that vendor charts list as stricter but whose figures we could not verify: applied only
 * with the policy option `includeUnverifiedStates`, because a guessed rule in the default table
 * would defer lawful messages on no authority.
 */
export const UNVERIFIED_STATE_RULES: Readonly<Record<string, Readonly<CallingRule>>> = Object.freeze({
	MA: Object.freeze({ id: 'MA', name: 'Massachusetts', hours: '08:00-20:00', holidays: false, verified: false, source: 'vendor charts (unverified)' }),
	NM: Object.freeze({ id: 'NM', name: 'New Mexico', hours: '09:00-21:00', sunday: 'none', verified: false, source: 'vendor charts (unverified)' }),
	NV: Object.freeze({ id: 'NV', name: 'Nevada', hours: '09:00-20:00', verified: false, source: 'vendor charts (unverified)' }),
	PA: Object.freeze({ id: 'PA', name: 'Pennsylvania', hours: '08:00-21:00', sunday: '13:30-21:00', verified: false, source: 'vendor charts (unverified)' }),
	RI: Object.freeze({ id: 'RI', name: 'Rhode Island', hours: '09:00-18:00', saturday: '10:00-17:00', sunday: 'none', verified: false, source: 'vendor charts (unverified)' }),
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
	/** Also apply UNVERIFIED_STATE_RULES (vendor-chart states: MA, NM, NV, PA, RI). */
	includeUnverifiedStates?: boolean;
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
