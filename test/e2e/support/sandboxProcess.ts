/**
 * Starts the same stack `npm start` starts (sandbox/start.ts, as a child process) on free ports in
 * a temporary data folder, and gives tests HTTP helpers. Tests drive it over HTTP only: the lead
 * webhook, the sandbox API (outbox, tracker tabs, clock, borrower replies) and nothing else.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, isPortFree, stopProcess } from '../../../sandbox/n8n';

const PROJECT_DIR = path.resolve(__dirname, '../../..');

export interface SandboxProcess {
	n8nUrl: string;
	sandboxUrl: string;
	leadWebhook: string;
	leadSecret: string;
	/** The stack's temporary data folder (secrets, n8n's user folder). */
	dataRoot: string;
	/** The process id of `npm start`'s stack (n8n runs as its child). */
	pid: number;
	/** True once the stack process has exited (n8n killed, or stop()). */
	exited(): boolean;
	output(): string;
	stop(): Promise<void>;
}

type StartOptions = { timeoutMs?: number; build?: boolean; env?: Record<string, string>; dataRoot?: string; keepData?: boolean };

/**
 * The ports are picked free but bound only a minute later (after the build and the imports), so
 * another program may take one in between: then n8n or the stand-ins cannot listen and the stack
 * stops, saying so. That start is tried once more on new ports; any other failure is reported.
 */
export async function startSandboxProcess(options: StartOptions = {}): Promise<SandboxProcess> {
	try {
		return await startOnce(options);
	} catch (error) {
		if (!/EADDRINUSE|is already in use/.test((error as Error).message)) throw error;
		return await startOnce(options);
	}
}

async function startOnce(options: StartOptions): Promise<SandboxProcess> {
	// A given dataRoot is the stack of an earlier start (a restart after a crash): kept, not removed.
	const dataRoot = options.dataRoot ?? mkdtempSync(path.join(os.tmpdir(), 'mortgage-stack-'));
	const keepData = options.keepData ?? options.dataRoot !== undefined;
	const [n8nPort, sandboxPort, smtpPort] = await portsFor(dataRoot, options.dataRoot !== undefined);
	const child = spawn(
		process.execPath,
		['--import', 'tsx', path.join(PROJECT_DIR, 'sandbox', 'start.ts')],
		{
			cwd: PROJECT_DIR,
			env: {
				...process.env,
				N8N_PORT: String(n8nPort),
				SANDBOX_PORT: String(sandboxPort),
				SANDBOX_SMTP_PORT: String(smtpPort),
				MORTGAGE_SANDBOX_DATA_DIR: dataRoot,
				SANDBOX_SKIP_BUILD: options.build === false ? '1' : '0',
				...options.env,
			},
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
	let output = '';
	child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

	const stop = async () => {
		await stopProcess(child, 20_000);
		if (!keepData) rmSync(dataRoot, { recursive: true, force: true });
	};

	const deadline = Date.now() + (options.timeoutMs ?? 300_000);
	while (!output.includes('Press Ctrl-C to stop everything.')) {
		if (child.exitCode !== null || child.signalCode !== null) {
			const log = n8nLogTail(dataRoot);
			await stop();
			throw new Error(`npm start exited before the stack was up:\n${output.slice(-6000)}${log}`);
		}
		if (Date.now() > deadline) {
			const log = n8nLogTail(dataRoot);
			await stop();
			throw new Error(`npm start did not bring the stack up in time:\n${output.slice(-6000)}${log}`);
		}
		await sleep(250);
	}
	const secret = /header x-lead-secret: (\S+)/.exec(output)?.[1];
	if (!secret) {
		await stop();
		throw new Error(`npm start did not print the lead webhook secret:\n${output}`);
	}
	return {
		n8nUrl: `http://127.0.0.1:${n8nPort}`,
		sandboxUrl: `http://127.0.0.1:${sandboxPort}`,
		leadWebhook: `http://127.0.0.1:${n8nPort}/webhook/mortgage-leads`,
		leadSecret: secret,
		dataRoot,
		pid: child.pid ?? -1,
		exited: () => child.exitCode !== null || child.signalCode !== null,
		output: () => output,
		stop,
	};
}


/**
 * New free ports for a new stack; a restart (an earlier stack's data folder) gets that stack's
 * ports again when they are free, as `npm start` restarts on its fixed ports: the workflows then
 * need no re-import. (On n8n 2.41.1 a re-import before the restart left n8n running the versions
 * published before it, with the old stand-in addresses: the first lead after the restart failed.)
 */
async function portsFor(dataRoot: string, restart: boolean): Promise<[number, number, number]> {
	const file = path.join(dataRoot, 'ports.json');
	if (restart) {
		try {
			const earlier = JSON.parse(readFileSync(file, 'utf8')) as [number, number, number];
			if ((await Promise.all(earlier.map(isPortFree))).every(Boolean)) return earlier;
		} catch {
			// No earlier ports recorded: new ones.
		}
	}
	const ports: [number, number, number] = [await freePort(), await freePort(), await freePort()];
	writeFileSync(file, JSON.stringify(ports));
	return ports;
}

/** The end of n8n's own log, for a start that failed (the data folder is removed with the stack). */
function n8nLogTail(dataRoot: string, lines = 60): string {
	try {
		// A line repeated (a probe's "unknown webhook", say) is shown once: the lines before it matter.
		const kept = readFileSync(path.join(dataRoot, 'sandbox', 'n8n.log'), 'utf8').split('\n').filter((line, i, all) => line !== all[i - 1]);
		return `\n--- n8n log (last ${lines} lines, repeats dropped) ---\n${kept.slice(-lines).join('\n')}`;
	} catch {
		return '';
	}
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `read` until `done` holds for its value, or fails naming what was awaited and the last
 * value seen. Generous by default: a slow 2-core CI machine running other suites at the same time.
 */
export async function eventually<T>(
	what: string,
	read: () => Promise<T>,
	done: (value: T) => boolean,
	{ timeoutMs = 60_000, everyMs = 200 }: { timeoutMs?: number; everyMs?: number } = {},
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let last: T | undefined;
	let lastError: unknown;
	while (Date.now() < deadline) {
		try {
			last = await read();
			if (done(last)) return last;
		} catch (error) {
			lastError = error;
		}
		await sleep(everyMs);
	}
	throw new Error(
		`Timed out waiting for ${what}. Last value: ${JSON.stringify(last)?.slice(0, 2000)}${lastError ? `; last error: ${(lastError as Error).message}` : ''}`,
	);
}

export async function getJson<T = unknown>(url: string): Promise<T> {
	const response = await fetch(url);
	const text = await response.text();
	if (!response.ok) throw new Error(`GET ${url} -> ${response.status}: ${text.slice(0, 500)}`);
	return JSON.parse(text) as T;
}

export async function postJson(
	url: string,
	body: unknown,
	headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown; text: string }> {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: JSON.stringify(body),
	});
	const text = await response.text();
	let parsed: unknown = text;
	try {
		parsed = JSON.parse(text);
	} catch {
		// not JSON: keep the text
	}
	return { status: response.status, body: parsed, text };
}

/** SIGKILL the n8n process a stack started (its child running `n8n start`): a crash, no shutdown. */
export function killN8n(stackPid: number): void {
	const children = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).filter((pid) => {
		try {
			const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			return ppid === stackPid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('n8n');
		} catch {
			return false;
		}
	});
	if (children.length !== 1) throw new Error(`expected one n8n child of ${stackPid}, found ${children.join(', ') || 'none'}`);
	process.kill(Number(children[0]), 'SIGKILL');
}
