/**
 * Proves the queue-mode setup of docker/docker-compose.queue.yml without a Docker engine: the same
 * n8n commands, the same environment, the same pack install and link step, with Redis and Postgres
 * from Debian packages on this machine.
 *
 *   npx tsx docker/exercise-queue-mode.ts            (root; installs redis-server and postgresql if missing)
 *
 * What it does, in the order a team would:
 *  1. installs the pack the way docker/Dockerfile's first stage does (npm pack, then the tarball
 *     unpacked into a folder standing in for /opt/mortgage-pack: the pack has no dependencies);
 *  2. starts Redis and a fresh Postgres cluster (the compose file's `redis` and `postgres` services);
 *  3. runs every n8n command through docker/link-pack.sh, the image's entrypoint, against one shared
 *     user folder (the `n8n_data` volume) and one encryption key: import:credentials,
 *     import:workflow, update:workflow --active (2.x: publish:workflow), then `start` (n8n-main) and `worker` twice;
 *  4. posts leads to the production webhook and checks that every lead was texted exactly once,
 *     saved once in the Leads tab and its text logged once in Touches (both workers write the tracker)
 *     (Twilio stand-in) and that both workers ran executions (their logs).
 * It prints one JSON line with the figures and exits non-zero when anything does not hold.
 * n8n here is the 1.123 dev dependency (the image uses 2.x); the commands and variables are the same.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { N8N_READY_LINE, activationCommands, freePort, n8nCli, n8nVersion } from '../sandbox/n8n';
import { SANDBOX, loadSecrets, sandboxPaths } from '../sandbox/config';
import { startSandboxServer } from '../sandbox/server';
import { seedSandboxTracker } from '../sandbox/seed';
import { prepareWorkflows, sandboxCredentials } from '../sandbox/workflowsForSandbox';

const PROJECT = path.resolve(__dirname, '..');
const LEADS = Number(process.env.QUEUE_EXERCISE_LEADS ?? 40);
const children: ChildProcess[] = [];
const log = (line: string) => process.stderr.write(`queue-mode: ${line}\n`);

function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; as?: string } = {}): string {
	const [cmd, argv] = options.as ? ['runuser', ['-u', options.as, '--', command, ...args]] : [command, args];
	const result = spawnSync(cmd, argv, { encoding: 'utf8', env: options.env ?? process.env, cwd: options.cwd, timeout: 600_000 });
	if (result.status !== 0) {
		throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${`${result.stdout}${result.stderr}`.slice(-3000)}`);
	}
	return `${result.stdout}${result.stderr}`;
}

function have(binary: string): boolean {
	return spawnSync('sh', ['-c', `command -v ${binary}`]).status === 0;
}

function ensureDebianPackages(): void {
	const missing = [
		['redis-server', 'redis-server'],
		['pg_ctl', 'postgresql'],
	].filter(([binary]) => !have(binary) && !existsSync(`/usr/lib/postgresql/15/bin/${binary}`));
	if (!missing.length) return;
	log(`installing ${missing.map(([, pkg]) => pkg).join(', ')} from Debian packages...`);
	run('apt-get', ['install', '-y', '--no-install-recommends', ...missing.map(([, pkg]) => pkg)], {
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
	});
}

function pgBin(name: string): string {
	if (have(name)) return name;
	const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort() : [];
	for (const version of versions.reverse()) {
		const candidate = `/usr/lib/postgresql/${version}/bin/${name}`;
		if (existsSync(candidate)) return candidate;
	}
	throw new Error(`${name} not found: install postgresql`);
}

function background(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, logFile: string): ChildProcess {
	const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
	const out = createWriteStream(logFile, { flags: 'a' });
	child.stdout?.pipe(out);
	child.stderr?.pipe(out);
	child.once('exit', (code, signal) => log(`${name} exited (${code ?? signal})`));
	children.push(child);
	return child;
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 180_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (await check().catch(() => false)) return;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	throw new Error(`timed out waiting for ${what}`);
}

async function main(): Promise<void> {
	if (process.getuid?.() !== 0) throw new Error('run as root (it installs Debian packages and runs Postgres as the postgres user)');
	ensureDebianPackages();
	const work = mkdtempSync(path.join(os.tmpdir(), 'mortgage-queue-'));
	chmodSync(work, 0o755);
	log(`working in ${work}`);

	// 1. The pack, installed like the Dockerfile's first stage.
	if (!existsSync(path.join(PROJECT, 'dist', 'nodes'))) throw new Error('run "npm run build" first');
	const packOut = run('npm', ['pack', '--pack-destination', work, '--silent'], { cwd: PROJECT }).trim().split('\n').pop()!;
	const packDir = path.join(work, 'opt-mortgage-pack', 'node_modules', 'n8n-nodes-mortgage-followup');
	mkdirSync(packDir, { recursive: true });
	run('tar', ['-xzf', path.join(work, packOut), '-C', packDir, '--strip-components=1']);

	// The image's own entrypoint, standing in for /docker-entrypoint.sh: `exec n8n "$@"`.
	const entrypoint = path.join(work, 'docker-entrypoint.sh');
	writeFileSync(entrypoint, `#!/bin/sh\nexec "${n8nCli.node}" "${n8nCli.bin}" "$@"\n`);
	chmodSync(entrypoint, 0o755);
	const linkPack = path.join(PROJECT, 'docker', 'link-pack.sh');

	// 2. Redis and Postgres (the compose file's services).
	const redisPort = await freePort();
	background('redis', 'redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], process.env, path.join(work, 'redis.log'));
	const pgData = path.join(work, 'pgdata');
	const pgSocket = path.join(work, 'pgsocket');
	mkdirSync(pgData);
	mkdirSync(pgSocket);
	run('chown', ['postgres:postgres', pgData, pgSocket]);
	const pgPassword = randomBytes(12).toString('hex');
	const pwFile = path.join(work, 'pgpass');
	writeFileSync(pwFile, pgPassword);
	run('chown', ['postgres', pwFile]);
	run(pgBin('initdb'), ['-D', pgData, '-U', 'n8n', '--pwfile', pwFile, '-A', 'scram-sha-256'], { as: 'postgres' });
	const pgPort = await freePort();
	run(pgBin('pg_ctl'), ['-D', pgData, '-l', path.join(pgData, 'server.log'), '-o', `-p ${pgPort} -k ${pgSocket} -c listen_addresses=127.0.0.1`, '-w', 'start'], { as: 'postgres' });
	const stopPostgres = () => spawnSync('runuser', ['-u', 'postgres', '--', pgBin('pg_ctl'), '-D', pgData, '-m', 'fast', 'stop']);
	try {
		run(pgBin('createdb'), ['-h', '127.0.0.1', '-p', String(pgPort), '-U', 'n8n', 'n8n'], { env: { ...process.env, PGPASSWORD: pgPassword } });
		await exercise({ work, packDir, entrypoint, linkPack, redisPort, pgPort, pgPassword });
	} finally {
		for (const child of children.reverse()) {
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
		}
		await new Promise((resolve) => setTimeout(resolve, 3000));
		for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
		stopPostgres();
		if (process.env.QUEUE_EXERCISE_KEEP !== '1') rmSync(work, { recursive: true, force: true });
	}
}

async function exercise(setup: {
	work: string;
	packDir: string;
	entrypoint: string;
	linkPack: string;
	redisPort: number;
	pgPort: number;
	pgPassword: string;
}): Promise<void> {
	const { work } = setup;
	const mainPort = await freePort();
	const n8nBase = `http://127.0.0.1:${mainPort}`;

	// The stand-ins (in Docker these would be the real Google and Twilio).
	const paths = sandboxPaths(path.join(work, 'sandbox-data'));
	mkdirSync(paths.sandboxDir, { recursive: true });
	const secrets = loadSecrets(paths);
	const sandbox = await startSandboxServer({ port: await freePort(), paths, secrets, n8nBaseUrl: n8nBase, smtpPort: await freePort(), sheetsQuotas: false, log });
	try {
		await seedSandboxTracker(sandbox, log);
		const prepared = prepareWorkflows({
			templatesDir: path.join(PROJECT, 'workflows'),
			outDir: path.join(work, 'import', 'workflows'),
			sandboxUrl: sandbox.baseUrl,
			n8nBaseUrl: n8nBase,
			sheetsQuotas: false,
		});
		if (!prepared.names.includes('speed-to-lead.json')) throw new Error('workflows/speed-to-lead.json is missing');
		const credentialsFile = path.join(work, 'import', 'credentials.json');
		writeFileSync(credentialsFile, JSON.stringify(sandboxCredentials({ secrets, sandboxUrl: sandbox.baseUrl, smtpPort: sandbox.mail.port })));

		// The environment of docker-compose.queue.yml's x-n8n block, pointed at this machine.
		const userFolder = path.join(work, 'n8n-data'); // the n8n_data volume, shared by all three
		const env = (extra: Record<string, string>): NodeJS.ProcessEnv => ({
			...process.env,
			HOME: userFolder,
			N8N_USER_FOLDER: userFolder,
			N8N_ENCRYPTION_KEY: 'queue-exercise-shared-key-0123456789',
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(setup.pgPort),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: 'n8n',
			DB_POSTGRESDB_PASSWORD: setup.pgPassword,
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(setup.redisPort),
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			N8N_HOST: '127.0.0.1',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_PORT: String(mainPort),
			WEBHOOK_URL: `${n8nBase}/`,
			GENERIC_TIMEZONE: 'America/New_York',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_RUNNERS_ENABLED: 'false',
			N8N_SECURE_COOKIE: 'false',
			// As in docker/docker-compose*.yml: n8n keeps its settings file (the encryption key) owner-only.
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
			MORTGAGE_PACK_DIR: setup.packDir,
			N8N_IMAGE_ENTRYPOINT: setup.entrypoint,
			...extra,
		});
		const viaImage = (args: string[], extra: Record<string, string> = {}) => run(setup.linkPack, args, { env: env(extra) });

		// 3. The commands a team runs once (docs/self-hosting.md), through the image's entrypoint.
		log('importing credentials and workflows into Postgres...');
		viaImage(['import:credentials', `--input=${credentialsFile}`]);
		viaImage(['import:workflow', '--separate', `--input=${path.join(work, 'import', 'workflows')}`]);
		// Published on 2.x (the image), activated on 1.x: the same runs as the sandbox launcher's.
		for (const command of activationCommands(prepared)) viaImage(command);
		if (!existsSync(path.join(userFolder, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-mortgage-followup', 'package.json'))) {
			throw new Error('link-pack.sh did not link the pack into the user folder');
		}

		log('starting n8n-main and two workers...');
		const workerPorts = [await freePort(), await freePort()];
		const workerLogs = workerPorts.map((_, i) => path.join(work, `worker-${i + 1}.log`));
		// Each n8n process runs its own task broker (always on in 2.x); in Docker each container has its
		// own port 5679, on one machine each process needs its own.
		const brokerPorts = [await freePort(), await freePort(), await freePort()];
		background('n8n-main', setup.linkPack, ['start'], env({ N8N_LOG_LEVEL: 'info', N8N_RUNNERS_BROKER_PORT: String(brokerPorts[0]) }), path.join(work, 'main.log'));
		workerPorts.forEach((port, i) =>
			background(
				`n8n-worker-${i + 1}`,
				setup.linkPack,
				['worker', '--concurrency=10'],
				env({ QUEUE_HEALTH_CHECK_PORT: String(port), N8N_LOG_LEVEL: 'info', N8N_RUNNERS_BROKER_PORT: String(brokerPorts[i + 1]) }),
				workerLogs[i],
			),
		);
		// Ready once it says every workflow is on (sandbox/n8n.ts: the REST API answers earlier).
		await waitFor('n8n-main', async () => readFileSync(path.join(work, 'main.log'), 'utf8').includes(N8N_READY_LINE) && (await fetch(`${n8nBase}/rest/settings`)).ok);
		for (const port of workerPorts) await waitFor(`worker on ${port}`, async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok);
		const leadWebhook = `${n8nBase}/webhook/${SANDBOX.leadWebhookPath}`;
		await waitFor('the lead webhook', async () => [401, 403].includes((await fetch(leadWebhook, { method: 'POST', body: '{}' })).status));
		sandbox.clock.set('2026-12-02T15:00:00Z'); // a weekday morning: every text may go out

		// 4. Leads in, texts out, spread over both workers.
		log(`posting ${LEADS} leads, 10 at a time...`);
		const phones = Array.from({ length: LEADS }, (_, i) => `+1305555${String(2000 + i).padStart(4, '0')}`);
		const started = Date.now();
		for (let i = 0; i < phones.length; i += 10) {
			await Promise.all(
				phones.slice(i, i + 10).map(async (phone, k) => {
					const response = await fetch(leadWebhook, {
						method: 'POST',
						headers: { 'content-type': 'application/json', [SANDBOX.leadSecretHeader]: secrets.leadSecret },
						body: JSON.stringify({ first_name: `Queue${i + k}`, last_name: 'Test', phone, zip: '33101', sms_consent: 'yes' }),
					});
					await response.text();
					if (response.status >= 300) throw new Error(`lead ${phone}: HTTP ${response.status}`);
				}),
			);
		}
		const wanted = new Set(phones);
		let texts: Array<{ to?: string }> = [];
		await waitFor('a text for every lead', async () => {
			texts = (await sandbox.twilio!.outbox()).filter((m) => wanted.has(String(m.to)));
			return new Set(texts.map((m) => m.to)).size === wanted.size;
		}, 300_000);
		const seconds = (Date.now() - started) / 1000;
		// Both workers wrote to the one tracker (taking turns by its lock, each grouping its own runs):
		// every lead saved once, its first text logged once.
		const tab = (name: string) => {
			const [header = [], ...rows] = (sandbox.sheets as unknown as { readTab(id: string, tab: string): unknown[][] }).readTab(SANDBOX.spreadsheetId, name);
			return rows.map((row) => Object.fromEntries(header.map((column, c) => [String(column), String(row[c] ?? '')])));
		};
		let leadRows: Array<Record<string, string>> = [];
		let sentTouches: Array<Record<string, string>> = [];
		await waitFor('every lead and its text in the tracker', async () => {
			leadRows = tab('Leads').filter((row) => wanted.has(row.phone));
			const ids = new Set(leadRows.map((row) => row.leadId));
			sentTouches = tab('Touches').filter((row) => ids.has(row.leadId) && row.verdict === 'sent');
			return new Set(leadRows.map((row) => row.phone)).size === wanted.size && new Set(sentTouches.map((row) => row.leadId)).size === wanted.size;
		}, 120_000);
		const perWorker = workerLogs.map((file) => (readFileSync(file, 'utf8').match(/Worker started execution/g) ?? []).length);
		const result = {
			bench: 'queue-mode-exercise',
			n8n: n8nVersion(),
			leads: LEADS,
			texted: new Set(texts.map((m) => m.to)).size,
			duplicates: texts.length - new Set(texts.map((m) => m.to)).size,
			seconds: Math.round(seconds * 10) / 10,
			executionsPerWorker: perWorker,
			leadRows: leadRows.length,
			sentTouchRows: sentTouches.length,
		};
		process.stdout.write(`${JSON.stringify(result)}\n`);
		if (result.duplicates !== 0) throw new Error(`${result.duplicates} duplicate texts`);
		if (leadRows.length !== LEADS) throw new Error(`${leadRows.length} Leads rows for ${LEADS} leads: a lead was saved twice`);
		if (sentTouches.length !== LEADS) throw new Error(`${sentTouches.length} sent touches logged for ${LEADS} texts: a touch was logged twice`);
		if (perWorker.some((count) => count === 0)) {
			throw new Error(`a worker ran no execution (${perWorker.join(', ')}): see ${workerLogs.join(', ')}`);
		}
	} finally {
		await sandbox.close();
	}
}

main().then(
	() => process.exit(0),
	(error: Error) => {
		process.stderr.write(`queue-mode exercise failed: ${error.message}\n`);
		process.exit(1);
	},
);
