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
	 * with the service account, as a newcomer starts; the setup installs the rest. Default 'all'.
	 */
	workflows?: 'all' | 'setup';
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
	/** Workflow templates found and imported (file names). */
	workflows: string[];
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
	const n8nBaseUrl = `http://127.0.0.1:${n8nPort}`;

	if (options.build ?? true) build(projectDir, log);

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
		installPackage(n8nOptions);

		const prepared = prepareWorkflows({
			templatesDir: path.join(projectDir, 'workflows'),
			outDir: path.join(paths.importDir, 'workflows'),
			sandboxUrl: sandbox.baseUrl,
			n8nBaseUrl,
			sheetsQuotas: options.sheetsQuotas,
			...(options.workflows === 'setup' ? { only: [SETUP_WORKFLOW_FILE] } : {}),
		});
		// The setup workflow is switched on by its user, once its n8n API credential is picked.
		if (options.workflows === 'setup') prepared.inactive.push(...prepared.ids);
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
		if (prepared.names.some((name) => name.startsWith('speed-to-lead'))) {
			await waitForWebhook(urls.leadWebhook);
		}
		return {
			paths,
			secrets,
			sandbox,
			n8n,
			urls,
			owner: { email: secrets.ownerEmail, password: secrets.ownerPassword, created: owner === 'created' },
			formLogin: { user: secrets.formUser, password: secrets.formPassword },
			workflows: prepared.names,
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
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
 * The production webhook is registered a moment after the REST API answers. A POST without the
 * secret is the probe: 401/403 means registered (and writes nothing), 404 means not yet.
 */
async function waitForWebhook(url: string, timeoutMs = 60_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let last = '';
	while (Date.now() < deadline) {
		try {
			const response = await fetch(url, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
			last = `${response.status} ${(await response.text()).slice(0, 200)}`;
			if (response.status !== 404) return;
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
