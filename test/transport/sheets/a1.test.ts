import fc from 'fast-check';
import { boxRange, cellRange, columnLetter, quoteTab } from '../../../nodes/transport/sheets/a1';
import { columnIndex, columnLetters, parseA1 } from '../../../sandbox/sheets/a1';

/**
 * The one A1 helper. Before it there were four column-letter helpers: three 0-based (the Lead
 * Tracker's table, the lock, the template's highlight formulas, which only knew two letters) and
 * Referral Status's 1-based one. Every caller now passes a 0-based column index.
 */
describe('A1 notation', () => {
	it('letters 0-based columns the way Sheets does (checked against the stand-in\'s own reading of A1)', () => {
		expect([0, 1, 25, 26, 27, 51, 52, 701, 702, 18_277].map(columnLetter)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA', 'ZZZ']);
		fc.assert(fc.property(fc.integer({ min: 0, max: 18_277 }), (index) => columnLetter(index) === columnLetters(index) && columnIndex(columnLetter(index)) === index));
	});

	it('refuses what is not a column index instead of writing to a wrong column', () => {
		for (const bad of [-1, 1.5, Number.NaN]) expect(() => columnLetter(bad)).toThrow(RangeError);
	});

	it('gives what Referral Status\'s 1-based helper gave, for a width counted from 1', () => {
		const oneBased = (column: number) => {
			let letters = '';
			for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
			return letters;
		};
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 5000 }), (width, height) => {
				expect(boxRange('Scoreboard', width, height)).toBe(`'Scoreboard'!A1:${oneBased(width)}${height}`);
				expect(boxRange('Referrals', width, 1, height + 1)).toBe(`'Referrals'!A${height + 1}:${oneBased(width)}${height + 1}`);
			}),
		);
	});

	it('gives what the template highlights wrote for the columns they could reach (A to ZZ)', () => {
		for (let index = 0; index < 26 * 27; index++) {
			const old = (index >= 26 ? String.fromCharCode(64 + Math.floor(index / 26)) : '') + String.fromCharCode(65 + (index % 26));
			expect(columnLetter(index)).toBe(old);
		}
	});

	it('quotes every tab name so Sheets reads it as a title', () => {
		expect(quoteTab('Leads')).toBe("'Leads'");
		expect(quoteTab("Sam's leads")).toBe("'Sam''s leads'");
		expect(cellRange('My referrals', 27, 3)).toBe("'My referrals'!AB3");
		fc.assert(
			fc.property(fc.string({ minLength: 1, maxLength: 30 }), fc.integer({ min: 0, max: 700 }), fc.integer({ min: 1, max: 10_000 }), (title, column, row) => {
				const parsed = parseA1(cellRange(title, column, row));
				expect(parsed).toMatchObject({ sheet: title, startCol: column, startRow: row - 1 });
			}),
		);
	});

	it('a box is at least one cell', () => {
		expect(boxRange('Scoreboard', 0, 0)).toBe("'Scoreboard'!A1:A1");
	});
});
