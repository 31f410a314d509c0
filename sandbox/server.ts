/**
 * The sandbox server: ONE loopback HTTP server (SANDBOX_PORT, default 5680) that is at the same
 * time the Google Sheets stand-in (/v4/...), the Twilio stand-in (/2010-04-01/...), the sandbox
 * page and a small JSON API for scripts and tests:
 *
 *   GET  /                      the sandbox page (tracker tabs, SMS outbox, test forms)
 *   GET  /api/clock             { now, offsetMs }
 *   POST /api/clock             { advanceMinutes } | { set: ISO instant } | { reset: true }
 *   GET  /api/outbox            texts the Twilio stand-in received, oldest first
 *   GET  /api/mail              emails n8n sent through the sandbox SMTP server (SANDBOX_SMTP_PORT)
 *   GET  /api/sheets/{tab}      rows of a tab of the sandbox tracker: { headers, rows, values }
 *   GET  /api/spreadsheets/{id}/{tab}   the same for any spreadsheet (partner views)
 *   GET  /api/spreadsheets      spreadsheets the Sheets stand-in holds (when it can list them)
 *   POST /api/lead              forwards a lead to the n8n lead webhook with the sandbox secret
 *   POST /api/reply             { from, body }: the borrower replies (Twilio calls n8n, signed)
 *   POST /api/email-reply       { from, subject, text }: the borrower emails the LO (into the LO's IMAP inbox)
 *   POST /api/drip-run          runs the drip workflow now instead of waiting for its schedule
 *   POST /api/referral          forwards a referral status update to the n8n referral webhook
 *   GET  /api/status            which stand-ins are up, URLs (for the launcher and tests)
 *   POST /stand-in/sheets/faults  Sheets faults { rate, statuses, applyFirst, forSeconds, operations }; DELETE clears
 *   POST /stand-in/twilio/faults  Twilio faults { kind, times, to, stallMs }; DELETE clears
 *
 * Any web page the LO opens can send requests to 127.0.0.1, and a rebound DNS name can read the
 * answers: every request must name this server by a loopback name and its own port (Host), and
 * a browser's request must come from the sandbox page itself (Origin absent or the same). Anything
 * else gets 403 and changes nothing.
 */
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createSandboxClock, type SandboxClock } from './clock';
import { startMailStandIn, type MailStandIn } from './mail';
import { SANDBOX, type SandboxPaths, type SandboxSecrets } from './config';
import {
	loadSheetsStandIn,
	loadTwilioStandIn,
	type SheetsStandIn,
	type TwilioStandIn,
} from './standIns';
import { SANDBOX_SERVICE_ACCOUNT } from './workflowsForSandbox';

export interface SandboxServerOptions {
	port: number;
	paths: SandboxPaths;
	secrets: SandboxSecrets;
	/** Where the local n8n listens, e.g. http://127.0.0.1:5678 (the forms post there). */
	n8nBaseUrl: string;
	/** Port of the sandbox SMTP server that n8n's Send Email node delivers to. */
	smtpPort: number;
	/**
	 * Google's per-minute Sheets quotas in the stand-in (default on, as with a real Google account).
	 * The speed-to-lead benchmark turns them off to measure n8n and the pack, not the quota.
	 */
	sheetsQuotas?: boolean;
	/** Simulated network latency of the Twilio stand-in (ms). */
	twilioLatencyMs?: number;
	log?: (line: string) => void;
}

/** A text the Twilio stand-in accepted (201), with the moment its answer left the server. */
export interface TextAccepted {
	sid: string;
	to: string;
	body: string;
	/** performance.now() when the stand-in answered: benchmarks time speed-to-lead up to here. */
	at: number;
}

export interface SandboxServer {
	baseUrl: string;
	/** Tells about every text the Twilio stand-in accepts (benchmarks listen here). */
	onText(listener: (text: TextAccepted) => void): () => void;
	port: number;
	clock: SandboxClock;
	sheets?: SheetsStandIn;
	twilio?: TwilioStandIn;
	mail: MailStandIn;
	/** Why a stand-in is missing (empty when both are up). */
	problems: string[];
	close(): Promise<void>;
}

