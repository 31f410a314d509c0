/**
 * Runs n8n's own community-package scanner (@n8n/scan-community-package, the check n8n runs before
 * it verifies a package for n8n Cloud and the nodes panel) on this pack: its ESLint rules on the
 * source tree (package.json, nodes/ and credentials/, as the scanner lints the attested source) and
 * on the tarball `npm pack` makes (the compiled .js and the published package.json). The scanner's
 * own entry point only takes a published package name; this uses the same configuration
 * (buildScanConfig) and file patterns on the local tree. The scanner is installed, pinned, into a
 * temporary folder each run, like check:area-codes: it is not a dependency of the project.
 *
 *   npm run check:n8n-scan              (builds first; --no-build to pack dist/ as it is)
 *
 * Prints each problem by file and a total per leg; exits 1 if there is any error.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { packTarball, projectDir } from './packTarball';

const SCANNER = '@n8n/scan-community-package@0.32.0';
const SHOWN_PER_FILE = 12;

interface LintMessage {
	ruleId: string | null;
	severity: number;
	message: string;
	line: number;
	column: number;
}
interface LintResult {
	filePath: string;
	messages: LintMessage[];
	errorCount: number;
	warningCount: number;
}
interface Scanner {
	buildScanConfig(): Promise<unknown>;
	SOURCE_FILE_PATTERNS: string[];
}

async function lint(requireThere: NodeJS.Require, scanner: Scanner, dir: string, patterns: string[]): Promise<LintResult[]> {
	const { ESLint } = requireThere('eslint') as { ESLint: new (options: object) => { lintFiles(files: string[]): Promise<LintResult[]> } };
	const glob = requireThere('fast-glob') as { sync(patterns: string[], options: object): string[] };
	const eslint = new ESLint({ cwd: dir, allowInlineConfig: false, overrideConfigFile: true, overrideConfig: await scanner.buildScanConfig() });
	const files = glob.sync(patterns, { cwd: dir, absolute: true, ignore: ['node_modules/**', '**/package-lock.json'] });
	return eslint.lintFiles(files);
}

function report(label: string, root: string, results: LintResult[]): number {
	const errors = results.reduce((sum, result) => sum + result.errorCount, 0);
	const warnings = results.reduce((sum, result) => sum + result.warningCount, 0);
	process.stdout.write(`\n== ${label}: ${errors} errors, ${warnings} warnings\n`);
	for (const result of results.filter((r) => r.messages.length)) {
		process.stdout.write(`${path.relative(root, result.filePath)}: ${result.errorCount} errors, ${result.warningCount} warnings\n`);
		// A bundled library can have hundreds: the first few say what they are.
		for (const message of result.messages.slice(0, SHOWN_PER_FILE)) {
			const level = message.severity === 2 ? 'error' : 'warning';
			process.stdout.write(`  ${message.line}:${message.column} ${level} ${message.message.split('\n')[0]} (${message.ruleId})\n`);
		}
		if (result.messages.length > SHOWN_PER_FILE) process.stdout.write(`  ... and ${result.messages.length - SHOWN_PER_FILE} more\n`);
	}
	return errors;
}

async function main(): Promise<void> {
	const work = mkdtempSync(path.join(os.tmpdir(), 'n8n-scan-'));
	try {
		const tools = path.join(work, 'scanner');
		mkdirSync(tools);
		writeFileSync(path.join(tools, 'package.json'), '{"private":true}');
		process.stderr.write(`installing ${SCANNER} into ${tools}...\n`);
		execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', SCANNER], { cwd: tools, stdio: 'inherit' });
		const requireThere = createRequire(path.join(tools, 'package.json'));
		const scannerFile = path.join(tools, 'node_modules', '@n8n', 'scan-community-package', 'scanner', 'scanner.mjs');
		const scanner = (await import(pathToFileURL(scannerFile).href)) as Scanner;

		const sourceErrors = report('source tree', projectDir, await lint(requireThere, scanner, projectDir, scanner.SOURCE_FILE_PATTERNS));

		const tarball = packTarball(work);
		const unpacked = path.join(work, 'package');
		mkdirSync(unpacked);
		execFileSync('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);
		const tarballErrors = report('npm pack tarball', unpacked, await lint(requireThere, scanner, unpacked, ['**/*.js', 'package.json']));

		process.stdout.write(`\n${JSON.stringify({ check: 'n8n-scan', scanner: SCANNER, sourceErrors, tarballErrors })}\n`);
		if (sourceErrors + tarballErrors > 0) process.exitCode = 1;
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
}

main().catch((error) => {
	process.stderr.write(`${(error as Error).stack ?? error}\n`);
	process.exitCode = 1;
});
