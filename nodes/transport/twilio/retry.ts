/**
 * Waiting and repeating for Twilio calls: truncated exponential backoff with full jitter, and the
 * loop for calls that are safe to repeat (reads, and updates that set the same values again).
 * Creating a message is NOT such a call (messages.ts decides that one itself).
 */
import { sleep as n8nSleep } from 'n8n-workflow';
import { outcomeOf, type TwilioOutcome } from './errors';
import { noAnswerOf, type TwilioAnswer, type TwilioApi, type TwilioErrorBody, type TwilioNoAnswer, type TwilioSession } from './session';

/** How hard to try before giving up on a rate-limited or unreachable Twilio. */
export interface RetryPolicy {
	/** Attempts in all, the first included (default 4). */
	attempts?: number;
	/** First backoff in ms (default 500); doubles each time, up to `maxDelayMs` (default 8000). */
	baseDelayMs?: number;
	maxDelayMs?: number;
	/** Injectable so tests wait ~1 ms, not seconds (default n8n-workflow's sleep). */
	sleep?: (ms: number) => Promise<void>;
	/** Jitter source in [0, 1) (default Math.random). */
	random?: () => number;
}

export interface Backoff {
	attempts: number;
	/** Waits before attempt `attempt + 1`. */
	wait(attempt: number): Promise<void>;
}

export function backoffOf(retry: RetryPolicy = {}): Backoff {
	const attempts = Math.max(1, retry.attempts ?? 4);
	const base = retry.baseDelayMs ?? 500;
	const max = retry.maxDelayMs ?? 8000;
	const sleep = retry.sleep ?? n8nSleep;
	const random = retry.random ?? Math.random;
	return { attempts, wait: (attempt) => sleep(Math.floor(random() * Math.min(max, base * 2 ** (attempt - 1)))) };
}

/** A Twilio refusal, an HTTP fault or no answer at all, as one plain value. */
export interface RefusedText {
	ok: false;
	code: number | null;
	httpStatus: number | null;
	/** `uncertain`: the text may have been sent; Twilio's list does not show it. */
	outcome: TwilioOutcome | 'uncertain';
	message: string;
	attempts: number;
}

export function refusalOfAnswer(answer: TwilioAnswer<TwilioErrorBody>, attempts: number): RefusedText {
	const code = typeof answer.body?.code === 'number' ? answer.body.code : null;
	const message = typeof answer.body?.message === 'string' ? answer.body.message : `HTTP ${answer.status}`;
	return { ok: false, code, httpStatus: answer.status, outcome: outcomeOf(code, answer.status), message, attempts };
}

export function noAnswerRefusal(error: TwilioNoAnswer, attempts: number): RefusedText {
	return { ok: false, code: null, httpStatus: null, outcome: 'retry', message: error.message, attempts };
}

/** A repeatable call Twilio refused, or did not answer after every attempt; `refusal` says how. */
export class TwilioCallError extends Error {
	constructor(readonly refusal: RefusedText) {
		super(refusal.code ? `Twilio ${refusal.code}: ${refusal.message}` : refusal.message);
		this.name = 'TwilioCallError';
	}
}

/** Calls until Twilio answers 2xx; repeats on no answer, 429 and 5xx; throws TwilioCallError. */
export async function repeatableCall<T>(
	session: TwilioSession,
	method: 'GET' | 'POST',
	path: string,
	options: { query?: Record<string, string | undefined>; form?: Record<string, string | undefined>; api?: TwilioApi },
	backoff: Backoff,
): Promise<T> {
	for (let attempt = 1; ; attempt++) {
		let answer: TwilioAnswer<T & TwilioErrorBody> | null = null;
		let refusal: RefusedText;
		try {
			answer = await session.request<T & TwilioErrorBody>(method, path, options);
		} catch (error) {
			answer = null;
			refusal = noAnswerRefusal(noAnswerOf(error), attempt);
		}
		if (answer) {
			if (answer.status >= 200 && answer.status < 300) return answer.body;
			refusal = refusalOfAnswer(answer, attempt);
			if (refusal.outcome !== 'retry') throw new TwilioCallError(refusal);
		}
		if (attempt >= backoff.attempts) throw new TwilioCallError(refusal!);
		await backoff.wait(attempt);
	}
}
