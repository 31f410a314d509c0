/**
 * A local n8n (dev/.n8n's 1.123.x) loaded with this pack the way a user's n8n loads it: as an
 * installed community package in `<user folder>/.n8n/nodes/node_modules/`, so node types carry
 * the package prefix the workflow templates use (`n8n-nodes-mortgage-followup.*`).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, cpSync, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { ownerOnlyDir } from './config';

export const PACKAGE_NAME = 'n8n-nodes-mortgage-followup';

export interface LocalN8nOptions {
	/** Project root: the package that gets linked (it must be built: dist/ exists). */
	packageDir: string;
	/** n8n's user folder (N8N_USER_FOLDER); n8n keeps its SQLite database in <folder>/.n8n. */
	userFolder: string;
	port: number;
	/** Extra environment for n8n (sandbox secrets, time zone...). */
	env?: Record<string, string>;
	/** Where n8n's own output goes (a log file path), so the launcher's console stays readable. */
	logFile?: string;
}

/**
 * The n8n to run: the development n8n in dev/.n8n (1.123.x, on this Node; installed from its own
 * lockfile by `node dev/ensure-n8n.mjs`, which npm start / test / bench run first, so it never
 * ships with the pack), or another install named by MORTGAGE_N8N_BIN (its bin/n8n) with
 * MORTGAGE_N8N_NODE (the Node it needs: n8n 2.x wants Node 24), to run the same stack and
 * end-to-end tests against n8n 2.x (docs/sandbox.md).
 */
export const DEV_N8N_DIR = path.join(__dirname, '..', 'dev', '.n8n', 'node_modules', 'n8n');
const N8N_BIN = process.env.MORTGAGE_N8N_BIN || path.join(DEV_N8N_DIR, 'bin', 'n8n');
const N8N_NODE = process.env.MORTGAGE_N8N_NODE || process.execPath;

/** Stops early, saying what to run, when the n8n to run is not installed. */
function requireN8n(): void {
	if (existsSync(N8N_BIN)) return;
	throw new Error(
		process.env.MORTGAGE_N8N_BIN
			? `MORTGAGE_N8N_BIN=${N8N_BIN} does not exist`
			: `the development n8n is not installed in dev/.n8n: run "npm run dev:n8n" (npm start and npm test do it themselves)`,
	);
}

/** How to run the n8n CLI: `node bin [args]` (for scripts that start it their own way). */
export const n8nCli = { node: N8N_NODE, bin: N8N_BIN } as const;

