/**
 * The Sheets stand-in, driven by the real @googleapis/sheets client over loopback. Expected bodies
 * follow Google's Sheets API v4 reference and guides ("Basic reading", "Basic writing", the
 * values.append table rules, the error model) as summarized in ../shared/research/external-apis.md.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSheetsStandIn } from '../../../sandbox/sheets';
import { googleError, startSheetsHarness, type SheetsHarness } from '../../support/sheetsHarness';

// The table from Google's "Basic reading" guide.
const INVENTORY = [
	['Item', 'Cost', 'Stocked', 'Ship Date'],
	['Wheel', '$20.50', '4', '3/1/2016'],
	['Door', '$15', '2', '3/15/2016'],
	['Engine', '$100', '1', '3/20/2016'],
	['Totals', '$135.5', '7', '3/20/2016'],
];

let h: SheetsHarness;
let clock = Date.parse('2026-03-09T15:00:00Z');
beforeEach(async () => {
	clock = Date.parse('2026-03-09T15:00:00Z');
	h = await startSheetsHarness({ now: () => clock });
});
afterEach(() => h.close());

async function seeded(rows: unknown[][] = INVENTORY, title = 'Sheet1'): Promise<string> {
	return h.standIn.createSpreadsheet({ title: 'Inventory', sheets: [{ title, rows }] });
}

describe('values.get and values.batchGet', () => {
	it('answers the "Basic reading" example exactly', async () => {
		const id = await seeded(INVENTORY.map((row, r) => (r === 0 ? row : [row[0], row[1], Number(row[2]), row[3]])));
		const { data } = await h.api.spreadsheets.values.get({ spreadsheetId: id, range: 'Sheet1!A1:D5' });
		expect(data).toEqual({ range: 'Sheet1!A1:D5', majorDimension: 'ROWS', values: INVENTORY });
	});

	it('clips open ranges to the grid, omits trailing empty rows and columns, keeps inner blanks', async () => {
		const id = await seeded([['a', '', 'c'], [], ['', 'b']]);
		const { data } = await h.api.spreadsheets.values.get({ spreadsheetId: id, range: 'Sheet1!A:Z' });
		expect(data).toEqual({ range: 'Sheet1!A1:Z1000', majorDimension: 'ROWS', values: [['a', '', 'c'], [], ['', 'b']] });
		const whole = await h.api.spreadsheets.values.get({ spreadsheetId: id, range: 'Sheet1' });
		expect(whole.data.range).toBe('Sheet1!A1:Z1000');
		const empty = await h.api.spreadsheets.values.get({ spreadsheetId: id, range: 'Sheet1!E5:F6' });
		expect(empty.data).toEqual({ range: 'Sheet1!E5:F6', majorDimension: 'ROWS' });
	});

	it('reads the first sheet when the range names none, and quoted names with spaces', async () => {
		const id = h.standIn.createSpreadsheet({ sheets: [{ title: 'My Leads', rows: [['x', 'y']] }, { title: 'Other', rows: [['z']] }] });
		const first = await h.api.spreadsheets.values.get({ spreadsheetId: id, range: 'A1:B1' });
		expect(first.data.range).toBe("'My Leads'!A1:B1");
		const batch = await h.api.spreadsheets.values.batchGet({ spreadsheetId: id, ranges: ["'My Leads'!A:B", 'Other!A1'] });
		expect(batch.data.valueRanges).toEqual([
			{ range: "'My Leads'!A1:B1000", majorDimension: 'ROWS', values: [['x', 'y']] },
			{ range: 'Other!A1', majorDimension: 'ROWS', values: [['z']] },
		]);
	});

	it('gives columns with majorDimension=COLUMNS and typed values with UNFORMATTED_VALUE', async () => {
		const id = await seeded([['Item', 'Stocked'], ['Wheel', 4], ['Door', true]]);
		const { data } = await h.api.spreadsheets.values.get({ spreadsheetId: id, range: 'Sheet1!A1:B3', majorDimension: 'COLUMNS', valueRenderOption: 'UNFORMATTED_VALUE' });
		expect(data.values).toEqual([['Item', 'Wheel', 'Door'], ['Stocked', 4, true]]);
		const formatted = await h.api.spreadsheets.values.get({ spreadsheetId: id, range: 'Sheet1!B2:B3' });
		expect(formatted.data.values).toEqual([['4'], ['TRUE']]);
	});
});

describe('RAW versus USER_ENTERED', () => {
	const typed = [['+13055551234', '=HYPERLINK("https://evil.example","Click me")', '02134', "'007", '-5', '@handle', 'TRUE', '+1 305-555-1234']];

	it('USER_ENTERED parses as if typed: phones lose the "+", formulas go live, zeros drop', async () => {
		const id = await seeded([]);
		await h.api.spreadsheets.values.update({ spreadsheetId: id, range: 'Sheet1!A1', valueInputOption: 'USER_ENTERED', requestBody: { values: typed } });
		const shown = h.standIn.readTab(id, 'Sheet1')[0];
		expect(shown).toEqual(['13055551234', 'Click me', '2134', '007', '-5', '@handle', 'TRUE', '#ERROR!']);
		const cells = h.standIn.readCells(id, 'Sheet1')[0];
		expect(cells[1]).toEqual({ formula: '=HYPERLINK("https://evil.example","Click me")', value: 'Click me' });
		const formulas = await h.api.spreadsheets.values.get({ spreadsheetId: id, range: 'Sheet1!A1:H1', valueRenderOption: 'FORMULA' });
		expect(formulas.data.values![0][1]).toBe('=HYPERLINK("https://evil.example","Click me")');
	});

	it('RAW stores every string exactly as sent: no formulas, "+1..." stays text', async () => {
		const id = await seeded([]);
		await h.api.spreadsheets.values.update({ spreadsheetId: id, range: 'Sheet1!A1', valueInputOption: 'RAW', requestBody: { values: typed } });
		expect(h.standIn.readTab(id, 'Sheet1')[0]).toEqual(typed[0]);
		expect(h.standIn.readCells(id, 'Sheet1')[0].every((cell) => typeof cell === 'string')).toBe(true);
	});
});

describe('values.update and values.batchUpdate', () => {
	it('answers the "Basic writing" example: updatedRange, rows, columns, cells', async () => {
		const id = await seeded([]);
		const { data } = await h.api.spreadsheets.values.update({
			spreadsheetId: id,
			range: 'Sheet1!A1:D5',
			valueInputOption: 'USER_ENTERED',
			requestBody: { majorDimension: 'ROWS', values: INVENTORY },
		});
		expect(data).toEqual({ spreadsheetId: id, updatedRange: 'Sheet1!A1:D5', updatedRows: 5, updatedColumns: 4, updatedCells: 20 });
	});

	it('skips null cells and clears cells written as ""', async () => {
		const id = await seeded([['a', 'b', 'c']]);
		await h.api.spreadsheets.values.update({ spreadsheetId: id, range: 'Sheet1!A1:C1', valueInputOption: 'RAW', requestBody: { values: [[null, '', 'C']] } });
		expect(h.standIn.readTab(id, 'Sheet1')).toEqual([['a', '', 'C']]);
	});

	it('refuses values that overflow the range, and ranges past the grid, with Google\'s messages', async () => {
		const id = await seeded([]);
		const overflow = await googleError(
			h.api.spreadsheets.values.update({ spreadsheetId: id, range: 'Sheet1!A1:B2', valueInputOption: 'RAW', requestBody: { values: [['1'], ['2'], ['3']] } }),
		);
		expect(overflow).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT', message: "Requested writing within range ['Sheet1'!A1:B2], but tried writing to row [3]" });
		const grid = await googleError(
			h.api.spreadsheets.values.update({ spreadsheetId: id, range: 'Sheet1!A1001', valueInputOption: 'RAW', requestBody: { values: [['x']] } }),
		);
		expect(grid.message).toBe("Range ('Sheet1'!A1001) exceeds grid limits. Max rows: 1000, max columns: 26");
		const noOption = await googleError(h.api.spreadsheets.values.update({ spreadsheetId: id, range: 'Sheet1!A1', requestBody: { values: [['x']] } }));
		expect(noOption.message).toBe("'valueInputOption' is required but not specified");
	});

	it('batchUpdate writes every range or, when one is bad, none', async () => {
		const id = await seeded([]);
		const ok = await h.api.spreadsheets.values.batchUpdate({
			spreadsheetId: id,
			requestBody: { valueInputOption: 'RAW', data: [{ range: 'Sheet1!A1', values: [['a', 'b']] }, { range: 'Sheet1!A3:B3', values: [['c', 'd']] }] },
		});
		expect(ok.data).toMatchObject({ totalUpdatedRows: 2, totalUpdatedColumns: 4, totalUpdatedCells: 4, totalUpdatedSheets: 1 });
		expect(ok.data.responses!.map((r) => r.updatedRange)).toEqual(['Sheet1!A1:B1', 'Sheet1!A3:B3']);
		const bad = await googleError(
			h.api.spreadsheets.values.batchUpdate({
				spreadsheetId: id,
				requestBody: { valueInputOption: 'RAW', data: [{ range: 'Sheet1!A1', values: [['changed']] }, { range: 'Missing!A1', values: [['x']] }] },
			}),
		);
		expect(bad.message).toBe('Unable to parse range: Missing!A1');
		expect(h.standIn.readTab(id, 'Sheet1')[0]).toEqual(['a', 'b']);
	});
});

describe('values.append', () => {
	it('finds the table in the range and writes after its last row', async () => {
		const id = await seeded(INVENTORY);
		const { data } = await h.api.spreadsheets.values.append({
			spreadsheetId: id,
			range: 'Sheet1!A1:E1',
			valueInputOption: 'RAW',
			requestBody: { values: [['Seat', '$5', '9', '4/1/2016']] },
		});
		expect(data).toEqual({
			spreadsheetId: id,
			tableRange: 'Sheet1!A1:D5',
			updates: { spreadsheetId: id, updatedRange: 'Sheet1!A6:D6', updatedRows: 1, updatedColumns: 4, updatedCells: 4 },
		});
	});

	it('a blank row ends a table, and the append goes after the LAST table in the range, at its first column', async () => {
		const id = await seeded([['h'], ['row 2'], [], ['row 4'], ['row 5']]);
		const { data } = await h.api.spreadsheets.values.append({ spreadsheetId: id, range: 'Sheet1!A:A', valueInputOption: 'RAW', insertDataOption: 'OVERWRITE', requestBody: { values: [['new 1'], ['new 2']] } });
		expect(data.tableRange).toBe('Sheet1!A4:A5');
		expect(h.standIn.readTab(id, 'Sheet1').map((row) => row[0] ?? '')).toEqual(['h', 'row 2', '', 'row 4', 'row 5', 'new 1', 'new 2']);
	});

	it('a note below a gap is the last table: rows appended to the whole tab land under it, from its column; a one-column range keeps them in place', async () => {
		const rows = [['leadId', 'name', 'phone'], ['ld_1', 'Ana', '+13055550101'], [], ['', '', 'Totals: 1 lead']];
		const whole = await seeded(rows);
		const shifted = await h.api.spreadsheets.values.append({ spreadsheetId: whole, range: 'Sheet1', valueInputOption: 'RAW', insertDataOption: 'INSERT_ROWS', requestBody: { values: [['ld_2', 'Ben', '+13055550102']] } });
		expect(shifted.data.tableRange).toBe('Sheet1!C4');
		expect(shifted.data.updates!.updatedRange).toBe('Sheet1!C5:E5');
		expect(h.standIn.readTab(whole, 'Sheet1')[4]).toEqual(['', '', 'ld_2', 'Ben', '+13055550102']);

		const column = await seeded(rows);
		const placed = await h.api.spreadsheets.values.append({ spreadsheetId: column, range: 'Sheet1!A:A', valueInputOption: 'RAW', insertDataOption: 'INSERT_ROWS', requestBody: { values: [['ld_2', 'Ben', '+13055550102']] } });
		expect(placed.data.tableRange).toBe('Sheet1!A1:A2');
		expect(placed.data.updates!.updatedRange).toBe('Sheet1!A3:C3');
		expect(h.standIn.readTab(column, 'Sheet1')).toEqual([...rows.slice(0, 2), ['ld_2', 'Ben', '+13055550102'], [], ['', '', 'Totals: 1 lead']]);
	});

	it('INSERT_ROWS inserts new rows instead, so nothing below is overwritten, and grows the grid', async () => {
		const id = await seeded([['h'], ['row 2'], [], ['row 4'], [], [], ['row 7']]);
		await h.api.spreadsheets.values.append({ spreadsheetId: id, range: 'Sheet1!A1:A4', valueInputOption: 'RAW', insertDataOption: 'INSERT_ROWS', requestBody: { values: [['new']] } });
		// The range's last table is row 4 (row 7 starts below the range).
		expect(h.standIn.readTab(id, 'Sheet1').map((row) => row[0] ?? '')).toEqual(['h', 'row 2', '', 'row 4', 'new', '', '', 'row 7']);
		expect(h.standIn.getSpreadsheet(id).sheets[0].properties.gridProperties.rowCount).toBe(1001);
	});

	it('appends at the top of an empty range without a tableRange, and past the 1000th row by growing the grid', async () => {
		const id = await seeded([]);
		const first = await h.api.spreadsheets.values.append({ spreadsheetId: id, range: 'Sheet1!A:C', valueInputOption: 'RAW', requestBody: { values: [['a']] } });
		expect(first.data.tableRange).toBeUndefined();
		expect(first.data.updates!.updatedRange).toBe('Sheet1!A1');
		const many = Array.from({ length: 1500 }, (_, i) => [`r${i}`]);
		const big = await h.api.spreadsheets.values.append({ spreadsheetId: id, range: 'Sheet1!A:C', valueInputOption: 'RAW', requestBody: { values: many } });
		expect(big.data.updates!.updatedRange).toBe('Sheet1!A2:A1501');
		expect(h.standIn.getSpreadsheet(id).sheets[0].properties.gridProperties.rowCount).toBe(1501);
	});
});

describe('values.clear and values.batchClear', () => {
	it('empties the cells and reports the cleared range', async () => {
		const id = await seeded(INVENTORY);
		const { data } = await h.api.spreadsheets.values.clear({ spreadsheetId: id, range: 'Sheet1!B2:C' });
		expect(data).toEqual({ spreadsheetId: id, clearedRange: 'Sheet1!B2:C1000' });
		expect(h.standIn.readTab(id, 'Sheet1')[1]).toEqual(['Wheel', '', '', '3/1/2016']);
		const batch = await h.api.spreadsheets.values.batchClear({ spreadsheetId: id, requestBody: { ranges: ['Sheet1!A1', 'Sheet1!D1'] } });
		expect(batch.data.clearedRanges).toEqual(['Sheet1!A1', 'Sheet1!D1']);
	});
});

describe('spreadsheets.create, get and batchUpdate', () => {
	it('creates a spreadsheet with a 1000 x 26 Sheet1 and returns the resource', async () => {
		const { data } = await h.api.spreadsheets.create({ requestBody: { properties: { title: 'Tracker' } } });
		expect(data).toMatchObject({
			properties: { title: 'Tracker', locale: 'en_US' },
			sheets: [{ properties: { sheetId: 0, title: 'Sheet1', index: 0, sheetType: 'GRID', gridProperties: { rowCount: 1000, columnCount: 26 } } }],
			spreadsheetUrl: `https://docs.google.com/spreadsheets/d/${data.spreadsheetId}/edit`,
		});
		const got = await h.api.spreadsheets.get({ spreadsheetId: data.spreadsheetId! });
		expect(got.data.sheets).toEqual(data.sheets);
	});

	it('addSheet replies with the new properties; a batch with one bad request applies nothing', async () => {
		const id = await seeded();
		const { data } = await h.api.spreadsheets.batchUpdate({
			spreadsheetId: id,
			requestBody: { requests: [{ addSheet: { properties: { title: 'Leads', gridProperties: { rowCount: 100, columnCount: 40, frozenRowCount: 1 } } } }] },
		});
		expect(data.replies).toEqual([
			{ addSheet: { properties: { sheetId: 1, title: 'Leads', index: 1, sheetType: 'GRID', gridProperties: { rowCount: 100, columnCount: 40, frozenRowCount: 1 } } } },
		]);
		const error = await googleError(
			h.api.spreadsheets.batchUpdate({
				spreadsheetId: id,
				requestBody: { requests: [{ addSheet: { properties: { title: 'Touches' } } }, { addSheet: { properties: { title: 'leads' } } }] },
			}),
		);
		expect(error).toMatchObject({ code: 400, message: 'Invalid requests[1].addSheet: A sheet with the name "leads" already exists. Please enter another name.' });
		expect(h.standIn.listSpreadsheets()[0].sheets).toEqual(['Sheet1', 'Leads']);
	});

	it('refuses to grow a spreadsheet past 10,000,000 cells', async () => {
		const id = await seeded();
		const error = await googleError(
			h.api.spreadsheets.batchUpdate({ spreadsheetId: id, requestBody: { requests: [{ addSheet: { properties: { title: 'Huge', gridProperties: { rowCount: 400_000, columnCount: 26 } } } }] } }),
		);
		expect(error.message).toBe('This action would increase the number of cells in the workbook above the limit of 10000000 cells.');
	});

	it('stores validation, conditional formats and frozen rows, and inserts or deletes rows', async () => {
		const id = await seeded([['h'], ['a'], ['b']]);
		await h.api.spreadsheets.batchUpdate({
			spreadsheetId: id,
			requestBody: {
				requests: [
					{ updateSheetProperties: { properties: { sheetId: 0, gridProperties: { frozenRowCount: 1 } }, fields: 'gridProperties.frozenRowCount' } },
					{ setDataValidation: { range: { sheetId: 0, startRowIndex: 1, startColumnIndex: 0, endColumnIndex: 1 }, rule: { condition: { type: 'ONE_OF_LIST', values: [{ userEnteredValue: 'new' }] }, strict: true } } },
					{ addConditionalFormatRule: { index: 0, rule: { ranges: [{ sheetId: 0 }], booleanRule: { condition: { type: 'TEXT_EQ', values: [{ userEnteredValue: 'x' }] }, format: {} } } } },
					{ deleteDimension: { range: { sheetId: 0, dimension: 'ROWS', startIndex: 1, endIndex: 2 } } },
				],
			},
		});
		const sheet = h.standIn.getSpreadsheet(id).sheets[0];
		expect(sheet.properties.gridProperties).toEqual({ rowCount: 999, columnCount: 26, frozenRowCount: 1 });
		expect(sheet.dataValidations).toHaveLength(1);
		expect(sheet.conditionalFormats).toHaveLength(1);
		expect(h.standIn.readTab(id, 'Sheet1')).toEqual([['h'], ['b']]);
	});
});

describe('errors', () => {
	it('404 for an unknown spreadsheet, 400 for a missing tab, 403 when not shared, 401 without a token', async () => {
		expect(await googleError(h.api.spreadsheets.values.get({ spreadsheetId: 'nope', range: 'A1' }))).toEqual({
			code: 404,
			message: 'Requested entity was not found.',
			status: 'NOT_FOUND',
		});
		const id = await seeded();
		expect((await googleError(h.api.spreadsheets.values.get({ spreadsheetId: id, range: "'No Tab'!A:A" }))).message).toBe(
			"Unable to parse range: 'No Tab'!A:A",
		);
		const privateId = h.standIn.createSpreadsheet({ sharedWith: ['owner@example.com'] });
		expect(await googleError(h.api.spreadsheets.values.get({ spreadsheetId: privateId, range: 'A1' }))).toMatchObject({
			code: 403,
			status: 'PERMISSION_DENIED',
			message: 'The caller does not have permission',
		});
		h.standIn.share(privateId, h.user);
		await expect(h.api.spreadsheets.values.get({ spreadsheetId: privateId, range: 'A1' })).resolves.toBeDefined();
		const response = await fetch(`${h.url}/v4/spreadsheets/${id}/values/A1`);
		expect(response.status).toBe(401);
		expect(((await response.json()) as { error: { status: string } }).error.status).toBe('UNAUTHENTICATED');
	});
});

describe('quotas on the injectable clock', () => {
	it('allows 60 reads per minute per user, answers the 61st with 429, refills after a minute', async () => {
		const id = await seeded();
		for (let i = 0; i < 60; i++) await h.api.spreadsheets.values.get({ spreadsheetId: id, range: 'A1' });
		const error = await googleError(h.api.spreadsheets.values.get({ spreadsheetId: id, range: 'A1' }));
		expect(error).toMatchObject({
			code: 429,
			status: 'RESOURCE_EXHAUSTED',
			message: "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' of service 'sheets.googleapis.com' for consumer 'project_number:000000000000'.",
		});
		expect(error.details![0]).toMatchObject({ reason: 'RATE_LIMIT_EXCEEDED' });
		// Writes have their own quota.
		await h.api.spreadsheets.values.update({ spreadsheetId: id, range: 'A1', valueInputOption: 'RAW', requestBody: { values: [['w']] } });
		clock += 60_000;
		await expect(h.api.spreadsheets.values.get({ spreadsheetId: id, range: 'A1' })).resolves.toBeDefined();
	});

	it('caps the project at 300 writes per minute across users', async () => {
		const id = await seeded();
		const users = Array.from({ length: 6 }, (_, i) => h.clientFor(`user${i}@example.com`));
		for (const api of users.slice(0, 5)) {
			for (let i = 0; i < 60; i++) await api.spreadsheets.values.update({ spreadsheetId: id, range: 'A1', valueInputOption: 'RAW', requestBody: { values: [[i]] } });
		}
		const error = await googleError(users[5].spreadsheets.values.update({ spreadsheetId: id, range: 'A1', valueInputOption: 'RAW', requestBody: { values: [['x']] } }));
		expect(error.message).toContain("limit 'Write requests per minute'");
	});
});

describe('fault injection and the request log', () => {
	it('fails the next requests with 429 then 503, applies nothing for them, and logs every request', async () => {
		const id = await seeded([]);
		h.standIn.clearRequestLog();
		h.standIn.injectFaults({ next: 2, statuses: [429, 503] });
		const write = () => h.api.spreadsheets.values.append({ spreadsheetId: id, range: 'Sheet1!A:A', valueInputOption: 'RAW', requestBody: { values: [['row']] } });
		expect((await googleError(write())).code).toBe(429);
		expect(await googleError(write())).toEqual({ code: 503, status: 'UNAVAILABLE', message: 'The service is currently unavailable.' });
		await write();
		expect(h.standIn.readTab(id, 'Sheet1')).toEqual([['row']]);
		expect(h.standIn.requestLog.map((e) => [e.operation, e.status, e.fault ?? false])).toEqual([
			['values.append', 429, true],
			['values.append', 503, true],
			['values.append', 200, false],
		]);
		expect(h.standIn.requestLog[2]).toMatchObject({ method: 'POST', user: h.user, spreadsheetId: id, path: `/v4/spreadsheets/${id}/values/Sheet1!A:A:append?valueInputOption=RAW` });
	});

	it('fails a given fraction of requests with rate', async () => {
		const id = await seeded();
		let n = 0;
		h.standIn.injectFaults({ rate: 0.5, random: () => (n++ % 2 === 0 ? 0.1 : 0.9), statuses: [503] });
		const results = await Promise.allSettled(Array.from({ length: 10 }, () => h.api.spreadsheets.values.get({ spreadsheetId: id, range: 'A1' })));
		expect(results.filter((r) => r.status === 'rejected')).toHaveLength(5);
	});

	it('takes faults over HTTP (POST /stand-in/sheets/faults; DELETE clears): applyFirst applies the write and loses the answer, only the listed operations, for forSeconds', async () => {
		const id = await seeded([]);
		const faults = `${h.url}/stand-in/sheets/faults`;
		const post = await fetch(faults, { method: 'POST', body: JSON.stringify({ rate: 1, statuses: [503], applyFirst: true, forSeconds: 60, operations: ['values.append'] }) });
		expect(await post.json()).toEqual({ faults: { rate: 1, statuses: [503], applyFirst: true, operations: ['values.append'], secondsLeft: 60 } });
		const append = () => h.api.spreadsheets.values.append({ spreadsheetId: id, range: 'Sheet1!A:A', valueInputOption: 'RAW', requestBody: { values: [['row']] } });
		expect((await googleError(append())).code).toBe(503);
		expect(h.standIn.readTab(id, 'Sheet1')).toEqual([['row']]); // applied, answer lost
		await h.api.spreadsheets.values.get({ spreadsheetId: id, range: 'A1' }); // not listed: answered
		clock += 60_000;
		await append(); // forSeconds over
		expect(h.standIn.readTab(id, 'Sheet1')).toEqual([['row'], ['row']]);
		await fetch(faults, { method: 'POST', body: JSON.stringify({ next: 1, statuses: [429] }) });
		expect((await (await fetch(faults, { method: 'DELETE' })).json())).toEqual({ faults: null });
		await append();
		expect((await fetch(faults, { method: 'POST', body: JSON.stringify({ rate: 2 }) })).status).toBe(400);
		expect((await fetch(faults, { method: 'POST', body: '{' })).status).toBe(400);
	});
});

describe('persistence', () => {
	it('keeps spreadsheets in the data file across restarts', async () => {
		const dataFile = path.join(mkdtempSync(path.join(tmpdir(), 'sheets-')), 'sheets.json');
		const first = await startSheetsStandIn({ dataFile });
		const id = first.standIn.createSpreadsheet({ title: 'Kept', sheets: [{ title: 'Leads', rows: [['leadId'], ['ld_1']] }] });
		await first.close();
		const second = await startSheetsStandIn({ dataFile });
		expect(second.standIn.readTab(id, 'Leads')).toEqual([['leadId'], ['ld_1']]);
		await second.close();
	});
});
