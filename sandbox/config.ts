/**
 * Where the sandbox keeps its data, and the secrets it makes up once and keeps across restarts
 * (lead webhook secret, Twilio stand-in token, local n8n owner login). Everything stays inside the
 * project's ignored data folder (.data/ by default).
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Fixed sandbox facts the workflows and tests rely on. */
export const SANDBOX = {
	spreadsheetId: 'sandbox-tracker',
	/** The LO's Twilio number (the stand-in's "From"). */
	twilioNumber: '+13055550100',
	/** The LO's own mobile, where lead alerts go. */
	loMobile: '+13055550199',
	loName: 'Alex Rivera',
	loEmail: 'alex.rivera@example.com',
	nmlsId: '123456',
	company: 'Sandbox Home Loans',
	leadWebhookPath: 'mortgage-leads',
	dripRunWebhookPath: 'mortgage-drip-run',
	referralWebhookPath: 'mortgage-referral-update',
	/** The SMS Reply Trigger's path in workflows/replies-and-status.json (its URL is /webhook/mortgage-sms). */
	smsWebhookPath: 'mortgage-sms',
	leadSecretHeader: 'x-lead-secret',
} as const;

export interface SandboxSecrets {
	leadSecret: string;
	twilioAccountSid: string;
	twilioAuthToken: string;
	ownerEmail: string;
	ownerPassword: string;
	googleAccessToken: string;
	/**
	 * A throwaway RSA key for the sandbox service account: the Google stand-in does not check the
	 * JWT signature, but the credential (and the token signing code) needs a well-formed key. It
	 * grants nothing anywhere.
	 */
	googlePrivateKey: string;
}

export interface SandboxPaths {
	root: string;
	sandboxDir: string;
	n8nUserFolder: string;
	clockFile: string;
	sheetsFile: string;
	twilioFile: string;
	mailFile: string;
	secretsFile: string;
	importDir: string;
	n8nLog: string;
	serverLog: string;
}

/** `dataRoot` defaults to <project>/.data (MORTGAGE_SANDBOX_DATA_DIR overrides it). */
export function sandboxPaths(dataRoot: string): SandboxPaths {
	const sandboxDir = path.join(dataRoot, 'sandbox');
	return {
		root: dataRoot,
		sandboxDir,
		n8nUserFolder: path.join(dataRoot, 'n8n'),
		clockFile: path.join(sandboxDir, 'clock-offset-ms'),
		sheetsFile: path.join(sandboxDir, 'sheets.json'),
		twilioFile: path.join(sandboxDir, 'twilio.json'),
		mailFile: path.join(sandboxDir, 'mail.json'),
		secretsFile: path.join(sandboxDir, 'secrets.json'),
		importDir: path.join(sandboxDir, 'import'),
		n8nLog: path.join(sandboxDir, 'n8n.log'),
		serverLog: path.join(sandboxDir, 'server.log'),
	};
}

/** Reads the sandbox secrets, making up (once) any that are missing. */
export function loadSecrets(paths: SandboxPaths): SandboxSecrets {
	mkdirSync(paths.sandboxDir, { recursive: true });
	const known: Partial<SandboxSecrets> = existsSync(paths.secretsFile)
		? (JSON.parse(readFileSync(paths.secretsFile, 'utf8')) as Partial<SandboxSecrets>)
		: {};
	const secrets: SandboxSecrets = {
		leadSecret: `sandbox-${randomBytes(12).toString('hex')}`,
		twilioAccountSid: `AC${randomBytes(16).toString('hex')}`,
		twilioAuthToken: randomBytes(16).toString('hex'),
		ownerEmail: 'owner@sandbox.local',
		// n8n wants 8+ characters with a number and a capital letter.
		ownerPassword: `Sandbox-${randomBytes(6).toString('hex')}-1A`,
		googleAccessToken: `sandbox-${randomBytes(12).toString('hex')}`,
		googlePrivateKey: '',
		...known,
	};
	if (!secrets.googlePrivateKey) {
		secrets.googlePrivateKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
			.privateKey.export({ type: 'pkcs8', format: 'pem' })
			.toString();
	}
	if (JSON.stringify(secrets) === JSON.stringify(known)) return secrets;
	writeFileSync(paths.secretsFile, JSON.stringify(secrets, null, 2), { mode: 0o600 });
	return secrets;
}
