import type { SheetsSession } from '../transport/sheets';
import { logOutcomes, type OutcomeEvent, type OutcomeResult } from './callOutcomes';
import { createTracker, type CreateResult } from './createTracker';
import { getDueTouches, type DuePlan } from './dueTouches';
import type { RunOptions } from './lock';
import { logTouches, type LogResult } from './logTouches';
import { recordReplies, type ReplyEvent, type ReplyResult } from './recordReplies';
import { ReferralTracker } from './referrals/referralTracker';
import { ReferralSheets } from './referrals/sheets';
import { TrackerNotFound, createMarkedTracker, locateTracker } from './locate';
import { cachedSettings, forgetSettings, identityOf, readSettings, writeSettings, type LoIdentity } from './settings';
import type { TrackerRecord } from './table';
import { writeTogether } from './together';
import { upsertLeads, type UpsertResult } from './upsertLeads';

/**
 * The tracker spreadsheet as one repository: what a node's router opens once per execution and
 * hands to the operation (as n8n's Google Sheets node hands each operation its sheet). It holds
 * the one Google session, the spreadsheet and the run's clock and lock settings; each method is
 * one run (one file each in this folder). No n8n here: the node turns failures into its errors.
 */
export class Tracker {
	constructor(
		readonly session: SheetsSession,
		readonly spreadsheetId: string,
		readonly run: RunOptions,
		/** Which runs in this process may write together (together.ts): same tracker, account, endpoint and clock. */
		private readonly togetherKey: string,
	) {}

	/** Adds new leads and updates known ones by leadId (runs arriving meanwhile go together). */
	upsertLeads(leads: Array<Record<string, unknown>>): Promise<UpsertResult[]> {
		if (!leads.length) return Promise.resolve([]);
		return writeTogether(`upsertLeads|${this.togetherKey}`, leads, this.run, (all, run) => upsertLeads(this.session, this.spreadsheetId, all, run));
	}

	/** Logs touches (never twice) and brings the touched leads' cadence columns up to date. */
	logTouches(touches: TrackerRecord[]): Promise<LogResult[]> {
		if (!touches.length) return Promise.resolve([]);
		return writeTogether(`logTouches|${this.togetherKey}`, touches, this.run, (all, run) => logTouches(this.session, this.spreadsheetId, all, run));
	}

	/** The touches due now, with what could not be planned. No writes. */
	dueTouches(): Promise<DuePlan> {
		return getDueTouches(this.session, this.spreadsheetId, this.run);
	}

	/** Replies, opt-outs and opt-ins recorded on the leads, in Touches and in the Consent log. */
	recordReplies(events: ReplyEvent[]): Promise<ReplyResult[]> {
		if (!events.length) return Promise.resolve([]);
		return recordReplies(this.session, this.spreadsheetId, events, this.run);
	}

	/** Call outcomes and the LO's own activity: one touch each (a call task answered once), and their effect on the lead. */
	logOutcomes(events: OutcomeEvent[], replyPause?: string): Promise<OutcomeResult[]> {
		if (!events.length) return Promise.resolve([]);
		return logOutcomes(this.session, this.spreadsheetId, events, { ...this.run, replyPause });
	}

	/** Which cached Settings are this tracker's: the spreadsheet, the account, the endpoint. */
	get settingsKey(): string {
		return [this.spreadsheetId, this.session.user, this.session.client.roots.sheets].join('|');
	}

	/** The Settings tab as one object, through the per-process cache (settings.ts). */
	settings(): Promise<Record<string, string>> {
		return cachedSettings(this.settingsKey, () => readSettings(this.session, this.spreadsheetId));
	}

	/** The LO's identity and addresses from the Settings tab (cached). */
	async identity(): Promise<LoIdentity> {
		return identityOf(await this.settings());
	}

	/** The Settings tab as it is now, read from Google (the health check; the cache is refreshed with it). */
	async freshSettings(): Promise<Record<string, string>> {
		forgetSettings(this.settingsKey);
		return this.settings();
	}

	/** Writes setting values (the setup form's answers); this process's cache of them is dropped. */
	async writeSettings(values: Record<string, string>): Promise<string[]> {
		const written = await writeSettings(this.session, this.spreadsheetId, values);
		forgetSettings(this.settingsKey);
		return written;
	}

	/**
	 * The tracker's referrals (Referral Status's runs), on the same session and lock, with the
	 * run's time zone and the LO's name for the partner messages.
	 */
	referrals(people: { timeZone: string; loanOfficerName: string }): ReferralTracker {
		return new ReferralTracker(new ReferralSheets(this.session), { trackerId: this.spreadsheetId, now: this.run.now, ...people }, this.run);
	}

	/**
	 * Builds the tracker: a new spreadsheet titled `newTitle` (in the Drive folder `folderId` when
	 * given), marked so the nodes find it (made once: run again, the marked one is completed), or
	 * the missing tabs of this one.
	 */
	/**
	 * The tracker of this account (locate.ts), completed with any missing tab; a new marked one
	 * when the account has none (what the setup does, so running it again changes nothing).
	 */
	async findOrCreate(title: string, folderId = ''): Promise<CreateResult> {
		const found = await locateTracker(this.session).catch((error: unknown) => {
			if (error instanceof TrackerNotFound && /^No tracker found/.test(error.message)) return '';
			throw error;
		});
		if (!found) return createMarkedTracker(this.session, title, folderId);
		return createTracker(this.session, { spreadsheetId: found });
	}

	create(newTitle?: string, folderId = ''): Promise<CreateResult> {
		if (newTitle !== undefined) return createMarkedTracker(this.session, newTitle, folderId);
		return createTracker(this.session, { spreadsheetId: this.spreadsheetId });
	}
}
