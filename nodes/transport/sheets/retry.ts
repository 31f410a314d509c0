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

export const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const RETRYABLE_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'UND_ERR_SOCKET']);

/** The HTTP status of a failed call, or 0 for a network error. */
export function statusOf(error: unknown): number {
	const e = error as { status?: unknown; response?: { status?: unknown } };
	const status = Number(e?.response?.status ?? e?.status ?? 0);
	return Number.isFinite(status) ? status : 0;
}

export function isRetryable(error: unknown): boolean {
	const status = statusOf(error);
	if (status === 429 || status >= 500) return true;
	if (status !== 0) return false;
	const code = String((error as { code?: unknown })?.code ?? (error as { cause?: { code?: unknown } })?.cause?.code ?? '');
	return RETRYABLE_CODES.has(code) || /socket hang up|fetch failed|network/i.test(String((error as Error)?.message));
}

/** Seconds the server asked us to wait (Retry-After), if any. */
function retryAfterMs(error: unknown): number {
	const headers = (error as { response?: { headers?: unknown } })?.response?.headers;
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
	const sleep = options.sleep ?? defaultSleep;
	const random = options.random ?? Math.random;
	let waitedMs = 0;
	for (let attempt = 0; ; attempt++) {
		try {
			return await call(attempt);
		} catch (error) {
			if (attempt >= maxRetries || !isRetryable(error)) {
				if (error && typeof error === 'object') {
					(error as { retryReport?: RetryReport }).retryReport = { attempts: attempt + 1, waitedMs };
				}
				// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- transport layer: the node turns this into a NodeOperationError with the LO hint
				throw error;
			}
			// Half fixed, half random: never zero, and concurrent runs spread out.
			const ceiling = Math.min(cap, base * 2 ** attempt);
			const delay = Math.max(retryAfterMs(error), Math.round(ceiling / 2 + (random() * ceiling) / 2));
			waitedMs += delay;
			await sleep(delay);
		}
	}
}
