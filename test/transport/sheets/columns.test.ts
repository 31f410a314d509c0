import fc from 'fast-check';
import { Readable } from 'node:stream';
import { collectValueRanges, fromCell, type ColumnRead } from '../../../nodes/transport/sheets';

/** What readColumns must give: the same as parsing the whole answer at once and picking columns. */
function expected(body: { valueRanges?: Array<{ values?: unknown[][] }> }, reads: ColumnRead[]) {
	return reads.map((read, i) => {
		const rows = body.valueRanges?.[i]?.values ?? [];
		const header = (rows[0] ?? []).map((cell) => String(fromCell(cell)).trim());
		const columns: Record<string, unknown[]> = Object.create(null);
		header.forEach((name, index) => {
			if (read.rows || name === '' || name in columns || (read.columns && !read.columns.includes(name))) return;
			columns[name] = rows.slice(1).map((row) => (index < row.length ? fromCell(row[index]) : ''));
		});
		return { header, rowCount: Math.max(0, rows.length - 1), columns, ...(read.rows ? { rows } : {}) };
	});
}

function plainOf(tables: Awaited<ReturnType<typeof collectValueRanges>>) {
	return tables.map((t) => ({
		header: t.header,
		rowCount: t.rowCount,
		columns: Object.fromEntries([...t.columns].map(([name, column]) => [name, column.toArray()])),
		...(t.rows ? { rows: t.rows } : {}),
	}));
}

/** The answer as a byte stream cut at the given places (multi-byte characters may be split). */
function streamOf(text: string, cuts: number[]): Readable {
	const bytes = Buffer.from(text);
	const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
	const chunks: Buffer[] = [];
	let from = 0;
	for (const point of [...points, bytes.length]) {
		if (point > from) chunks.push(bytes.subarray(from, point));
		from = Math.max(from, point);
	}
	return Readable.from(chunks);
}

const cell = fc.oneof(
	fc.string(),
	fc.constantFrom('', "'=SUM(A1)", '+13055551234', 'say "hi" \\ ]', 'Zoë ✓ 🏠', '[1,2]'),
	fc.integer(),
	fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0)),
	fc.boolean(),
);
const tab = fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 8 });

describe('reading a batchGet answer by columns, as it streams in', () => {
	it('gives what parsing the whole answer gives, however the bytes are cut', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(tab, { minLength: 1, maxLength: 3 }),
				fc.array(fc.nat(), { maxLength: 12 }),
				fc.boolean(),
				async (tabs, cuts, masked) => {
					const body = {
						valueRanges: tabs.map((values, i) =>
							masked ? (values.length ? { values } : {}) : { range: `'Tab ${i}'!A1:Z9`, majorDimension: 'ROWS', ...(values.length ? { values } : {}) },
						),
					};
					const reads: ColumnRead[] = tabs.map((values, i) =>
						i === 0 ? { range: 'x', rows: true } : { range: 'x', columns: i === 1 ? [String(fromCell(values[0]?.[1] ?? ''))] : undefined },
					);
					const text = JSON.stringify(body, null, cuts.length % 2 ? 1 : undefined);
					const got = plainOf(await collectValueRanges(streamOf(text, cuts), reads));
					expect(got).toEqual(expected(body, reads));
				},
			),
			{ numRuns: 300 },
		);
	});

	it('takes an already-parsed answer too (a client that is not streaming)', async () => {
		const body = { valueRanges: [{ values: [['leadId', 'stage', 'leadId'], ['ld_1', 'new'], ['ld_2']] }] };
		const got = plainOf(await collectValueRanges(body, [{ range: 'Leads' }]));
		expect(got).toEqual([{ header: ['leadId', 'stage', 'leadId'], rowCount: 2, columns: { leadId: ['ld_1', 'ld_2'], stage: ['new', ''] } }]);
	});

	it('refuses an answer that ends early', async () => {
		await expect(collectValueRanges(Readable.from([Buffer.from('{"valueRanges":[{"values":[["a"],["b"')]), [{ range: 'x' }])).rejects.toThrow('ended early');
	});
});
