/**
 * `npm run bench`: runs every test/bench/*.bench.ts in its own process (so memory figures are
 * not polluted by the one before) and passes through their JSON lines:
 *   {"bench": name, "value": n, "unit": u, ...}
 * `npm run bench -- normalize` runs only the files whose name contains "normalize".
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const filter = process.argv[2] ?? '';
const dir = __dirname;
const files = readdirSync(dir)
	.filter((file) => file.endsWith('.bench.ts') && file.includes(filter))
	.sort();

let failed = 0;
for (const file of files) {
	const result = spawnSync(
		process.execPath,
		['--expose-gc', '--import', 'tsx', path.join(dir, file)],
		// tsconfig.test.json maps n8n-core and n8n-workflow to the dev n8n (dev/.n8n), as the tests do.
		{ stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, TSX_TSCONFIG_PATH: path.join(dir, '../../tsconfig.test.json') } },
	);
	if (result.status !== 0) {
		failed++;
		process.stderr.write(`bench ${file} exited with ${result.status}\n`);
	}
}
process.exit(failed ? 1 : 0);
