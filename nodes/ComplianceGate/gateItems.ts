import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import {
	checkEmailContent,
	checkTextContent,
	complianceLeadFrom,
	ComplianceInputError,
	decideTouch,
	historyFromTouches,
	isFirstWrittenMessage,
	trackerPersonOf,
	withPersonOptOut,
	type ContentCheck,
	type PolicyOverrides,
	type TouchDecision,
} from '../core';
import type { CheckedChannel, TouchPurpose } from '../core/touch';
import { currentInstant, NowParameterError } from '../shared/clock';
import { routeItems } from '../shared/routeItems';

const OUTPUTS = ['send', 'deferred', 'blocked'] as const;

const CHANNEL_ALIASES: Record<string, CheckedChannel> = {
	sms: 'sms', text: 'sms', texts: 'sms', 'text message': 'sms',
	call: 'call', phone: 'call', 'phone call': 'call', 'live call': 'call',
	email: 'email', 'e-mail': 'email', mail: 'email',
	'ai-voice': 'ai-voice', 'ai voice': 'ai-voice', aivoice: 'ai-voice', prerecorded: 'ai-voice', 'prerecorded voice': 'ai-voice', robocall: 'ai-voice',
};
const PURPOSES: readonly TouchPurpose[] = ['marketing', 'transactional', 'opt-out-confirmation'];

interface PolicyParameters {
	hours?: string;
	noSundays?: boolean;
	extraHolidays?: string;
	federalHolidays?: boolean;
	capTouches?: number;
	capHours?: number;
	includeUnverifiedStates?: boolean;
	allowedCountries?: string;
	stateOfEmergency?: string;
	/** "LA 2026-09-02, TX 2026-12-24" */
	stateHolidays?: string;
}

interface GateOptions {
	historyField?: string;
	bodyField?: string;
	subjectField?: string;
	nmlsId?: string;
	postalAddress?: string;
}

/**
 * Checks each item with decideTouch and routes it: "Send Now", "Deferred" (with `sendAfter`),
 * "Blocked" (with `reasons`). Every item keeps its fields and gains `compliance`, the decision
 * record for the audit log. A malformed item (unknown channel, unreadable touch time) stops the
 * run with an error naming the item and field, or, with continue-on-fail, leaves on "Blocked".
 */
