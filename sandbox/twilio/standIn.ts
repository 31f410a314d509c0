import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import path from 'node:path';
import {
	CREATE_ERRORS,
	DEFAULT_SCRIPTED_NUMBERS,
	DEFAULT_KEYWORD_REPLIES,
	DELIVERY_ERRORS,
	optOutTypeOf,
	type NumberScript,
} from './scripts';
// One signature for both sides: the stand-in signs as Twilio does, the trigger checks with the same
// code, and both are tested against twilio's own validateRequest (test/transport/twilio).
import { twilioSignature } from '../../nodes/transport/twilio/signature';

/**
 * A loopback stand-in for Twilio's Programmable Messaging REST API (2010-04-01), faithful to the
 * shapes in ../shared/research/external-apis.md and twilio-oai's twilio_api_v2010.json: Messages
 * create / fetch / list, IncomingPhoneNumbers list / fetch / update (a number's SmsUrl and
 * SmsMethod), Twilio's error body, scripted trouble numbers, signed status callbacks, and signed
 * inbound messages POSTed to the SmsUrl of the number that was texted.
 *
 * Like Twilio, it has no idempotency key for creating messages: the same request twice is two
 * texts. Faults can be injected (`injectFault`) to show what a lost answer does.
 */

export const API_PREFIX = '/2010-04-01/';

/** Where the sandbox injects Twilio faults over HTTP (not a Twilio path; loopback only). */
export const FAULTS_PATH = '/stand-in/twilio/faults';
/** GET: every API request so far ({ method, path, query, to }), oldest first, for tests over HTTP. */
export const REQUESTS_PATH = '/stand-in/twilio/requests';

const FAULT_KINDS: readonly string[] = ['accept-then-drop', 'accept-then-500', 'accept-then-stall', 'drop-before-accept'];

export interface TwilioStandInOptions {
	/** The clock for message dates (injectable so tests and the sandbox clock control it). */
	now?: () => number;
	/** Where messages, opt-outs and numbers survive restarts; none = memory only. */
	dataFile?: string;
	/** The account the stand-in serves; any `AC...` SID is accepted when not set. */
	accountSid?: string;
	/** Required password for Basic auth and the key that signs callbacks and inbound webhooks. */
	authToken?: string;
	/** API Key SID -> secret pairs accepted instead of the auth token. */
	apiKeys?: Record<string, string>;
	/** Delay before every API answer, in milliseconds (0 = answer at once). */
	latencyMs?: number;
	/**
	 * The SmsUrl the account's numbers start with (and any number the stand-in provisions on the
	 * fly); empty = none, as a new Twilio number has. The SMS trigger sets its own on activation.
	 */
	inboundWebhookUrl?: string;
	/** Numbers the account owns (IncomingPhoneNumbers), in E.164. */
	incomingNumbers?: string[];
	/** Extra or overriding scripted numbers (see DEFAULT_SCRIPTED_NUMBERS). */
	scriptedNumbers?: Record<string, NumberScript>;
	/** The number a Messaging Service sends from. */
	messagingServiceNumber?: string;
	/**
	 * Twilio's own answers to bare STOP / START / HELP keywords (default: Twilio's default texts).
	 * A keyword set to null gets no answer (as when an LO turned that reply off in Advanced Opt-Out);
	 * `false` turns every answer off. Opting out and back in happens either way.
	 */
	keywordReplies?: Partial<Record<'STOP' | 'START' | 'HELP', string | null>> | false;
	/** Whether inbound webhooks carry OptOutType (Advanced Opt-Out on; default true). */
	advancedOptOut?: boolean;
	/** Ignored extras from launchers that pass more. */
	[more: string]: unknown;
}

/** A message exactly as Twilio's REST API renders it. */
export interface TwilioMessage {
	account_sid: string;
	api_version: '2010-04-01';
	body: string;
	date_created: string;
	date_sent: string | null;
	date_updated: string;
	direction: 'outbound-api' | 'outbound-reply' | 'inbound';
	error_code: number | null;
	error_message: string | null;
	from: string | null;
	messaging_service_sid: string | null;
	num_media: string;
	num_segments: string;
	price: string | null;
	price_unit: string;
	sid: string;
	status: string;
	subresource_uris: { media: string; feedback: string };
	to: string;
	uri: string;
}

/** An IncomingPhoneNumber exactly as Twilio's REST API renders it. */
export interface TwilioIncomingNumber {
	account_sid: string;
	address_requirements: string;
	address_sid: string | null;
	api_version: '2010-04-01';
	beta: boolean;
	bundle_sid: string | null;
	capabilities: { voice: boolean; sms: boolean; mms: boolean; fax: boolean };
	date_created: string;
	date_updated: string;
	emergency_address_sid: string | null;
	emergency_address_status: string;
	emergency_status: string;
	friendly_name: string;
	identity_sid: string | null;
	origin: string;
	phone_number: string;
	sid: string;
	sms_application_sid: string;
	sms_fallback_method: string;
	sms_fallback_url: string;
	sms_method: string;
	sms_url: string;
	status: string;
	status_callback: string;
	status_callback_method: string;
	trunk_sid: string | null;
	type: string;
	uri: string;
	voice_application_sid: string;
	voice_caller_id_lookup: boolean;
	voice_fallback_method: string;
	voice_fallback_url: string | null;
	voice_method: string;
	voice_receive_mode: string;
	voice_url: string | null;
}

/**
 * What can go wrong with a message create, on purpose:
 * - `accept-then-drop`: Twilio creates the message, then the answer is lost (the connection closes);
 * - `accept-then-500`: Twilio creates the message, then answers 500;
 * - `accept-then-stall`: Twilio creates the message and answers nothing for `stallMs` (a timeout);
 * - `drop-before-accept`: the connection closes before anything is created.
 */
