/**
 * The one door to Twilio's REST API (2010-04-01): every request goes through n8n's
 * `httpRequestWithAuthentication` with the pack's `mortgageTwilioApi` credential (n8n's Twilio fields) (Basic auth with the
 * Account SID and Auth Token, or an API Key), form-encoded as Twilio expects. Answers come back as
 * they are (status and JSON body); a request that got no answer is a TwilioNoAnswer that says
 * whether it may have reached Twilio, because a text must never be sent twice (messages.ts).
 */
import type { ICredentialDataDecryptedObject, IHttpRequestOptions, INode } from 'n8n-workflow';

/** The pack's Twilio credential type (credentials/MortgageTwilioApi.credentials.ts). */
export const TWILIO_CREDENTIAL = 'mortgageTwilioApi';

export const TWILIO_API_ROOT = 'https://api.twilio.com';

/** What the `mortgageTwilioApi` credential holds. */
export interface TwilioCredentials {
	authType?: 'authToken' | 'apiKey';
	accountSid?: string;
	authToken?: string;
	apiKeySid?: string;
	apiKeySecret?: string;
}

/** The part of an n8n execute, hook or webhook context the transport uses. */
export interface TwilioContext {
	getNode(): INode;
	getCredentials(type: string, itemIndex?: number): Promise<ICredentialDataDecryptedObject>;
	helpers: {
		httpRequestWithAuthentication(this: unknown, credentialsType: string, requestOptions: IHttpRequestOptions): Promise<unknown>;
	};
}

export interface TwilioAnswer<T = Record<string, unknown>> {
	status: number;
	body: T;
}

/** Twilio's error body, when it answered with one. */
export interface TwilioErrorBody {
	code?: number;
	message?: string;
	more_info?: string;
	status?: number;
}

/**
 * No answer from Twilio. `reachedTwilio: false` only when the request certainly never arrived
 * (the connection was refused, the name did not resolve, the network was unreachable): then it can
 * be sent again freely. Anything else (a timeout, a reset, a dropped answer) may have been
 * carried out by Twilio.
 */
export class TwilioNoAnswer extends Error {
	constructor(
		message: string,
		readonly code: string,
		readonly reachedTwilio: boolean | 'maybe',
	) {
		super(message);
		this.name = 'TwilioNoAnswer';
	}
}

/** Errors that happen before a single byte reached the server. */
const NEVER_ARRIVED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'EADDRNOTAVAIL']);

/** Twilio's APIs besides the 2010-04-01 core one. */
export type TwilioApi = 'messaging' | 'lookups';
const API_ROOTS: Record<TwilioApi, string> = { messaging: 'https://messaging.twilio.com', lookups: 'https://lookups.twilio.com' };

export interface TwilioSessionOptions {
	/** Root of the API; the sandbox's Twilio stand-in in the sandbox, api.twilio.com otherwise. */
	root?: string;
	/** Give up waiting for one answer after this long (default 30 s, like Twilio's own client). */
	timeoutMs?: number;
}

export interface TwilioSession {
	readonly accountSid: string;
	/**
	 * GET or POST under /2010-04-01/Accounts/{AccountSid}, or with `api` under another of Twilio's
	 * APIs (messaging.twilio.com, lookups.twilio.com; the stand-in's root in the sandbox); `form`
	 * is sent form-encoded.
	 */
	request<T = Record<string, unknown>>(
		method: 'GET' | 'POST',
		path: string,
		options?: { form?: Record<string, string | undefined>; query?: Record<string, string | undefined>; api?: TwilioApi },
	): Promise<TwilioAnswer<T>>;
}

/** Reads the credential once and returns the session every Twilio call of the execution uses. */
export async function openTwilioSession(ctx: TwilioContext, options: TwilioSessionOptions = {}): Promise<TwilioSession> {
	const credentials = (await ctx.getCredentials(TWILIO_CREDENTIAL)) as TwilioCredentials;
	const accountSid = String(credentials.accountSid ?? '').trim();
	if (!/^AC[0-9a-zA-Z]{32}$/.test(accountSid)) {
		throw new Error(`The Twilio credential's Account SID must look like AC followed by 32 characters, got "${accountSid}"`);
	}
	const base = `${(options.root ?? TWILIO_API_ROOT).replace(/\/+$/, '')}/2010-04-01/Accounts/${accountSid}`;
	const timeout = options.timeoutMs ?? 30_000;
	return {
		accountSid,
		async request<T>(method: 'GET' | 'POST', path: string, { form, query, api }: { form?: Record<string, string | undefined>; query?: Record<string, string | undefined>; api?: TwilioApi } = {}) {
			const request: IHttpRequestOptions = {
				method,
				url: api ? `${options.root ? options.root.replace(/\/+$/, '') : API_ROOTS[api]}${path}` : `${base}${path}`,
				json: true,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout,
				// Twilio's API does not redirect; without the redirect layer each request costs less.
				disableFollowRedirect: true,
			};
			const qs = defined(query);
			if (qs) request.qs = qs;
			const body = defined(form);
			if (body) {
				request.body = new URLSearchParams(body).toString();
				request.headers = { 'Content-Type': 'application/x-www-form-urlencoded' };
			}
			let answer: { statusCode?: number; body?: unknown };
			try {
				answer = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, TWILIO_CREDENTIAL, request)) as typeof answer;
			} catch (error) {
				throw noAnswerOf(error);
			}
			return { status: Number(answer?.statusCode ?? 0), body: parsed(answer?.body) as T };
		},
	};
}

/**
 * The network error behind n8n's NodeApiError (its httpCode holds the system error code). Anything
 * that is not a known "never arrived" error counts as "may have arrived": a request the execution
 * was stopped in the middle of, too.
 */
export function noAnswerOf(error: unknown): TwilioNoAnswer {
	if (error instanceof TwilioNoAnswer) return error;
	const e = error as { httpCode?: unknown; code?: unknown; cause?: { code?: unknown }; messages?: unknown; message?: unknown };
	const code = [e?.cause?.code, e?.code, e?.httpCode].find((c) => typeof c === 'string' && /^E[A-Z_]+$|^ERR_/.test(c)) as string | undefined;
	const detail = Array.isArray(e?.messages) && e.messages.length > 0 ? String(e.messages[0]) : String(e?.message ?? error);
	const reached = code && NEVER_ARRIVED.has(code) ? false : 'maybe';
	return new TwilioNoAnswer(`Twilio did not answer (${code ?? 'no answer'}): ${detail}`, code ?? 'UNKNOWN', reached);
}

function defined(values: Record<string, string | undefined> | undefined): Record<string, string> | undefined {
	if (!values) return undefined;
	const result: Record<string, string> = {};
	for (const [name, value] of Object.entries(values)) if (value !== undefined) result[name] = value;
	return result;
}

function parsed(body: unknown): unknown {
	if (typeof body !== 'string') return body ?? {};
	try {
		return JSON.parse(body);
	} catch {
		return { message: body };
	}
}
