import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';
import {
	checkTouch,
	complianceLeadFrom,
	ComplianceInputError,
	historyFromTouches,
	isFirstWrittenMessage,
	renderTemplate,
	stripUnsafeCharacters,
	TOUCH_PURPOSES,
	trackerPersonOf,
	withPersonOptOut,
	type HistoryTouch,
	type Touch,
	type TouchPurpose,
} from '../../core';
import { currentInstant } from '../../shared/clock';
import { routeItems, type Routed } from '../../shared/routeItems';
import { sandboxSettings } from '../../shared/sandbox';
import {
	lineTypeOf,
	openTwilioSession,
	recentTexts,
	sendText,
	textsSentFrom,
	TwilioCallError,
	TWILIO_CREDENTIAL,
	type RecentText,
	type RefusedText,
	type RetryPolicy,
	type TwilioSession,
} from '../../transport/twilio';
import { adHocTouchId, mergeValuesFor, withIdentification, type SenderIdentity } from './compose';

const OUTPUTS = ['sent', 'deferred', 'blocked', 'failed'] as const;

/** The SMS Reply Trigger's path in the replies workflow: delivery reports go to <public n8n address>/webhook/<this>. */
export const STATUS_WEBHOOK_PATH = 'mortgage-sms';
type Output = (typeof OUTPUTS)[number];

const showFor = { show: { operation: ['send'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Send From',
		name: 'sendFrom',
		type: 'options',
		default: 'phoneNumber',
		displayOptions: showFor,
		options: [
			{ name: 'Phone Number', value: 'phoneNumber', description: 'Your Twilio number' },
			{ name: 'Messaging Service', value: 'messagingService', description: 'A Twilio Messaging Service (number pool, 10DLC campaign)' },
		],
	},
	{
		displayName: 'From Number',
		name: 'from',
		type: 'string',
		default: '',
		placeholder: '+13055550100',
		description: 'Your Twilio phone number in international format. Leave empty to use sendingNumber from the tracker\'s Settings tab.',
		displayOptions: { show: { operation: ['send'], sendFrom: ['phoneNumber'] } },
	},
	{
		displayName: 'Messaging Service SID',
		name: 'messagingServiceSid',
		type: 'string',
		default: '',
		placeholder: 'MG0123456789abcdef0123456789abcdef',
		description: 'Leave empty to use messagingServiceSid from the tracker\'s Settings tab',
		displayOptions: { show: { operation: ['send'], sendFrom: ['messagingService'] } },
	},
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		placeholder: 'Hi {{firstName|there}}, this is {{loName}}. Got a minute to talk about your {{loanPurpose}}?',
		description:
			"The text, with merge fields such as {{firstName}}, {{loName}}, {{company}}. Leave empty to use the item's template (from the Cadences tab) or body.",
		displayOptions: showFor,
	},
	{
		displayName: 'LO Name',
		name: 'loName',
		type: 'string',
		default: '',
		placeholder: 'Alex Rivera',
		description: 'The loan officer the lead hears from. Leave empty to use loName from the tracker\'s Settings tab. Shown on the first text to each lead.',
		displayOptions: showFor,
	},
	{
		displayName: 'NMLS ID',
		name: 'nmlsId',
		type: 'string',
		default: '',
		placeholder: '123456',
		description: "The loan officer's NMLS ID, required on the first text to a lead (SAFE Act). Leave empty to use nmlsId from the tracker's Settings tab.",
		displayOptions: showFor,
	},
	{
		displayName: 'Company',
		name: 'company',
		type: 'string',
		default: '',
		displayOptions: showFor,
	},
	{
		displayName: 'Status Callback URL',
		name: 'statusCallback',
		type: 'string',
		default: '',
		placeholder: 'https://n8n.example.com/webhook/mortgage-sms',
		description: 'Where Twilio reports delivery (the Production URL of a Mortgage SMS Reply Trigger). Leave empty to use publicN8nAddress from the tracker\'s Settings tab + /webhook/mortgage-sms; no delivery reports without either.',
		displayOptions: showFor,
	},
	{
		displayName: 'Now',
		name: 'now',
		type: 'string',
		default: '',
		placeholder: '2026-03-08T14:30:00Z',
		description: 'The time to check quiet hours against. Leave empty for the real current time.',
		hint: 'Usually leave empty',
		displayOptions: showFor,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showFor,
		options: [
			{
				displayName: 'Attempts',
				name: 'attempts',
				type: 'number',
				default: 4,
				description:
					'How often to try when Twilio is busy (429) or cannot be reached before deferring the text. A text Twilio may already have (a timeout, a lost answer, a 5xx) is never sent again blind: it is looked up in Twilio first.',
			},
			{
				displayName: 'Defer When Twilio Is Down (Minutes)',
				name: 'deferMinutes',
				type: 'number',
				default: 15,
				description: 'When every attempt failed, the text leaves on Deferred to be offered again this much later',
			},
			{
				displayName: 'First Retry Delay (Ms)',
				name: 'retryDelayMs',
				type: 'number',
				default: 500,
				description: 'Backoff before the second attempt; it doubles each time (with jitter)',
			},
			{
				displayName: 'Identify LO On',
				name: 'identification',
				type: 'options',
				default: 'firstMessage',
				options: [
					{ name: 'First Text to Each Lead', value: 'firstMessage' },
					{ name: 'Every Text', value: 'always', description: 'For states that want the NMLS ID on every solicitation (e.g. IL)' },
				],
			},
			{
				displayName: 'Replay Check (Hours)',
				name: 'replayWindowHours',
				type: 'number',
				default: 24,
				description:
					'Before sending, look at the texts Twilio already sent this lead: the same words within this many hours means the touch went out already (a re-run after a crash, or a text whose answer was lost). 0 turns the check off, and with it the only guard against texting a re-run again: Twilio has no duplicate protection of its own.',
			},
		],
	},
];

