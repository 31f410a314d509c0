import { createHash } from 'node:crypto';
import { PARTNER_VIEW_HEADERS, partnerViewTable, type Referral } from '../../core';
import { SheetsError, isServiceAccountEmail, toCell, type CellValue } from '../../transport/sheets';
import { readSettings } from '../settings';
import { boxRange, cellRange } from '../../transport/sheets/a1';
import { TABS, viewColumn, type TrackedPartner } from './referralTabs';
import type { ReferralSheets } from './sheets';
import type { ShownTable } from './shownTable';

/**
 * Partner views: each partner's own spreadsheet, made and shared the first time, then replaced
 * whole from the tracker on every sync (see syncPartnerViews).
 */

/** The tab inside each partner's own spreadsheet. */
export const VIEW_TAB = 'My referrals';

export interface PartnerSyncResult {
	partnerId: string;
	name: string;
	/** synced: the view now shows exactly this partner's referrals; skipped: see `reason`. */
	result: 'synced' | 'skipped';
	reason: string | null;
	viewSpreadsheetId: string | null;
	/** True when this run created (and shared) the partner's spreadsheet. */
	created: boolean;
	sharedWith: string | null;
	referrals: number;
}

export interface SyncInput {
	trackerId: string;
	referrals: readonly Referral[];
	partners: readonly TrackedPartner[];
	partnersTable: ShownTable;
	/** Only these partners (e.g. the ones an update just touched); all when absent. */
	onlyPartnerIds?: ReadonlySet<string>;
	timeZone: string;
	loanOfficerName: string;
	/** Drive folder for new views (see ReferralSettings.folderId). */
	folderId?: string;
}

/**
 * The mark a partner's view carries in Drive (an appProperty): one tracker, one partner. A
 * digest, so it fits Drive's 124 bytes and says nothing about either.
 */
export function viewKey(trackerId: string, partnerId: string): string {
	return createHash('sha256').update(`${trackerId}\u0000${partnerId}`).digest('hex').slice(0, 40);
}

/**
 * Brings every partner's own spreadsheet in line with the tracker. A partner with referrals and
 * no spreadsheet yet gets one, shared with their email; its id is written back to the Partners
 * tab before any referral data goes in. Making it is idempotent: the view carries a Drive mark
 * for (tracker, partner), and a run looks for that mark before making a sheet, so a creation
 * whose answer was lost, or a run that failed before writing the id back, never leaves the
 * partner with a second sheet. Each view is then replaced whole in one write (old rows blanked), so a referral that
 * moved to another partner disappears from the first partner's view on the same sync.
 */
export async function syncPartnerViews(sheets: ReferralSheets, input: SyncInput): Promise<PartnerSyncResult[]> {
	const wanted = (partnerId: string) => !input.onlyPartnerIds || input.onlyPartnerIds.has(partnerId);
	const counts = new Map<string, number>();
	for (const referral of input.referrals) counts.set(referral.partnerId, (counts.get(referral.partnerId) ?? 0) + 1);
	const known = new Set(input.partners.map((partner) => partner.partnerId));
	const results: PartnerSyncResult[] = [];

	// Referrals from a partner the Partners tab does not list cannot be shared with anyone: say so.
	for (const partnerId of [...counts.keys()].sort()) {
		if (known.has(partnerId) || !wanted(partnerId)) continue;
		results.push(skipped({ partnerId, name: partnerId, viewSpreadsheetId: null }, counts.get(partnerId) ?? 0, `partner ${partnerId} is not in the ${TABS.partners} tab`));
	}

	let folderId = input.folderId;
	const views: Array<{ partner: TrackedPartner; spreadsheetId: string; created: boolean; fresh: boolean }> = [];
	const newIds: Array<{ partner: TrackedPartner; spreadsheetId: string }> = [];
	for (const partner of input.partners) {
		if (!wanted(partner.partnerId)) continue;
		const referrals = counts.get(partner.partnerId) ?? 0;
		if (partner.viewSpreadsheetId) {
			views.push({ partner, spreadsheetId: partner.viewSpreadsheetId, created: false, fresh: false });
			continue;
		}
		if (referrals === 0) {
			results.push(skipped(partner, 0, 'no referrals yet: the view is created with the first one'));
			continue;
		}
		if (!partner.email) {
			results.push(skipped(partner, referrals, `no email for ${partner.name} in the ${TABS.partners} tab to share the view with`));
			continue;
		}
		const title = input.loanOfficerName ? `Referrals with ${input.loanOfficerName} – ${partner.name}` : `Referrals – ${partner.name}`;
		folderId ??= isServiceAccountEmail(sheets.session.user) ? await viewFolder(sheets, input.trackerId) : '';
		const view = await sheets.ensureView(title, viewKey(input.trackerId, partner.partnerId), folderId);
		await prepareViewTab(sheets, view.spreadsheetId, view.created);
		// Sharing again (a view found from a run that failed before this point) keeps one permission.
		await sheets.share(view.spreadsheetId, partner.email);
		newIds.push({ partner, spreadsheetId: view.spreadsheetId });
		// A view found again may hold rows from that earlier run: it is read and blanked like any other.
		views.push({ partner, spreadsheetId: view.spreadsheetId, created: true, fresh: view.created });
	}
	if (newIds.length > 0) await recordViewIds(sheets, input.trackerId, input.partnersTable, newIds);

	for (const { partner, spreadsheetId, created, fresh } of views) {
		const grid = partnerViewTable(input.referrals, partner.partnerId, { timeZone: input.timeZone });
		await writeView(sheets, spreadsheetId, grid, fresh);
		results.push({
			partnerId: partner.partnerId,
			name: partner.name,
			result: 'synced',
			reason: null,
			viewSpreadsheetId: spreadsheetId,
			created,
			sharedWith: created ? partner.email : null,
			referrals: grid.length - 1,
		});
	}
	// Partners-tab order; partners missing from the tab last.
	const order = new Map(input.partners.map((partner, index) => [partner.partnerId, index]));
	return results.sort((a, b) => (order.get(a.partnerId) ?? Infinity) - (order.get(b.partnerId) ?? Infinity));
}

