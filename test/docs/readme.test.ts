import { readFileSync } from 'node:fs';
import { README_PATH, defaultCadenceTable, readmeCadenceTable } from './cadenceTable';

describe('README', () => {
	it('shows the default cadences exactly as the pack ships them', () => {
		const table = readmeCadenceTable(readFileSync(README_PATH, 'utf8'));
		expect(table).not.toBeNull();
		// On failure: npx tsx test/docs/cadenceTable.ts --write
		expect(table).toBe(defaultCadenceTable());
	});
});
