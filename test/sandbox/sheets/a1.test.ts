import fc from 'fast-check';
import { columnIndex, columnLetters, formatBox, parseA1, quoteSheetName } from '../../../sandbox/sheets/a1';

describe('A1 notation (stand-in)', () => {
	it.each([
		['Sheet1!A1:B2', { sheet: 'Sheet1', startRow: 0, startCol: 0, endRow: 1, endCol: 1 }],
		['Sheet1!A:A', { sheet: 'Sheet1', startRow: undefined, startCol: 0, endRow: undefined, endCol: 0 }],
		['Sheet1!1:2', { sheet: 'Sheet1', startRow: 0, startCol: undefined, endRow: 1, endCol: undefined }],
		['Sheet1!A5:A', { sheet: 'Sheet1', startRow: 4, startCol: 0, endRow: undefined, endCol: 0 }],
		['A1:B2', { sheet: null, startRow: 0, startCol: 0, endRow: 1, endCol: 1 }],
		['Sheet1', { sheet: 'Sheet1' }],
		["'My Sheet'!A:A", { sheet: 'My Sheet', startRow: undefined, startCol: 0, endRow: undefined, endCol: 0 }],
		["'A1'!B2", { sheet: 'A1', startRow: 1, startCol: 1, endRow: 1, endCol: 1 }],
		["'Bob''s leads'", { sheet: "Bob's leads" }],
		['Leads!AA10:AL', { sheet: 'Leads', startRow: 9, startCol: 26, endRow: undefined, endCol: 37 }],
	])('parses %s', (text, expected) => {
		expect(parseA1(text)).toEqual(expected);
	});

	it.each(['', "'unterminated!A1", 'Sheet1!A0', 'Sheet1!1:B', 'Sheet1!A1:B2:C3', "'x'y"])('refuses %j', (text) => {
		expect(() => parseA1(text)).toThrow();
	});

	it('numbers columns the way Sheets letters them', () => {
		expect([0, 25, 26, 51, 52, 701, 702].map(columnLetters)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
		fc.assert(fc.property(fc.integer({ min: 0, max: 18_277 }), (n) => columnIndex(columnLetters(n)) === n));
	});

	it('quotes sheet names only when Sheets would', () => {
		expect(quoteSheetName('Leads')).toBe('Leads');
		expect(quoteSheetName('Consent log')).toBe("'Consent log'");
		expect(quoteSheetName('A1')).toBe("'A1'");
		expect(quoteSheetName("Bob's")).toBe("'Bob''s'");
	});

	it('reads back every range it writes, whatever the sheet is called', () => {
		fc.assert(
			fc.property(
				fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() === s && s.trim() !== ''),
				fc.nat(5000),
				fc.nat(200),
				fc.nat(50),
				fc.nat(30),
				(title, row, col, height, width) => {
					const box = { startRow: row, startCol: col, endRow: row + height, endCol: col + width };
					const parsed = parseA1(formatBox(title, box));
					expect(parsed).toEqual({ sheet: title, ...box });
				},
			),
		);
	});
});
