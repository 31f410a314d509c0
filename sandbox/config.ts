/**
 * Where the sandbox keeps its data, and the secrets it makes up once and keeps across restarts
 * (one secret per entry point: lead webhook, referral updates, drip "Run now"; the referral form's
 * login; Twilio stand-in token; local n8n owner login). Everything stays inside the project's
 * ignored data folder (.data/ by default), readable by its owner only (folders 0700, files 0600):
 * n8n's encryption key and database there decrypt every credential.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
	/** Each entry point has its own secret: a lead source knows only the lead webhook's. */
	referralSecretHeader: 'x-referral-secret',
	dripRunSecretHeader: 'x-drip-secret',
} as const;

export interface SandboxSecrets {
	leadSecret: string;
	/** The referral update API's header secret (workflows/referral-update.json). */
	referralSecret: string;
	/** The drip's "Run now" webhook's header secret (workflows/drip-cadence.json). */
	dripRunSecret: string;
	/** The referral update form's Basic Auth login: its own, never the n8n owner's. */
	formUser: string;
	formPassword: string;
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

/** A folder only its owner can read (created so, or tightened if it exists). */
export function ownerOnlyDir(dir: string): void {
	mkdirSync(dir, { recursive: true, mode: 0o700 });
	chmodSync(dir, 0o700);
}

/** Writes a file only its owner can read (writeFileSync's mode applies to new files only). */
export function writeOwnerOnly(file: string, data: string): void {
	writeFileSync(file, data, { mode: 0o600 });
	chmodSync(file, 0o600);
}

/** Reads the sandbox secrets, making up (once) any that are missing. */
export function loadSecrets(paths: SandboxPaths): SandboxSecrets {
	ownerOnlyDir(paths.root);
	ownerOnlyDir(paths.sandboxDir);
	const known: Partial<SandboxSecrets> = existsSync(paths.secretsFile)
		? (JSON.parse(readFileSync(paths.secretsFile, 'utf8')) as Partial<SandboxSecrets>)
		: {};
	const secrets: SandboxSecrets = {
		leadSecret: `sandbox-${randomBytes(12).toString('hex')}`,
		referralSecret: `sandbox-referral-${randomBytes(12).toString('hex')}`,
		dripRunSecret: `sandbox-drip-${randomBytes(12).toString('hex')}`,
		formUser: 'lo',
		formPassword: `Form-${randomBytes(9).toString('hex')}`,
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
	if (JSON.stringify(secrets) === JSON.stringify(known)) {
		chmodSync(paths.secretsFile, 0o600);
		return secrets;
	}
	writeOwnerOnly(paths.secretsFile, JSON.stringify(secrets, null, 2));
	return secrets;
}
