#!/usr/bin/env node
/**
 * Installs the development n8n (dev/.n8n: n8n 1.123 and the overrides its install needs) from its
 * own lockfile, unless it is already installed from that same lockfile. `npm start`, `npm test`
 * and `npm run bench` run this first, so the README's commands stay `npm install` then
 * `npm start` / `npm test`. It lives in its own folder so the published package.json has no n8n,
 * no `overrides` and no install scripts (n8n's community-package scanner refuses all three).
 *
 *   node dev/ensure-n8n.mjs          (first time about 5 minutes and ~1.5 GB; then instant)
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// A hidden folder: n8n-node build copies every .png/.svg it finds outside dist/ and the top
// node_modules, and would otherwise copy n8n's own icons into dist/.
const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '.n8n');
const lockfile = path.join(dir, 'package-lock.json');
const stamp = path.join(dir, 'node_modules', '.installed-from-lock.sha256');
const wanted = createHash('sha256').update(readFileSync(lockfile)).digest('hex');
const installed = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : '';

if (installed === wanted && existsSync(path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'))) process.exit(0);

const version = JSON.parse(readFileSync(lockfile, 'utf8')).packages['node_modules/n8n'].version;
process.stderr.write(`dev/.n8n: installing n8n ${version} for the sandbox and the tests (first time: about 5 minutes)...\n`);
const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
	cwd: dir,
	stdio: 'inherit',
	// The npm that runs this script passes its own settings down as npm_config_*: not for this install.
	env: Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_config_'))),
});
if (result.status !== 0) {
	process.stderr.write('dev/.n8n: npm ci failed (see above); the sandbox and the n8n-backed tests need it\n');
	process.exit(result.status ?? 1);
}
writeFileSync(stamp, `${wanted}\n`);
