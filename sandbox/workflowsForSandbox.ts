/**
 * Turns the shipped workflow templates (workflows/*.json, no instance-specific ids, no
 * placeholders) into the copies the sandbox imports: fixed workflow ids (so a restart updates
 * instead of duplicating), credentials pointed at the sandbox ones, the LO's email in the alerts
 * that must work without the tracker, the hidden sandbox parameter on every pack node (stand-in
 * addresses, sandbox clock), and the error workflow set.
 */
import { createHmac } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { SANDBOX, type SandboxSecrets } from './config';
import { SANDBOX_PARAMETER, sandboxParameterValue, type SandboxSettings } from '../nodes/shared/sandbox';
import { withLoEmail } from '../nodes/MortgageSetup/installable';

/**
 * The templates carry no placeholders: the LO's identity, numbers and the public n8n address are
 * in the tracker's Settings tab, which the sandbox fills (sandbox/seed.ts) as the setup form does.
 */

export const SANDBOX_SERVICE_ACCOUNT = 'tracker@sandbox-project.iam.gserviceaccount.com';

/** The unsubscribe webhook's path in workflows/replies-and-status.json (its URL is /webhook/mortgage-unsubscribe). */
export const UNSUBSCRIBE_WEBHOOK_PATH = 'mortgage-unsubscribe';

/**
 * The sandbox's link-signing secret: derived from its own throwaway service-account key, which no
 * lead source or form ever sees, so it is stable across restarts without another secret to store.
 */
export function sandboxLinkSecret(secrets: SandboxSecrets): string {
	return createHmac('sha256', secrets.googlePrivateKey || 'sandbox').update('mortgage-sandbox-link-signing').digest('hex');
}

/** Node types of this pack start with the package name (n8n's community-node naming). */
const PACK_NODE_PREFIX = 'n8n-nodes-mortgage-followup.';

/**
 * What every pack node in the sandbox's workflows gets in its hidden sandbox parameter: Google and
 * Twilio at the stand-ins, and the sandbox clock (nodes/shared/sandbox.ts, nodes/shared/clock.ts).
 */
export function sandboxNodeSettings(sandboxUrl: string): SandboxSettings {
	const root = sandboxUrl.replace(/\/+$/, '');
	return { googleRoot: root, twilioRoot: root, clockUrl: `${root}/api/clock` };
}

