import { DateTime } from 'luxon';
import { NodeOperationError, type IHttpRequestOptions, type INode } from 'n8n-workflow';
import { sandboxSettings } from './sandbox';

/**
 * The one place the node layer reads the clock. Nodes read it once per execution and pass the
 * instant to the core as data ("time is data").
 *
 * Precedence: the node's own "Now" parameter (tests, back-fills), else the real time; in the local
 * sandbox only, plus the sandbox clock's offset, fetched from the sandbox (the hidden sandbox
 * parameter's clockUrl, see sandbox.ts) so "wait until 08:00" can be shown without waiting. A
 * user's n8n never has a clockUrl and never makes that request.
 */
export interface ClockContext {
	getNode(): INode;
	getExecutionId?(): string | undefined;
	helpers: { httpRequest(options: IHttpRequestOptions): Promise<unknown> };
}

/**
 * The sandbox clock's offset by execution: every pack node of one workflow execution (they run in
 * one process, also in queue mode) reads the same offset with one request. Only recent ones kept.
 */
/** A "Now" parameter that is not an ISO date-time: the node's own setting, not the sandbox's. */
export class NowParameterError extends NodeOperationError {}

const offsetByExecution = new Map<string, Promise<number>>();
const KEPT_EXECUTIONS = 64;

export async function currentInstant(ctx: ClockContext, nowOverride?: unknown): Promise<string> {
	if (typeof nowOverride === 'string' && nowOverride.trim() !== '') {
		const parsed = DateTime.fromISO(nowOverride.trim(), { setZone: true });
		if (!parsed.isValid) {
			throw new NowParameterError(ctx.getNode(), `"Now" must be an ISO-8601 date-time such as 2026-03-08T14:30:00Z, got "${nowOverride}"`, {
				description: 'Check the node\'s "Now" parameter, or leave it empty',
			});
		}
		return parsed.toUTC().toISO() as string;
	}
	return new Date(Date.now() + (await sandboxClockOffsetMs(ctx))).toISOString();
}

async function sandboxClockOffsetMs(ctx: ClockContext): Promise<number> {
	const { clockUrl } = sandboxSettings(ctx);
	if (!clockUrl) return 0;
	const executionId = ctx.getExecutionId?.();
	if (!executionId) return fetchOffset(ctx, clockUrl);
	const key = `${executionId}|${clockUrl}`;
	let offset = offsetByExecution.get(key);
	if (!offset) {
		offset = fetchOffset(ctx, clockUrl);
		offset.catch(() => offsetByExecution.delete(key)); // a failed read is not remembered
		offsetByExecution.set(key, offset);
		if (offsetByExecution.size > KEPT_EXECUTIONS) offsetByExecution.delete(offsetByExecution.keys().next().value as string);
	}
	return offset;
}

async function fetchOffset(ctx: ClockContext, clockUrl: string): Promise<number> {
	let answer: unknown;
	try {
		answer = await ctx.helpers.httpRequest({ method: 'GET', url: clockUrl, json: true });
	} catch (error) {
		// A sandbox run on the wrong clock would text at the wrong hour: stop instead.
		throw new NodeOperationError(ctx.getNode(), `The sandbox clock at ${clockUrl} did not answer: ${(error as Error).message}`, {
			description: 'Start the sandbox (npm start) or remove the hidden sandbox parameter from this node',
		});
	}
	const offset = Number((answer as { offsetMs?: unknown } | null)?.offsetMs);
	if (!Number.isFinite(offset)) {
		throw new NodeOperationError(ctx.getNode(), `The sandbox clock at ${clockUrl} gave no offsetMs`);
	}
	return offset;
}
