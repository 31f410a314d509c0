/**
 * The README's table of default cadences, generated from DEFAULT_CADENCES so the docs cannot drift
 * from the data. `npx tsx test/docs/cadenceTable.ts --write` rewrites the table in README.md; the
 * test in readme.test.ts fails when they differ.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_CADENCES } from '../../nodes/core';

export const README_PATH = path.join(__dirname, '..', '..', 'README.md');
export const START = '<!-- default-cadences:start (generated from DEFAULT_CADENCES: npx tsx test/docs/cadenceTable.ts --write) -->';
export const END = '<!-- default-cadences:end -->';

export function defaultCadenceTable(): string {
	const rows = DEFAULT_CADENCES.map((s) =>
		[
			`\`${s.cadenceId}\``,
			String(s.step),
			`\`${s.offset}\`` + (s.repeatEvery ? `, then every \`${s.repeatEvery}\`` : ''),
			s.anchor && s.anchor !== 'enrolment' ? s.anchor : '',
			s.channel + (s.audience === 'partner' ? ' (to partner)' : ''),
			s.purpose,
			(s.label ?? '').replace(/\|/g, '\\|'),
		].join(' | '),
	);
	return [
		'| cadenceId | step | offset | anchor | channel | purpose | label |',
		'|---|---|---|---|---|---|---|',
		...rows.map((r) => `| ${r} |`),
	].join('\n');
}

export function readmeCadenceTable(readme: string): string | null {
	const start = readme.indexOf(START);
	const end = readme.indexOf(END);
	if (start < 0 || end < start) return null;
	return readme.slice(start + START.length, end).trim();
}

if (require.main === module && process.argv.includes('--write')) {
	const readme = readFileSync(README_PATH, 'utf8');
	const start = readme.indexOf(START);
	const end = readme.indexOf(END);
	if (start < 0 || end < start) throw new Error(`README.md has no ${START} ... ${END} block`);
	writeFileSync(README_PATH, readme.slice(0, start + START.length) + '\n' + defaultCadenceTable() + '\n' + readme.slice(end));
	console.log('README.md default cadence table rewritten');
}
