/**
 * Texts through Twilio's Messages API, sent at most once.
 *
 * Twilio has no idempotency key for creating a message (CreateMessage declares no such header), so
 * a create is only ever repeated when it certainly never reached Twilio: the connection was
 * refused, the name did not resolve, or Twilio answered 429 / 20429 (it did nothing). After an
 * ambiguous failure (a timeout, a reset, a lost answer, a 5xx) the text is looked up in Twilio's
 * Messages list (To, From, DateSent, the same words): found, it counts as sent with that SID; not
 * found, it is reported `uncertain` and never re-sent here. The caller decides what uncertain
 * means for the touch (docs/sms.md).
 */
import { backoffOf, noAnswerRefusal, refusalOfAnswer, repeatableCall, type Backoff, type RefusedText, type RetryPolicy } from './retry';
import { noAnswerOf, type TwilioAnswer, type TwilioErrorBody, type TwilioSession } from './session';

export interface TextRequest {
	to: string;
	body: string;
	/** A Twilio number in E.164, or ... */
	from?: string;
	/** ... a Messaging Service SID (MG...). */
	messagingServiceSid?: string;
	statusCallback?: string;
	/**
	 * The moment the send starts (ISO-8601, the run's clock): a lookup after an ambiguous failure
	 * only counts texts created from then on (minus a few minutes for clocks that disagree).
	 */
	since: string;
	/** SIDs known to be older texts (e.g. from the replay check): never taken for this one. */
	olderSids?: ReadonlySet<string>;
}

export interface SentText {
	ok: true;
	sid: string;
	status: string;
	from: string | null;
	numSegments: number;
	attempts: number;
	/** The answer was lost, and the text was found in Twilio's list afterwards. */
	recovered?: boolean;
}

/** Twilio's message resource, the fields the pack reads. */
interface MessageJson {
	sid?: string;
	status?: string;
	from?: string | null;
	to?: string;
	body?: string;
	direction?: string;
	num_segments?: string;
	date_created?: string;
	messaging_service_sid?: string | null;
}

/** Minutes a lookup reaches back before `since`, for clocks (ours, Twilio's) that disagree. */
const CLOCK_SLACK_MS = 10 * 60_000;

export async function sendText(session: TwilioSession, request: TextRequest, retry: RetryPolicy = {}): Promise<SentText | RefusedText> {
	const backoff = backoffOf(retry);
	const form = {
		To: request.to,
		Body: request.body,
		...(request.messagingServiceSid ? { MessagingServiceSid: request.messagingServiceSid } : { From: request.from }),
		...(request.statusCallback ? { StatusCallback: request.statusCallback } : {}),
	};
	let ambiguous: RefusedText | null = null;
	for (let attempt = 1; attempt <= backoff.attempts; attempt++) {
		let answer: TwilioAnswer<MessageJson & TwilioErrorBody>;
		try {
			answer = await session.request<MessageJson & TwilioErrorBody>('POST', '/Messages.json', { form });
		} catch (error) {
			// session.request fails only with TwilioNoAnswer; anything else may have reached Twilio too.
			const noAnswer = noAnswerOf(error);
			const refusal = noAnswerRefusal(noAnswer, attempt);
			if (noAnswer.reachedTwilio !== false) {
				ambiguous = refusal;
				break;
			}
			if (attempt === backoff.attempts) return refusal;
			await backoff.wait(attempt);
			continue;
		}
		if (answer.status === 200 || answer.status === 201) return sentOf(answer.body, attempt);
		const refusal = refusalOfAnswer(answer, attempt);
		// 429 / 20429: Twilio turned the request away without doing anything; try again later.
		if (answer.status === 429 || refusal.code === 20429) {
			if (attempt === backoff.attempts) return refusal;
			await backoff.wait(attempt);
			continue;
		}
		// A 5xx may come after Twilio created the message: look before deciding.
		if (answer.status >= 500) {
			ambiguous = refusal;
			break;
		}
		return refusal;
	}
	// Ambiguous: the text may be at Twilio. Never send it again blind; look it up.
	const found = await findSentText(session, request, backoff).catch((): undefined => undefined);
	if (found) return { ...sentOf(found, ambiguous!.attempts), recovered: true };
	const why = found === undefined ? 'and Twilio could not be asked whether it arrived' : 'and it is not in Twilio\'s message list (yet)';
	return {
		...ambiguous!,
		outcome: 'uncertain',
		message: `${ambiguous!.message}; the text may have been sent ${why}`,
	};
}

