/**
 * Signed-in requests to Google's APIs through n8n's own request helpers. Two sign-ins, with the pack's
 * own credential types (credentials/): an OAuth2 account (`mortgageGoogleSheetsOAuth2Api`: n8n adds the token and
 * renews it) and a service account (`mortgageGoogleServiceAccountApi`: the pack signs a JWT with node:crypto, trades it
 * for an access token at Google's token endpoint, keeps that token until shortly before it
 * expires, and sends it as a bearer token). Nothing else: pacing, retries and messages are the
 * session's (session.ts).
 */
import { createPrivateKey, createSign } from 'node:crypto';
import type { IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { SheetsError } from './errors';
import { statusOf } from './retry';

/** Read and write the spreadsheets the account can open. */
export const SHEETS_SCOPE = 'https://www.googleapis.com/auth/spreadsheets';
/** Google Drive, limited to the files this app makes or is given (partner views). */
export const DRIVE_FILE_SCOPE = 'https://www.googleapis.com/auth/drive.file';
export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
/** The token endpoint is the JWT's audience, wherever it is served (the sandbox serves it locally). */
export const TOKEN_AUDIENCE = GOOGLE_TOKEN_URL;

/** The pack's credential type names (credentials/: n8n verifies only packages whose nodes use their own). */
export const SERVICE_ACCOUNT_CREDENTIAL = 'mortgageGoogleServiceAccountApi';
export const GOOGLE_SIGN_IN_CREDENTIAL = 'mortgageGoogleSheetsOAuth2Api';

/** Where Google's APIs are: Google itself, or one stand-in root serving them all (sandbox). */
export interface GoogleRoots {
	/** Sheets API v4, ending in "/" (e.g. https://sheets.googleapis.com/v4/). */
	sheets: string;
	/** Drive API v3, ending in "/". */
	drive: string;
	/** The service-account token endpoint. */
	token: string;
}

export function googleRoots(standInRoot?: string): GoogleRoots {
	const root = (standInRoot ?? '').trim().replace(/\/+$/, '');
	if (!root) return { sheets: 'https://sheets.googleapis.com/v4/', drive: 'https://www.googleapis.com/drive/v3/', token: GOOGLE_TOKEN_URL };
	return { sheets: `${root}/v4/`, drive: `${root}/drive/v3/`, token: `${root}/token` };
}

/** One signed-in way to Google: `send` takes n8n request options and resolves with the body. */
export interface GoogleClient {
	send(options: IHttpRequestOptions): Promise<unknown>;
	/** The account named in LO-facing messages. */
	user: string;
	/** Who shares one per-user quota in this process (the pacer's key). */
	quotaKey: string;
	roots: GoogleRoots;
}

/** An OAuth2 account connected in n8n: n8n signs each request and renews the token on a 401. */
export function oAuth2Client(ctx: IExecuteFunctions, roots: GoogleRoots, credentialId = ''): GoogleClient {
	return {
		send: (options) => ctx.helpers.httpRequestWithAuthentication.call(ctx, GOOGLE_SIGN_IN_CREDENTIAL, options),
		user: 'the connected Google account',
		quotaKey: `oauth2:${credentialId}`,
		roots,
	};
}

export interface ServiceAccount {
	email: string;
	privateKey: string;
	/** Act as this Workspace user (domain-wide delegation), when set. */
	subject?: string;
}

export interface ServiceAccountOptions {
	scopes: readonly string[];
	/** Clock for the JWT and the token's expiry (default Date.now). */
	now?: () => number;
}

/**
 * A private key as pasted into n8n: the PEM text, maybe with literal "\n" for line breaks (copied
 * out of the JSON key file) or on one line.
 */
export function formatPrivateKey(pasted: string): string {
	const text = pasted.replace(/\\n/g, '\n').trim();
	const pem = /^(-----BEGIN [A-Z ]+-----)\s*([A-Za-z0-9+/=\s]+?)\s*(-----END [A-Z ]+-----)$/.exec(text);
	if (!pem) return text;
	const body = pem[2].replace(/\s+/g, '');
	return `${pem[1]}\n${body.match(/.{1,64}/g)?.join('\n') ?? ''}\n${pem[3]}\n`;
}

const base64url = (text: string | Buffer) => Buffer.from(text).toString('base64url');

/** The signed JWT a service account trades for an access token (RS256, valid one hour). */
export function signServiceAccountJwt(account: ServiceAccount, scopes: readonly string[], nowMs: number): string {
	const iat = Math.floor(nowMs / 1000);
	const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
	const claims = base64url(
		JSON.stringify({
			iss: account.email,
			...(account.subject ? { sub: account.subject } : {}),
			scope: scopes.join(' '),
			aud: TOKEN_AUDIENCE,
			iat,
			exp: iat + 3600,
		}),
	);
	let key;
	try {
		key = createPrivateKey(formatPrivateKey(account.privateKey));
	} catch {
		key = undefined;
	}
	if (!key) {
		throw new SheetsError(
			`The private key of the Google service account ${account.email} is not a valid key`,
			400,
			'',
			'In the Google Service Account credential, paste the whole "private_key" value from the JSON key file, from -----BEGIN PRIVATE KEY----- to -----END PRIVATE KEY-----.',
		);
	}
	const signature = createSign('RSA-SHA256').update(`${header}.${claims}`).sign(key);
	return `${header}.${claims}.${base64url(signature)}`;
}

interface CachedToken {
	accessToken: string;
	/** When to stop using it (a minute before Google's expiry). */
	renewAt: number;
}

/** Access tokens of this process, by token endpoint, account, subject and scopes. */
const tokens = new Map<string, Promise<CachedToken>>();
const RENEW_BEFORE_MS = 60_000;

/** Forget every cached service-account token (tests). */
export function forgetServiceAccountTokens(): void {
	tokens.clear();
}

/** Settles a promise into a value or an error, so the caller decides outside a catch block. */
async function settle<T>(run: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
	try {
		return { ok: true, value: await run() };
	} catch (error) {
		return { ok: false, error };
	}
}

/** Google's own words for a refused token request ("invalid_grant: Invalid JWT Signature."). */
function tokenRefusal(error: unknown): { code: string; description: string } {
	const e = error as { response?: { data?: unknown }; cause?: { response?: { data?: unknown } } };
	const data = (e?.response?.data ?? e?.cause?.response?.data) as { error?: unknown; error_description?: unknown } | undefined;
	return { code: typeof data?.error === 'string' ? data.error : '', description: typeof data?.error_description === 'string' ? data.error_description : '' };
}

/** The refused sign-in in an LO's words, with what to fix. */
export function signInRefused(account: ServiceAccount, status: number, code: string, description: string): SheetsError {
	const said = description || code || `HTTP ${status}`;
	let hint = 'Check the Google Service Account credential: the Service Account Email and the Private Key must come from the same JSON key file.';
	if (/signature/i.test(description)) {
		hint = `The private key does not belong to ${account.email}, or that key was deleted in Google Cloud: create a new JSON key for this service account and paste its "private_key" and "client_email".`;
	} else if (/iat|exp|timeframe|short-lived/i.test(description)) {
		hint = "The clock of the n8n machine is off by more than a few minutes: correct the machine's time and run again.";
	} else if (code === 'invalid_scope' || /scope/i.test(description)) {
		hint = 'The service account may not ask for these Google permissions. With domain-wide delegation, allow the Sheets (and, for partner views, Drive file) scopes in the Google Workspace admin console.';
	} else if (code === 'unauthorized_client' || /delegat|subject/i.test(description)) {
		hint = 'The service account may not act as the user set under "Impersonate a User": allow domain-wide delegation for it, or turn impersonation off.';
	} else if (/not found|invalid_client|disabled|deleted/i.test(`${code} ${description}`)) {
		hint = `Google does not know the service account ${account.email} (or it is disabled): check the Service Account Email in the credential.`;
	}
	return new SheetsError(`Google refused the sign-in of the service account ${account.email}: ${said}`, 401, said, hint);
}

async function fetchToken(ctx: IExecuteFunctions, account: ServiceAccount, roots: GoogleRoots, scopes: readonly string[], now: () => number): Promise<CachedToken> {
	const assertion = signServiceAccountJwt(account, scopes, now());
	const answer = await settle(() =>
		ctx.helpers.httpRequest({
			method: 'POST',
			url: roots.token,
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }).toString(),
			json: true,
		}),
	);
	if (!answer.ok) {
		const status = statusOf(answer.error);
		// A busy or failing token endpoint is retried by the session like any Google call.
		if (status === 0 || status === 429 || status >= 500) throw answer.error;
		const { code, description } = tokenRefusal(answer.error);
		throw signInRefused(account, status, code, description);
	}
	const body = (typeof answer.value === 'string' ? JSON.parse(answer.value) : answer.value) as { access_token?: unknown; expires_in?: unknown };
	if (typeof body?.access_token !== 'string' || body.access_token === '') {
		throw signInRefused(account, 502, '', 'Google answered the sign-in without an access token');
	}
	const lifetimeMs = (Number(body.expires_in) || 3600) * 1000;
	return { accessToken: body.access_token, renewAt: now() + Math.max(0, lifetimeMs - RENEW_BEFORE_MS) };
}

