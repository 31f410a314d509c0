import { LEAD_STAGES } from '../core/cadence/types';
import { CHANNELS, TOUCH_DIRECTIONS, TOUCH_PURPOSES, TOUCH_VERDICTS } from '../core/touch';
import { LEAD_SOURCES, LOAN_PURPOSES, TIMELINES } from '../core/lead';
import { LOST_REASONS, REFERRAL_COLUMNS, REFERRAL_STATUSES } from '../core/referral';

/**
 * The tracker spreadsheet as data: tabs, headers, column types, drop-down validation, frozen
 * header, conditional formats. "Create Tracker" builds it; sheets-templates/tracker.json is
 * generated from it (npm run: tsx sheets-templates/generate.ts) so the two cannot drift.
 */

export type ColumnType = 'id' | 'text' | 'instant' | 'date' | 'number' | 'boolean' | 'choice' | 'phone';

export interface ColumnSpec {
	header: string;
	type: ColumnType;
	/** Drop-down values for `choice` columns (validation warns, it does not reject). */
	choices?: readonly string[];
	/** What an LO should put there (shown as the header's note). */
	note: string;
}

export interface TabSpec {
	key: TabKey;
	title: string;
	/** Fixed sheet id, so housekeeping requests can address the tab without looking it up. */
	sheetId: number;
	/** The column that identifies a row (upserts and idempotency). */
	idColumn: string;
	/** Rows are only ever appended (logs): never updated or deleted by the pack. */
	appendOnly: boolean;
	hidden?: boolean;
	columns: readonly ColumnSpec[];
	/** Conditional formats: highlight rows whose `column` equals `equals`. */
	highlights?: ReadonlyArray<{ column: string; equals: string; color: { red: number; green: number; blue: number } }>;
}

export type TabKey = 'leads' | 'touches' | 'referrals' | 'partners' | 'cadences' | 'consent' | 'settings' | 'locks';

const text = (header: string, note: string): ColumnSpec => ({ header, type: 'text', note });
const instant = (header: string, note: string): ColumnSpec => ({ header, type: 'instant', note });
const bool = (header: string, note: string): ColumnSpec => ({ header, type: 'boolean', note });
const num = (header: string, note: string): ColumnSpec => ({ header, type: 'number', note });
const choice = (header: string, choices: readonly string[], note: string): ColumnSpec => ({ header, type: 'choice', choices, note });

const RED = { red: 0.96, green: 0.8, blue: 0.8 };
const GREEN = { red: 0.85, green: 0.94, blue: 0.83 };
const AMBER = { red: 1, green: 0.95, blue: 0.8 };