export interface SandboxCredential {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

/** The credentials the sandbox gives its n8n: every one points at the local stand-ins. */
export function sandboxCredentials(options: {
	secrets: SandboxSecrets;
	sandboxUrl: string;
	smtpPort?: number;
	/** The LO's IMAP mailbox (sandbox/mail.ts), for the email replies workflow's Email Trigger. */
	imap?: { port: number; user: string; password: string };
}): SandboxCredential[] {
	const { secrets } = options;
	return [
		// One secret per entry point: a lead source knows the lead webhook's and nothing else.
		{
			id: 'mfSandboxLeadSecret',
			name: 'Lead webhook secret',
			type: 'httpHeaderAuth',
			data: { name: SANDBOX.leadSecretHeader, value: secrets.leadSecret },
		},
		{
			id: 'mfSandboxReferralSecret',
			name: 'Referral update secret',
			type: 'httpHeaderAuth',
			data: { name: SANDBOX.referralSecretHeader, value: secrets.referralSecret },
		},
		{
			id: 'mfSandboxDripRunSecret',
			name: 'Drip run secret',
			type: 'httpHeaderAuth',
			data: { name: SANDBOX.dripRunSecretHeader, value: secrets.dripRunSecret },
		},
		{
			// The referral form's own login, never the n8n owner's password.
			id: 'mfSandboxFormLogin',
			name: 'LO form login',
			type: 'httpBasicAuth',
			data: { user: secrets.formUser, password: secrets.formPassword },
		},
		{
			id: 'mfSandboxTwilio',
			name: 'Twilio (sandbox stand-in)',
			type: 'mortgageTwilioApi',
			// n8n's own Twilio credential; the stand-in's address reaches the nodes through their
			// hidden sandbox parameter.
			data: {
				authType: 'authToken',
				accountSid: secrets.twilioAccountSid,
				authToken: secrets.twilioAuthToken,
			},
		},
		{
			id: 'mfSandboxGoogleSa',
			name: 'Google service account (sandbox stand-in)',
			type: 'mortgageGoogleServiceAccountApi',
			data: {
				// n8n's own Google Service Account credential, filled in from the stand-in's JSON key
				// the way an LO copies "client_email" and "private_key" out of the file Google gives.
				// The stand-in's address reaches the nodes through their hidden sandbox parameter.
				email: SANDBOX_SERVICE_ACCOUNT,
				privateKey: secrets.googlePrivateKey,
				inpersonate: false,
				httpNode: false,
			},
		},
		{
			// Signs the unsubscribe links of the drip's emails and checks them in the replies workflow.
			id: 'mfSandboxLinkSecret',
			name: 'Unsubscribe link secret',
			type: 'mortgageSignedLinkApi',
			data: { secret: sandboxLinkSecret(secrets) },
		},
		{
			id: 'mfSandboxSmtp',
			name: 'Email (sandbox stand-in)',
			type: 'smtp',
			data: {
				host: '127.0.0.1',
				port: options.smtpPort ?? 2525,
				secure: false,
				disableStartTls: true,
				user: '',
				password: '',
			},
		},
		{
			id: 'mfSandboxImap',
			name: 'LO mailbox (sandbox stand-in)',
			type: 'imap',
			data: {
				host: '127.0.0.1',
				port: options.imap?.port ?? 1143,
				secure: false,
				allowUnauthorizedCerts: false,
				user: options.imap?.user ?? 'lo',
				password: options.imap?.password ?? '',
			},
		},
	];
}

export interface PreparedWorkflows {
	/** Template file names, e.g. speed-to-lead.json. */
	names: string[];
	/** Paths of the prepared copies. */
	files: string[];
	/** Ids of the prepared workflows, in file order. */
	ids: string[];
	/** Ids of workflows with no trigger to activate (the error workflow). */
	inactive: string[];
}

interface WorkflowNode {
	type: string;
	parameters?: Record<string, unknown>;
	credentials?: Record<string, { id?: string | null; name: string }>;
	[more: string]: unknown;
}

interface WorkflowJson {
	id?: string;
	name: string;
	nodes: WorkflowNode[];
	settings?: Record<string, unknown>;
	[more: string]: unknown;
}

export function workflowIdFor(fileName: string): string {
	return `mf-${path.basename(fileName, '.json')}`.slice(0, 36);
}

const ERROR_WORKFLOW_FILE = 'error-alerts.json';
export const SETUP_WORKFLOW_FILE = 'setup.json';

export function prepareWorkflows(options: {
	templatesDir: string;
	/** Only these template files (e.g. ['setup.json'] for an empty n8n the setup fills); default every one but setup.json. */
	only?: string[];
	outDir: string;
	sandboxUrl: string;
	n8nBaseUrl: string;
	credentials?: SandboxCredential[];
	/**
	 * False when the Sheets stand-in runs without Google's quotas (benchmarks, e2e): the tracker
	 * nodes then stop pacing themselves to 60 writes a minute as well.
	 */
	sheetsQuotas?: boolean;
}): PreparedWorkflows {
	rmSync(options.outDir, { recursive: true, force: true });
	mkdirSync(options.outDir, { recursive: true });
	if (!existsSync(options.templatesDir)) return { names: [], files: [], ids: [], inactive: [] };
	// The setup workflow installs the others through n8n's API: imported next to them it would make a second copy.
	const names = readdirSync(options.templatesDir)
		.filter((file) => file.endsWith('.json') && (options.only ? options.only.includes(file) : file !== SETUP_WORKFLOW_FILE))
		.sort();
	const credentials = options.credentials ?? sandboxCredentials({ secrets: DUMMY_SECRETS, sandboxUrl: options.sandboxUrl });
	// A template's credential is matched by type and name (three Header Auth credentials, one per
	// entry point), else by type alone.
	const credentialFor = (type: string, name: string) =>
		credentials.find((credential) => credential.type === type && credential.name === name) ?? credentials.find((credential) => credential.type === type);
	const files: string[] = [];
	const ids: string[] = [];
	const inactive: string[] = [];
	const errorWorkflowId = names.includes(ERROR_WORKFLOW_FILE) ? workflowIdFor(ERROR_WORKFLOW_FILE) : undefined;
	const sandboxValue = sandboxParameterValue(sandboxNodeSettings(options.sandboxUrl));

	for (const name of names) {
		// As the setup installs it (nodes/MortgageSetup/installable.ts): the LO's email in the alerts
		// that must work without the tracker.
		const workflow = withLoEmail(JSON.parse(readFileSync(path.join(options.templatesDir, name), 'utf8')) as WorkflowJson, SANDBOX.loEmail);
		workflow.id = workflowIdFor(name);
		workflow.active = false;
		for (const node of workflow.nodes) {
			if (node.type.startsWith(PACK_NODE_PREFIX)) node.parameters = { ...node.parameters, [SANDBOX_PARAMETER]: sandboxValue };
			if (options.sheetsQuotas === false && (node.type.endsWith('.mortgageLeadTracker') || node.type.endsWith('.mortgageReferralStatus'))) {
				node.parameters = { ...node.parameters, options: { ...(node.parameters?.options as object), paceRequests: false } };
			}
			for (const [type, wanted] of Object.entries(node.credentials ?? {})) {
				const credential = credentialFor(type, wanted.name);
				if (credential) node.credentials![type] = { id: credential.id, name: credential.name };
			}
		}
		workflow.settings = { ...(workflow.settings ?? {}) };
		if (errorWorkflowId && workflow.id !== errorWorkflowId) workflow.settings.errorWorkflow = errorWorkflowId;
		ids.push(workflow.id);
		if (!hasActivatingTrigger(workflow)) inactive.push(workflow.id);
		const out = path.join(options.outDir, name);
		writeFileSync(out, JSON.stringify(workflow, null, 2));
		files.push(out);
	}
	return { names, files, ids, inactive };
}

/** n8n activates workflows that start on a webhook, schedule or app trigger; not error/manual ones. */
function hasActivatingTrigger(workflow: WorkflowJson): boolean {
	return workflow.nodes.some((node) => {
		const type = node.type.toLowerCase();
		if (type.endsWith('.errortrigger') || type.endsWith('.manualtrigger') || type.endsWith('.executeworkflowtrigger')) {
			return false;
		}
		// The Email Trigger (IMAP) is n8n-nodes-base.emailReadImap: a trigger without the word.
		return type.endsWith('trigger') || type.endsWith('.webhook') || type.endsWith('.formtrigger') || type.endsWith('.emailreadimap');
	});
}

const DUMMY_SECRETS: SandboxSecrets = {
	leadSecret: '',
	referralSecret: '',
	dripRunSecret: '',
	formUser: '',
	formPassword: '',
	twilioAccountSid: '',
	twilioAuthToken: '',
	ownerEmail: '',
	ownerPassword: '',
	googleAccessToken: '',
	googlePrivateKey: '',
};