interface SendOptions {
	identification?: 'firstMessage' | 'always';
	replayWindowHours?: number;
	attempts?: number;
	retryDelayMs?: number;
	deferMinutes?: number;
}

/** What every item of one execution shares: one clock reading, one Twilio session. */
interface Run {
	ctx: IExecuteFunctions;
	now: string;
	nowMs: number;
	twilio: TwilioSession;
	/** Texts already handled in this execution, by touchId: a duplicate item is not texted twice. */
	handled: Map<string, { touch: Touch; output: Output }>;
	/** Runs of many texts read what each sender sent within the window once (see recentFor). */
	batchReplayCheck: boolean;
	sentFrom: Map<string, Promise<Map<string, RecentText[]>>>;
}

/** From this many items on, the replay check reads the sender's texts once instead of per lead. */
const BATCH_REPLAY_MIN_ITEMS = 10;

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const now = await currentInstant(this, this.getNodeParameter('now', 0, ''));
	let twilio: TwilioSession;
	try {
		twilio = await openTwilioSession(this, { root: sandboxSettings(this).twilioRoot });
	} catch (error) {
		throw new NodeOperationError(this.getNode(), (error as Error).message, { description: `Check the Twilio credential (${TWILIO_CREDENTIAL})` });
	}
	const run: Run = {
		ctx: this,
		now,
		nowMs: Date.parse(now),
		twilio,
		handled: new Map(),
		batchReplayCheck: this.getInputData().length >= BATCH_REPLAY_MIN_ITEMS,
		sentFrom: new Map(),
	};
	const outcomes = inFlight(this, (json, itemIndex) => sendOne(run, json, itemIndex));
	return routeItems(this, { outputs: OUTPUTS, errorOutput: 'failed' }, (_item, itemIndex) => outcomes[itemIndex]);
}

/** Texts on their way to Twilio at once: Twilio answers in ~100-300 ms, one at a time is slow. */
const IN_FLIGHT = 8;

/**
 * Starts every item's send, IN_FLIGHT at a time, and hands back their outcomes in item order (so
 * outputs, pairedItem and the first error reported are what one-by-one sending gives). Items for
 * the same phone number or touchId wait for each other: the replay check, the first-text
 * identification and a touch listed twice then see the earlier one. After an item fails a run
 * that stops on errors, no further item starts.
 */
