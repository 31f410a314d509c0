import { sleep } from 'n8n-workflow';

/**
 * Truncated exponential backoff with jitter, as Google asks for Sheets: every call is retried on
 * 429 (quota) and 5xx, POSTs included (the client library retries only GET/PUT/DELETE), so a
 * busy minute delays a run instead of failing it.
 */
export interface BackoffOptions {
	/** Retries after the first attempt (default 8: about 4 minutes in the worst case). */
	maxRetries?: number;
	/** First delay in ms (default 1000); tests use 1. */
	baseDelayMs?: number;
	/** Cap on one delay (default 32000, Google's recommended maximum_backoff). */
	maxDelayMs?: number;
	sleep?: (ms: number) => Promise<void>;
	random?: () => number;
}

/** n8n's own sleep (the pack never touches timers itself). */
export const defaultSleep = (ms: number): Promise<void> => sleep(ms);

const RETRYABLE_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'UND_ERR_SOCKET']);

interface FailedCall {
	status?: unknown;
	httpCode?: unknown;
	code?: unknown;
	message?: unknown;
	response?: { status?: unknown; data?: unknown; headers?: unknown };
	cause?: FailedCall;
}

/**
 * The HTTP answer of a failed call: n8n's httpRequest throws the HTTP client's error (with
 * `response`), httpRequestWithAuthentication a NodeApiError whose `cause` is that error.
 */
export function responseOf(error: unknown): { status?: unknown; data?: unknown; headers?: unknown } | undefined {
	let current = error as FailedCall | undefined;
	for (let depth = 0; current && depth < 4; depth++, current = current.cause) {
		if (current.response && typeof current.response === 'object') return current.response;
	}
	// A NodeApiError keeps only the status (httpCode) and the answer's body (context.data).
	const wrapped = error as { httpCode?: unknown; context?: { data?: unknown } } | undefined;
	if (wrapped && /^\d{3}$/.test(String(wrapped.httpCode ?? ''))) {
		const response = { status: Number(wrapped.httpCode), data: wrapped.context?.data };
		return response;
	}
	return undefined;
}

/** The HTTP status of a failed call, or 0 for a network error. */
export function statusOf(error: unknown): number {
	const e = error as FailedCall;
	const status = Number(responseOf(error)?.status ?? e?.status ?? e?.httpCode ?? 0);
	return Number.isFinite(status) ? status : 0;
}

/** The network error code (ECONNRESET...) of a failed call, if any. */
function codeOf(error: unknown): string {
	let current = error as FailedCall | undefined;
	for (let depth = 0; current && depth < 4; depth++, current = current.cause) {
		if (typeof current.code === 'string' && /^E[A-Z_]+$|^UND_ERR/.test(current.code)) return current.code;
	}
	return '';
}

export function isRetryable(error: unknown): boolean {
	const status = statusOf(error);
	if (status === 429 || status >= 500) return true;
	if (status !== 0) return false;
	return RETRYABLE_CODES.has(codeOf(error)) || /socket hang up|fetch failed|network|ECONNRESET|ECONNREFUSED/i.test(String((error as Error)?.message));
}

/**
 * Whether a failed write may have been applied all the same: a 5xx or a network error (timeout,
 * dropped connection) can come after Google committed it. A 429 or another 4xx never does.
 */
export function mayHaveApplied(error: unknown): boolean {
	const status = statusOf(error);
	return status >= 500 || (status === 0 && isRetryable(error));
}

/** Seconds the server asked us to wait (Retry-After), if any. */
function retryAfterMs(error: unknown): number {
	const headers = responseOf(error)?.headers;
	let value: unknown;
	if (headers && typeof (headers as Headers).get === 'function') value = (headers as Headers).get('retry-after');
	else if (headers && typeof headers === 'object') value = (headers as Record<string, unknown>)['retry-after'];
	const seconds = Number(value);
	return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0;
}

export interface RetryReport {
	attempts: number;
	waitedMs: number;
}

/** Runs `call`, retrying retryable failures; the last error carries `retryReport`. */
export async function withBackoff<T>(call: (attempt: number) => Promise<T>, options: BackoffOptions = {}): Promise<T> {
	const maxRetries = options.maxRetries ?? 8;
	const base = options.baseDelayMs ?? 1000;
	const cap = options.maxDelayMs ?? 32_000;
	const pause = options.sleep ?? defaultSleep;
	const random = options.random ?? Math.random;
	let waitedMs = 0;
	for (let attempt = 0; ; attempt++) {
		let failure: unknown;
		try {
			return await call(attempt);
		} catch (error) {
			failure = error;
		}
		if (attempt >= maxRetries || !isRetryable(failure)) {
			if (failure && typeof failure === 'object') {
				(failure as { retryReport?: RetryReport }).retryReport = { attempts: attempt + 1, waitedMs };
			}
			// The caller (the session) explains it; the node turns that into a NodeApiError with the LO hint.
			throw failure;
		}
		// Half fixed, half random: never zero, and concurrent runs spread out.
		const ceiling = Math.min(cap, base * 2 ** attempt);
		const delay = Math.max(retryAfterMs(failure), Math.round(ceiling / 2 + (random() * ceiling) / 2));
		waitedMs += delay;
		await pause(delay);
	}
}
