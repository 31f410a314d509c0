import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { classifyReply, type Touch } from '../core';
import { currentInstant } from '../shared/clock';
import { isTwilioSignatureValid, outcomeOf, TWILIO_ERROR_OUTCOMES } from '../transport/twilio';
import { signingAuthToken } from './credential';

/** An empty TwiML answer: Twilio sends nothing back to the borrower on our behalf. */
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/** The one opt-out confirmation is presumed timely within five minutes (47 CFR 64.1200(a)(12)). */
const CONFIRMATION_WINDOW_MS = 5 * 60_000;

export type SmsEventKind = 'opt-out' | 'opt-in' | 'help' | 'reply' | 'status';

/**
 * Verifies X-Twilio-Signature, then turns the form Twilio posted into one item:
 * `{ kind, from, to, body, ... }`. A forged or unsigned request is answered 403 and starts no
 * execution; an event type the node is not listening for is acknowledged and dropped on purpose.
 */
export async function receiveTwilioWebhook(ctx: IWebhookFunctions): Promise<IWebhookResponseData> {
	const res = ctx.getResponseObject();
	const params = formOf(ctx.getBodyData());
	const authToken = await signingAuthToken(ctx);
	const signature = headerOf(ctx.getHeaderData()['x-twilio-signature']);
	const signed = signature !== '' && candidateUrls(ctx).some((url) => isTwilioSignatureValid(authToken, signature, url, params));
	if (!signed) {
		res.status(403).send('Forbidden: X-Twilio-Signature does not match this webhook');
		return { noWebhookResponse: true };
	}

	const isStatus = params.MessageStatus !== undefined && params.SmsStatus !== 'received';
	const events = ctx.getNodeParameter('events', ['inbound', 'status']) as string[];
	res.status(200).type('text/xml').send(EMPTY_TWIML);
	if (!events.includes(isStatus ? 'status' : 'inbound')) return { noWebhookResponse: true };
	// Acknowledged (Twilio must not retry) but no execution for reports the workflow would drop.
	if (isStatus && ctx.getNodeParameter('onlyFailedReports', true) !== false && !isFailedReport(params)) {
		return { noWebhookResponse: true };
	}

	const now = await currentInstant(ctx, ctx.getNodeParameter('now', ''));
	const json = isStatus ? statusEvent(params, queryOf(ctx.getQueryData())) : inboundEvent(params, now);
	return { noWebhookResponse: true, workflowData: [ctx.helpers.returnJsonArray([json])] };
}

function inboundEvent(params: Record<string, string>, receivedAt: string): IDataObject {
	const body = params.Body ?? '';
	// Twilio's OptOutType (Advanced Opt-Out) names the keyword it already acted on and answered.
	// Without Advanced Opt-Out, Twilio's default handling still answers its exact default keywords.
	const twilioKeyword = (params.OptOutType ?? '').toUpperCase() || (params.OptOutType === undefined ? defaultKeywordOf(body) : '');
	const intent = twilioKeyword === 'STOP' ? 'opt-out' : classifyReply(body);
	const kind: SmsEventKind = intent === 'other' ? 'reply' : intent;
	const confirmedByCarrier = twilioKeyword !== '' && keywordKind(twilioKeyword) === kind;
	const touch: Touch = {
		touchId: `sms-in:${params.MessageSid}`,
		// The workflow fills the lead in after looking the sender's number up in the Leads tab.
		leadId: '',
		at: receivedAt,
		channel: 'sms',
		direction: 'inbound',
		verdict: 'received',
		reason: kind,
		providerId: params.MessageSid ?? null,
		body,
	};
	const event: IDataObject = {
		kind,
		from: params.From ?? '',
		to: params.To ?? '',
		body,
		messageSid: params.MessageSid ?? '',
		receivedAt,
		twilioKeyword: twilioKeyword || null,
		// Twilio already texted its own confirmation / help answer: the workflow sends none.
		confirmedByCarrier,
		autoAnswered: confirmedByCarrier,
		touch: touch as unknown as IDataObject,
	};
	if (kind === 'opt-out') {
		event.leadChanges = { optOut: { sms: true }, optOutSmsAt: receivedAt };
		event.consentLog = { phone: params.From ?? '', channel: 'sms', action: 'opt-out', at: receivedAt, words: body, source: 'sms-reply' };
		// Twilio confirms exact keywords itself; for "Stop texting me" the workflow sends the one confirmation.
		event.confirmation = confirmedByCarrier
			? { needed: false }
			: { needed: true, sendBy: new Date(Date.parse(receivedAt) + CONFIRMATION_WINDOW_MS).toISOString() };
	} else if (kind === 'opt-in') {
		event.leadChanges = { optOut: { sms: false } };
		event.consentLog = { phone: params.From ?? '', channel: 'sms', action: 'opt-in', at: receivedAt, words: body, source: 'sms-reply' };
	} else if (kind === 'reply') {
		// A real reply: pause the drip and tell the loan officer.
		event.leadChanges = { lastReplyAt: receivedAt };
	}
	return event;
}