const PAGE = path.join(__dirname, 'page.html');

export async function startSandboxServer(options: SandboxServerOptions): Promise<SandboxServer> {
	const { paths, secrets } = options;
	const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
	const clock = createSandboxClock(paths.clockFile);
	const problems: string[] = [];

	const sheetsLoaded = await loadSheetsStandIn({
		// Real time, not the sandbox clock: Google's client signs its sign-in token with the real
		// time and the stand-in checks it (and counts quota minutes) the way Google does.
		now: Date.now,
		dataFile: paths.sheetsFile,
		...(options.sheetsQuotas === false ? { quotas: false } : {}),
		// The sandbox's service account: the stand-in checks each sign-in's signature against its key.
		serviceAccountKeys: { [SANDBOX_SERVICE_ACCOUNT]: createPublicKey(secrets.googlePrivateKey).export({ type: 'spki', format: 'pem' }).toString() },
	});
	const twilioLoaded = await loadTwilioStandIn({
		now: clock.now,
		dataFile: paths.twilioFile,
		accountSid: secrets.twilioAccountSid,
		authToken: secrets.twilioAuthToken,
		latencyMs: options.twilioLatencyMs ?? 0,
		// The LO's number, with no webhook yet: the SMS Reply Trigger points it at itself on activation.
		incomingNumbers: [SANDBOX.twilioNumber],
	});
	const sheets = sheetsLoaded.ok ? sheetsLoaded.standIn : undefined;
	const twilio = twilioLoaded.ok ? twilioLoaded.standIn : undefined;
	if (!sheetsLoaded.ok) problems.push(sheetsLoaded.reason);
	// The LO's number on a Messaging Service with a registered 10DLC campaign, as the health check wants it.
	twilio?.addMessagingService({ friendlyName: SANDBOX.company, numbers: [SANDBOX.twilioNumber], a2pRegistered: true });
	if (!twilioLoaded.ok) problems.push(twilioLoaded.reason);
	for (const problem of problems) log(`sandbox: ${problem}`);
	const mail = await startMailStandIn({ port: options.smtpPort, dataFile: paths.mailFile, now: clock.now, loEmail: SANDBOX.loEmail });

	const textListeners = new Set<(text: TextAccepted) => void>();
	const api = new SandboxApi({ ...options, clock, sheets, twilio, mail, problems, textListeners });
	const server = createServer((req, res) => {
		api.route(req, res).catch((error: Error) => {
			if (!res.headersSent) sendJson(res, 500, { error: error.message });
			else res.end();
		});
	});
	// Many leads at once (bench bursts): keep connections alive and do not cap them.
	server.keepAliveTimeout = 30_000;
	try {
		await listen(server, options.port);
	} catch (error) {
		await mail.close();
		throw error;
	}
	const port = (server.address() as AddressInfo).port;
	return {
		baseUrl: `http://127.0.0.1:${port}`,
		port,
		clock,
		sheets,
		twilio,
		mail,
		problems,
		onText(listener) {
			textListeners.add(listener);
			return () => textListeners.delete(listener);
		},
		close: async () => {
			await close(server);
			await mail.close();
			// Each stand-in writes its data file shortly after a change (Sheets 200 ms, Twilio 25 ms):
			// written now, or a stop right after a save (n8n killed mid-burst) would keep the text a
			// lead got and lose the Leads row Google had already confirmed, which Google never does.
			sheets?.flush();
			twilio?.flush();
		},
	};
}

interface ApiDeps extends SandboxServerOptions {
	clock: SandboxClock;
	sheets?: SheetsStandIn;
	twilio?: TwilioStandIn;
	mail: MailStandIn;
	problems: string[];
	textListeners: Set<(text: TextAccepted) => void>;
}

const MESSAGE_CREATE = /^\/2010-04-01\/Accounts\/[^/]+\/Messages\.json$/;

class SandboxApi {
	constructor(private readonly deps: ApiDeps) {}