export type TwilioFaultKind = 'accept-then-drop' | 'accept-then-500' | 'accept-then-stall' | 'drop-before-accept';

export interface TwilioFault {
	kind: TwilioFaultKind;
	/** How many creates it hits (default 1). */
	times?: number;
	/** Only creates to this number (default any). */
	to?: string;
	/** For accept-then-stall: how long before the connection closes (default 60 s). */
	stallMs?: number;
}

export interface InboundMessage {
	from: string;
	to: string;
	body: string;
}

export interface InboundResult {
	messageSid: string;
	/** Twilio's own answer to a bare keyword (STOP, START, HELP...), when it sent one. */
	autoReply?: TwilioMessage;
	params: Record<string, string>;
	/** The webhook's HTTP status, or null when no webhook URL is set or it could not be reached. */
	status: number | null;
	responseBody: string;
	error?: string;
}

export interface CallbackRecord {
	url: string;
	params: Record<string, string>;
	status: number | null;
	error?: string;
}

interface PersistedState {
	messages: TwilioMessage[];
	statusCallbacks: Record<string, string>;
	optedOut: string[];
	/** The SmsUrl numbers provisioned from now on start with. */
	inboundWebhookUrl: string | null;
	numbers: TwilioIncomingNumber[];
}

export interface TwilioStandIn {
	/** Answers requests under /2010-04-01/ (true); leaves anything else to the caller (false). */
	handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
	/**
	 * Texts that left the account, oldest first: those sent through the API (`outbound-api`) and
	 * Twilio's own answers to STOP / START / HELP (`outbound-reply`).
	 */
	outbox(): TwilioMessage[];
	/** Messages received from borrowers, oldest first. */
	inbox(): TwilioMessage[];
	/**
	 * A borrower texts the LO: recorded, then sent (signed) to the SmsUrl of the number texted,
	 * with its SmsMethod. A number the account does not have yet is provisioned on the fly.
	 */
	sendInbound(message: InboundMessage, options?: { signWith?: string | null }): Promise<InboundResult>;
	/** Sets the SmsUrl of every number of the account (and of numbers provisioned later). */
	setInboundWebhookUrl(url: string | null): void;
	inboundWebhookUrl(): string | null;
	/** Gives the account a number (IncomingPhoneNumbers), optionally with its webhook already set. */
	addIncomingNumber(phoneNumber: string, webhook?: { smsUrl?: string; smsMethod?: 'GET' | 'POST'; smsApplicationSid?: string }): TwilioIncomingNumber;
	/** The account's numbers, as Twilio lists them. */
	incomingNumbers(): TwilioIncomingNumber[];
	/** A Messaging Service with these numbers (its A2P 10DLC campaign registered or not); returns its MG sid. */
	addMessagingService(service: { friendlyName: string; numbers?: string[]; a2pRegistered?: boolean }): string;
	/** What Lookup's line_type_intelligence says of a number (default mobile): landline, fixedVoip, tollFree... */
	setLineType(phone: string, type: string): void;
	/** How many Lookup requests were answered. */
	lookupCount(): number;
	/** The most API requests it was answering at the same moment (latency set): clients in parallel. */
	maxConcurrent(): number;
	/** Every API request so far (method, path, query), oldest first: what a test counts. */
	requests(): Array<{ method: string; path: string; query: Record<string, string>; to?: string }>;
	/** Makes the next message create(s) fail the way `fault` says. */
	injectFault(fault: TwilioFault): void;
	clearFaults(): void;
	setScriptedNumber(phone: string, script: NumberScript | null): void;
	scriptedNumbers(): Record<string, NumberScript>;
	setLatency(ms: number): void;
	/** Numbers that texted STOP and did not text START since (texts to them answer 21610). */
	optedOutNumbers(): string[];
	/** Every status callback POSTed so far, oldest first. */
	callbackLog(): CallbackRecord[];
	/** Resolves once every status callback scheduled so far has been delivered (or failed). */
	settled(): Promise<void>;
	/** Forgets every message and opt-out (scripted numbers and the account's numbers stay). */
	reset(): void;
	/** Writes the data file now (it is otherwise written shortly after each change). */
	flush(): void;
	/** Flushes and lets go of open webhook connections. */
	close(): void;
}

