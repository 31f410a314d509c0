/**
 * The whole local stack behind `npm start`, the e2e tests and the speed-to-lead benchmark:
 * build -> sandbox server (Sheets + Twilio stand-ins, page, API) -> local n8n with the pack linked
 * as an installed community package, sandbox credentials and the workflows imported and active ->
 * owner account. `stop()` ends everything it started.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SANDBOX, loadSecrets, ownerOnlyDir, sandboxPaths, writeOwnerOnly, type SandboxPaths, type SandboxSecrets } from './config';
import { ensureOwner, importIntoN8n, installPackage, startN8n, type LocalN8nOptions, type RunningN8n } from './n8n';
import { startSandboxServer, type SandboxServer } from './server';
import { sandboxCredentials, prepareWorkflows, SETUP_WORKFLOW_FILE, UNSUBSCRIBE_WEBHOOK_PATH } from './workflowsForSandbox';
import { seedSandboxTracker } from './seed';
import { withDistLock } from './distLock';

export const PROJECT_DIR = path.resolve(__dirname, '..');

export interface StackOptions {
	projectDir?: string;
	/** Defaults to <project>/.data. */
	dataRoot?: string;
	n8nPort?: number;
	sandboxPort?: number;
	/** The sandbox SMTP server's port (default 2525). */
	smtpPort?: number;
	/** Run `n8n-node build` first (default true). */
	build?: boolean;
	/** Keep successful executions in n8n's list (default true: an LO wants to see them). */
	saveSuccessfulExecutions?: boolean;
	twilioLatencyMs?: number;
	/** Google's per-minute quotas in the Sheets stand-in (default on). */
	sheetsQuotas?: boolean;
	log?: (line: string) => void;
	/** Extra environment for n8n. */
	n8nEnv?: Record<string, string>;
	/**
	 * 'setup': n8n gets only the setup workflow (inactive) and the tracker is a blank sheet shared
	 * with the service account, as a newcomer starts; the setup installs the rest. 'setup-run': the
	 * same n8n, and the stack then does what an LO does (n8n API key and credential, the setup
	 * workflow switched on, its form sent with the sandbox LO's details) and waits for the setup to
	 * finish: the workflows are the ones the setup installed (driveSetup). Default 'all'.
	 */
	workflows?: 'all' | 'setup' | 'setup-run';
}

export interface Stack {
	paths: SandboxPaths;
	secrets: SandboxSecrets;
	sandbox: SandboxServer;
	n8n: RunningN8n;
	urls: {
		editor: string;
		sandbox: string;
		leadWebhook: string;
		dripRunWebhook: string;
		referralWebhook: string;
		smsWebhook: string;
		/** The unsubscribe links of the drip's emails open this (GET, or POST for one-click). */
		unsubscribeWebhook: string;
	};
	owner: { email: string; password: string; created: boolean };
	/** The referral update form's Basic Auth login: its own, not the owner's. */
	formLogin: { user: string; password: string };
	/** Workflow templates found and imported (file names), or with 'setup-run' the workflows the setup installed (names). */
	workflows: string[];
	/** With 'setup-run': the setup's result (its health-check lines), as its email says it. */
	setupResult?: { subject: string; text: string };
	stop(): Promise<void>;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
	const projectDir = options.projectDir ?? PROJECT_DIR;
	const dataRoot = options.dataRoot ?? process.env.MORTGAGE_SANDBOX_DATA_DIR ?? path.join(projectDir, '.data');
	const n8nPort = options.n8nPort ?? 5678;
	const sandboxPort = options.sandboxPort ?? 5680;
	const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
	const paths = sandboxPaths(dataRoot);
	// Owner-only (0700 folders, 0600 files): secrets, the credentials to import, n8n's key and database.
	ownerOnlyDir(paths.sandboxDir);
	const secrets = loadSecrets(paths);
	leadSecretFiles.set(secrets, path.join(paths.sandboxDir, 'setup-lead-secret'));
	const n8nBaseUrl = `http://127.0.0.1:${n8nPort}`;

	if (options.build ?? true) withDistLock(projectDir, () => build(projectDir, log), { log });

	const sandbox = await startSandboxServer({
		port: sandboxPort,
		paths,
		secrets,
		n8nBaseUrl,
		smtpPort: options.smtpPort ?? 2525,
		twilioLatencyMs: options.twilioLatencyMs,
		sheetsQuotas: options.sheetsQuotas,
		log,
	});
	const stopAll: Array<() => Promise<void>> = [() => sandbox.close()];
	const stop = async () => {
		for (const step of stopAll.reverse()) await step().catch(() => undefined);
	};