export async function gateItems(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	// The clock lives here, not in the core: one reading per execution.
	// A bad "Now" is reported on every item; the sandbox clock not answering stops the run.
	const now = await currentInstant(ctx, ctx.getNodeParameter('now', 0, '')).catch((error: unknown) => {
		if (error instanceof NowParameterError) return error;
		throw error;
	});
	return routeItems(ctx, { outputs: OUTPUTS, errorOutput: 'blocked' }, (item, itemIndex) => {
		const fail = (field: string, message: string) =>
			new NodeOperationError(ctx.getNode(), `Item ${itemIndex}, field "${field}": ${message}`, {
				itemIndex,
				description: 'Fix the field in the incoming item (or the node parameter), then run again',
			});
		if (now instanceof Error) throw fail('Now', now.message);
		const json = item.json;
		const channel = readChannel(ctx, itemIndex, json, fail);
		const purpose = readPurpose(ctx, itemIndex, json, fail);
		const policy = readPolicy(ctx.getNodeParameter('policy', itemIndex, {}) as PolicyParameters);
		const options = ctx.getNodeParameter('options', itemIndex, {}) as GateOptions;
		const historyField = options.historyField || 'history';
		const rawHistory = json[historyField];
		if (rawHistory !== undefined && rawHistory !== null && !Array.isArray(rawHistory)) {
			throw fail(historyField, `"${historyField}" must be a list of earlier touches ({ at, channel, purpose })`);
		}
		const history = historyFromTouches((rawHistory ?? []) as IDataObject[]);
		const leadSource = json.lead !== null && typeof json.lead === 'object' && !Array.isArray(json.lead) ? (json.lead as IDataObject) : json;
		const lead = complianceLeadFrom(leadSource);
		// Opt-outs belong to the person: what the tracker says of this phone / email (Upsert Leads' answer).
		lead.optOut = withPersonOptOut(lead.optOut, trackerPersonOf(json));

		let decision: TouchDecision;
		try {
			decision = decideTouch({ lead, channel, purpose, at: now, history, policy });
		} catch (error) {
			if (error instanceof ComplianceInputError) {
				const field = error.field.replace(/^history(?=\[|$)/, historyField).replace(/^policy\./, 'Policy Overrides: ');
				throw fail(field, error.message.replace(/^history(?=\[)/, historyField));
			}
			throw new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
		}

		const leadId = typeof leadSource.leadId === 'string' ? leadSource.leadId : typeof json.leadId === 'string' ? json.leadId : undefined;
		const content = checkContent(json, channel, purpose, options, rawHistory !== undefined, isFirstWrittenMessage(history), { leadId, now });
		if (content && !content.ok) {
			if (decision.verdict !== 'block') {
				decision.verdict = 'block';
				decision.reasons = [];
				decision.messages = [];
				delete decision.sendAfter;
			}
			decision.reasons.push(...content.problems.map((problem) => problem.code));
			decision.messages.push(...content.problems.map((problem) => problem.message));
		}

		const record: IDataObject = {
			verdict: decision.verdict,
			reasons: decision.reasons,
			messages: decision.messages,
			...(decision.sendAfter ? { sendAfter: decision.sendAfter } : {}),
			checkedAt: now,
			channel,
			purpose,
			lead: lead as IDataObject,
			historyTouches: history.length,
			countedTouches: decision.countedTouches,
			location: decision.location as unknown as IDataObject,
			rulesApplied: decision.rulesApplied,
			policy: policy as IDataObject,
			ruleVersions: decision.ruleVersions,
			...(content ? { content: { problems: content.problems, warnings: content.warnings } as unknown as IDataObject } : {}),
		};
		const out: IDataObject = { ...json, compliance: record };
		if (decision.verdict === 'defer') return { output: 'deferred', json: { ...out, sendAfter: decision.sendAfter } };
		if (decision.verdict === 'block') return { output: 'blocked', json: { ...out, reasons: decision.reasons } };
		return { output: 'send', json: out };
	});
}

type Fail = (field: string, message: string) => NodeOperationError;

function readChannel(ctx: IExecuteFunctions, itemIndex: number, json: IDataObject, fail: Fail): CheckedChannel {
	const chosen = ctx.getNodeParameter('channel', itemIndex, 'sms') as string;
	if (chosen !== 'fromItem') return chosen as CheckedChannel;
	const field = (ctx.getNodeParameter('channelField', itemIndex, 'channel') as string) || 'channel';
	const value = json[field];
	const channel = typeof value === 'string' ? CHANNEL_ALIASES[value.trim().toLowerCase()] : undefined;
	if (channel === undefined) {
		throw fail(field, `"${field}" must be sms, call, email or ai-voice, got ${JSON.stringify(value ?? null)}`);
	}
	return channel;
}

function readPurpose(ctx: IExecuteFunctions, itemIndex: number, json: IDataObject, fail: Fail): TouchPurpose {
	const chosen = ctx.getNodeParameter('purpose', itemIndex, 'marketing') as string;
	if (chosen !== 'fromItem') return chosen as TouchPurpose;
	const field = (ctx.getNodeParameter('purposeField', itemIndex, 'purpose') as string) || 'purpose';
	const value = json[field];
	if (value === undefined || value === null || value === '') return 'marketing';
	const purpose = typeof value === 'string' ? value.trim().toLowerCase() : '';
	if (!(PURPOSES as readonly string[]).includes(purpose)) {
		throw fail(field, `"${field}" must be marketing, transactional or opt-out-confirmation, got ${JSON.stringify(value)}`);
	}
	return purpose as TouchPurpose;
}

function readPolicy(parameters: PolicyParameters): PolicyOverrides {
	const policy: PolicyOverrides = {};
	if (parameters.hours) policy.hours = parameters.hours;
	if (parameters.noSundays) policy.noSundays = true;
	if (parameters.federalHolidays) policy.federalHolidays = true;
	if (parameters.includeUnverifiedStates) policy.includeUnverifiedStates = true;
	const extra = (parameters.extraHolidays ?? '').split(/[\s,;]+/).filter((date) => date !== '');
	if (extra.length > 0) policy.extraHolidays = extra;
	if (parameters.capTouches !== undefined) policy.cap = { touches: parameters.capTouches, hours: parameters.capHours ?? 24 };
	const codes = (text: string | undefined) => (text ?? '').split(/[\s,;]+/).filter((code) => code !== '');
	if (codes(parameters.allowedCountries).length > 0) policy.allowedCountries = codes(parameters.allowedCountries);
	if (codes(parameters.stateOfEmergency).length > 0) policy.stateOfEmergency = codes(parameters.stateOfEmergency);
	const stateDays = (parameters.stateHolidays ?? '').split(/[,;\n]+/).map((entry) => entry.trim()).filter((entry) => entry !== '');
	if (stateDays.length > 0) {
		// "LA 2026-09-02" -> { LA: ["2026-09-02"] }; anything else becomes a key the core rejects, naming it.
		const byState: Record<string, string[]> = {};
		for (const entry of stateDays) {
			const match = /^([A-Za-z]{2})\s*[: ]\s*(\S+)$/.exec(entry);
			if (match) (byState[match[1].toUpperCase()] ??= []).push(match[2]);
			else byState[entry] = [];
		}
		policy.stateHolidays = byState;
	}
	return policy;
}

/** Content rules run only when the item carries the message it is about to send. */
function checkContent(
	json: IDataObject,
	channel: CheckedChannel,
	purpose: TouchPurpose,
	options: GateOptions,
	historyKnown: boolean,
	firstWritten: boolean,
	sending: { leadId?: string; now: string },
): ContentCheck | null {
	const body = json[options.bodyField || 'body'];
	if (typeof body !== 'string' || body.trim() === '' || purpose === 'opt-out-confirmation') return null;
	const nmlsId = options.nmlsId?.trim() || (typeof json.nmlsId === 'string' ? json.nmlsId : undefined);
	// "First message" is only knowable with the lead's history (or when the LO set an NMLS ID to enforce).
	const firstWrittenMessage = firstWritten && (historyKnown || nmlsId !== undefined);
	const contentOptions = { nmlsId, firstWrittenMessage, postalAddress: options.postalAddress?.trim() || undefined };
	if (channel === 'email') {
		const subject = json[options.subjectField || 'subject'];
		// The unsubscribe link must be this lead's and keep working 30 days from now.
		return checkEmailContent(
			{ subject: typeof subject === 'string' ? subject : null, body },
			{ ...contentOptions, isReply: json.isReply === true, leadId: sending.leadId, now: sending.now },
		);
	}
	if (channel === 'sms') return checkTextContent(body, contentOptions);
	return null;
}