/** The version of the n8n that runs, e.g. "1.123.81". */
export function n8nVersion(): string {
	const manifest = path.join(path.dirname(path.dirname(N8N_BIN)), 'package.json');
	return String((JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version ?? 'unknown');
}

/** Its major version (the CLI differs: 2.x publishes workflows instead of activating them). */
export function n8nMajorVersion(): number {
	return Number(n8nVersion().split('.')[0]) || 1;
}

/** The environment every n8n command of the local stack runs with. */
export function n8nEnv(options: LocalN8nOptions): NodeJS.ProcessEnv {
	return {
		...process.env,
		// As in n8n's own image. Also: under jest NODE_ENV is "test", and n8n refuses to load nodes then.
		NODE_ENV: 'production',
		N8N_USER_FOLDER: options.userFolder,
		N8N_PORT: String(options.port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		WEBHOOK_URL: `http://127.0.0.1:${options.port}/`,
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${options.port}/`,
		N8N_SECURE_COOKIE: 'false',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		// n8n's own check stays on: its settings file holds the key every credential is encrypted with.
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		// The workflows use no Code node, so no task runner process is needed.
		N8N_RUNNERS_ENABLED: 'false',
		N8N_GIT_NODE_DISABLE_BARE_REPOS: 'true',
		N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
		DB_SQLITE_POOL_SIZE: '2',
		// Speed-to-lead is measured with execution saving off for successes, as a busy LO would run it.
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'none',
		EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'false',
		N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL ?? 'warn',
		// n8n 1.123 evaluates expressions in a fresh isolated-vm isolate per execution ("vm"): about
		// 60 ms of CPU per execution on a small machine, four times the cost of the whole
		// speed-to-lead run. The in-process "legacy" engine (n8n's default until 1.12x) is right for
		// a single team's instance; set N8N_EXPRESSION_ENGINE=vm to compare (docs/self-hosting.md).
		N8N_EXPRESSION_ENGINE: process.env.N8N_EXPRESSION_ENGINE ?? 'legacy',
		...options.env,
	};
}

/**
 * Puts the built pack into n8n's community-package folder as n8n's own install leaves it: a copy
 * of package.json (without dev, peer and optional dependencies) and dist/, nothing else. No link
 * to the project, so the pack's bare requires (n8n-workflow, luxon, zod) resolve from n8n itself,
 * as on a user's instance, and never from the project's node_modules. Each start copies afresh.
 */
/**
 * n8n's user folder readable by its owner only: the folder and its .n8n 0700, the files n8n keeps
 * there (the settings file with the encryption key, the SQLite database and its journals, logs)
 * 0600. Run before and after each n8n command: n8n makes its files with the process umask, and
 * refuses to start on a settings file others can read.
 */
export function secureUserFolder(userFolder: string): void {
	const n8nDir = path.join(userFolder, '.n8n');
	ownerOnlyDir(userFolder);
	ownerOnlyDir(n8nDir);
	for (const name of readdirSync(n8nDir)) {
		const file = path.join(n8nDir, name);
		if (statSync(file).isFile()) chmodSync(file, 0o600);
	}
}

export function installPackage(options: LocalN8nOptions): string {
	secureUserFolder(options.userFolder);
	if (!existsSync(path.join(options.packageDir, 'dist', 'nodes'))) {
		throw new Error(`${options.packageDir}/dist is missing: run "npm run build" first`);
	}
	const nodesDir = path.join(options.userFolder, '.n8n', 'nodes', 'node_modules');
	const target = path.join(nodesDir, PACKAGE_NAME);
	rmSync(target, { recursive: true, force: true });
	mkdirSync(target, { recursive: true });
	cpSync(path.join(options.packageDir, 'dist'), path.join(target, 'dist'), { recursive: true });
	const manifest = JSON.parse(readFileSync(path.join(options.packageDir, 'package.json'), 'utf8')) as Record<string, unknown>;
	for (const field of ['devDependencies', 'peerDependencies', 'optionalDependencies']) delete manifest[field];
	writeFileSync(path.join(target, 'package.json'), JSON.stringify(manifest, null, 2));
	// n8n lists installed packages from this package.json in 1.x; keep it consistent.
	const installed = path.join(options.userFolder, '.n8n', 'nodes', 'package.json');
	if (!existsSync(installed)) {
		writeFileSync(
			installed,
			JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2),
		);
	}
	return target;
}

/** Runs one n8n CLI command to completion (import, update...). Throws with n8n's output on failure. */
export function runN8nCommand(options: LocalN8nOptions, args: string[]): string {
	requireN8n();
	secureUserFolder(options.userFolder);
	const result = spawnSync(N8N_NODE, [N8N_BIN, ...args], {
		env: n8nEnv(options),
		encoding: 'utf8',
		timeout: 180_000,
	});
	secureUserFolder(options.userFolder);
	const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
	if (result.status !== 0) {
		throw new Error(`n8n ${args.join(' ')} failed (exit ${result.status}):\n${output.slice(-4000)}`);
	}
	return output;
}

/**
 * The CLI runs that switch imported workflows on, for the n8n that runs: 2.x runs the published
 * version of a workflow, so each one is published (the error workflow too); 1.x activates all in
 * one run (each run boots n8n: seconds), then switches off the few without a trigger.
 */
export function activationCommands(workflows: { ids: readonly string[]; inactive: readonly string[] }): string[][] {
	if (n8nMajorVersion() >= 2) {
		// 2.x runs an error workflow only when it is published too ("is not active and cannot be
		// executed" otherwise), and publishes one that starts on an Error Trigger: publish them all.
		return workflows.ids.map((id) => ['publish:workflow', `--id=${id}`]);
	}
	return [['update:workflow', '--all', '--active=true'], ...workflows.inactive.map((id) => ['update:workflow', `--id=${id}`, '--active=false'])];
}

/**
 * Imports credentials (plain data; n8n encrypts it) and workflows, then activates the workflows
 * that start on a trigger. Fixed ids in the files make this an update on the next start, never a
 * duplicate. Each step is an `n8n` CLI run against the same SQLite file, before `n8n start`.
 */
export function importIntoN8n(
	options: LocalN8nOptions,
	files: { credentials: string; workflowsDir: string; ids: readonly string[]; inactive: readonly string[] },
): void {
	runN8nCommand(options, ['import:credentials', `--input=${files.credentials}`]);
	runN8nCommand(options, ['import:workflow', '--separate', `--input=${files.workflowsDir}`]);
	for (const command of activationCommands(files)) runN8nCommand(options, command);
}

export interface RunningN8n {
	process: ChildProcess;
	baseUrl: string;
	stop(): Promise<void>;
}

/**
 * What `n8n start` prints once it has switched on every active workflow (its production webhooks
 * are registered from then on): after `activeWorkflowManager.init()` in 1.123 and 2.x alike, at
 * log level info. Read from this launcher's own child, so it also proves that the n8n answering on
 * the port is ours, not another stack's that took the port in the minute before ours bound it.
 */
export const N8N_READY_LINE = 'Editor is now accessible via';

/**
 * The log level `n8n start` runs with: info at least, since the line above is an info line (the
 * CLI commands keep n8nEnv's quieter level). n8n's own default is info too.
 */
function startLogLevel(requested: string | undefined): string {
	return requested === 'debug' || requested === 'verbose' ? requested : 'info';
}

/**
 * Starts `n8n start` and resolves once it says it has activated its workflows (N8N_READY_LINE)
 * and its REST API answers. Polling the REST API alone was not enough: it answers while n8n still
 * registers the workflows' webhooks one after another, so a loaded machine saw a 404 from a
 * webhook after "ready".
 */
export async function startN8n(
	options: LocalN8nOptions,
	{ timeoutMs = 240_000 }: { timeoutMs?: number } = {},
): Promise<RunningN8n> {
	requireN8n();
	const baseUrl = `http://127.0.0.1:${options.port}`;
	// A leftover n8n on the port would answer the health checks for us and hide the real problem.
	if (!(await isPortFree(options.port))) {
		throw new Error(`Port ${options.port} is already in use: stop what runs there or set N8N_PORT`);
	}
	secureUserFolder(options.userFolder);
	const env = n8nEnv(options);
	const child = spawn(N8N_NODE, [N8N_BIN, 'start'], {
		env: { ...env, N8N_LOG_LEVEL: startLogLevel(env.N8N_LOG_LEVEL) },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const tail: string[] = [];
	let ready = false;
	const keep = (chunk: Buffer) => {
		const text = chunk.toString();
		// The line may straddle two chunks: look at the end of the previous one too.
		if (!ready && `${(tail[tail.length - 1] ?? '').slice(-N8N_READY_LINE.length)}${text}`.includes(N8N_READY_LINE)) ready = true;
		tail.push(text);
		if (tail.length > 200) tail.shift();
	};
	child.stdout?.on('data', keep);
	child.stderr?.on('data', keep);
	if (options.logFile) {
		const log = createWriteStream(options.logFile, { flags: 'a' });
		child.stdout?.pipe(log);
		child.stderr?.pipe(log);
	}
	// If this process ends without stopping n8n (an uncaught error, process.exit), n8n goes too.
	const killOnExit = () => child.kill('SIGKILL');
	process.once('exit', killOnExit);
	child.once('exit', () => process.removeListener('exit', killOnExit));
	const deadline = Date.now() + timeoutMs;
	let exited: number | null = null;
	child.once('exit', (code) => (exited = code ?? -1));
	while (Date.now() < deadline) {
		if (exited !== null) {
			throw new Error(`n8n exited with ${exited} while starting:\n${tail.join('').slice(-4000)}`);
		}
		if (ready && (await answers(`${baseUrl}/rest/settings`))) {
			// The database's journal files appear once n8n runs.
			secureUserFolder(options.userFolder);
			return {
				process: child,
				baseUrl,
				stop: () => stopProcess(child),
			};
		}
		await new Promise((resolve) => setTimeout(resolve, 300));
	}
	await stopProcess(child);
	const waitingFor = ready ? 'its REST API to answer' : `"${N8N_READY_LINE}" (its workflows switched on)`;
	throw new Error(`n8n on ${baseUrl} was not ready within ${timeoutMs} ms: still waiting for ${waitingFor}:\n${tail.join('').slice(-4000)}`);
}

/** True when nothing listens on 127.0.0.1:port. */
export function isPortFree(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const probe = createServer();
		probe.once('error', () => resolve(false));
		probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
	});
}

/** A free loopback port (for tests and benchmarks that run beside a developer's `npm start`). */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const { port } = probe.address() as AddressInfo;
			probe.close(() => resolve(port));
		});
	});
}

