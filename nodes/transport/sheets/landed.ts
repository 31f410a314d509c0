import { cellRange, columnLetter, quoteTab } from './a1';
import type { Row, SheetsSession } from './session';
import type { AppendValuesResponse } from './types';

/**
 * After an append whose answer was lost (session.append's `landed`): are the rows there? The tab's
 * key column is read again and searched, from the row where the rows could first have landed, for
 * the appended rows' keys in order (an append lands whole, in one place). The answer is the
 * append's as Google would have given it (the first row), or null when they are not there.
 */
export async function appendedRows(
	session: SheetsSession,
	spreadsheetId: string,
	tab: string,
	keyColumn: number,
	keys: readonly unknown[],
	/** 0-based index in the column (row 1 = 0) of the first row that could be new. */
	from: number,
): Promise<AppendValuesResponse | null> {
	if (!keys.length) return null;
	const letter = columnLetter(keyColumn);
	const [column] = await session.batchGet(spreadsheetId, [`${quoteTab(tab)}!${letter}:${letter}`], `checking whether rows reached the ${tab} tab`);
	const at = findRun(column, keys, from);
	return at < 0 ? null : { updates: { updatedRange: cellRange(tab, 0, at + 1) } };
}

/** Where `keys` sit one after another in the column, at or after `from`; -1 if nowhere. */
function findRun(column: Row[], keys: readonly unknown[], from: number): number {
	const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));
	const first = text(keys[0]);
	for (let i = Math.max(0, from); i + keys.length <= column.length; i++) {
		if (text(column[i]?.[0]) !== first) continue;
		let k = 1;
		while (k < keys.length && text(column[i + k]?.[0]) === text(keys[k])) k++;
		if (k === keys.length) return i;
	}
	return -1;
}
