import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { normalizeLead, type NormalizeSource } from '../core';
import { currentInstant } from '../shared/clock';
import { routeItems } from '../shared/routeItems';

interface FieldMapping {
	mappings?: Array<{ inputField?: string; leadField?: string }>;
}

/**
 * Normalizes each input item: a usable lead leaves on "valid" (lead fields at the top level of
 * the JSON plus `warnings`), anything else on "rejected" with `errors` and the original payload.
 */
export async function normalizeItems(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	// The clock lives here, not in the core: one reading per execution (the sandbox can move it).
	const executionTime = await currentInstant(ctx);
	return routeItems(ctx, { outputs: ['valid', 'rejected'] as const, errorOutput: 'rejected' }, (item, itemIndex) => {
		const source = ctx.getNodeParameter('source', itemIndex, 'auto') as NormalizeSource;
		const receivedAt = String(ctx.getNodeParameter('receivedAt', itemIndex, '') ?? '').trim();
		const mapping = ctx.getNodeParameter('fieldMapping', itemIndex, {}) as FieldMapping;
		const mappings = mapping?.mappings ?? [];
		if (!Array.isArray(mappings)) {
			throw new NodeOperationError(ctx.getNode(), 'Custom Field Mapping must be a list of input field → lead field pairs', {
				itemIndex,
				description: `Item ${itemIndex}: check the node's Custom Field Mapping parameter`,
			});
		}
		const fieldMap: Record<string, string> = {};
		for (const { inputField, leadField } of mappings) {
			if (inputField && leadField) fieldMap[inputField] = leadField;
		}
		const result = normalizeLead(item.json, {
			source,
			receivedAt: receivedAt === '' ? undefined : receivedAt,
			fallbackReceivedAt: executionTime,
			fieldMap,
		});
		if (result.ok) {
			return { output: 'valid', json: { ...result.lead, warnings: result.warnings } as unknown as IDataObject };
		}
		return {
			output: 'rejected',
			json: { errors: result.errors as unknown as IDataObject[], payload: item.json },
		};
	});
}
