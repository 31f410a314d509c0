import { NodeApiError, NodeOperationError, type IExecuteFunctions, type JsonObject } from 'n8n-workflow';
import type { LockOptions } from '../transport/sheets/lock';

/**
 * What the Lead Tracker and Referral Status nodes share around the tracker layer
 * (nodes/tracker/, which knows nothing of n8n): who holds the tracker lock, and the one place a
 * tracker failure becomes the node's error.
 */

/** Who holds the lock (the execution, for people reading the tab) and how fast a waiting run polls: as quick as the node's first retry delay. */
export function lockHolderOf(ctx: IExecuteFunctions, retryBaseDelayMs: number | undefined): Pick<LockOptions, 'pollMs' | 'holder'> {
	return {
		pollMs: Math.min(250, Math.max(1, retryBaseDelayMs ?? 250)),
		holder: `n8n execution ${ctx.getExecutionId?.() ?? ''}`.trim(),
	};
}

/**
 * A failure of a tracker run as the node's error, for the router's one catch: the node's own
 * errors (an item's, naming it) as they are; a Google failure (an HTTP status, the LO's words and
 * a hint from the transport) as a NodeApiError; anything else as a NodeOperationError. The hint
 * becomes the description n8n shows under the message.
 */
export function trackerNodeError(ctx: IExecuteFunctions, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeOperationError || error instanceof NodeApiError) return error;
	const failure = error instanceof Error ? error : new Error(String(error));
	const { hint, status, googleMessage } = failure as { hint?: string; status?: unknown; googleMessage?: string };
	const description = hint || undefined;
	if (typeof status === 'number' && status > 0) {
		const response: JsonObject = { message: failure.message, status, ...(googleMessage ? { googleMessage } : {}) };
		return new NodeApiError(ctx.getNode(), response, { message: failure.message, description, httpCode: String(status) });
	}
	return new NodeOperationError(ctx.getNode(), failure, { message: failure.message, description });
}