/**
 * The text this request created, if Twilio has it: Messages filtered by To, From (or the
 * Messaging Service) and DateSent on or after the day before `since`, newest first, with the same
 * words, created from `since` on and not one of `olderSids`. A text still queued has no sent date,
 * so when the dated list has none, the latest texts to the number are looked at as well.
 * `null`: not found; throws when Twilio could not be asked.
 */
export async function findSentText(session: TwilioSession, request: TextRequest, backoff: Backoff = backoffOf({})): Promise<MessageJson | null> {
	const sinceMs = Date.parse(request.since) - CLOCK_SLACK_MS;
	const sentDay = new Date(Date.parse(request.since) - 86_400_000).toISOString().slice(0, 10);
	const base = { To: request.to, From: request.messagingServiceSid ? undefined : request.from, PageSize: '50' };
	for (const query of [{ ...base, 'DateSent>': sentDay }, base]) {
		const page = await repeatableCall<{ messages?: MessageJson[] }>(session, 'GET', '/Messages.json', { query }, backoff);
		const match = (page.messages ?? []).find(
			(m) =>
				String(m.direction ?? '').startsWith('outbound') &&
				m.to === request.to &&
				(request.messagingServiceSid ? m.messaging_service_sid === request.messagingServiceSid : m.from === request.from) &&
				sameWords(m.body, request.body) &&
				!(m.sid && request.olderSids?.has(m.sid)) &&
				!(Date.parse(String(m.date_created)) < sinceMs),
		);
		if (match) return match;
	}
	return null;
}

/** Twilio keeps the words as sent; a trial account puts its notice in front of them. */
function sameWords(stored: string | undefined, sent: string): boolean {
	return stored === sent || (typeof stored === 'string' && stored.endsWith(` - ${sent}`));
}

export interface RecentText {
	sid: string;
	to: string;
	body: string;
	direction: string;
	status: string;
	/** ms since epoch. */
	createdAt: number;
}

/** The latest texts (either direction) between the account and `to`, newest first: one API request. */
export async function recentTexts(session: TwilioSession, to: string, pageSize = 50, retry: RetryPolicy = {}): Promise<RecentText[]> {
	const page = await repeatableCall<{ messages?: MessageJson[] }>(session, 'GET', '/Messages.json', { query: { To: to, PageSize: String(pageSize) } }, backoffOf(retry));
	return (page.messages ?? []).map(recentTextOf);
}

/** Pages of up to 1,000 texts; a run reading more than this many pages stops there. */
const MAX_PAGES = 20;

/**
 * Every text sent from `from` since `sinceMs`, newest first, in as few requests as Twilio allows
 * (pages of 1,000): what a run of many texts reads once instead of one list per lead. No DateSent
 * filter, so texts still queued (no sent date yet) are included.
 */
export async function textsSentFrom(session: TwilioSession, from: string, sinceMs: number, retry: RetryPolicy = {}): Promise<RecentText[]> {
	const backoff = backoffOf(retry);
	const texts: RecentText[] = [];
	let query: Record<string, string> = { From: from, PageSize: '1000' };
	for (let page = 0; page < MAX_PAGES; page++) {
		const answer = await repeatableCall<{ messages?: MessageJson[]; next_page_uri?: string | null }>(session, 'GET', '/Messages.json', { query }, backoff);
		const batch = (answer.messages ?? []).map(recentTextOf);
		texts.push(...batch.filter((t) => !(t.createdAt < sinceMs)));
		const oldest = batch[batch.length - 1];
		if (!answer.next_page_uri || !oldest || oldest.createdAt < sinceMs) break;
		query = Object.fromEntries(new URL(answer.next_page_uri, 'https://api.twilio.com').searchParams);
	}
	return texts;
}

function recentTextOf(m: MessageJson): RecentText {
	return {
		sid: String(m.sid ?? ''),
		to: String(m.to ?? ''),
		body: m.body ?? '',
		direction: String(m.direction ?? ''),
		status: String(m.status ?? ''),
		createdAt: Date.parse(String(m.date_created)),
	};
}

function sentOf(message: MessageJson, attempts: number): SentText {
	return {
		ok: true,
		sid: String(message.sid ?? ''),
		status: String(message.status ?? ''),
		from: message.from ?? null,
		numSegments: Number(message.num_segments) || 1,
		attempts,
	};
}