function inFlight(ctx: IExecuteFunctions, send: (json: IDataObject, itemIndex: number) => Promise<Routed<Output>>): Array<Promise<Routed<Output>>> {
	const items = ctx.getInputData();
	const waitFor = new Map<string, Promise<unknown>>();
	const queue: Array<() => void> = [];
	let running = 0;
	let stopped = false;
	const release = () => {
		running--;
		queue.shift()?.();
	};
	const slot = () => (running < IN_FLIGHT ? Promise.resolve() : new Promise<void>((resolve) => queue.push(resolve))).then(() => void running++);
	return items.map((item, itemIndex) => {
		const keys = sameRecipientKeys(item.json);
		const earlier = Promise.all(keys.map((key) => waitFor.get(key)));
		const outcome = earlier
			.then(slot)
			.then(async () => {
				try {
					if (stopped) throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: not sent, an earlier item stopped the run`, { itemIndex });
					return await send(item.json, itemIndex);
				} finally {
					release();
				}
			});
		// Waiting items only need to know it finished; a failure is reported by routeItems, in order.
		const settled = outcome.then(
			() => undefined,
			() => {
				if (!ctx.continueOnFail()) stopped = true;
			},
		);
		for (const key of keys) waitFor.set(key, settled);
		return outcome;
	});
}

const PHONE_FIELDS = new Set(['phone', 'mobile', 'cell', 'phonenumber']);

/** What makes two items the same recipient: the touchId, and the phone's last ten digits. */
function sameRecipientKeys(json: IDataObject): string[] {
	const lead = isObject(json.lead) ? json.lead : json;
	// The fields complianceLeadFrom reads the phone from, however the column is written.
	const phone = Object.entries(lead).find(([name]) => PHONE_FIELDS.has(name.toLowerCase().replace(/[^a-z]/g, '')))?.[1];
	const digits = (typeof phone === 'string' || typeof phone === 'number' ? String(phone) : '').replace(/\D/g, '').slice(-10);
	const touchId = text(json.touchId);
	return [...(digits ? [`phone:${digits}`] : []), ...(touchId ? [`touch:${touchId}`] : []), ...(!digits && !touchId ? ['unkeyed'] : [])];
}

async function sendOne(run: Run, json: IDataObject, itemIndex: number): Promise<Routed<Output>> {
	const { ctx, now } = run;
	const fail = (field: string, message: string) =>
		new NodeOperationError(ctx.getNode(), `Item ${itemIndex}, field "${field}": ${message}`, {
			itemIndex,
			description: 'Fix the field in the incoming item (or the node parameter), then run again',
		});
	const options = ctx.getNodeParameter('options', itemIndex, {}) as SendOptions;
	// The Settings tab (carried on the item by the Lead Tracker node) unless the node sets a value.
	const settings = isObject(json.settings) ? json.settings : {};
	const setting = (name: string, parameter?: string) => (parameter ? param(ctx, parameter, itemIndex) : '') || text(settings[name]);
	const identity: SenderIdentity = {
		loName: setting('loName', 'loName'),
		nmlsId: setting('nmlsId', 'nmlsId'),
		company: setting('company', 'company'),
		loPhone: setting('phone') || setting('loMobile') || setting('sendingNumber'),
		loEmail: setting('loEmail'),
	};

	// The item is a lead row (or carries one under `lead`) plus the touch being sent.
	const leadRecord = isObject(json.lead) ? json.lead : json;
	const leadId = text(json.leadId) || text(leadRecord.leadId);
	if (!leadId) throw fail('leadId', 'every text needs the lead it goes to (leadId)');
	const purpose = readPurpose(json.purpose, fail);
	const template = param(ctx, 'message', itemIndex) || text(json.template) || text(json.body);
	if (!template) throw fail('template', 'no message: set the node\'s Message, or give the item a "template" or "body"');
	if (json.history !== undefined && json.history !== null && !Array.isArray(json.history)) {
		throw fail('history', '"history" must be a list of earlier touches ({ at, channel, purpose })');
	}
	const history = historyFromTouches((json.history ?? []) as IDataObject[], leadId);
	const lead = complianceLeadFrom(leadRecord);
	// The person's opt-outs as the tracker holds them (Upsert Leads' answer, every row with this
	// phone): a lead source posting an opted-out phone again is refused here, at send time.
	lead.optOut = withPersonOptOut(lead.optOut, trackerPersonOf(json));

	const rendered = renderTemplate(template, mergeValuesFor(leadRecord, identity));
	if (rendered.unknownFields.length > 0) {
		throw fail('template', `unknown merge field ${rendered.unknownFields.map((f) => `{{${f}}}`).join(', ')}: check the spelling`);
	}
	const touch: Touch = {
		touchId: text(json.touchId) || adHocTouchId(leadId, rendered.text),
		leadId,
		at: now,
		channel: 'sms',
		direction: 'outbound',
		purpose,
		cadenceId: text(json.cadenceId) || null,
		step: typeof json.step === 'number' ? json.step : null,
	};
	const route = (output: Output, fields: Partial<Touch>, extra: IDataObject = {}): Routed<Output> => {
		const done: Touch = { ...touch, ...fields };
		return { output, json: { ...json, ...extra, touch: done as unknown as IDataObject } };
	};

	// A duplicate item in the same run: the text went (or not) with the first one.
	const earlier = run.handled.get(touch.touchId);
	if (earlier) return route(earlier.output, { ...earlier.touch, at: now }, { alreadySent: earlier.output === 'sent' });

	// Re-check at send time: the touch may have become illegal since it was planned.
	let verdict;
	try {
		verdict = checkTouch({ lead, channel: 'sms', at: now, purpose, history });
	} catch (error) {
		if (error instanceof ComplianceInputError) throw fail(error.field, error.message);
		throw new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
	}
	if (verdict.verdict === 'block') {
		return route('blocked', { verdict: 'blocked', reason: verdict.reasons.join(', '), error: verdict.messages.join('; ') });
	}
	if (verdict.verdict === 'defer') {
		return route('deferred', { verdict: 'deferred', reason: verdict.reasons.join(', '), sendAfter: verdict.sendAfter ?? null, error: verdict.messages.join('; ') });
	}

	const to = lead.phone as string;
	// The identification comes from the Settings tab, which anyone with the sheet can edit: the
	// final words pass the same filter as the template's (no control, NUL or bidi characters).
	const identified = stripUnsafeCharacters(withIdentification(rendered.text, identity));
	const delay = Math.max(0, options.retryDelayMs ?? 500);
	const retry: RetryPolicy = { attempts: options.attempts ?? 4, baseDelayMs: delay, maxDelayMs: Math.max(delay, delay * 16) };
	const sendFromParameter = ctx.getNodeParameter('sendFrom', itemIndex, 'phoneNumber') as string;
	// No number anywhere but a Messaging Service in Settings: the texts go through the service.
	const sendFrom = sendFromParameter === 'phoneNumber' && !setting('sendingNumber', 'from') && setting('messagingServiceSid') ? 'messagingService' : sendFromParameter;
	const from = sendFrom === 'messagingService' ? undefined : setting('sendingNumber', 'from');
	const messagingServiceSid = sendFrom === 'messagingService' ? setting('messagingServiceSid', sendFromParameter === 'messagingService' ? 'messagingServiceSid' : undefined) : undefined;
	const publicAddress = setting('publicN8nAddress').replace(/\/+$/, '');
	const statusCallbackUrl = param(ctx, 'statusCallback', itemIndex) || (publicAddress ? `${publicAddress}/webhook/${STATUS_WEBHOOK_PATH}` : '');
	let recent: RecentText[] | null = null;
	const windowHours = options.replayWindowHours ?? 24;
	if (windowHours > 0) {
		try {
			recent = await recentFor(run, to, from, windowHours, retry);
		} catch (error) {
			return refused(refusalOfFailure(error));
		}
		const since = run.nowMs - windowHours * 3_600_000;
		const twin = recent.find(
			(m) => m.direction.startsWith('outbound') && m.createdAt >= since && (m.body === rendered.text || m.body === identified),
		);
		if (twin) {
			const result = route('sent', { verdict: 'sent', providerId: twin.sid, deliveryStatus: twin.status, body: twin.body }, { alreadySent: true });
			run.handled.set(touch.touchId, { output: 'sent', touch: result.json.touch as unknown as Touch });
			return result;
		}
	}

	// Optional (Settings row lineTypeCheck "on"): the number looked up once before the lead's first
	// text; a landline gets calls and email only. A failed lookup defers the text like Twilio down.
	let lineType: string | null;
	try {
		lineType = await lineTypeFor(run, settings, leadRecord, to, purpose !== 'opt-out-confirmation' && isFirstText(history, recent), retry);
	} catch (error) {
		return refused(refusalOfFailure(error));
	}
	if (lineType === 'landline') {
		return route('blocked', { verdict: 'blocked', reason: 'landline', error: `Twilio Lookup says ${to} is a landline: call or email this lead instead` }, { lineType, leadChanges: { lineType } });
	}

	const first = purpose !== 'opt-out-confirmation' && (options.identification === 'always' || isFirstText(history, recent));
	if (first && !identity.loName) throw fail('LO Name', 'the first text to a lead must name the loan officer: fill loName in the tracker\'s Settings tab (or set LO Name)');
	if (first && !identity.nmlsId) throw fail('NMLS ID', 'the first text to a lead must show the NMLS ID (SAFE Act): fill nmlsId in the tracker\'s Settings tab (or set NMLS ID)');
	const body = first ? identified : rendered.text;

	if (sendFrom !== 'messagingService' && !from) throw fail('From Number', 'no number to text from: fill sendingNumber in the tracker\'s Settings tab (or set From Number)');
	if (sendFrom === 'messagingService' && !messagingServiceSid) throw fail('Messaging Service SID', 'no Messaging Service to text through: fill messagingServiceSid in the tracker\'s Settings tab (or set Messaging Service SID)');

	const result = await sendText(
		run.twilio,
		{
			to,
			body,
			from,
			messagingServiceSid,
			statusCallback: statusCallbackFor(statusCallbackUrl, touch),
			since: now,
			olderSids: new Set((recent ?? []).map((m) => m.sid)),
		},
		retry,
	);
	if (!result.ok) return refused(result);
	// recovered: the answer was lost, and Twilio's list showed the text went out.
	const extra: IDataObject = result.recovered ? { firstText: first, recovered: true } : { firstText: first };
	if (lineType) extra.lineType = lineType;
	const sent = route('sent', { verdict: 'sent', providerId: result.sid, deliveryStatus: result.status, body }, extra);
	run.handled.set(touch.touchId, { output: 'sent', touch: sent.json.touch as unknown as Touch });
	await rememberSent(run, from, windowHours, { sid: result.sid, to, body, direction: 'outbound-api', status: result.status, createdAt: run.nowMs });
	return sent;

	/** A Twilio refusal as the tracker understands it (../../transport/twilio/errors.ts). */
	function refused(refusal: RefusedText): Routed<Output> {
		const twilio = { code: refusal.code, httpStatus: refusal.httpStatus, message: refusal.message, attempts: refusal.attempts };
		const error = refusal.code ? `Twilio ${refusal.code}: ${refusal.message}` : refusal.message;
		switch (refusal.outcome) {
			case 'uncertain': {
				// The text may be at Twilio, and its list does not show it. Never sent again blind:
				// with the replay check on, it is offered again later and that check looks once more
				// before anything goes out; without it, the loan officer decides (docs/sms.md).
				const reason = `twilio-uncertain:${refusal.code ?? refusal.httpStatus ?? 'no-answer'}`;
				if (windowHours > 0) {
					const sendAfter = new Date(run.nowMs + Math.max(1, options.deferMinutes ?? 15) * 60_000).toISOString();
					return route('deferred', { verdict: 'deferred', reason, sendAfter, error }, { outcome: 'uncertain', twilio });
				}
				return route('failed', { verdict: 'failed', reason, error }, { outcome: 'uncertain', twilio });
			}
			case 'retry': {
				// Twilio stayed busy or unreachable: offered again later, never dropped.
				const sendAfter = new Date(run.nowMs + Math.max(1, options.deferMinutes ?? 15) * 60_000).toISOString();
				const reason = `twilio-unavailable:${refusal.code ?? refusal.httpStatus ?? 'network'}`;
				return route('deferred', { verdict: 'deferred', reason, sendAfter, error }, { outcome: 'retry-later', twilio });
			}
			case 'opted-out':
				return route('failed', { verdict: 'failed', reason: 'opted-out:sms', error }, {
					outcome: 'opted-out',
					leadChanges: { optOut: { sms: true }, optOutSmsAt: now },
					twilio,
				});
			case 'invalid-number':
				return route('failed', { verdict: 'failed', reason: 'invalid-number', error }, { outcome: 'invalid-number', leadChanges: { phoneStatus: 'invalid' }, twilio });
			case 'not-textable':
				return route('failed', { verdict: 'failed', reason: 'not-textable', error }, { outcome: 'not-textable', leadChanges: { phoneStatus: 'not-textable' }, twilio });
			case 'configuration':
				// Every other text would fail the same way: stop and say what to fix.
				throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${error}`, {
					itemIndex,
					description: 'Check the Twilio credential and the From number or Messaging Service',
				});
			default:
				return route('failed', { verdict: 'failed', reason: `twilio:${refusal.code ?? refusal.httpStatus ?? 'error'}`, error }, { outcome: refusal.outcome, twilio });
		}
	}
}

/**
 * The texts Twilio already has for `to`, newest first. A short run asks Twilio per lead (the latest
 * 50 texts with the number, any sender). A run of many texts from one number reads everything that
 * number sent within the window once, in pages of 1,000, and looks each lead up in it: a drip of
 * 1,000 texts makes one or two list requests instead of 1,000.
 */
async function recentFor(run: Run, to: string, from: string | undefined, windowHours: number, retry: RetryPolicy): Promise<RecentText[]> {
	if (!run.batchReplayCheck || !from) return recentTexts(run.twilio, to, 50, retry);
	const key = `${from}|${windowHours}`;
	let byTo = run.sentFrom.get(key);
	if (!byTo) {
		byTo = textsSentFrom(run.twilio, from, run.nowMs - windowHours * 3_600_000, retry).then((texts) => {
			const index = new Map<string, RecentText[]>();
			for (const text of texts) index.set(text.to, [...(index.get(text.to) ?? []), text]);
			return index;
		});
		run.sentFrom.set(key, byTo);
		// A failed read is not kept: the next item asks again.
		byTo.catch(() => run.sentFrom.delete(key));
	}
	return (await byTo).get(to) ?? [];
}

/** A text sent in this run joins the run's copy of the sender's texts (same words twice = once). */
async function rememberSent(run: Run, from: string | undefined, windowHours: number, text: RecentText): Promise<void> {
	const byTo = from ? run.sentFrom.get(`${from}|${windowHours}`) : undefined;
	if (!byTo) return;
	const index = await byTo;
	index.set(text.to, [text, ...(index.get(text.to) ?? [])]);
}

/** A failed list request as a refusal: Twilio's own answer, or the unexpected error as it is. */
function refusalOfFailure(error: unknown): RefusedText {
	if (error instanceof TwilioCallError) return error.refusal;
	return { ok: false, code: null, httpStatus: null, outcome: 'error', message: (error as Error)?.message ?? String(error), attempts: 1 };
}

/** Line types this process looked up, by number: Twilio bills each Lookup, a number is asked once. */
const LINE_TYPES = new Map<string, string>();
const LINE_TYPES_KEPT = 10_000;

/** The lead's line type when the check is on and this is its first text: the lead's own field, this process's memory, else Lookup. */
async function lineTypeFor(run: Run, settings: IDataObject, lead: IDataObject, to: string, firstText: boolean, retry: RetryPolicy): Promise<string | null> {
	if (!firstText || !['on', 'true', 'yes', '1'].includes(text(settings.lineTypeCheck).toLowerCase())) return null;
	const known = text(lead.lineType) || LINE_TYPES.get(to);
	if (known) return known;
	const type = await lineTypeOf(run.twilio, to, retry);
	if (type) {
		if (LINE_TYPES.size >= LINE_TYPES_KEPT) LINE_TYPES.clear();
		LINE_TYPES.set(to, type);
	}
	return type || null;
}

/** The delivery report names its touch, so the reply trigger can update the right Touches row. */
function statusCallbackFor(url: string, touch: Touch): string | undefined {
	if (!url) return undefined;
	const query = new URLSearchParams({ touchId: touch.touchId, leadId: touch.leadId }).toString();
	return `${url}${url.includes('?') ? '&' : '?'}${query}`;
}

/** No text or email went out before, by the Touches tab's history and by Twilio's own record. */
function isFirstText(history: HistoryTouch[], recent: RecentText[] | null): boolean {
	// Twilio's own keyword auto-replies (outbound-reply, e.g. the HELP text) do not identify the LO.
	return isFirstWrittenMessage(history) && !(recent ?? []).some((m) => m.direction === 'outbound-api');
}

function readPurpose(value: unknown, fail: (field: string, message: string) => NodeOperationError): TouchPurpose {
	if (value === undefined || value === null || value === '') return 'marketing';
	if (typeof value === 'string' && (TOUCH_PURPOSES as readonly string[]).includes(value)) return value as TouchPurpose;
	throw fail('purpose', `"purpose" must be marketing, transactional or opt-out-confirmation, got ${JSON.stringify(value)}`);
}

function param(ctx: IExecuteFunctions, name: string, itemIndex: number): string {
	return text(ctx.getNodeParameter(name, itemIndex, ''));
}

function text(value: unknown): string {
	return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

function isObject(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}
