/**
 * Installs the packed pack the way n8n installs a community package on a self-hosted instance
 * (n8n's CommunityPackagesService.downloadPackage): unpack the tarball into
 * <user folder>/.n8n/nodes/node_modules/<name>, drop devDependencies, peerDependencies and
 * optionalDependencies from its package.json, then `npm install --bin-links=false
 * --install-strategy=shallow --ignore-scripts=true --package-lock=false` in that folder. Then it
 * loads every node and credential file n8n would load, resolving bare requires the way n8n does
 * (n8n puts its own node_modules on NODE_PATH), against the dev n8n 1.123 and, if
 * MORTGAGE_N8N_BIN names another n8n (e.g. 2.x), against that one too.
 *
 *   npm run check:install                (builds first; --no-build to pack dist/ as it is)
 *
 * Prints "N packages added, unpacked size X MB" and exits 1 unless 0 packages were added, the
 * installed pack is under 5 MB and every file loads.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { packTarball, projectDir } from './packTarball';

const MAX_MB = 5;
const N8N_INSTALL_ARGS = ['--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'];

function sizeOf(target: string): number {
	const stat = statSync(target);
	if (!stat.isDirectory()) return stat.size;
	return readdirSync(target).reduce((sum, entry) => sum + sizeOf(path.join(target, entry)), 0);
}

/** Packages under a node_modules folder (scoped ones counted one by one). */
function packagesIn(nodeModules: string): string[] {
	if (!existsSync(nodeModules)) return [];
	const found: string[] = [];
	for (const entry of readdirSync(nodeModules)) {
		if (entry.startsWith('.')) continue;
		if (entry.startsWith('@')) found.push(...readdirSync(path.join(nodeModules, entry)).map((name) => `${entry}/${name}`));
		else found.push(entry);
	}
	return found;
}

/** The n8n installs to load the pack against: the dev one, and MORTGAGE_N8N_BIN's if set. */
function n8nInstalls(): Array<{ label: string; node: string; packageDir: string }> {
	const installs = [{ label: 'dev n8n', node: process.execPath, packageDir: path.join(projectDir, 'dev', '.n8n', 'node_modules', 'n8n') }];
	if (process.env.MORTGAGE_N8N_BIN) {
		installs.push({ label: 'MORTGAGE_N8N_BIN n8n', node: process.env.MORTGAGE_N8N_NODE || process.execPath, packageDir: path.dirname(path.dirname(process.env.MORTGAGE_N8N_BIN)) });
	}
	return installs.filter((install) => existsSync(path.join(install.packageDir, 'package.json')));
}

/** Requires each file n8n would load, with NODE_PATH as n8n sets it, and checks the class is there. */
function loadsInside(install: { label: string; node: string; packageDir: string }, packageDir: string, files: string[]): string[] {
	const script = `
		const Module = require('module');
		const path = require('path');
		// n8n's own module paths, as n8n sets NODE_PATH, but only those inside the n8n install: the dev
		// n8n sits inside this project, whose node_modules must not stand in for what n8n lacks.
		const installRoot = ${JSON.stringify(install.packageDir)}.split(path.sep + 'node_modules' + path.sep)[0];
		process.env.NODE_PATH = Module._nodeModulePaths(path.join(${JSON.stringify(install.packageDir)}, 'dist'))
			.filter((dir) => dir.startsWith(installRoot + path.sep))
			.join(path.delimiter);
		Module._initPaths();
		const problems = [];
		for (const file of ${JSON.stringify(files)}) {
			try {
				const exported = require(path.join(${JSON.stringify(packageDir)}, file));
				const name = path.basename(file).split('.')[0];
				const Class = exported[name];
				if (typeof Class !== 'function') throw new Error('exports no class ' + name);
				const instance = new Class();
				if (!instance.description && !instance.name) throw new Error(name + ' has no description');
			} catch (error) { problems.push(file + ': ' + String(error && error.message).split('\\n')[0]); }
		}
		const version = require(path.join(${JSON.stringify(install.packageDir)}, 'package.json')).version;
		process.stdout.write(JSON.stringify({ version, problems }));
	`;
	const result = spawnSync(install.node, ['-e', script], { cwd: os.tmpdir(), encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir() } });
	if (result.status !== 0) return [`${install.label}: node failed: ${result.stderr.slice(-2000)}`];
	const { version, problems } = JSON.parse(result.stdout) as { version: string; problems: string[] };
	process.stdout.write(`loaded ${files.length} node and credential files inside n8n ${version}: ${problems.length ? `${problems.length} failed` : 'all load'}\n`);
	return problems.map((problem) => `n8n ${version}: ${problem}`);
}

function main(): void {
	const work = mkdtempSync(path.join(os.tmpdir(), 'install-like-n8n-'));
	try {
		const tarball = packTarball(work);
		const manifest = JSON.parse(execFileSync('tar', ['-xOzf', tarball, 'package/package.json'], { encoding: 'utf8' })) as {
			name: string;
			version: string;
			n8n?: { nodes?: string[]; credentials?: string[] };
		};
		const nodesFolder = path.join(work, 'user', '.n8n', 'nodes');
		const packageDir = path.join(nodesFolder, 'node_modules', manifest.name);
		mkdirSync(packageDir, { recursive: true });
		writeFileSync(path.join(nodesFolder, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }));
		execFileSync('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);
		const packageJsonPath = path.join(packageDir, 'package.json');
		const { devDependencies, peerDependencies, optionalDependencies, ...stripped } = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as Record<string, unknown>;
		void devDependencies, void peerDependencies, void optionalDependencies;
		writeFileSync(packageJsonPath, JSON.stringify(stripped, null, 2));
		const before = sizeOf(packageDir);
		execFileSync('npm', ['install', ...N8N_INSTALL_ARGS], { cwd: packageDir, stdio: ['ignore', 'ignore', 'inherit'] });

		const added = [...packagesIn(path.join(packageDir, 'node_modules')), ...packagesIn(path.join(nodesFolder, 'node_modules')).filter((name) => name !== manifest.name)];
		const megabytes = sizeOf(packageDir) / 1e6;
		process.stdout.write(`${added.length} packages added, unpacked size ${megabytes.toFixed(2)} MB (the tarball's files: ${(before / 1e6).toFixed(2)} MB)\n`);
		if (added.length) process.stdout.write(`added: ${added.join(', ')}\n`);

		const files = [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])];
		const installs = n8nInstalls();
		if (!installs.length) process.stdout.write('no n8n installed to load the pack against (run npm run dev:n8n)\n');
		const problems = installs.flatMap((install) => loadsInside(install, packageDir, files));
		for (const problem of problems) process.stdout.write(`  ${problem}\n`);

		if (added.length > 0 || megabytes >= MAX_MB || problems.length > 0 || !installs.length) process.exitCode = 1;
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
}

main();