export const TRACKER_TABS: readonly TabSpec[] = [
	{
		key: 'leads',
		title: 'Leads',
		sheetId: 100,
		idColumn: 'leadId',
		appendOnly: false,
		columns: [
			{ header: 'leadId', type: 'id', note: 'Stable id from the Lead Normalizer. Do not edit.' },
			instant('receivedAt', 'When the lead reached you (UTC).'),
			text('firstName', 'First name.'),
			text('lastName', 'Last name.'),
			{ header: 'phone', type: 'phone', note: 'Mobile in +1 format, e.g. +13055551234.' },
			text('email', 'Email address.'),
			text('state', 'Two-letter state of the property, e.g. FL.'),
			text('zip', 'Five-digit ZIP (kept as text: leading zeros stay).'),
			text('timeZone', 'The lead\'s time zone, e.g. America/New_York.'),
			choice('loanPurpose', LOAN_PURPOSES, 'purchase, refinance, heloc or unknown.'),
			bool('cashOut', 'Cash-out refinance.'),
			choice('timeline', TIMELINES, 'When they plan to move: now, 1-3m, 3-6m, 6m+, unknown.'),
			{ header: 'targetDate', type: 'date', note: 'The date they plan to buy or move (YYYY-MM-DD), if they said.' },
			{ header: 'birthday', type: 'date', note: 'MM-DD or YYYY-MM-DD (past clients).' },
			choice('source', LEAD_SOURCES, 'Where the lead came from.'),
			text('sourceId', 'The source system\'s own id.'),
			text('sourceDetail', 'Campaign, form or "Past client".'),
			text('partnerId', 'The referral partner who sent the lead (Partners tab).'),
			text('owner', 'Who works the lead.'),
			text('segment', 'Set by the Lead Scorer.'),
			num('score', 'Set by the Lead Scorer, 0-100.'),
			text('priority', 'now, today, this-week or nurture (Lead Scorer).'),
			choice('stage', LEAD_STAGES, 'Pipeline stage: change it to application, closed or lost and the drip follows.'),
			instant('stageChangedAt', 'When the stage last changed.'),
			text('cadenceId', 'The cadence the lead is in (Cadences tab).'),
			num('cadenceStep', 'The last step that fell due.'),
			instant('enrolledAt', 'When the lead joined the cadence.'),
			instant('nextTouchAt', 'When the next touch falls due.'),
			instant('lastTouchAt', 'Last logged touch.'),
			num('touchCount', 'Touches logged so far.'),
			instant('lastReplyAt', 'Last reply from the lead.'),
			instant('pausedUntil', 'Marketing steps wait until then.'),
			instant('appointmentAt', 'When an appointment was set (the call task\'s "Appointment set" link stamps it).'),
			instant('applicationAt', 'When the lead applied.'),
			instant('closedAt', 'When the loan closed.'),
			num('loanAmount', 'Loan amount, for the closed volume on the scoreboard.'),
			text('lostReason', 'Why the lead was lost (no-response, rate-or-fees, went-with-another-lender, not-interested, wrong-number...).'),
			text('phoneStatus', '"wrong-number" when a call found the number is not the lead\'s: no texts or calls go to it.'),
			bool('consentSms', 'Agreed to texts.'),
			bool('consentCall', 'Agreed to calls.'),
			bool('consentEmail', 'Agreed to emails.'),
			bool('consentPrerecordedVoice', 'Agreed to prerecorded or AI voice calls.'),
			instant('consentCapturedAt', 'When consent was given.'),
			text('consentText', 'The exact consent wording the lead agreed to.'),
			bool('optOutSms', 'Opted out of texts (STOP).'),
			bool('optOutCall', 'Asked not to be called.'),
			bool('optOutEmail', 'Unsubscribed from email.'),
			text('cadenceStatus', 'active, paused or stopped, with the reason (set by the drip run).'),
			instant('updatedAt', 'When the pack last changed this row.'),
		],
		highlights: [
			{ column: 'stage', equals: 'do-not-contact', color: RED },
			{ column: 'stage', equals: 'application', color: GREEN },
		],
	},
	{
		key: 'touches',
		title: 'Touches',
		sheetId: 101,
		idColumn: 'touchId',
		appendOnly: true,
		columns: [
			{ header: 'touchId', type: 'id', note: 'leadId:cadenceId:step, or the message id of a reply. One row per touch.' },
			text('leadId', 'The lead (Leads tab).'),
			instant('at', 'When it happened or fell due.'),
			choice('channel', CHANNELS, 'sms, call or email.'),
			choice('direction', TOUCH_DIRECTIONS, 'outbound or inbound.'),
			choice('purpose', TOUCH_PURPOSES, 'marketing, transactional or opt-out-confirmation.'),
			text('cadenceId', 'The cadence of the step.'),
			num('step', 'The cadence step.'),
			choice('verdict', TOUCH_VERDICTS, 'sent, deferred, blocked, failed, received, task or planned; outcome for a call logged with its outcome; sending while a run sends it; uncertain when that run stopped half-way (check, then set the real verdict).'),
			text('reason', 'Why deferred or blocked, e.g. quiet-hours:FL.'),
			instant('sendAfter', 'For a deferred touch: the next legal instant.'),
			text('providerId', 'Twilio message id.'),
			text('deliveryStatus', 'delivered, undelivered...'),
			text('error', 'What went wrong.'),
			text('outcome', 'For a call: reached, left-voicemail, no-answer, appointment-set, not-interested, wrong-number or call-back-later.'),
			text('body', 'The text as sent, or the reply\'s words.'),
			instant('loggedAt', 'When the pack wrote this row.'),
		],
		highlights: [
			{ column: 'verdict', equals: 'blocked', color: RED },
			{ column: 'verdict', equals: 'failed', color: RED },
			{ column: 'verdict', equals: 'deferred', color: AMBER },
			{ column: 'verdict', equals: 'uncertain', color: RED },
		],
	},
	{
		key: 'referrals',
		title: 'Referrals',
		sheetId: 102,
		idColumn: 'referralId',
		appendOnly: false,
		// The referral engine's own columns (nodes/core/referral), so its rows round-trip.
		columns: REFERRAL_COLUMNS.map((header): ColumnSpec => {
			if (header === 'referralId') return { header, type: 'id', note: 'One row per referral.' };
			if (header === 'status') return choice(header, REFERRAL_STATUSES, 'Where the referral stands.');
			if (header === 'lostReason') return choice(header, LOST_REASONS, 'Why it was lost.');
			if (header === 'loanAmount') return num(header, 'Loan amount (never shown to partners).');
			if (header === 'source') return text(header, 'Where the lead came from.');
			if (/At$/.test(header)) return instant(header, `When: ${header.replace(/At$/, '')}.`);
			return text(header, header === 'nextStep' ? 'What happens next, in words the partner sees.' : `${header}.`);
		}),
		highlights: [{ column: 'status', equals: 'lost', color: RED }],
	},
	{
		key: 'partners',
		title: 'Partners',
		sheetId: 103,
		idColumn: 'partnerId',
		appendOnly: false,
		columns: [
			{ header: 'partnerId', type: 'id', note: 'A short id you choose, e.g. p-jane-realty.' },
			text('name', 'Partner name.'),
			text('company', 'Brokerage or company.'),
			text('email', 'Email for updates.'),
			{ header: 'phone', type: 'phone', note: 'Mobile in +1 format.' },
			choice('notifyChannel', ['email', 'sms', 'none'], 'How the partner gets updates.'),
			text('viewSpreadsheetId', 'ID of the partner\'s own view spreadsheet (their referrals only).'),
			bool('active', 'Still sending referrals.'),
		],
	},
	{
		key: 'cadences',
		title: 'Cadences',
		sheetId: 104,
		idColumn: 'cadenceId',
		appendOnly: false,
		columns: [
			text('cadenceId', 'Cadence name, e.g. purchase-3-6m. One row per step.'),
			num('step', 'Step number, 1-99, unique in the cadence.'),
			text('offset', 'When, from enrolment: PT0M now, PT45M, P1D, P1M. "-P21D" = 3 weeks before the anchor.'),
			choice('channel', CHANNELS, 'sms, email, or call (a call task for you).'),
			text('template', 'The message, with {{firstName}}, {{loName}}, {{nmlsId}}... No rates, no approval promises.'),
			choice('purpose', ['marketing', 'transactional'], 'marketing or transactional.'),
			text('repeatEvery', 'Repeat forever this often after the first time (P1M, P1Y); usually empty.'),
			choice('anchor', ['enrolment', 'birthday', 'milestone'], 'What the offset counts from; empty = enrolment.'),
			choice('audience', ['lead', 'partner'], 'Who receives it; empty = the lead.'),
			text('label', 'A short name for the step.'),
		],
	},
	{
		key: 'consent',
		title: 'Consent log',
		sheetId: 105,
		idColumn: 'eventId',
		appendOnly: true,
		columns: [
			{ header: 'eventId', type: 'id', note: 'One row per opt-in or opt-out (the message id when from a text).' },
			text('leadId', 'The lead (Leads tab).'),
			{ header: 'phone', type: 'phone', note: 'The number it came from.' },
			text('email', 'The address it came from.'),
			choice('channel', CHANNELS, 'The channel it covers.'),
			choice('action', ['opt-in', 'opt-out'], 'opt-in or opt-out.'),
			instant('at', 'When the lead said it.'),
			text('words', 'The lead\'s exact words, e.g. STOP.'),
			text('source', 'Where it was captured: sms-reply, web-form, phone call...'),
			instant('recordedAt', 'When the pack wrote this row.'),
		],
		highlights: [{ column: 'action', equals: 'opt-out', color: RED }],
	},
	{
		key: 'settings',
		title: 'Settings',
		sheetId: 106,
		idColumn: 'setting',
		appendOnly: false,
		columns: [
			text('setting', 'The setting\'s name (do not rename).'),
			text('value', 'Your value.'),
			text('notes', 'What it is for.'),
		],
	},
	{
		key: 'locks',
		title: '_Locks',
		sheetId: 107,
		idColumn: 'claimId',
		appendOnly: false,
		hidden: true,
		columns: [
			text('claimId', 'Used by the pack so two runs never write at once. Do not edit.'),
			text('holder', 'Which run.'),
			instant('claimedAt', 'When it asked.'),
			instant('expiresAt', 'When the claim lapses if never released.'),
			instant('releasedAt', 'When the run finished.'),
		],
	},
];

