import fc from 'fast-check';
import { MAX_CELL_CHARACTERS, fitCell, toCell } from '../../nodes/transport/sheets/cells';
import type { SheetsStandIn } from '../../sandbox/sheets';
import { googleError, startSheetsHarness, type SheetsHarness } from '../support/sheetsHarness';
import { SERVICE_ACCOUNT, makeLead, startTrackerStandIn, trackerAt } from '../support/trackerHarness';

/**
 * A Google Sheets cell holds at most 50,000 characters; a longer one fails the whole write it is
 * in (400 INVALID_ARGUMENT). The stand-in refuses as Google does; the pack never sends one: free
 * text is cut with a visible marker that keeps the original length.
 */
const NOW = '2026-03-09T15:00:00.000Z';

describe('the stand-in refuses a cell over 50,000 characters, as Google does', () => {
	let h: SheetsHarness;
	beforeEach(async () => {
		h = await startSheetsHarness({ quotas: false });
	});
	afterEach(() => h.close());

	it('values.update and values.append: 400, nothing written; 50,000 exactly is fine', async () => {
		const id = h.standIn.createSpreadsheet({ sheets: [{ title: 'Sheet1', rows: [['a']] }] });
		const long = 'x'.repeat(50_001);
		expect(await googleError(h.api.spreadsheets.values.update({ spreadsheetId: id, range: 'Sheet1!A2', valueInputOption: 'RAW', requestBody: { values: [['ok', long]] } }))).toEqual({
			code: 400,
			message: 'Your input contains more than the maximum of 50000 characters in a single cell.',
			status: 'INVALID_ARGUMENT',
		});
		expect((await googleError(h.api.spreadsheets.values.append({ spreadsheetId: id, range: 'Sheet1!A:A', valueInputOption: 'RAW', requestBody: { values: [[long]] } }))).code).toBe(400);
		expect(h.standIn.readTab(id, 'Sheet1')).toEqual([['a']]);
		await h.api.spreadsheets.values.update({ spreadsheetId: id, range: 'Sheet1!A2', valueInputOption: 'RAW', requestBody: { values: [['y'.repeat(50_000)]] } });
		expect(h.standIn.readTab(id, 'Sheet1')[1][0]).toHaveLength(50_000);
	});

	it('values.batchUpdate names the data entry and writes none of them', async () => {
		const id = h.standIn.createSpreadsheet({ sheets: [{ title: 'Sheet1' }] });
		const error = await googleError(
			h.api.spreadsheets.values.batchUpdate({
				spreadsheetId: id,
				requestBody: { valueInputOption: 'RAW', data: [{ range: 'Sheet1!A1', values: [['fine']] }, { range: 'Sheet1!B1', values: [['🙂'.repeat(50_001)]] }] },
			}),
		);
		expect(error.message).toBe('Invalid data[1]: Your input contains more than the maximum of 50000 characters in a single cell.');
		expect(h.standIn.readTab(id, 'Sheet1')).toEqual([]);
	});

	it('spreadsheets.batchUpdate appendCells / updateCells: 400, the whole batch applies nothing', async () => {
		const id = h.standIn.createSpreadsheet({ sheets: [{ title: 'Sheet1', rows: [['a']] }] });
		const cells = (text: string) => [{ values: [{ userEnteredValue: { stringValue: text } }] }];
		const error = await googleError(
			h.api.spreadsheets.batchUpdate({
				spreadsheetId: id,
				requestBody: {
					requests: [
						{ appendCells: { sheetId: 0, rows: cells('fine'), fields: 'userEnteredValue' } },
						{ updateCells: { start: { sheetId: 0, rowIndex: 0, columnIndex: 1 }, rows: cells('z'.repeat(50_001)), fields: 'userEnteredValue' } },
					],
				},
			}),
		);
		expect(error.code).toBe(400);
		expect(error.message).toMatch(/Your input contains more than the maximum of 50000 characters in a single cell\.$/);
		expect(h.standIn.readTab(id, 'Sheet1')).toEqual([['a']]);
	});
});

describe('the pack never sends a cell over the limit', () => {
	it('fitCell: at most 50,000 characters, the start kept, the original length in a visible marker; short text untouched', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.integer({ min: 0, max: 80_000 }), (piece, repeat) => {
				const text = piece.repeat(Math.ceil(repeat / Math.max(1, piece.length)));
				const cell = fitCell(text);
				expect(cell.length).toBeLessThanOrEqual(MAX_CELL_CHARACTERS);
				if (text.length <= MAX_CELL_CHARACTERS) expect(cell).toBe(text);
				else {
					expect(cell.endsWith(` … [cut: ${text.length} characters in all]`)).toBe(true);
					const kept = cell.slice(0, cell.lastIndexOf(' … [cut: '));
					expect(text.startsWith(kept)).toBe(true);
					expect(kept.length).toBeGreaterThan(MAX_CELL_CHARACTERS - 60);
					// No half of a two-unit character at the cut.
					expect(/[\ud800-\udbff]$/.test(kept)).toBe(false);
				}
			}),
			{ numRuns: 200 },
		);
		expect(toCell('=' + 'a'.repeat(60_000)).toString().startsWith("'=aaa")).toBe(true);
	});

	let standIn: SheetsStandIn;
	let url: string;
	let close: () => Promise<void>;
	let trackerId: string;
	beforeEach(async () => {
			({ standIn, url, close } = await startTrackerStandIn());
		trackerId = standIn.createSpreadsheet({ title: 'Tracker', sharedWith: [SERVICE_ACCOUNT] });
	});
	afterEach(() => close());
	const tracker = () => trackerAt(url, trackerId, NOW);
	const column = (title: string, name: string) => {
		const [header = [], ...rows] = standIn.readTab(trackerId, title);
		return rows.map((row) => row[header.indexOf(name)] ?? '');
	};

	it('one oversized reply body or lead note does not fail the write: every row lands, the long cell cut with its length', async () => {
		await tracker().create();
		await tracker().upsertLeads([makeLead(1, { sourceDetail: 'n'.repeat(60_000) }), makeLead(2)]);
		expect(column('Leads', 'leadId')).toEqual(['ld_0000001', 'ld_0000002']);
		expect(column('Leads', 'sourceDetail')[0]).toMatch(/^n+ … \[cut: 60000 characters in all\]$/);

		const body = 'Long email reply. '.repeat(7_000);
		await tracker().logTouches([
			{ touchId: 't-1', leadId: 'ld_0000001', channel: 'email', direction: 'inbound', verdict: 'sent', body, at: NOW },
			{ touchId: 't-2', leadId: 'ld_0000002', channel: 'sms', verdict: 'sent', body: 'Hi', at: NOW },
		]);
		const bodies = column('Touches', 'body');
		expect(bodies).toHaveLength(2);
		expect(bodies[0].length).toBeLessThanOrEqual(50_000);
		expect(bodies[0].startsWith('Long email reply. Long email reply.')).toBe(true);
		expect(bodies[0].endsWith(`[cut: ${body.length} characters in all]`)).toBe(true);
		expect(bodies[1]).toBe('Hi');
	});
});