function statusEvent(params: Record<string, string>, query: Record<string, string>): IDataObject {
	const errorCode = params.ErrorCode ? Number(params.ErrorCode) : null;
	const outcome = errorCode ? outcomeOf(errorCode) : null;
	const event: IDataObject = {
		kind: 'status',
		from: params.From ?? '',
		to: params.To ?? '',
		body: '',
		messageSid: params.MessageSid ?? '',
		status: params.MessageStatus ?? '',
		errorCode,
		errorMeaning: errorCode ? (TWILIO_ERROR_OUTCOMES[errorCode]?.meaning ?? null) : null,
		outcome,
		// 30007: the carrier filtered the words as spam; sending them again makes it worse.
		doNotResendContent: errorCode === 30007,
		touchId: query.touchId ?? null,
		leadId: query.leadId ?? null,
		touchUpdate: {
			providerId: params.MessageSid ?? null,
			deliveryStatus: params.MessageStatus ?? null,
			error: errorCode ? `Twilio ${errorCode}: ${TWILIO_ERROR_OUTCOMES[errorCode]?.meaning ?? 'delivery failed'}` : null,
		},
	};
	if (outcome === 'invalid-number') event.leadChanges = { phoneStatus: 'invalid' };
	if (outcome === 'not-textable') event.leadChanges = { phoneStatus: 'not-textable' };
	return event;
}

/** Statuses worth an execution when only failures are wanted (Twilio's final failure states). */
const FAILED_STATUSES = ['undelivered', 'failed'];

function isFailedReport(params: Record<string, string>): boolean {
	const errorCode = Number(params.ErrorCode ?? 0);
	return FAILED_STATUSES.includes((params.MessageStatus ?? '').toLowerCase()) || (Number.isFinite(errorCode) && errorCode > 0);
}

/**
 * Twilio's default opt-out handling (US/Canada long codes) acts on these exact words, trimmed and
 * case-insensitive, and replies itself, whether or not Advanced Opt-Out is on.
 */
const TWILIO_DEFAULT_KEYWORDS: Record<string, 'STOP' | 'START' | 'HELP'> = {
	STOP: 'STOP',
	STOPALL: 'STOP',
	UNSUBSCRIBE: 'STOP',
	CANCEL: 'STOP',
	END: 'STOP',
	QUIT: 'STOP',
	REVOKE: 'STOP',
	OPTOUT: 'STOP',
	START: 'START',
	YES: 'START',
	UNSTOP: 'START',
	HELP: 'HELP',
	INFO: 'HELP',
};

function defaultKeywordOf(body: string): string {
	return TWILIO_DEFAULT_KEYWORDS[body.trim().toUpperCase()] ?? '';
}

function keywordKind(keyword: string): SmsEventKind | null {
	if (keyword === 'STOP') return 'opt-out';
	if (keyword === 'START') return 'opt-in';
	if (keyword === 'HELP') return 'help';
	return null;
}

/**
 * The URLs Twilio may have signed: the one the LO entered (Public URL), else this node's own, each
 * with the request's query string. Twilio signs the whole URL it calls, query included (status
 * callbacks carry touchId and leadId), so a request with a query is checked only against URLs with
 * that exact query: a query added to a genuinely signed request is refused, not trusted.
 */
function candidateUrls(ctx: IWebhookFunctions): string[] {
	const publicUrl = String(ctx.getNodeParameter('publicUrl', '') ?? '').trim();
	const own = ctx.getNodeWebhookUrl('default') ?? '';
	const query = rawQueryOf(ctx);
	const urls = publicUrl ? [publicUrl] : [own, ...legacyUrlOf(ctx, own)];
	if (!query) return urls;
	return urls.map((url) => {
		const at = url.indexOf('?');
		if (at >= 0 && url.slice(at + 1) === query) return url;
		return `${url}${at >= 0 ? '&' : '?'}${query}`;
	});
}

/** The query string as it came (n8n's request object keeps the original URL), else rebuilt. */
function rawQueryOf(ctx: IWebhookFunctions): string {
	const request = ctx.getRequestObject() as { originalUrl?: unknown; url?: unknown };
	const url = typeof request.originalUrl === 'string' ? request.originalUrl : typeof request.url === 'string' ? request.url : null;
	if (url !== null) {
		const at = url.indexOf('?');
		return at < 0 ? '' : url.slice(at + 1);
	}
	return new URLSearchParams(queryOf(ctx.getQueryData())).toString();
}

/** The path of the trigger's first URL, <webhookId>/mortgage-sms, still served (see the node). */
export const LEGACY_PATH = 'mortgage-sms';

/** The legacy URL next to the readable one: same base (…/webhook or …/webhook-test), <webhookId>/mortgage-sms. */
export function legacyUrlOf(ctx: Pick<IWebhookFunctions, 'getNode' | 'getNodeParameter'>, own: string): string[] {
	const webhookId = ctx.getNode().webhookId;
	const path = String(ctx.getNodeParameter('path', LEGACY_PATH) ?? '').replace(/^\/+|\/+$/g, '') || webhookId;
	if (!webhookId || !path || !own.endsWith(`/${path}`)) return [];
	return [`${own.slice(0, -(path.length + 1))}/${webhookId}/${LEGACY_PATH}`];
}

function formOf(body: IDataObject): Record<string, string> {
	const params: Record<string, string> = {};
	for (const [name, value] of Object.entries(body ?? {})) {
		if (typeof value === 'string') params[name] = value;
		else if (typeof value === 'number' || typeof value === 'boolean') params[name] = String(value);
	}
	return params;
}

function queryOf(query: object): Record<string, string> {
	const result: Record<string, string> = {};
	for (const [name, value] of Object.entries(query ?? {})) if (typeof value === 'string') result[name] = value;
	return result;
}

function headerOf(value: string | string[] | undefined): string {
	return (Array.isArray(value) ? value[0] : value) ?? '';
}