	try {
		const newcomer = options.workflows === 'setup' || options.workflows === 'setup-run';
		await seedSandboxTracker(sandbox, log, n8nBaseUrl, options.workflows === 'setup' ? 'blank' : 'full');

		const n8nOptions: LocalN8nOptions = {
			packageDir: projectDir,
			userFolder: paths.n8nUserFolder,
			port: n8nPort,
			logFile: paths.n8nLog,
			env: {
				EXECUTIONS_DATA_SAVE_ON_SUCCESS: options.saveSuccessfulExecutions === false ? 'none' : 'all',
				GENERIC_TIMEZONE: 'America/New_York',
				...options.n8nEnv,
			},
		};
		withDistLock(projectDir, () => installPackage(n8nOptions), { log });

		const prepared = prepareWorkflows({
			templatesDir: path.join(projectDir, 'workflows'),
			outDir: path.join(paths.importDir, 'workflows'),
			sandboxUrl: sandbox.baseUrl,
			n8nBaseUrl,
			sheetsQuotas: options.sheetsQuotas,
			...(newcomer ? { only: [SETUP_WORKFLOW_FILE] } : {}),
		});
		// The setup workflow is switched on by its user, once its n8n API credential is picked.
		if (newcomer) prepared.inactive.push(...prepared.ids);
		const credentialsFile = path.join(paths.importDir, 'credentials.json');
		ownerOnlyDir(paths.importDir);
		writeOwnerOnly(credentialsFile, JSON.stringify(sandboxCredentials({ secrets, sandboxUrl: sandbox.baseUrl, smtpPort: sandbox.mail.port, imap: sandbox.mail.imap }), null, 2));
		const fingerprint = fingerprintOf([credentialsFile, ...prepared.files]);
		const fingerprintFile = path.join(paths.importDir, 'imported.sha256');
		const database = path.join(paths.n8nUserFolder, '.n8n', 'database.sqlite');
		if (prepared.files.length === 0) {
			log('sandbox: no workflow templates in workflows/ yet: n8n starts without workflows');
		} else if (existsSync(database) && readIf(fingerprintFile) === fingerprint) {
			log('sandbox: workflows and credentials unchanged since the last start');
		} else {
			log(`sandbox: importing ${prepared.files.length} workflows and the sandbox credentials into n8n...`);
			importIntoN8n(n8nOptions, {
				credentials: credentialsFile,
				workflowsDir: path.join(paths.importDir, 'workflows'),
				ids: prepared.ids,
				inactive: prepared.inactive,
			});
			writeFileSync(fingerprintFile, fingerprint);
		}

		log(`sandbox: starting n8n on ${n8nBaseUrl} (log: ${paths.n8nLog})...`);
		const n8n = await startN8n(n8nOptions);
		stopAll.push(() => n8n.stop());
		const owner = await ensureOwner(n8nBaseUrl, {
			email: secrets.ownerEmail,
			password: secrets.ownerPassword,
			firstName: 'Sandbox',
			lastName: 'Owner',
		});
		const urls = {
			editor: `${n8nBaseUrl}/`,
			sandbox: `${sandbox.baseUrl}/`,
			leadWebhook: `${n8nBaseUrl}/webhook/${SANDBOX.leadWebhookPath}`,
			dripRunWebhook: `${n8nBaseUrl}/webhook/${SANDBOX.dripRunWebhookPath}`,
			referralWebhook: `${n8nBaseUrl}/webhook/${SANDBOX.referralWebhookPath}`,
			smsWebhook: `${n8nBaseUrl}/webhook/${SANDBOX.smsWebhookPath}`,
			unsubscribeWebhook: `${n8nBaseUrl}/webhook/${UNSUBSCRIBE_WEBHOOK_PATH}`,
		};
		let setupRun: SetupRun | undefined;
		if (options.workflows === 'setup-run') {
			log('sandbox: running "Mortgage: set up" as an LO would (API key, n8n API credential, its form)...');
			setupRun = await driveSetup(n8nBaseUrl, sandbox, secrets);
			log(`sandbox: the setup says: ${setupRun.result.subject}`);
		}
		if (setupRun || prepared.names.some((name) => name.startsWith('speed-to-lead'))) {
			await waitForWebhook(urls.leadWebhook);
		}
		return {
			paths,
			// The lead webhook's secret is the one the setup made (its result email gives it).
			secrets: setupRun ? { ...secrets, leadSecret: setupRun.leadSecret } : secrets,
			sandbox,
			n8n,
			urls,
			owner: { email: secrets.ownerEmail, password: secrets.ownerPassword, created: owner === 'created' },
			formLogin: { user: secrets.formUser, password: secrets.formPassword },
			workflows: setupRun ? setupRun.workflows : prepared.names,
			setupResult: setupRun?.result,
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}

interface SetupRun {
	result: { subject: string; text: string };
	leadSecret: string;
	workflows: string[];
}

/**
 * The newcomer's path of test/e2e/setup.e2e.test.ts, done by the stack: sign in as the owner, make
 * an n8n API key and the n8n API credential, pick it in the setup workflow's n8n nodes, switch the
 * setup workflow on, send its form with the sandbox LO's details, and wait for the setup's result
 * email (the mail stand-in), which names the lead webhook's secret. Polls what n8n and the mail
 * stand-in say, with generous limits (a loaded 2-core machine), never a fixed sleep. On a restart
 * the setup finds its workflows installed and keeps them: the email says "Set up before".
 */
async function driveSetup(n8nBaseUrl: string, sandbox: SandboxServer, secrets: SandboxSecrets): Promise<SetupRun> {
	const call = async (url: string, init: RequestInit, what: string): Promise<{ response: Response; body: any }> => {
		const response = await fetch(url, init);
		const text = await response.text();
		if (!response.ok) throw new Error(`${what}: ${response.status} ${text.slice(0, 500)}`);
		return { response, body: text ? JSON.parse(text) : {} };
	};
	const json = (body: unknown) => ({ 'content-type': 'application/json', body: JSON.stringify(body) });
	const login = await untilMounted(() =>
		fetch(`${n8nBaseUrl}/rest/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ emailOrLdapLoginId: secrets.ownerEmail, email: secrets.ownerEmail, password: secrets.ownerPassword }) }),
	);
	if (!login.ok) throw new Error(`n8n sign-in for the setup: ${login.status} ${(await login.text()).slice(0, 300)}`);
	const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
	const rest = (method: string, url: string, body?: unknown) => {
		const { body: payload, ...headers } = body === undefined ? { body: undefined } : json(body);
		return call(`${n8nBaseUrl}/rest${url}`, { method, headers: { cookie, ...headers }, body: payload }, `${method} /rest${url}`).then((r) => r.body.data);
	};
	const scopes = (await rest('GET', '/api-keys/scopes')) as string[];
	const key = await rest('POST', '/api-keys', { label: `Sandbox setup ${Date.now()}`, expiresAt: null, scopes });
	const apiKey = String(key.rawApiKey ?? key.apiKey);
	const api = (method: string, url: string, body?: unknown) => {
		const { body: payload, ...headers } = body === undefined ? { body: undefined } : json(body);
		return call(`${n8nBaseUrl}/api/v1${url}`, { method, headers: { 'X-N8N-API-KEY': apiKey, ...headers }, body: payload }, `${method} /api/v1${url}`).then((r) => r.body);
	};
	const listed = (await api('GET', '/workflows')).data as Array<{ id: string; name: string; active?: boolean }>;
	const setup = listed.find((w) => w.name === 'Mortgage: set up');
	if (!setup) throw new Error('the setup workflow "Mortgage: set up" is not in n8n');
	const full = await api('GET', `/workflows/${setup.id}`);
	const boundAlready = (full.nodes as Array<Record<string, any>>).some((node) => node.type === 'n8n-nodes-base.n8n' && node.credentials?.n8nApi?.id);
	if (!boundAlready) {
		const credential = await api('POST', '/credentials', { name: 'n8n API', type: 'n8nApi', data: { apiKey, baseUrl: `${n8nBaseUrl}/api/v1` } });
		const nodes = (full.nodes as Array<Record<string, any>>).map((node) => (node.type === 'n8n-nodes-base.n8n' ? { ...node, credentials: { n8nApi: { id: credential.id, name: credential.name } } } : node));
		await api('PUT', `/workflows/${setup.id}`, { name: full.name, nodes, connections: full.connections, settings: { executionOrder: 'v1' } });
	}
	await api('POST', `/workflows/${setup.id}/activate`);
	const answers = [SANDBOX.loName, SANDBOX.nmlsId, SANDBOX.company, '100 Biscayne Blvd, Miami, FL 33132', SANDBOX.loEmail, SANDBOX.loMobile, SANDBOX.twilioNumber];
	const resultMails = () => sandbox.mail.mailbox().filter((m) => /^Mortgage: (you are live|what is left)/.test(String(m.subject)));
	const before = resultMails().length;
	// The form trigger is registered a moment after the switch-on (n8n 2.x: in the background).
	const form = await untilMounted(() => {
		const body = new FormData();
		answers.forEach((value, index) => body.append(`field-${index}`, value));
		return fetch(`${n8nBaseUrl}/form/mortgage-setup`, { method: 'POST', body });
	}, 240_000);
	if (form.status >= 400) throw new Error(`the setup form answered ${form.status}: ${(await form.text()).slice(0, 300)}`);
	await form.arrayBuffer().catch(() => undefined);
	const deadline = Date.now() + 300_000;
	while (resultMails().length <= before) {
		if (Date.now() > deadline) throw new Error('the setup sent no result email within 5 minutes: see its execution in n8n');
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	const mail = resultMails()[resultMails().length - 1];
	const result = { subject: String(mail.subject), text: String(mail.text ?? '') };
	// A first run names the new secret; a restart keeps the one made then (remembered beside the secrets).
	const made = /x-lead-secret: ([0-9a-f]{48})/.exec(result.text)?.[1];
	const leadSecret = made ?? rememberedLeadSecret(secrets) ?? '';
	if (made) rememberLeadSecret(secrets, made);
	const workflows = ((await api('GET', '/workflows')).data as Array<{ name: string; isArchived?: boolean }>).filter((w) => w.isArchived !== true).map((w) => w.name).sort();
	return { result, leadSecret, workflows };
}

/** n8n answers 404 while it still mounts its controllers and registers webhooks: asked again until `ms`. */
async function untilMounted(request: () => Promise<Response>, ms = 120_000): Promise<Response> {
	const deadline = Date.now() + ms;
	for (;;) {
		const response = await request().catch(() => null);
		if (response && (response.status !== 404 || Date.now() > deadline)) return response;
		if (!response && Date.now() > deadline) throw new Error('n8n did not answer');
		await response?.arrayBuffer().catch(() => undefined);
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

/** The lead secret the setup made on the first start (the setup shows it once): kept for later starts. */
const leadSecretFiles = new WeakMap<SandboxSecrets, string>();
function rememberedLeadSecret(secrets: SandboxSecrets): string | undefined {
	const file = leadSecretFiles.get(secrets);
	return file ? readIf(file)?.trim() : undefined;
}
function rememberLeadSecret(secrets: SandboxSecrets, value: string): void {
	const file = leadSecretFiles.get(secrets);
	if (file) writeOwnerOnly(file, value);
}

/** Compiles the pack to dist/ the way users get it (npm run build). */
export function build(projectDir: string, log: (line: string) => void): void {
	// npm run build: n8n-node build, then the bundling of the libraries into dist/vendor. Without the
	// second step the pack would require packages a user's n8n does not have.
	log('sandbox: building the pack (npm run build)...');
	const result = spawnSync('npm', ['run', '--silent', 'build'], {
		cwd: projectDir,
		encoding: 'utf8',
		env: { ...process.env, CI: 'true' },
		timeout: 300_000,
	});
	if (result.status !== 0) {
		throw new Error(`npm run build failed:\n${`${result.stdout}${result.stderr}`.slice(-4000)}`);
	}
}

/**
 * The lead webhook takes leads: a last check after n8n said its workflows are on (startN8n), and
 * the wait after the setup installed them. A POST without the secret is the probe: only 401/403
 * (the webhook's own header check) means registered, and writes nothing; 404 is "not yet", and a
 * 5xx from a busy n8n proves nothing either way.
 */
async function waitForWebhook(url: string, timeoutMs = 60_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let last = '';
	while (Date.now() < deadline) {
		try {
			const response = await fetch(url, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
			last = `${response.status} ${(await response.text()).slice(0, 200)}`;
			if (response.status === 401 || response.status === 403) return;
		} catch (error) {
			last = (error as Error).message;
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`The lead webhook ${url} was not registered within ${timeoutMs} ms (last answer: ${last})`);
}

function fingerprintOf(files: string[]): string {
	const hash = createHash('sha256');
	for (const file of files) hash.update(file).update(readFileSync(file));
	return hash.digest('hex');
}

function readIf(file: string): string | undefined {
	try {
		return readFileSync(file, 'utf8');
	} catch {
		return undefined;
	}
}

/** Removes a data root made for a test run (never the project's own .data). */
export function removeDataRoot(dataRoot: string): void {
	if (!dataRoot.includes(`${path.sep}mortgage-stack-`)) {
		throw new Error(`refusing to remove ${dataRoot}: not a temporary stack folder`);
	}
	rmSync(dataRoot, { recursive: true, force: true });
}

export function listTemplates(projectDir: string = PROJECT_DIR): string[] {
	const dir = path.join(projectDir, 'workflows');
	return existsSync(dir) ? readdirSync(dir).filter((file) => file.endsWith('.json')).sort() : [];
}
