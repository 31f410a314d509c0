import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';
import { LOAN_PURPOSES, LEAD_SOURCES, TIMELINES, mergeWeights, scoreLead, type ScoreWeightOverrides, type Touch } from '../core';
import { currentInstant } from '../shared/clock';
import { routeItems } from '../shared/routeItems';
import { WEIGHT_KEYS } from './description';

interface WeightParameter {
	weight?: Array<{ key?: string; points?: number }>;
}

/**
 * Scores each input item (a lead from the normalizer or a Leads tab row) and adds `segment`,
 * `score`, `factors`, `cadenceId` and `priority` to it. Touches for the engagement signals may
 * come along in the item's `touches` field. A lead the scorer cannot read stops the run with an
 * error naming the item and field (or, with "Continue on Fail", leaves with that error).
 */
export async function scoreItems(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	// One clock reading per execution.
	const now = await currentInstant(ctx, ctx.getNodeParameter('now', 0, '') as string);
	const weights = readWeights(ctx);
	return routeItems(ctx, { outputs: ['scored'] as const }, (item, itemIndex) => {
		const lead = item.json;
		const problem = checkLead(lead);
		if (problem) {
			throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: field "${problem.field}" ${problem.message}`, {
				itemIndex,
				description: 'Connect the Mortgage Lead Normalizer (Valid output) or a Leads tab read before this node.',
			});
		}
		const touches = Array.isArray(lead.touches) ? (lead.touches as unknown as Touch[]) : undefined;
		const result = scoreLead(lead as never, { now, touches, weights });
		return { output: 'scored', json: { ...lead, ...(result as unknown as IDataObject) } };
	});
}

function readWeights(ctx: IExecuteFunctions): ScoreWeightOverrides | undefined {
	const parameter = ctx.getNodeParameter('weights', 0, {}) as WeightParameter;
	const rows = parameter?.weight ?? [];
	if (rows.length === 0) return undefined;
	const overrides: Record<string, Record<string, number>> = {};
	for (const { key, points } of rows) {
		if (!key || !WEIGHT_KEYS.includes(key)) {
			throw new NodeOperationError(ctx.getNode(), `Weight Overrides: unknown signal "${key}"`, { description: `Known signals: ${WEIGHT_KEYS.join(', ')}` });
		}
		if (typeof points !== 'number' || !Number.isFinite(points)) {
			throw new NodeOperationError(ctx.getNode(), `Weight Overrides: points for "${key}" must be a number`);
		}
		const [group, name] = key.split('.');
		(overrides[group] ??= {})[name] = points;
	}
	try {
		mergeWeights(overrides as ScoreWeightOverrides);
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), `Weight Overrides: ${(error as Error).message}`);
	}
	return overrides as ScoreWeightOverrides;
}

/** The first field the scorer cannot read, or null. Empty optional fields read as unknown. */
function checkLead(lead: IDataObject): { field: string; message: string } | null {
	if (typeof lead.leadId !== 'string' || lead.leadId.trim() === '') return { field: 'leadId', message: 'is missing: every lead needs its leadId' };
	const oneOf = (field: string, allowed: readonly string[]) => {
		const value = lead[field];
		if (value === undefined || value === null || value === '') return null;
		return allowed.includes(value as string) ? null : { field, message: `is "${String(value)}"; expected one of ${allowed.join(', ')}` };
	};
	const enumProblem = oneOf('timeline', TIMELINES) ?? oneOf('loanPurpose', LOAN_PURPOSES) ?? oneOf('source', LEAD_SOURCES);
	if (enumProblem) return enumProblem;
	for (const field of ['receivedAt', 'lastReplyAt']) {
		const value = lead[field];
		if (value === undefined || value === null || value === '') continue;
		if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) return { field, message: `is "${String(value)}"; expected an ISO-8601 date-time` };
	}
	if (lead.touches !== undefined && !Array.isArray(lead.touches)) return { field: 'touches', message: 'must be a list of touches' };
	return null;
}