/** The Settings tab's rows: what the messages and the compliance gate read. */
export const SETTINGS_ROWS: ReadonlyArray<{ setting: string; example: string; notes: string }> = [
	{ setting: 'loName', example: 'Jordan Rivera', notes: 'Your name as it appears in messages.' },
	{ setting: 'nmlsId', example: '1234567', notes: 'Your NMLS ID (required in marketing messages).' },
	{ setting: 'company', example: 'Rivera Home Loans', notes: 'Company name.' },
	{ setting: 'companyNmlsId', example: '7654321', notes: 'Company NMLS ID.' },
	{ setting: 'postalAddress', example: '100 Main St, Miami, FL 33101', notes: 'Postal address (CAN-SPAM, for emails).' },
	{ setting: 'phone', example: '+13055550100', notes: 'Your business number.' },
	{ setting: 'loEmail', example: 'jordan@riverahomeloans.com', notes: 'Your email: alerts and tasks go here; emails to leads come from it.' },
	{ setting: 'loMobile', example: '+13055550199', notes: 'Your own mobile (never shown to leads unless it is your only number).' },
	{ setting: 'sendingNumber', example: '+13055550100', notes: 'The Twilio number texts go out from.' },
	{ setting: 'messagingServiceSid', example: 'MG0123456789abcdef0123456789abcdef', notes: 'Or the Twilio Messaging Service texts go out through (10DLC campaign). Leave empty to send from the number.' },
	{ setting: 'publicN8nAddress', example: 'https://n8n.riverahomeloans.com', notes: 'Your n8n as the internet reaches it: Twilio reports delivery and replies there.' },
	{ setting: 'scoreboardEmails', example: 'jordan@riverahomeloans.com, manager@riverahomeloans.com', notes: 'Who gets the weekly scoreboard (comma-separated). Empty = you (loEmail).' },
	{ setting: 'lineTypeCheck', example: 'off', notes: 'on = look up each new number with Twilio (about $0.008 each) and never text a landline.' },
	{ setting: 'defaultTimeZone', example: 'America/New_York', notes: 'Used for leads whose time zone is unknown.' },
	{ setting: 'replyPause', example: 'P3D', notes: 'How long a reply pauses the drip (ISO duration).' },
	{
		setting: 'driveFolderId',
		example: '0AbCdEfGhIjKlUk9PVA',
		notes: 'Only with a service account, which cannot own files: the ID of a shared-drive folder it is Content manager of; partner sheets are made there. Empty when you sign in with your own Google account.',
	},
];

export function tabByKey(key: TabKey): TabSpec {
	const tab = TRACKER_TABS.find((t) => t.key === key);
	if (!tab) throw new Error(`Unknown tracker tab ${key}`);
	return tab;
}

export function headersOf(tab: TabSpec): string[] {
	return tab.columns.map((column) => column.header);
}
