import type { SheetsSession } from '../transport/sheets';
import { createTracker, type CreateResult } from './createTracker';

/**
 * The tracker is found, not pasted (docs/tracker.md "How the nodes find the tracker"): Create
 * Tracker makes the spreadsheet through Drive with a private app property, and every tracker node
 * left without a Spreadsheet ID asks Drive for "the file of this Google account carrying that
 * mark". The answer is kept per process (a tracker's id never changes), so the search costs one
 * Drive request per credential per process, not one per run.
 */

export const TRACKER_MARK = { key: 'mortgageFollowupTracker', value: 'v1' } as const;
const SPREADSHEET_MIME_TYPE = 'application/vnd.google-apps.spreadsheet';
const MARK_QUERY = `appProperties has { key='${TRACKER_MARK.key}' and value='${TRACKER_MARK.value}' } and mimeType = '${SPREADSHEET_MIME_TYPE}' and trashed = false`;

/** A tracker-node problem the LO fixes (no tracker yet, several), with what to do. */
export class TrackerNotFound extends Error {
	constructor(
		message: string,
		readonly hint: string,
	) {
		super(message);
	}
}

/** Every spreadsheet of this account carrying the tracker mark, oldest first (Drive's order here). */
export async function markedTrackers(session: SheetsSession): Promise<Array<{ id: string; name: string }>> {
	const list = await session.listFiles(MARK_QUERY, 'looking for the tracker made by Create Tracker', 'files(id,name)');
	return (list?.files ?? []).filter((file) => file.id).map((file) => ({ id: String(file.id), name: String(file.name ?? '') }));
}

/** The spreadsheet id from a node parameter: the id itself, or a whole Google Sheets address. */
export function spreadsheetIdOf(value: unknown): string {
	const text = String(value ?? '').trim();
	return /\/spreadsheets\/d\/([A-Za-z0-9_-]+)/.exec(text)?.[1] ?? text;
}

/** Every spreadsheet this account may open (for a service account: the ones shared with it). */
export async function visibleSpreadsheets(session: SheetsSession): Promise<Array<{ id: string; name: string }>> {
	const list = await session.listFiles(`mimeType = '${SPREADSHEET_MIME_TYPE}' and trashed = false`, 'looking for the spreadsheet shared with this account', 'files(id,name)');
	return (list?.files ?? []).filter((file) => file.id).map((file) => ({ id: String(file.id), name: String(file.name ?? '') }));
}

/**
 * What a tracker node signs in for: Sheets, and Drive to find the tracker. A service account asks
 * for Drive as a whole because Google lists the files shared with it only so (drive.file covers the
 * files the app made); it still reaches nothing but what the LO shared with it. A Google sign-in
 * (OAuth2) keeps the scopes granted when it was connected (Sheets and drive.file).
 */
export const TRACKER_SCOPES = ['https://www.googleapis.com/auth/spreadsheets', 'https://www.googleapis.com/auth/drive'] as const;

const found = new Map<string, Promise<string>>();

/**
 * The id of this account's tracker: the oldest spreadsheet carrying the mark (made by Create
 * Tracker or the setup); else, when the account sees exactly one spreadsheet (a service account
 * the LO shared one blank sheet with: a service account cannot make files itself), that one. Kept
 * per process; a failed search is not kept.
 */
export function locateTracker(session: SheetsSession): Promise<string> {
	const key = `${session.user}|${session.client.roots.drive}`;
	let id = found.get(key);
	if (!id) {
		id = (async () => {
			const marked = await markedTrackers(session);
			if (marked.length) return marked[0].id;
			const visible = await visibleSpreadsheets(session);
			if (visible.length === 1) return visible[0].id;
			if (visible.length > 1) {
				throw new TrackerNotFound(
					`${visible.length} spreadsheets are shared with ${session.user} and none was made by the setup`,
					`Paste the tracker's address into Spreadsheet ID, or share only the tracker with ${session.user}.`,
				);
			}
			throw new TrackerNotFound(
				`No tracker found for the Google account ${session.user}`,
				`Run the "Mortgage: set up" workflow with this Google credential. With a service account, first make a blank Google Sheet and share it with ${session.user} as Editor (a service account cannot make files itself). Or paste the tracker's address into Spreadsheet ID.`,
			);
		})();
		found.set(key, id);
		id.catch(() => found.delete(key));
	}
	return id;
}

/** Forgets the trackers found in this process (tests; after a new tracker is made). */
export function forgetLocatedTrackers(): void {
	found.clear();
}

/**
 * A new tracker, marked so the nodes find it: made through Drive with the mark (found, not made
 * twice, when run again or when Google's answer was lost), then given every tab of the template
 * (the blank first tab Drive gives a new sheet is removed).
 */
export async function createMarkedTracker(session: SheetsSession, title: string, folderId = ''): Promise<CreateResult & { created: boolean }> {
	// In `folderId` when given: a service account cannot own files, so it makes them in a shared drive's folder.
	const file = await session.findOrCreateFile(
		{ name: title || 'Mortgage Lead Tracker', mimeType: SPREADSHEET_MIME_TYPE, ...(folderId ? { parents: [folderId] } : {}) },
		TRACKER_MARK,
		'making the tracker spreadsheet',
	);
	const result = await createTracker(session, { spreadsheetId: file.id, dropBlankTabs: file.created });
	forgetLocatedTrackers();
	return { ...result, created: file.created };
}
