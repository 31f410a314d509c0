import { PARTNER_VIEW_HEADERS, partnerViewTable, type Referral } from '../../core';
import { columnLetter, quoteTab, type CellValue, type ReferralSheets } from '../transport/referralSheets';
import { Table, TABS, viewColumn, type TrackedPartner } from './tracker';

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
	partnersTable: Table;
	/** Only these partners (e.g. the ones an update just touched); all when absent. */
	onlyPartnerIds?: ReadonlySet<string>;
	timeZone: string;
	loanOfficerName: string;
}

/**
 * Brings every partner's own spreadsheet in line with the tracker. A partner with referrals and
 * no spreadsheet yet gets one, shared with their email; its id is written back to the Partners
 * tab before any referral data goes in, so a failed run never leaves a second copy behind next
 * time. Each view is then replaced whole in one write (old rows blanked), so a referral that
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

	const views: Array<{ partner: TrackedPartner; spreadsheetId: string; created: boolean }> = [];
	const newIds: Array<{ partner: TrackedPartner; spreadsheetId: string }> = [];
	for (const partner of input.partners) {
		if (!wanted(partner.partnerId)) continue;
		const referrals = counts.get(partner.partnerId) ?? 0;
		if (partner.viewSpreadsheetId) {
			views.push({ partner, spreadsheetId: partner.viewSpreadsheetId, created: false });
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
		const { spreadsheetId } = await sheets.createSpreadsheet(title, VIEW_TAB, 1);
		await sheets.share(spreadsheetId, partner.email);
		newIds.push({ partner, spreadsheetId });
		views.push({ partner, spreadsheetId, created: true });
	}
	if (newIds.length > 0) await recordViewIds(sheets, input.trackerId, input.partnersTable, newIds);

	for (const { partner, spreadsheetId, created } of views) {
		const grid = partnerViewTable(input.referrals, partner.partnerId, { timeZone: input.timeZone });
		await writeView(sheets, spreadsheetId, grid, created);
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
		values.push(Array.from({ length: previousWidth }, (_, column) => cells[column] ?? ''));
	}
	await sheets.writeRanges(spreadsheetId, [
		{ range: `${quoteTab(VIEW_TAB)}!A1:${columnLetter(previousWidth)}${values.length}`, values },
	]);
}

/** Writes the new view ids into the Partners tab (adding the column if the tab lacks it), one write. */
async function recordViewIds(
	sheets: ReferralSheets,
	trackerId: string,
	table: Table,
	created: Array<{ partner: TrackedPartner; spreadsheetId: string }>,
): Promise<void> {
	const data: Array<{ range: string; values: CellValue[][] }> = [];
	let column = viewColumn(table);
	if (column === undefined) {
		column = table.headers.length;
		data.push({ range: `${quoteTab(table.tab)}!${columnLetter(column + 1)}1`, values: [['viewSpreadsheetId']] });
	}
	const letter = columnLetter(column + 1);
	for (const { partner, spreadsheetId } of created) {
		const row = table.sheetRow(partner.index);
		data.push({ range: `${quoteTab(table.tab)}!${letter}${row}`, values: [[spreadsheetId]] });
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