async function answers(url: string): Promise<boolean> {
	try {
		const response = await fetch(url);
		await response.arrayBuffer();
		return response.ok;
	} catch {
		return false;
	}
}

/** SIGTERM, then SIGKILL if the process has not exited after `graceMs`. */
export function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
	return new Promise((resolve) => {
		if (child.exitCode !== null || child.signalCode !== null) return resolve();
		const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
		child.once('exit', () => {
			clearTimeout(force);
			resolve();
		});
		child.kill('SIGTERM');
	});
}

/**
 * Creates the local owner account on a fresh n8n (no-op when it already exists). n8n mounts its
 * REST controllers one after another, so on a loaded machine /rest/settings can answer while
 * /rest/owner/setup is still a 404 for a while: a 404 is waited out (up to `mountMs`), any other
 * refusal is an error at once.
 */
export async function ensureOwner(
	baseUrl: string,
	owner: { email: string; password: string; firstName: string; lastName: string },
	mountMs = 120_000,
): Promise<'created' | 'existing'> {
	const deadline = Date.now() + mountMs;
	for (;;) {
		const response = await fetch(`${baseUrl}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(owner),
		});
		const text = await response.text();
		const state = response.ok ? 'created' : response.status === 400 && /already setup/i.test(text) ? 'existing' : null;
		if (state) {
			await signIn(baseUrl, owner);
			return state;
		}
		if (response.status !== 404 || Date.now() > deadline) {
			const waited = response.status === 404 ? ` (still not mounted after ${Math.round(mountMs / 1000)} s)` : '';
			throw new Error(`n8n owner setup failed (${response.status})${waited}: ${text.slice(0, 500)}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

/**
 * Signs in once as the owner, so the login the launcher prints is one that works: an owner made
 * earlier with another password (a data folder reused by hand) fails here, by name, instead of at
 * the user's first sign-in.
 */
async function signIn(baseUrl: string, owner: { email: string; password: string }): Promise<void> {
	const response = await fetch(`${baseUrl}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		// 1.x reads `email`, 2.x `emailOrLdapLoginId`.
		body: JSON.stringify({ email: owner.email, emailOrLdapLoginId: owner.email, password: owner.password }),
	});
	const text = await response.text();
	if (!response.ok) {
		throw new Error(
			`n8n on ${baseUrl} refused the owner's sign-in (${owner.email}, ${response.status}: ${text.slice(0, 300)}). ` +
				'Its database holds an owner with another password: delete the data folder to start over.',
		);
	}
}