export function createTwilioStandIn(options: TwilioStandInOptions = {}): TwilioStandIn {
	const now = options.now ?? Date.now;
	const dataFile = options.dataFile;
	let latencyMs = Math.max(0, options.latencyMs ?? 0);
	const scripts: Record<string, NumberScript> = { ...DEFAULT_SCRIPTED_NUMBERS, ...(options.scriptedNumbers ?? {}) };
	const attempts = new Map<string, number>();
	const callbacks: CallbackRecord[] = [];
	const pending = new Set<Promise<void>>();
	const serviceNumber = options.messagingServiceNumber ?? '+15005550006';
	const agent = new http.Agent({ keepAlive: true });

	const faults: Array<TwilioFault & { left: number }> = [];
	const requestLog: Array<{ method: string; path: string; query: Record<string, string>; to?: string }> = [];
	let concurrent = 0;
	let maxConcurrent = 0;
	const defaultAccount = options.accountSid ?? `AC${'0'.repeat(32)}`;
	/** Messaging Services (with their numbers and whether their A2P 10DLC campaign is registered) and Lookup answers: kept in memory. */
	const services: Array<{ sid: string; friendlyName: string; numbers: string[]; a2pRegistered: boolean }> = [];
	const lineTypes = new Map<string, string>();
	let lookups = 0;
	let state: PersistedState = load(dataFile) ?? emptyState(options.inboundWebhookUrl ?? null);
	if (options.inboundWebhookUrl) state.inboundWebhookUrl = options.inboundWebhookUrl;
	let bySid = indexBySid(state.messages);
	// Lists are usually by recipient (the SMS node's replay check): no scan of the whole log.
	let byTo = indexByTo(state.messages);
	let saveTimer: NodeJS.Timeout | null = null;
	for (const phone of options.incomingNumbers ?? []) if (!numberByPhone(phone)) provision(phone);

	function changed(): void {
		if (!dataFile || saveTimer) return;
		saveTimer = setTimeout(flush, 25);
		saveTimer.unref();
	}

	function flush(): void {
		if (saveTimer) clearTimeout(saveTimer);
		saveTimer = null;
		if (!dataFile) return;
		mkdirSync(path.dirname(dataFile), { recursive: true });
		const temporary = `${dataFile}.tmp`;
		writeFileSync(temporary, JSON.stringify(state));
		renameSync(temporary, dataFile); // never leave a half-written file behind
	}

	function accountSidOf(pathAccount: string): string {
		return options.accountSid ?? pathAccount;
	}

	function authorize(req: IncomingMessage, pathAccount: string): boolean {
		if (options.accountSid && pathAccount !== options.accountSid) return false;
		const header = req.headers.authorization ?? '';
		if (!header.startsWith('Basic ')) return !options.authToken;
		const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		const user = decoded.slice(0, colon);
		const password = decoded.slice(colon + 1);
		if (user.startsWith('SK')) return options.apiKeys?.[user] !== undefined && options.apiKeys[user] === password;
		if (!options.authToken) return user.startsWith('AC');
		return user === pathAccount && password === options.authToken;
	}

	async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
		const url = new URL(req.url ?? '/', 'http://stand-in');
		if (url.pathname === FAULTS_PATH) return faultsEndpoint(req, res);
		if (url.pathname === REQUESTS_PATH && (req.method ?? 'GET').toUpperCase() === 'GET') {
			sendJson(res, 200, requestLog);
			return true;
		}
		if (url.pathname.startsWith('/v1/Services') || url.pathname.startsWith('/v2/PhoneNumbers/')) return answerOtherApis(req, res, url);
		if (!url.pathname.startsWith(API_PREFIX)) return false;
		concurrent++;
		maxConcurrent = Math.max(maxConcurrent, concurrent);
		try {
			return await answer(req, res, url);
		} finally {
			concurrent--;
		}
	}

	/**
	 * Messaging v1 (messaging.twilio.com: Services and their PhoneNumbers, with
	 * us_app_to_person_registered) and Lookup v2 (lookups.twilio.com: PhoneNumbers with
	 * line_type_intelligence), served under the same root in the sandbox. Authenticated as the
	 * account's API: the Account SID and Auth Token (or an API key).
	 */
	async function answerOtherApis(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
		await readBody(req);
		requestLog.push({ method: (req.method ?? 'GET').toUpperCase(), path: url.pathname, query: Object.fromEntries(url.searchParams) });
		const user = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString('utf8').split(':')[0];
		if (!authorize(req, user.startsWith('SK') ? defaultAccount : user)) {
			sendError(res, 20003, 'Authenticate', 401);
			return true;
		}
		const lookup = /^\/v2\/PhoneNumbers\/([^/]+)$/.exec(url.pathname);
		if (lookup) {
			const phone = decodeURIComponent(lookup[1]);
			const valid = /^\+[1-9]\d{7,14}$/.test(phone);
			const type = lineTypes.get(phone) ?? 'mobile';
			const fields = (url.searchParams.get('Fields') ?? '').split(',');
			lookups++;
			sendJson(res, 200, {
				phone_number: phone,
				valid,
				country_code: phone.startsWith('+1') ? 'US' : null,
				line_type_intelligence: valid && fields.includes('line_type_intelligence') ? { type, carrier_name: 'Stand-in Wireless', mobile_country_code: '310', mobile_network_code: '000', error_code: null } : null,
				url: `https://lookups.twilio.com/v2/PhoneNumbers/${encodeURIComponent(phone)}`,
			});
			return true;
		}
		const numbers = /^\/v1\/Services\/(MG[0-9a-f]{32})\/PhoneNumbers$/.exec(url.pathname);
		if (numbers) {
			const service = services.find((s) => s.sid === numbers[1]);
			if (!service) sendError(res, 20404, `The requested resource ${url.pathname} was not found`, 404);
			else sendJson(res, 200, { phone_numbers: service.numbers.map((phone) => ({ sid: numberByPhone(phone)?.sid ?? null, phone_number: phone, service_sid: service.sid, capabilities: ['SMS', 'MMS'] })), meta: { key: 'phone_numbers', page: 0, page_size: 50 } });
			return true;
		}
		if (url.pathname === '/v1/Services') {
			sendJson(res, 200, { services: services.map((s) => ({ sid: s.sid, friendly_name: s.friendlyName, us_app_to_person_registered: s.a2pRegistered, status_callback: null })), meta: { key: 'services', page: 0, page_size: 50 } });
			return true;
		}
		sendError(res, 20404, `The requested resource ${url.pathname} was not found`, 404);
		return true;
	}

	async function answer(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
		const body = await readBody(req);
		// The number a request is about (a send's To in its form, a list's To in its query): what a test counts per borrower.
		const to = url.searchParams.get('To') ?? (body.includes('To=') ? new URLSearchParams(body).get('To') : null);
		requestLog.push({ method: (req.method ?? 'GET').toUpperCase(), path: url.pathname, query: Object.fromEntries(url.searchParams), ...(to ? { to } : {}) });
		if (latencyMs > 0) await sleep(latencyMs);

		const match =
			/^\/2010-04-01\/Accounts\/(AC[0-9a-zA-Z]+)(?:\.json|\/Messages\.json|\/Messages\/(SM[0-9a-f]+|MM[0-9a-f]+)\.json|\/IncomingPhoneNumbers\.json|\/IncomingPhoneNumbers\/(PN[0-9a-f]+)\.json)$/.exec(
				url.pathname,
			);
		if (!match) {
			sendError(res, 20404, `The requested resource ${url.pathname} was not found`);
			return true;
		}
		const [, pathAccount, messageSid, numberSid] = match;
		if (!authorize(req, pathAccount)) {
			sendError(res, 20003, 'Authenticate');
			return true;
		}
		const method = (req.method ?? 'GET').toUpperCase();
		const account = accountSidOf(pathAccount);

		if (url.pathname.endsWith(`${pathAccount}.json`) && method === 'GET') {
			sendJson(res, 200, accountJson(account, now()));
		} else if (url.pathname.endsWith('/Messages.json') && method === 'POST') {
			createMessage(res, account, new URLSearchParams(body));
		} else if (url.pathname.endsWith('/IncomingPhoneNumbers.json') && method === 'GET') {
			sendJson(res, 200, listNumbers(account, url));
		} else if (numberSid) {
			const number = state.numbers.find((n) => n.sid === numberSid && ownedBy(n, account));
			if (!number) sendError(res, 20404, `The requested resource ${url.pathname} was not found`);
			else if (method === 'GET') sendJson(res, 200, number);
			else if (method === 'POST') updateNumber(res, number, new URLSearchParams(body));
			else sendError(res, 20004, 'Method not allowed', 405);
		} else if (url.pathname.endsWith('/Messages.json') && method === 'GET') {
			sendJson(res, 200, listMessages(account, url));
		} else if (messageSid && method === 'GET') {
			const message = bySid.get(messageSid);
			if (!message || message.account_sid !== account) {
				sendError(res, 20404, `The requested resource ${url.pathname} was not found`);
			} else sendJson(res, 200, message);
		} else {
			sendError(res, 20004, 'Method not allowed', 405);
		}
		return true;
	}

	function createMessage(res: ServerResponse, account: string, form: URLSearchParams): void {
		const to = (form.get('To') ?? '').trim();
		const fault = takeFault(to);
		if (fault?.kind === 'drop-before-accept') return void res.socket?.destroy();
		const from = (form.get('From') ?? '').trim();
		const serviceSid = (form.get('MessagingServiceSid') ?? '').trim();
		const text = form.get('Body') ?? '';
		const mediaUrls = form.getAll('MediaUrl');
		if (!to) return sendError(res, 21604, CREATE_ERRORS[21604].message);
		if (!from && !serviceSid) return sendError(res, 21603, CREATE_ERRORS[21603].message);
		if (!text && mediaUrls.length === 0) return sendError(res, 21602, CREATE_ERRORS[21602].message);
		if (text.length > 1600) return sendError(res, 21617, CREATE_ERRORS[21617].message);
		if (!/^\+[1-9]\d{6,14}$/.test(to)) return sendError(res, 21211, `Invalid 'To' Phone Number: ${to}`);

		const script = scripts[to];
		if (script?.createError) {
			const tries = (attempts.get(to) ?? 0) + 1;
			attempts.set(to, tries);
			if (script.times === undefined || tries <= script.times) {
				const known = CREATE_ERRORS[script.createError];
				const detail = script.createError === 21211 ? `${known.message}: ${to}` : known?.message ?? 'Error';
				return sendError(res, script.createError, detail);
			}
		}
		if (state.optedOut.includes(to)) return sendError(res, 21610, CREATE_ERRORS[21610].message);

		const at = rfc2822(now());
		const sid = newSid('SM');
		const message: TwilioMessage = {
			account_sid: account,
			api_version: '2010-04-01',
			body: text,
			date_created: at,
			date_sent: null,
			date_updated: at,
			direction: 'outbound-api',
			error_code: null,
			error_message: null,
			from: serviceSid ? null : from,
			messaging_service_sid: serviceSid || null,
			num_media: String(mediaUrls.length),
			num_segments: String(segmentsOf(text)),
			price: null,
			price_unit: 'USD',
			sid,
			status: serviceSid ? 'accepted' : 'queued',
			subresource_uris: {
				media: `/2010-04-01/Accounts/${account}/Messages/${sid}/Media.json`,
				feedback: `/2010-04-01/Accounts/${account}/Messages/${sid}/Feedback.json`,
			},
			to,
			uri: `/2010-04-01/Accounts/${account}/Messages/${sid}.json`,
		};
		remember(message);
		const callbackUrl = form.get('StatusCallback');
		if (callbackUrl) state.statusCallbacks[sid] = callbackUrl;
		changed();
		const answer = { ...message };
		track(deliver(message, script?.deliveryError, callbackUrl));
		// The message exists now, whatever happens to the answer.
		if (fault?.kind === 'accept-then-drop') return void res.socket?.destroy();
		if (fault?.kind === 'accept-then-500') return sendError(res, 20500, CREATE_ERRORS[20500].message);
		if (fault?.kind === 'accept-then-stall') {
			const socket = res.socket;
			const timer = setTimeout(() => socket?.destroy(), fault.stallMs ?? 60_000);
			timer.unref();
			socket?.once('close', () => clearTimeout(timer));
			return;
		}
		sendJson(res, 201, answer);
	}

	/**
	 * The faults over HTTP, for scenarios driven from outside the process (e2e, the sandbox page):
	 * POST a TwilioFault as JSON to add one, DELETE to clear them, GET to see what is left.
	 */
	async function faultsEndpoint(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
		const method = (req.method ?? 'GET').toUpperCase();
		if (method === 'POST') {
			let fault: TwilioFault;
			try {
				fault = JSON.parse(await readBody(req)) as TwilioFault;
			} catch {
				sendJson(res, 400, { error: 'send a JSON body such as {"kind":"accept-then-drop"}' });
				return true;
			}
			if (!FAULT_KINDS.includes(fault?.kind)) {
				sendJson(res, 400, { error: `kind must be one of ${FAULT_KINDS.join(', ')}` });
				return true;
			}
			faults.push({ ...fault, left: Math.max(1, Number(fault.times) || 1) });
		} else if (method === 'DELETE') {
			faults.length = 0;
		} else if (method !== 'GET') {
			sendJson(res, 405, { error: 'GET, POST or DELETE' });
			return true;
		}
		sendJson(res, 200, { faults: faults.map(({ left, ...fault }) => ({ ...fault, times: left })) });
		return true;
	}

	function takeFault(to: string): TwilioFault | undefined {
		const index = faults.findIndex((f) => !f.to || f.to === to);
		if (index < 0) return undefined;
		const fault = faults[index];
		if (--fault.left <= 0) faults.splice(index, 1);
		return fault;
	}

	/** Without a configured account every AC... SID is accepted, and owns the numbers. */
	function ownedBy(number: TwilioIncomingNumber, account: string): boolean {
		return !options.accountSid || number.account_sid === account;
	}

	function numberByPhone(phone: string): TwilioIncomingNumber | undefined {
		return state.numbers.find((n) => n.phone_number === phone);
	}

	/** A new number of the account, shaped as Twilio's IncomingPhoneNumber. */
	function provision(phone: string, webhook: { smsUrl?: string; smsMethod?: string; smsApplicationSid?: string } = {}): TwilioIncomingNumber {
		const at = rfc2822(now());
		const sid = newSid('PN');
		const digits = phone.replace(/^\+1/, '');
		const number: TwilioIncomingNumber = {
			account_sid: defaultAccount,
			address_requirements: 'none',
			address_sid: null,
			api_version: '2010-04-01',
			beta: false,
			bundle_sid: null,
			capabilities: { voice: true, sms: true, mms: true, fax: false },
			date_created: at,
			date_updated: at,
			emergency_address_sid: null,
			emergency_address_status: 'unregistered',
			emergency_status: 'Inactive',
			friendly_name: /^\d{10}$/.test(digits) ? `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}` : phone,
			identity_sid: null,
			origin: 'twilio',
			phone_number: phone,
			sid,
			sms_application_sid: webhook.smsApplicationSid ?? '',
			sms_fallback_method: 'POST',
			sms_fallback_url: '',
			sms_method: webhook.smsMethod ?? 'POST',
			sms_url: webhook.smsUrl ?? state.inboundWebhookUrl ?? '',
			status: 'in-use',
			status_callback: '',
			status_callback_method: 'POST',
			trunk_sid: null,
			type: 'local',
			uri: `/2010-04-01/Accounts/${defaultAccount}/IncomingPhoneNumbers/${sid}.json`,
			voice_application_sid: '',
			voice_caller_id_lookup: false,
			voice_fallback_method: 'POST',
			voice_fallback_url: null,
			voice_method: 'POST',
			voice_receive_mode: 'voice',
			voice_url: null,
		};
		state.numbers.push(number);
		changed();
		return number;
	}

	/** GET .../IncomingPhoneNumbers.json: PhoneNumber matches partially, '*' stands for any digit. */
	function listNumbers(account: string, url: URL): Record<string, unknown> {
		const query = url.searchParams;
		const wanted = query.get('PhoneNumber');
		const friendly = query.get('FriendlyName');
		const pattern = wanted ? new RegExp(wanted.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '\\d')) : null;
		const matching = state.numbers.filter(
			(n) => ownedBy(n, account) && (!pattern || pattern.test(n.phone_number)) && (!friendly || n.friendly_name === friendly),
		);
		return page('IncomingPhoneNumbers', 'incoming_phone_numbers', account, query, matching, ['FriendlyName', 'PhoneNumber', 'Origin', 'Beta']);
	}

	/** POST .../IncomingPhoneNumbers/{PN}.json: only the parameters sent change. */
	function updateNumber(res: ServerResponse, number: TwilioIncomingNumber, form: URLSearchParams): void {
		for (const name of ['SmsMethod', 'SmsFallbackMethod', 'VoiceMethod', 'VoiceFallbackMethod', 'StatusCallbackMethod']) {
			const value = form.get(name);
			if (value !== null && value !== 'GET' && value !== 'POST') {
				return sendError(res, 21208, `${name} must be either GET or POST`, 400);
			}
		}
		const fields: Record<string, keyof TwilioIncomingNumber> = {
			FriendlyName: 'friendly_name',
			SmsUrl: 'sms_url',
			SmsMethod: 'sms_method',
			SmsFallbackUrl: 'sms_fallback_url',
			SmsFallbackMethod: 'sms_fallback_method',
			SmsApplicationSid: 'sms_application_sid',
			StatusCallback: 'status_callback',
			StatusCallbackMethod: 'status_callback_method',
			VoiceUrl: 'voice_url',
			VoiceMethod: 'voice_method',
		};
		for (const [name, field] of Object.entries(fields)) {
			const value = form.get(name);
			if (value !== null) (number as unknown as Record<string, unknown>)[field] = value;
		}
		number.date_updated = rfc2822(now());
		changed();
		sendJson(res, 200, number);
	}

	/** The carrier's part, after the API answered: sent, then delivered or the scripted failure. */
	async function deliver(message: TwilioMessage, deliveryError: number | undefined, callbackUrl: string | null): Promise<void> {
		await new Promise((resolve) => setImmediate(resolve));
		const sentAt = rfc2822(now());
		Object.assign(message, { status: 'sent', date_sent: sentAt, date_updated: sentAt, from: message.from ?? serviceNumber });
		changed();
		if (callbackUrl) await postCallback(callbackUrl, message);
		const failure = deliveryError ? DELIVERY_ERRORS[deliveryError] : undefined;
		Object.assign(
			message,
			failure
				? { status: failure.status, error_code: deliveryError, error_message: failure.message }
				: { status: 'delivered' },
			{ date_updated: rfc2822(now()) },
		);
		changed();
		if (callbackUrl) await postCallback(callbackUrl, message);
	}

	async function postCallback(url: string, message: TwilioMessage): Promise<void> {
		const params: Record<string, string> = {
			AccountSid: message.account_sid,
			ApiVersion: '2010-04-01',
			From: message.from ?? '',
			MessageSid: message.sid,
			MessageStatus: message.status,
			SmsSid: message.sid,
			SmsStatus: message.status,
			To: message.to,
		};
		if (message.messaging_service_sid) params.MessagingServiceSid = message.messaging_service_sid;
		if (message.error_code) params.ErrorCode = String(message.error_code);
		const record: CallbackRecord = { url, params, status: null };
		callbacks.push(record);
		try {
			const answer = await postForm(url, params, signatureHeader(url, params, undefined), agent);
			record.status = answer.status;
		} catch (error) {
			record.error = (error as Error).message;
		}
	}

	function signatureHeader(url: string, params: Record<string, string>, signWith: string | null | undefined): Record<string, string> {
		const key = signWith === undefined ? options.authToken : signWith;
		return key ? { 'X-Twilio-Signature': twilioSignature(key, url, params) } : {};
	}

	function listMessages(account: string, url: URL): Record<string, unknown> {
		const query = url.searchParams;
		const to = query.get('To');
		const from = query.get('From');
		const on = query.get('DateSent');
		const before = query.get('DateSent<');
		const after = query.get('DateSent>');
		const matching = (to ? (byTo.get(to) ?? []) : state.messages)
			.filter(
				(m) =>
					m.account_sid === account &&
					(!to || m.to === to) &&
					(!from || m.from === from) &&
					dateFilter(m, on, before, after),
			)
			.reverse(); // newest first, as Twilio lists them
		return page('Messages', 'messages', account, query, matching, ['To', 'From', 'DateSent', 'DateSent<', 'DateSent>']);
	}

	/** One page of a Twilio list, with its paging links (PageSize, Page, PageToken). */
	function page<T>(resource: string, key: string, account: string, query: URLSearchParams, matching: T[], filterNames: string[]): Record<string, unknown> {
		const pageSize = Math.min(1000, Math.max(1, Number(query.get('PageSize')) || 50));
		const pageNumber = Math.max(0, Number(query.get('Page')) || 0);
		const slice = matching.slice(pageNumber * pageSize, (pageNumber + 1) * pageSize);
		const base = `/2010-04-01/Accounts/${account}/${resource}.json`;
		const filters = new URLSearchParams();
		for (const name of filterNames) {
			const value = query.get(name);
			if (value) filters.set(name, value);
		}
		const pageUri = (n: number) => {
			const q = new URLSearchParams(filters);
			q.set('PageSize', String(pageSize));
			q.set('Page', String(n));
			if (n > 0) q.set('PageToken', `PA${n}`);
			return `${base}?${q.toString()}`;
		};
		const hasNext = (pageNumber + 1) * pageSize < matching.length;
		return {
			end: pageNumber * pageSize + Math.max(0, slice.length - 1),
			first_page_uri: pageUri(0),
			[key]: slice,
			next_page_uri: hasNext ? pageUri(pageNumber + 1) : null,
			page: pageNumber,
			page_size: pageSize,
			previous_page_uri: pageNumber > 0 ? pageUri(pageNumber - 1) : null,
			start: pageNumber * pageSize,
			uri: pageUri(pageNumber),
		};
	}

	async function sendInbound(message: InboundMessage, signing: { signWith?: string | null } = {}): Promise<InboundResult> {
		const at = rfc2822(now());
		const sid = newSid('SM');
		const account = options.accountSid ?? `AC${'0'.repeat(32)}`;
		const record: TwilioMessage = {
			account_sid: account,
			api_version: '2010-04-01',
			body: message.body,
			date_created: at,
			date_sent: at,
			date_updated: at,
			direction: 'inbound',
			error_code: null,
			error_message: null,
			from: message.from,
			messaging_service_sid: null,
			num_media: '0',
			num_segments: String(segmentsOf(message.body)),
			price: null,
			price_unit: 'USD',
			sid,
			status: 'received',
			subresource_uris: {
				media: `/2010-04-01/Accounts/${account}/Messages/${sid}/Media.json`,
				feedback: `/2010-04-01/Accounts/${account}/Messages/${sid}/Feedback.json`,
			},
			to: message.to,
			uri: `/2010-04-01/Accounts/${account}/Messages/${sid}.json`,
		};
		remember(record);
		// Twilio's opt-out handling acts on exact keywords only; "Stop texting me" passes through.
		const optOutType = optOutTypeOf(message.body);
		if (optOutType === 'STOP' && !state.optedOut.includes(message.from)) state.optedOut.push(message.from);
		if (optOutType === 'START') state.optedOut = state.optedOut.filter((n) => n !== message.from);
		// ...and answers each one itself, from the number the borrower texted.
		const autoReply = optOutType ? keywordReply(optOutType, message, account) : undefined;
		changed();

		const params: Record<string, string> = {
			ToCountry: 'US',
			ToState: '',
			SmsMessageSid: sid,
			NumMedia: '0',
			ToCity: '',
			FromZip: '',
			SmsSid: sid,
			FromState: '',
			SmsStatus: 'received',
			FromCity: '',
			Body: message.body,
			FromCountry: 'US',
			To: message.to,
			ToZip: '',
			NumSegments: record.num_segments,
			MessageSid: sid,
			AccountSid: account,
			From: message.from,
			ApiVersion: '2010-04-01',
		};
		if (optOutType && options.advancedOptOut !== false) params.OptOutType = optOutType;
		const replied = autoReply ? { autoReply: { ...autoReply } } : {};
		// Twilio calls the SmsUrl of the number that was texted, with its SmsMethod.
		const number = numberByPhone(message.to) ?? provision(message.to);
		if (number.sms_application_sid) {
			return { messageSid: sid, ...replied, params, status: null, responseBody: '', error: `the number hands texts to the TwiML App ${number.sms_application_sid}` };
		}
		const url = number.sms_url;
		if (!url) return { messageSid: sid, ...replied, params, status: null, responseBody: '', error: 'no inbound webhook URL is set' };
		try {
			const answer =
				number.sms_method === 'GET'
					? await getWithQuery(url, params, signing.signWith)
					: await postForm(url, params, signatureHeader(url, params, signing.signWith), agent);
			return { messageSid: sid, ...replied, params, status: answer.status, responseBody: answer.body };
		} catch (error) {
			return { messageSid: sid, ...replied, params, status: null, responseBody: '', error: (error as Error).message };
		}
	}

	/** A GET webhook carries the parameters in its query, and Twilio signs that whole URL. */
	async function getWithQuery(url: string, params: Record<string, string>, signWith: string | null | undefined): Promise<{ status: number; body: string }> {
		const target = new URL(url);
		for (const [name, value] of Object.entries(params)) target.searchParams.append(name, value);
		const full = target.toString();
		const answer = await fetch(full, { headers: { 'User-Agent': 'TwilioProxy/1.1', ...signatureHeader(full, {}, signWith) } });
		return { status: answer.status, body: await answer.text() };
	}

	/** Twilio's automatic answer to a keyword: an `outbound-reply` from the LO's number, delivered. */
	function keywordReply(keyword: 'STOP' | 'START' | 'HELP', inbound: InboundMessage, account: string): TwilioMessage | undefined {
		const custom = options.keywordReplies;
		if (custom === false) return undefined;
		const text = custom && keyword in custom ? custom[keyword] : DEFAULT_KEYWORD_REPLIES[keyword];
		if (!text) return undefined;
		const at = rfc2822(now());
		const sid = newSid('SM');
		const reply: TwilioMessage = {
			account_sid: account,
			api_version: '2010-04-01',
			body: text,
			date_created: at,
			date_sent: at,
			date_updated: at,
			direction: 'outbound-reply',
			error_code: null,
			error_message: null,
			from: inbound.to,
			messaging_service_sid: null,
			num_media: '0',
			num_segments: String(segmentsOf(text)),
			price: null,
			price_unit: 'USD',
			sid,
			status: 'delivered',
			subresource_uris: {
				media: `/2010-04-01/Accounts/${account}/Messages/${sid}/Media.json`,
				feedback: `/2010-04-01/Accounts/${account}/Messages/${sid}/Feedback.json`,
			},
			to: inbound.from,
			uri: `/2010-04-01/Accounts/${account}/Messages/${sid}.json`,
		};
		remember(reply);
		return reply;
	}

	function remember(message: TwilioMessage): void {
		state.messages.push(message);
		bySid.set(message.sid, message);
		const list = byTo.get(message.to);
		if (list) list.push(message);
		else byTo.set(message.to, [message]);
	}

	function track(work: Promise<void>): void {
		pending.add(work);
		void work.finally(() => pending.delete(work));
	}

	return {
		handle,
		outbox: () => state.messages.filter((m) => m.direction !== 'inbound').map((m) => ({ ...m })),
		inbox: () => state.messages.filter((m) => m.direction === 'inbound').map((m) => ({ ...m })),
		sendInbound,
		setInboundWebhookUrl(url) {
			state.inboundWebhookUrl = url || null;
			for (const number of state.numbers) Object.assign(number, { sms_url: url ?? '', sms_method: 'POST', date_updated: rfc2822(now()) });
			changed();
		},
		inboundWebhookUrl: () => state.inboundWebhookUrl,
		addIncomingNumber(phone, webhook = {}) {
			const number = numberByPhone(phone);
			if (!number) return { ...provision(phone, webhook) };
			Object.assign(number, {
				...(webhook.smsUrl !== undefined ? { sms_url: webhook.smsUrl } : {}),
				...(webhook.smsMethod ? { sms_method: webhook.smsMethod } : {}),
				...(webhook.smsApplicationSid !== undefined ? { sms_application_sid: webhook.smsApplicationSid } : {}),
			});
			changed();
			return { ...number };
		},
		incomingNumbers: () => state.numbers.map((n) => ({ ...n, capabilities: { ...n.capabilities } })),
		addMessagingService(service) {
			const sid = `MG${createHash('sha256').update(`${service.friendlyName}|${services.length}`).digest('hex').slice(0, 32)}`;
			services.push({ sid, friendlyName: service.friendlyName, numbers: [...(service.numbers ?? [])], a2pRegistered: service.a2pRegistered ?? false });
			return sid;
		},
		setLineType(phone, type) {
			lineTypes.set(phone, type);
		},
		lookupCount: () => lookups,
		requests: () => requestLog.map((r) => ({ ...r, query: { ...r.query } })),
		maxConcurrent: () => maxConcurrent,
		injectFault(fault) {
			faults.push({ ...fault, left: Math.max(1, fault.times ?? 1) });
		},
		clearFaults() {
			faults.length = 0;
		},
		setScriptedNumber(phone, script) {
			if (script) scripts[phone] = script;
			else delete scripts[phone];
			attempts.delete(phone);
		},
		scriptedNumbers: () => ({ ...scripts }),
		setLatency(ms) {
			latencyMs = Math.max(0, ms);
		},
		optedOutNumbers: () => [...state.optedOut],
		callbackLog: () => callbacks.map((c) => ({ ...c, params: { ...c.params } })),
		async settled() {
			while (pending.size > 0) await Promise.allSettled([...pending]);
		},
		reset() {
			state = { ...emptyState(state.inboundWebhookUrl), numbers: state.numbers };
			faults.length = 0;
			requestLog.length = 0;
			bySid = indexBySid(state.messages);
			byTo = indexByTo(state.messages);
			attempts.clear();
			callbacks.length = 0;
			changed();
		},
		flush,
		close() {
			flush();
			agent.destroy();
		},
	};
}

