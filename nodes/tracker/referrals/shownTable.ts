/**
 * The tracker's hand-kept tabs as Referral Status reads them (Referrals, Partners, and Leads and
 * Touches for the scoreboard): what differs from the Lead Tracker's table (table.ts) is that
 * cells are text as the sheet shows them (a date an LO typed reads as they typed it) and header
 * names match loosely ("Referral ID" = referralId), because these tabs are edited by hand more
 * than written by the pack.
 */
/** A tab read by header name, so a loan officer may reorder or add columns. */
export class ShownTable {
	readonly headers: string[];
	readonly rows: string[][];
	private readonly index: Map<string, number>;

	constructor(
		readonly tab: string,
		values: string[][],
	) {
		this.headers = (values[0] ?? []).map((header) => String(header).trim());
		this.rows = values.slice(1);
		this.index = new Map();
		this.headers.forEach((header, column) => {
			const key = headerKey(header);
			if (key && !this.index.has(key)) this.index.set(key, column);
		});
	}

	column(...names: string[]): number | undefined {
		for (const name of names) {
			const column = this.index.get(headerKey(name));
			if (column !== undefined) return column;
		}
		return undefined;
	}

	/** Row `index` (0-based, below the header) as header -> text, canonical names for known columns. */
	record(index: number, canonical: readonly string[]): Record<string, string> {
		const row = this.rows[index] ?? [];
		const record: Record<string, string> = {};
		for (const name of canonical) {
			const column = this.column(name);
			if (column !== undefined) record[name] = String(row[column] ?? '');
		}
		return record;
	}

	/** The sheet row number (1-based) of data row `index`. */
	sheetRow(index: number): number {
		return index + 2;
	}
}

function headerKey(header: string): string {
	return header.toLowerCase().replace(/[^a-z0-9]/g, '');
}
