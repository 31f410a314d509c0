/**
 * Issue 14 items 3 and 8 for the launcher: each entry point has its own credential, the referral
 * form's login is not the n8n owner's password, n8n's settings-file permission check stays on,
 * and what decrypts every credential (n8n's settings file with the encryption key, its database,
 * the sandbox secrets and the credentials file) is readable by its owner only.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SANDBOX, loadSecrets, sandboxPaths } from '../../sandbox/config';
import { n8nEnv, secureUserFolder } from '../../sandbox/n8n';
import { prepareWorkflows, sandboxCredentials } from '../../sandbox/workflowsForSandbox';

const mode = (file: string) => statSync(file).mode & 0o777;
let root: string;
beforeEach(() => {
	root = mkdtempSync(path.join(os.tmpdir(), 'mortgage-launcher-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('sandbox secrets and n8n files on disk', () => {
	it('the secrets file is 0600 in 0700 folders, also when an older file was world-readable', () => {
		const paths = sandboxPaths(path.join(root, 'data'));
		loadSecrets(paths);
		expect(mode(paths.root)).toBe(0o700);
		expect(mode(paths.sandboxDir)).toBe(0o700);
		expect(mode(paths.secretsFile)).toBe(0o600);
		chmodSync(paths.secretsFile, 0o644);
		chmodSync(paths.sandboxDir, 0o755);
		loadSecrets(paths);
		expect(mode(paths.secretsFile)).toBe(0o600);
		expect(mode(paths.sandboxDir)).toBe(0o700);
	});

	it("n8n's user folder: settings file (encryption key), database and journals become 0600, folders 0700", () => {
		const userFolder = path.join(root, 'n8n');
		mkdirSync(path.join(userFolder, '.n8n', 'nodes'), { recursive: true, mode: 0o755 });
		for (const name of ['config', 'database.sqlite', 'database.sqlite-wal', 'n8nEventLog.log']) {
			writeFileSync(path.join(userFolder, '.n8n', name), '{}', { mode: 0o644 });
		}
		secureUserFolder(userFolder);
		expect(mode(userFolder)).toBe(0o700);
		expect(mode(path.join(userFolder, '.n8n'))).toBe(0o700);
		for (const name of ['config', 'database.sqlite', 'database.sqlite-wal', 'n8nEventLog.log']) expect(mode(path.join(userFolder, '.n8n', name))).toBe(0o600);
	});

	it("keeps n8n's settings-file permission check on", () => {
		const env = n8nEnv({ packageDir: root, userFolder: path.join(root, 'n8n'), port: 5678 });
		expect(env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS).toBe('true');
	});
});

describe('one credential per entry point', () => {
	const paths = () => sandboxPaths(path.join(root, 'data'));

	it('lead intake, referral updates and drip "Run now" have three different secrets; the form login is its own', () => {
		const secrets = loadSecrets(paths());
		const credentials = sandboxCredentials({ secrets, sandboxUrl: 'http://127.0.0.1:5680' });
		const headers = credentials.filter((c) => c.type === 'httpHeaderAuth').map((c) => [c.name, c.data.name, c.data.value]);
		expect(headers).toEqual([
			['Lead webhook secret', SANDBOX.leadSecretHeader, secrets.leadSecret],
			['Referral update secret', SANDBOX.referralSecretHeader, secrets.referralSecret],
			['Drip run secret', SANDBOX.dripRunSecretHeader, secrets.dripRunSecret],
		]);
		expect(new Set([secrets.leadSecret, secrets.referralSecret, secrets.dripRunSecret]).size).toBe(3);
		const form = credentials.find((c) => c.type === 'httpBasicAuth')!;
		expect(form.data.password).not.toBe(secrets.ownerPassword);
		expect(form.data.user).not.toBe(secrets.ownerEmail);
	});

	it("the sandbox's workflows use them: each webhook has its own credential", () => {
		const secrets = loadSecrets(paths());
		const credentials = sandboxCredentials({ secrets, sandboxUrl: 'http://127.0.0.1:5680' });
		const outDir = path.join(root, 'workflows');
		const prepared = prepareWorkflows({ templatesDir: path.join(__dirname, '..', '..', 'workflows'), outDir, sandboxUrl: 'http://127.0.0.1:5680', n8nBaseUrl: 'http://127.0.0.1:5678', credentials });
		const webhooks = prepared.files.flatMap((file) =>
			(JSON.parse(readFileSync(file, 'utf8')) as { nodes: Array<{ type: string; parameters: { path?: string; options?: { path?: string } }; credentials?: Record<string, { id: string }> }> }).nodes
				.filter((node) => node.credentials?.httpHeaderAuth || node.credentials?.httpBasicAuth)
				// The referral form keeps its path in its options (n8n's Form Trigger 2.2 ignores a top-level one).
				.map((node) => [node.parameters.path ?? node.parameters.options?.path, node.credentials!.httpHeaderAuth?.id ?? node.credentials!.httpBasicAuth?.id]),
		);
		const idsOf = (webhookPath: string) => webhooks.filter(([p]) => p === webhookPath).map(([, id]) => id).sort();
		expect(idsOf(SANDBOX.leadWebhookPath)).toEqual(['mfSandboxLeadSecret']);
		expect(idsOf(SANDBOX.dripRunWebhookPath)).toEqual(['mfSandboxDripRunSecret']);
		// The lead sources' secret opens lead intake and nothing else.
		expect(webhooks.filter(([, id]) => id === 'mfSandboxLeadSecret').map(([p]) => p)).toEqual([SANDBOX.leadWebhookPath]);
		expect(idsOf(SANDBOX.referralWebhookPath)).toEqual(['mfSandboxReferralSecret']);
		expect(webhooks.filter(([, id]) => id === 'mfSandboxFormLogin').map(([p]) => p)).toEqual(['mortgage-referral-form']);
	});
});
