import type { TwilioClient } from './client';
import { outcomeOf, type TwilioOutcome } from './errors';
import { withIdempotencyKey } from './requestClient';

export interface TextRequest {
	to: string;
	body: string;
	/** A Twilio number in E.164, or ... */
	from?: string;
	/** ... a Messaging Service SID (MG...). */
	messagingServiceSid?: string;
	statusCallback?: string;
	/** The touchId: a retried request must not create a second text. */
	idempotencyKey: string;
}

/** How hard to try before giving up on a rate-limited or failing Twilio. */
export interface RetryPolicy {
	/** Attempts in all, the first included (default 4). */
	attempts?: number;
	/** First backoff in ms (default 500); doubles each time, up to `maxDelayMs` (default 8000). */
	baseDelayMs?: number;
	maxDelayMs?: number;
	/** Injectable so tests wait ~1 ms, not seconds. */
	sleep?: (ms: number) => Promise<void>;
	/** Jitter source in [0, 1) (default Math.random). */
	random?: () => number;
}

export interface SentText {
	ok: true;
	sid: string;
	status: string;
	from: string | null;
	numSegments: number;
	attempts: number;
}

export interface RefusedText {
	ok: false;
	code: number | null;
	httpStatus: number | null;
	outcome: TwilioOutcome;
	message: string;
	attempts: number;
}

/**
 * Creates one text, retrying 20429 / 5xx / network faults with truncated exponential backoff and
 * full jitter. Never throws for a Twilio answer: the caller routes the refusal. Every attempt
 * carries the same idempotency key, so a retry after a lost answer cannot text twice.
 */
export async function sendText(client: TwilioClient, request: TextRequest, retry: RetryPolicy = {}): Promise<SentText | RefusedText> {
	const attempts = Math.max(1, retry.attempts ?? 4);
	const base = retry.baseDelayMs ?? 500;
	const max = retry.maxDelayMs ?? 8000;
	const sleep = retry.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
	const random = retry.random ?? Math.random;
	let refusal: RefusedText | null = null;
	for (let attempt = 1; attempt <= attempts; attempt++) {
		try {
			const message = await withIdempotencyKey(request.idempotencyKey, () =>
				client.messages.create({
					to: request.to,
					body: request.body,
					...(request.messagingServiceSid ? { messagingServiceSid: request.messagingServiceSid } : { from: request.from }),
					...(request.statusCallback ? { statusCallback: request.statusCallback } : {}),
				}),
			);
			return {
				ok: true,
				sid: message.sid,
				status: message.status,
				from: message.from ?? null,
				numSegments: Number(message.numSegments) || 1,
				attempts: attempt,
			};
		} catch (error) {
			refusal = refusalOf(error, attempt);
			if (refusal.outcome !== 'retry' || attempt === attempts) return refusal;
			await sleep(Math.floor(random() * Math.min(max, base * 2 ** (attempt - 1))));
		}
	}
	return refusal!;
}

/** A Twilio RestException, an HTTP fault or a network error as one plain refusal. */
export function refusalOf(error: unknown, attempts: number): RefusedText {
	const e = error as { status?: unknown; code?: unknown; message?: unknown };
	const httpStatus = typeof e?.status === 'number' ? e.status : null;
	const code = typeof e?.code === 'number' ? e.code : null;
	const message = typeof e?.message === 'string' ? e.message : String(error);
	// No HTTP status at all: the request never got an answer (refused, reset, timed out).
	const outcome = httpStatus === null && code === null ? 'retry' : outcomeOf(code, httpStatus);
	return { ok: false, code, httpStatus, outcome, message, attempts };
}

export interface RecentText {
	sid: string;
	body: string;
	direction: string;
	status: string;
	/** ms since epoch. */
	createdAt: number;
}

/** The latest texts (either direction) between the account and `to`, newest first: one API request. */
export async function recentTexts(client: TwilioClient, to: string, pageSize = 50): Promise<RecentText[]> {
	const page = await client.messages.page({ to, pageSize });
	return page.instances.map((m) => ({
		sid: m.sid,
		body: m.body ?? '',
		direction: String(m.direction),
		status: String(m.status),
		createdAt: m.dateCreated instanceof Date ? m.dateCreated.getTime() : Date.parse(String(m.dateCreated)),
	}));
}