function emptyState(inboundWebhookUrl: string | null): PersistedState {
	return { messages: [], statusCallbacks: {}, optedOut: [], inboundWebhookUrl, numbers: [] };
}

function load(dataFile: string | undefined): PersistedState | null {
	if (!dataFile || !existsSync(dataFile)) return null;
	const parsed = JSON.parse(readFileSync(dataFile, 'utf8')) as Partial<PersistedState> & { idempotency?: unknown };
	// Files written before the stand-in stopped honouring I-Twilio-Idempotency-Token carry keys.
	delete parsed.idempotency;
	return { ...emptyState(null), ...parsed };
}

function indexBySid(messages: TwilioMessage[]): Map<string, TwilioMessage> {
	return new Map(messages.map((m) => [m.sid, m]));
}

function indexByTo(messages: TwilioMessage[]): Map<string, TwilioMessage[]> {
	const index = new Map<string, TwilioMessage[]>();
	for (const message of messages) {
		const list = index.get(message.to);
		if (list) list.push(message);
		else index.set(message.to, [message]);
	}
	return index;
}

function dateFilter(message: TwilioMessage, on: string | null, before: string | null, after: string | null): boolean {
	if (!on && !before && !after) return true;
	if (!message.date_sent) return false;
	const sent = Date.parse(message.date_sent);
	const day = new Date(sent).toISOString().slice(0, 10);
	// Twilio takes a date (YYYY-MM-DD) or a full instant; both bounds are inclusive.
	const bound = (value: string) => (value.length <= 10 ? value : Date.parse(value));
	const compare = (value: string) => {
		const b = bound(value);
		return typeof b === 'string' ? day.localeCompare(b) : Math.sign(sent - b);
	};
	if (on && compare(on) !== 0) return false;
	if (before && compare(before) > 0) return false;
	if (after && compare(after) < 0) return false;
	return true;
}