/**
 * A service account: every request carries a bearer token from the JWT exchange, cached in this
 * process until a minute before it expires. A 401 (the token revoked or expired early) drops it,
 * and the request is sent once more with a new one.
 */
export function serviceAccountClient(ctx: IExecuteFunctions, account: ServiceAccount, roots: GoogleRoots, options: ServiceAccountOptions): GoogleClient {
	const now = options.now ?? Date.now;
	const scopes = [...options.scopes];
	const key = [roots.token, account.email, account.subject ?? '', [...scopes].sort().join(' ')].join('|');
	const token = async (): Promise<string> => {
		let cached = tokens.get(key);
		if (cached) {
			const held = await settle(() => cached!);
			if (!held.ok || held.value.renewAt <= now()) {
				if (tokens.get(key) === cached) tokens.delete(key);
				cached = undefined;
			}
		}
		if (!cached) {
			cached = fetchToken(ctx, account, roots, scopes, now);
			tokens.set(key, cached);
			// A failed exchange is not kept: the next request tries again.
			cached.catch(() => (tokens.get(key) === cached ? tokens.delete(key) : undefined));
		}
		return (await cached).accessToken;
	};
	const signed = (options: IHttpRequestOptions, accessToken: string): IHttpRequestOptions => ({
		...options,
		headers: { ...(options.headers ?? {}), Authorization: `Bearer ${accessToken}` },
	});
	return {
		async send(options) {
			const accessToken = await token();
			const first = await settle(() => ctx.helpers.httpRequest(signed(options, accessToken)));
			if (first.ok) return first.value;
			if (statusOf(first.error) !== 401) throw first.error;
			if (tokens.get(key)) tokens.delete(key);
			return ctx.helpers.httpRequest(signed(options, await token()));
		},
		user: account.email,
		quotaKey: `serviceAccount:${account.email}:${account.subject ?? ''}`,
		roots,
	};
}
