#!/usr/bin/env node
/**
 * Second step of `npm run build`, after `n8n-node build` compiled the sources to dist/: makes the
 * pack free of runtime dependencies without touching the sources. Every bare `require("x")` that
 * tsc left in dist/**\/*.js is either
 *   - provided by n8n itself to every community node: n8n-workflow, luxon, zod (n8n puts its own
 *     node_modules on NODE_PATH when it loads community packages; checked on n8n 1.123 and 2.x),
 *     or a Node.js built-in: left as it is;
 *   - anything else (libphonenumber-js, ZIP/zone data...): bundled once by esbuild into
 *     dist/vendor/<name>.js (minified, console calls dropped, licence comments kept at the end), and the require is
 *     rewritten to that file's relative path.
 * It prints what it bundled and the size; it fails if a vendor bundle itself needs a package that
 * is not there at runtime.
 */
import { build } from 'esbuild';
import { builtinModules } from 'node:module';
import { readFileSync, readdirSync, statSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const vendorDir = path.join(dist, 'vendor');

/** What n8n provides to community nodes (the scanner's allowed modules that n8n really ships). */
export const PROVIDED_BY_N8N = ['n8n-workflow', 'luxon', 'zod'];

const packageOf = (spec) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
const isBuiltin = (spec) => spec.startsWith('node:') || builtinModules.includes(packageOf(spec));
const isProvided = (spec) => PROVIDED_BY_N8N.includes(packageOf(spec));

function jsFiles(dir) {
	const out = [];
	for (const entry of readdirSync(dir)) {
		const full = path.join(dir, entry);
		if (full === vendorDir) continue;
		if (statSync(full).isDirectory()) out.push(...jsFiles(full));
		else if (entry.endsWith('.js')) out.push(full);
	}
	return out;
}

// tsc writes requires with double quotes; a require() written in the source keeps its quotes.
const REQUIRE = /\brequire\((["'])([^"'\n]+)\1\)/g;

rmSync(vendorDir, { recursive: true, force: true });
const files = jsFiles(dist);
const vendored = new Map(); // spec -> vendor file name
for (const file of files) {
	for (const [, , spec] of readFileSync(file, 'utf8').matchAll(REQUIRE)) {
		if (spec.startsWith('.') || isBuiltin(spec) || isProvided(spec)) continue;
		vendored.set(spec, `${spec.replace(/^@/, '').replace(/[/]/g, '__')}.js`);
	}
}

mkdirSync(vendorDir, { recursive: true });
for (const [spec, name] of vendored) {
	await build({
		stdin: { contents: `module.exports = require(${JSON.stringify(spec)});`, resolveDir: root, loader: 'js' },
		outfile: path.join(vendorDir, name),
		bundle: true,
		platform: 'node',
		target: 'node20',
		format: 'cjs',
		minify: true,
		legalComments: 'eof',
		// A library's own console output has no place in n8n's log (and n8n's scanner refuses it).
		drop: ['console'],
		external: PROVIDED_BY_N8N,
		logLevel: 'warning',
	});
	const bundled = readFileSync(path.join(vendorDir, name), 'utf8');
	const needs = [...bundled.matchAll(REQUIRE)]
		.map((match) => match[2])
		.filter((dep) => !dep.startsWith('.') && !isBuiltin(dep) && !isProvided(dep));
	if (needs.length) throw new Error(`dist/vendor/${name} still requires ${[...new Set(needs)].join(', ')}`);
}

let rewritten = 0;
for (const file of files) {
	const text = readFileSync(file, 'utf8');
	const next = text.replace(REQUIRE, (whole, _quote, spec) => {
		const name = vendored.get(spec);
		if (!name) return whole;
		rewritten++;
		let relative = path.relative(path.dirname(file), path.join(vendorDir, name)).split(path.sep).join('/');
		if (!relative.startsWith('.')) relative = `./${relative}`;
		return `require(${JSON.stringify(relative)})`;
	});
	if (next !== text) writeFileSync(file, next);
}

const sizes = [...vendored.values()].map((name) => `${name} ${(statSync(path.join(vendorDir, name)).size / 1024).toFixed(0)} kB`);
if (!vendored.size) rmSync(vendorDir, { recursive: true, force: true });
process.stdout.write(
	`bundle-vendor: ${vendored.size} librar${vendored.size === 1 ? 'y' : 'ies'} bundled into dist/vendor` +
		`${sizes.length ? ` (${sizes.join(', ')})` : ''}, ${rewritten} requires rewritten; left to n8n: ${PROVIDED_BY_N8N.join(', ')}\n`,
);