	async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const refusal = foreignRequest(req);
		if (refusal) {
			req.resume();
			return sendJson(res, 403, { error: refusal });
		}
		const url = new URL(req.url ?? '/', 'http://sandbox.local');
		const { pathname } = url;
		const method = req.method ?? 'GET';

		if (method === 'GET' && (pathname === '/' || pathname === '/index.html')) {
			res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
			res.end(readFileSync(PAGE));
			return;
		}
		if (pathname === '/api/status' && method === 'GET') return this.status(res);
		if (pathname === '/api/clock') {
			if (method === 'GET') return this.clockState(res);
			if (method === 'POST') return this.moveClock(req, res);
		}
		if (pathname === '/api/outbox' && method === 'GET') return this.outbox(res);
		if (pathname === '/api/mail' && method === 'GET') return sendJson(res, 200, this.deps.mail.mailbox());
		if (pathname === '/api/spreadsheets' && method === 'GET') return this.spreadsheets(res);
		const tab = /^\/api\/sheets\/([^/]+)$/.exec(pathname);
		if (tab && method === 'GET') {
			return this.tab(res, SANDBOX.spreadsheetId, decodeURIComponent(tab[1]));
		}
		const anyTab = /^\/api\/spreadsheets\/([^/]+)\/([^/]+)$/.exec(pathname);
		if (anyTab && method === 'GET') {
			return this.tab(res, decodeURIComponent(anyTab[1]), decodeURIComponent(anyTab[2]));
		}
		if (method === 'POST' && pathname === '/api/lead') {
			return this.forward(req, res, SANDBOX.leadWebhookPath, [SANDBOX.leadSecretHeader, this.deps.secrets.leadSecret], (lead) => ({
				// A web form stamps its leads; the sandbox's form stamps them with the sandbox clock.
				submitted_at: new Date(this.deps.clock.now()).toISOString(),
				...lead,
			}));
		}
		if (method === 'POST' && pathname === '/api/drip-run') {
			return this.forward(req, res, SANDBOX.dripRunWebhookPath, [SANDBOX.dripRunSecretHeader, this.deps.secrets.dripRunSecret]);
		}
		if (method === 'POST' && pathname === '/api/referral') {
			return this.forward(req, res, SANDBOX.referralWebhookPath, [SANDBOX.referralSecretHeader, this.deps.secrets.referralSecret]);
		}
		if (method === 'POST' && pathname === '/api/reply') return this.reply(req, res);
		if (method === 'POST' && pathname === '/api/email-reply') return this.emailReply(req, res);
		// Everything else belongs to a stand-in: Sheets answers /v4/..., /drive/v3/... and /token,
		// Twilio /2010-04-01/...
		if (this.deps.sheets && (await this.deps.sheets.handle(req, res))) return;
		if (this.deps.twilio) {
			if (method === 'POST' && MESSAGE_CREATE.test(pathname) && this.deps.textListeners.size) this.watchText(res);
			if (await this.deps.twilio.handle(req, res)) return;
		}
		if (pathname.startsWith('/v4/') || pathname.startsWith('/drive/') || pathname === '/token') return this.missing('Google Sheets', res);
		if (pathname.startsWith('/2010-04-01/')) return this.missing('Twilio', res);
		sendJson(res, 404, { error: `No sandbox route for ${method} ${pathname}` });
	}

	/** Reads the stand-in's answer to a Messages create on its way out, for onText listeners. */
	private watchText(res: ServerResponse): void {
		const chunks: Buffer[] = [];
		const write = res.write.bind(res) as (...args: unknown[]) => boolean;
		const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
		const keep = (chunk: unknown) => {
			if (typeof chunk === 'string') chunks.push(Buffer.from(chunk));
			else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
		};
		res.write = ((chunk: unknown, ...rest: unknown[]) => {
			keep(chunk);
			return write(chunk, ...rest);
		}) as typeof res.write;
		res.end = ((chunk?: unknown, ...rest: unknown[]) => {
			if (chunk !== undefined && typeof chunk !== 'function') keep(chunk);
			const result = end(chunk, ...rest);
			if (res.statusCode === 201) {
				try {
					const message = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { sid: string; to: string; body: string };
					const text = { sid: message.sid, to: message.to, body: message.body, at: performance.now() };
					for (const listener of this.deps.textListeners) listener(text);
				} catch {
					// not a message answer: nothing to tell
				}
			}
			return result;
		}) as typeof res.end;
	}

	private missing(label: string, res: ServerResponse): void {
		const reason = this.deps.problems.find((p) => p.includes(label)) ?? `${label} stand-in missing`;
		sendJson(res, 503, { error: { code: 503, message: reason, status: 'UNAVAILABLE' } });
	}

	private status(res: ServerResponse): void {
		sendJson(res, 200, {
			sheets: Boolean(this.deps.sheets),
			twilio: Boolean(this.deps.twilio),
			smtpPort: this.deps.mail.port,
			imapPort: this.deps.mail.imap.port,
			problems: this.deps.problems,
			spreadsheetId: SANDBOX.spreadsheetId,
			n8n: this.deps.n8nBaseUrl,
			now: new Date(this.deps.clock.now()).toISOString(),
		});
	}

	private clockState(res: ServerResponse): void {
		sendJson(res, 200, {
			now: new Date(this.deps.clock.now()).toISOString(),
			offsetMs: this.deps.clock.offsetMs(),
		});
	}

	private async moveClock(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const body = await readJson(req);
		try {
			if (body.reset === true) this.deps.clock.reset();
			else if (typeof body.set === 'string') this.deps.clock.set(body.set);
			else if (body.advanceMinutes !== undefined) this.deps.clock.advance(Number(body.advanceMinutes));
			else if (body.hours !== undefined) this.deps.clock.advance(Number(body.hours) * 60);
			else throw new Error('send { "advanceMinutes": 60 }, { "set": "2026-03-09T13:00:00Z" } or { "reset": true }');
		} catch (error) {
			return sendJson(res, 400, { error: (error as Error).message });
		}
		this.clockState(res);
	}

	private async outbox(res: ServerResponse): Promise<void> {
		if (!this.deps.twilio) return sendJson(res, 503, { error: this.deps.problems.join('; ') });
		sendJson(res, 200, await this.deps.twilio.outbox());
	}

	private async spreadsheets(res: ServerResponse): Promise<void> {
		const sheets = this.deps.sheets;
		if (!sheets) return sendJson(res, 503, { error: this.deps.problems.join('; ') });
		const list = typeof sheets.listSpreadsheets === 'function'
			? await (sheets.listSpreadsheets as () => unknown)()
			: [{ spreadsheetId: SANDBOX.spreadsheetId }];
		sendJson(res, 200, list);
	}

	private async tab(res: ServerResponse, spreadsheetId: string, title: string): Promise<void> {
		if (!this.deps.sheets) return sendJson(res, 503, { error: this.deps.problems.join('; ') });
		let raw: unknown;
		try {
			raw = await this.deps.sheets.readTab(spreadsheetId, title);
		} catch (error) {
			return sendJson(res, 404, { error: (error as Error).message });
		}
		if (raw === undefined || raw === null) {
			return sendJson(res, 404, { error: `No tab "${title}" in spreadsheet ${spreadsheetId}` });
		}
		sendJson(res, 200, { spreadsheetId, tab: title, ...tableOf(raw) });
	}

	private async forward(
		req: IncomingMessage,
		res: ServerResponse,
		webhookPath: string,
		/** The entry point's own secret header: each webhook has its own credential. */
		[secretHeader, secret]: [string, string],
		stamp?: (body: Record<string, unknown>) => Record<string, unknown>,
	): Promise<void> {
		const raw = (await readBody(req)).toString('utf8');
		const body = stamp ? JSON.stringify(stamp(raw.trim() ? (JSON.parse(raw) as Record<string, unknown>) : {})) : raw;
		const started = performance.now();
		let response: Response;
		try {
			response = await fetch(`${this.deps.n8nBaseUrl}/webhook/${webhookPath}`, {
				method: 'POST',
				headers: {
					'content-type': stamp ? 'application/json' : (req.headers['content-type'] ?? 'application/json'),
					[secretHeader]: secret,
				},
				body: body.length ? body : '{}',
			});
		} catch (error) {
			return sendJson(res, 502, { error: `n8n is not reachable at ${this.deps.n8nBaseUrl}: ${(error as Error).message}` });
		}
		const text = await response.text();
		res.writeHead(response.status, {
			'content-type': response.headers.get('content-type') ?? 'text/plain',
			'x-sandbox-elapsed-ms': String(Math.round(performance.now() - started)),
		});
		res.end(text);
	}

	private async reply(req: IncomingMessage, res: ServerResponse): Promise<void> {
		if (!this.deps.twilio) return sendJson(res, 503, { error: this.deps.problems.join('; ') });
		const body = await readJson(req);
		const from = String(body.from ?? '').trim();
		const text = String(body.body ?? '');
		if (!from) return sendJson(res, 400, { error: '"from" (the borrower\'s phone, E.164) is required' });
		const result = await this.deps.twilio.sendInbound({ from, to: String(body.to ?? SANDBOX.twilioNumber), body: text });
		sendJson(res, 200, result ?? { ok: true });
	}

	/** A borrower's email reply, put in the LO's IMAP inbox (the email replies workflow reads it). */
	private async emailReply(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const body = await readJson(req);
		const from = String(body.from ?? '').trim();
		if (!from) return sendJson(res, 400, { error: '"from" (the borrower\'s email address) is required' });
		const messageId = this.deps.mail.receive({ from, subject: String(body.subject ?? ''), text: String(body.text ?? ''), inReplyTo: body.inReplyTo ? String(body.inReplyTo) : undefined });
		sendJson(res, 200, { ok: true, messageId });
	}
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * Why a request is not the sandbox's own (null when it is): Host must be a loopback name with the
 * port this server listens on (DNS rebinding names another host), and Origin, when a browser sends
 * one, must be that same address (a cross-site page's POST carries its own).
 */
export function foreignRequest(req: IncomingMessage): string | null {
	const port = req.socket.localPort;
	const allowed = LOOPBACK_NAMES.map((name) => `${name}:${port}`);
	const host = (req.headers.host ?? '').toLowerCase();
	if (!allowed.includes(host)) return `Host "${host}" is not this sandbox (use http://127.0.0.1:${port})`;
	const origin = req.headers.origin;
	if (origin !== undefined && origin.toLowerCase() !== `http://${host}`) return `requests from ${origin} are refused: only the sandbox page itself may call it`;
	return null;
}

/** A tab as the stand-in gives it (rows of cells, or { values }) -> headers + row objects. */
export function tableOf(raw: unknown): { headers: string[]; rows: Array<Record<string, string>>; values: unknown[][] } {
	const values: unknown[][] = Array.isArray(raw)
		? (raw as unknown[][])
		: Array.isArray((raw as { values?: unknown }).values)
			? ((raw as { values: unknown[][] }).values)
			: [];
	const headers = (values[0] ?? []).map((cell) => String(cell ?? ''));
	const rows = values.slice(1).map((row) => {
		const record: Record<string, string> = {};
		headers.forEach((header, i) => {
			if (header) record[header] = row[i] === undefined || row[i] === null ? '' : String(row[i]);
		});
		return record;
	});
	return { headers, rows, values };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
	res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
	res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
	const body = (await readBody(req)).toString('utf8');
	if (!body.trim()) return {};
	try {
		const parsed = JSON.parse(body) as unknown;
		return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
	} catch {
		return Object.fromEntries(new URLSearchParams(body));
	}
}

function listen(server: Server, port: number): Promise<void> {
	return new Promise((resolve, reject) => {
		server.once('error', (error: NodeJS.ErrnoException) => {
			reject(
				error.code === 'EADDRINUSE'
					? new Error(`Port ${port} is in use: set SANDBOX_PORT to a free port`)
					: error,
			);
		});
		server.listen(port, '127.0.0.1', () => resolve());
	});
}

function close(server: Server): Promise<void> {
	return new Promise((resolve) => {
		server.close(() => resolve());
		server.closeAllConnections();
	});
}