/**
 * Where a service account makes new views: it cannot own files, so in the Settings tab's
 * driveFolderId (a folder of a shared drive), read only when a view is to be made. A person
 * signed in (OAuth2) makes them in their own Drive, with no read.
 */
async function viewFolder(sheets: ReferralSheets, trackerId: string): Promise<string> {
	// A tracker without a Settings tab has no folder; any other failure stays the run's (the node makes it its error).
	return readSettings(sheets.session, trackerId).then(
		(settings) => String(settings.driveFolderId ?? '').trim(),
		(error: unknown) => (error instanceof SheetsError && /has no "Settings" tab/.test(error.message) ? '' : Promise.reject(error)),
	);
}

/**
 * A new view has Google's "Sheet1": it becomes "My referrals" with the header row frozen. A view
 * found again is left alone when it already has the tab.
 */
async function prepareViewTab(sheets: ReferralSheets, spreadsheetId: string, fresh: boolean): Promise<void> {
	let sheetId = 0; // the first sheet of a new spreadsheet
	if (!fresh) {
		const tabs = await sheets.tabIds(spreadsheetId);
		if (tabs.has(VIEW_TAB)) return;
		sheetId = tabs.values().next().value ?? 0;
	}
	await sheets.batchUpdate(spreadsheetId, [
		{
			updateSheetProperties: {
				properties: { sheetId, title: VIEW_TAB, gridProperties: { frozenRowCount: 1 } },
				fields: 'title,gridProperties.frozenRowCount',
			},
		},
	]);
}

/** Replaces the view in one write: the new grid, then blanks over whatever rows were there before. */
async function writeView(sheets: ReferralSheets, spreadsheetId: string, grid: string[][], fresh: boolean): Promise<void> {
	const width: number = PARTNER_VIEW_HEADERS.length;
	let previousRows = 0;
	let previousWidth = width;
	if (!fresh) {
		const current = (await sheets.readTabs(spreadsheetId, [VIEW_TAB]))[VIEW_TAB] ?? [];
		previousRows = current.length;
		previousWidth = Math.max(width, ...current.map((row) => row.length));
	}
	const values: CellValue[][] = [];
	for (let row = 0; row < Math.max(grid.length, previousRows); row++) {
		const cells = grid[row] ?? [];
		values.push(Array.from({ length: previousWidth }, (_, column) => toCell(cells[column] ?? '')));
	}
	await sheets.writeRanges(spreadsheetId, [
		{ range: boxRange(VIEW_TAB, previousWidth, values.length), values },
	]);
}

/** Writes the new view ids into the Partners tab (adding the column if the tab lacks it), one write. */
async function recordViewIds(
	sheets: ReferralSheets,
	trackerId: string,
	table: ShownTable,
	created: Array<{ partner: TrackedPartner; spreadsheetId: string }>,
): Promise<void> {
	const data: Array<{ range: string; values: CellValue[][] }> = [];
	let column = viewColumn(table);
	if (column === undefined) {
		column = table.headers.length;
		data.push({ range: cellRange(table.tab, column, 1), values: [['viewSpreadsheetId']] });
	}
	for (const { partner, spreadsheetId } of created) {
		data.push({ range: cellRange(table.tab, column, table.sheetRow(partner.index)), values: [[toCell(spreadsheetId)]] });
	}
	await sheets.writeRanges(trackerId, data);
}

function skipped(
	partner: Pick<TrackedPartner, 'partnerId' | 'name' | 'viewSpreadsheetId'>,
	referrals: number,
	reason: string,
): PartnerSyncResult {
	return {
		partnerId: partner.partnerId,
		name: partner.name,
		result: 'skipped',
		reason,
		viewSpreadsheetId: partner.viewSpreadsheetId,
		created: false,
		sharedWith: null,
		referrals,
	};
}
