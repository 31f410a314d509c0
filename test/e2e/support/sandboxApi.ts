/**
 * One stack per e2e file and the sandbox API the tests read it through: the tracker's tabs, the
 * mailbox, the Twilio stand-in's outbox, the compliance clock and the "Run now" webhooks. Each test
 * file used to carry its own copy of these few lines; the answers they give are the user's view
 * (rows in the sheet, texts and emails sent), so they live in one place.
 */
import { readFileSync } from 'node:fs';
import { SANDBOX, sandboxPaths, type SandboxSecrets } from '../../../sandbox/config';
import { getJson, postJson, startSandboxProcess, type SandboxProcess } from './sandboxProcess';

export interface TabRows {
	headers: string[];
	rows: Array<Record<string, string>>;
	values: string[][];
}

export interface SandboxEmail {
	to: string[];
	subject: string;
	text: string;
	html: string | null;
}

export interface OutboxMessage {
	sid: string;
	to: string;
	from: string;
	body: string;
	status: string;
	direction: 'outbound-api' | 'outbound-reply' | 'inbound';
}

export interface SandboxApi {
	/** The running stack (set once beforeAll has run). */
	readonly stack: SandboxProcess;
	tab(name: string): Promise<TabRows>;
	mail(): Promise<SandboxEmail[]>;
	mailTo(address: string): Promise<SandboxEmail[]>;
	outbox(): Promise<OutboxMessage[]>;
	/** Moves the sandbox's clock (the one the compliance checks and cadences read). */
	setClock(iso: string): Promise<void>;
	/** Runs the drip workflow now (what its 5-minute schedule runs) and waits for it. */
	runDrip(): Promise<void>;
	/** The weekly scoreboard's Run now webhook, with the drip-run secret the sandbox keeps in its data folder. */
	runScoreboard(): Promise<void>;
	/** Every request the Twilio stand-in got (sends and look-ups, whatever it answered). */
	twilioRequests(): Promise<TwilioRequest[]>;
	/** Sets the Sheets stand-in's faults (outages, lost answers): its answer. */
	sheetsFaults(faults: unknown): Promise<{ status: number; body: unknown; text: string }>;
	/** Posts a lead to the lead webhook with the stack's secret. */
	postLead(lead: Record<string, unknown>): Promise<{ status: number; body: unknown; text: string }>;
}

export interface TwilioRequest {
	method: string;
	path: string;
	to?: string;
}

/**
 * Starts the stack `npm start` starts before the file's tests and stops it after them. Google's
 * per-minute quotas are off unless the file says otherwise: quota pacing and 429 handling are
 * covered by the tracker's own tests against the stand-in, and the suite stays quick.
 */
export function useSandboxStack(options: { env?: Record<string, string>; afterStart?: (api: SandboxApi) => Promise<void> } = {}): SandboxApi {
	let running: SandboxProcess | undefined;
	const api = sandboxApiFor(() => {
		if (!running) throw new Error('the sandbox stack is not running (used outside the tests of its file?)');
		return running;
	});
	beforeAll(async () => {
		running = await startSandboxProcess({ env: { SANDBOX_SHEETS_QUOTAS: 'off', ...options.env } });
		await options.afterStart?.(api);
	}, 420_000);
	afterAll(async () => {
		await running?.stop();
	}, 60_000);
	return api;
}

/**
 * The same view of a stack a test started itself (the crash tests start one, kill its n8n and
 * start another on the same data folder): a stack, or how to get the current one.
 */
export function sandboxApiFor(stackOrGetter: SandboxProcess | (() => SandboxProcess)): SandboxApi {
	const stack = typeof stackOrGetter === 'function' ? stackOrGetter : () => stackOrGetter;
	const url = (route: string) => `${stack().sandboxUrl}${route}`;
	const mail = () => getJson<SandboxEmail[]>(url('/api/mail'));
	return {
		get stack() {
			return stack();
		},
		tab: (name) => getJson<TabRows>(url(`/api/sheets/${encodeURIComponent(name)}`)),
		mail,
		mailTo: async (address) => (await mail()).filter((message) => message.to.includes(address)),
		outbox: () => getJson<OutboxMessage[]>(url('/api/outbox')),
		async setClock(iso) {
			expect((await postJson(url('/api/clock'), { set: iso })).status).toBe(200);
		},
		async runDrip() {
			expect((await postJson(url('/api/drip-run'), {})).status).toBeLessThan(300);
		},
		async runScoreboard() {
			const headers = { [SANDBOX.dripRunSecretHeader]: secretsOf(stack()).dripRunSecret };
			expect((await postJson(`${stack().n8nUrl}/webhook/mortgage-scoreboard-run`, {}, headers)).status).toBe(200);
		},
		twilioRequests: () => getJson<TwilioRequest[]>(url('/stand-in/twilio/requests')),
		sheetsFaults: (faults) => postJson(url('/stand-in/sheets/faults'), faults),
		postLead: (lead) => postJson(stack().leadWebhook, lead, { [SANDBOX.leadSecretHeader]: stack().leadSecret }),
	};
}

/** The secrets the sandbox made for this stack (kept in its data folder, owner-only). */
export function secretsOf(stack: SandboxProcess): SandboxSecrets {
	return JSON.parse(readFileSync(sandboxPaths(stack.dataRoot).secretsFile, 'utf8')) as SandboxSecrets;
}