function accountJson(sid: string, at: number): Record<string, unknown> {
	const date = rfc2822(at);
	return {
		auth_token: '[redacted]',
		date_created: date,
		date_updated: date,
		friendly_name: 'Sandbox account',
		owner_account_sid: sid,
		sid,
		status: 'active',
		subresource_uris: { messages: `/2010-04-01/Accounts/${sid}/Messages.json` },
		type: 'Full',
		uri: `/2010-04-01/Accounts/${sid}.json`,
	};
}

/** GSM-7 texts fit 160 characters (153 per part when split); anything else is UCS-2 (70 / 67). */
function segmentsOf(text: string): number {
	const gsm = /^[A-Za-z0-9 \r\n@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&'()*+,\-./:;<=>?¡ÄÖÑÜ§¿äöñüà^{}\\[~\]|€]*$/.test(text);
	const [single, part] = gsm ? [160, 153] : [70, 67];
	return text.length <= single ? 1 : Math.ceil(text.length / part);
}

/** Twilio dates are RFC 2822 with a numeric zone: "Fri, 20 Nov 2026 14:03:00 +0000". */
export function rfc2822(ms: number): string {
	return new Date(ms).toUTCString().replace('GMT', '+0000');
}

function newSid(prefix: string): string {
	return prefix + randomBytes(16).toString('hex');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
	const text = JSON.stringify(body);
	res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
	res.end(text);
}

/** Twilio's error body: {code, message, more_info, status}. */
function sendError(res: ServerResponse, code: number, message: string, httpStatus?: number): void {
	const status = httpStatus ?? CREATE_ERRORS[code]?.httpStatus ?? 400;
	sendJson(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
}

function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > 1_000_000) req.destroy(new Error('request body over 1 MB'));
			else chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** POSTs a form the way Twilio calls webhooks. */
function postForm(
	url: string,
	params: Record<string, string>,
	headers: Record<string, string>,
	agent: http.Agent,
): Promise<{ status: number; body: string }> {
	const body = new URLSearchParams(params).toString();
	const target = new URL(url);
	const transport = target.protocol === 'https:' ? https : http;
	return new Promise((resolve, reject) => {
		const req = transport.request(
			target,
			{
				method: 'POST',
				agent: target.protocol === 'https:' ? undefined : agent,
				headers: {
					'Content-Type': 'application/x-www-form-urlencoded',
					'Content-Length': Buffer.byteLength(body),
					'User-Agent': 'TwilioProxy/1.1',
					'I-Twilio-Idempotency-Token': randomBytes(16).toString('hex'),
					...headers,
				},
				timeout: 15_000,
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
				res.on('error', reject);
			},
		);
		req.on('timeout', () => req.destroy(new Error(`webhook ${url} did not answer within 15 s`)));
		req.on('error', reject);
		req.end(body);
	});
}
