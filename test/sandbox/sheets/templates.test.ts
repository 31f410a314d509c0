import { readFileSync } from 'node:fs';
import path from 'node:path';
import { trackerTemplateFiles } from '../../../sheets-templates/files';

describe('sheets-templates', () => {
	it('tracker.json and the CSVs match the template the node builds (run sheets-templates/generate.ts)', () => {
		for (const [name, text] of Object.entries(trackerTemplateFiles())) {
			expect(readFileSync(path.join(__dirname, '../../../sheets-templates', name), 'utf8')).toBe(text);
		}
	});

	it('every example row carries only the tab\'s own columns', () => {
		const definition = JSON.parse(trackerTemplateFiles()['tracker.json']) as { tabs: Array<{ csv: string; columns: Array<{ header: string }> }> };
		for (const tab of definition.tabs) {
			const [header] = readFileSync(path.join(__dirname, '../../../sheets-templates', tab.csv), 'utf8').split('\r\n');
			expect(header.split(',')).toEqual(tab.columns.map((c) => c.header));
		}
	});
});
