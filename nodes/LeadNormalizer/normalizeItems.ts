import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { normalizeLead, stripUnsafeCharacters, type NormalizeSource } from '../core';
import { currentInstant } from '../shared/clock';
import { routeItems } from '../shared/routeItems';

interface FieldMapping {
	mappings?: Array<{ inputField?: string; leadField?: string }>;
}

/**
 * Normalizes each input item: a usable lead leaves on "valid" (lead fields at the top level of
 * the JSON plus `warnings`), anything else on "rejected" with the `reason`, the `errors` per field
 * and bounded `evidence` of what was sent (never the whole payload: it may be huge or deep).
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
		const errors = result.errors.slice(0, MAX_ERRORS).map(({ field, message }) => ({ field, message: clip(message, MAX_MESSAGE) }));
		return {
			output: 'rejected',
			json: { reason: errors.map((e) => e.message).join(' '), errors, evidence: evidenceOf(item.json) },
		};
	});
}

const MAX_ERRORS = 20;
const MAX_MESSAGE = 500;
/** Fields shown per level, characters per text: enough to recognise a lead, never the whole payload. */
const MAX_FIELDS = 40;
const MAX_TEXT = 200;

/**
 * What a rejected lead looked like, bounded whatever was sent (a field nested 10,000 deep, 20,000
 * list entries, a 60,000-character note): its fields two levels deep, texts cut to 200 characters
 * without control or bidi characters, deeper values and lists described by their size. A webhook's
 * item shows its body only: the headers hold the lead secret.
 */
function evidenceOf(json: IDataObject): IDataObject {
	const payload = isObject(json.body) && isObject(json.headers) ? json.body : json;
	return shown(payload, (value) => (isObject(value) ? shown(value, summary) : summary(value)));
}

function shown(object: IDataObject, show: (value: unknown) => unknown): IDataObject {
	const names = Object.keys(object);
	const out: IDataObject = {};
	for (const name of names.slice(0, MAX_FIELDS)) out[clip(name, MAX_TEXT)] = show(object[name]) as IDataObject[string];
	if (names.length > MAX_FIELDS) out['…'] = `${names.length - MAX_FIELDS} more fields`;
	return out;
}

function summary(value: unknown): unknown {
	if (typeof value === 'string') return clip(value, MAX_TEXT);
	if (Array.isArray(value)) return `(a list of ${value.length} entries)`;
	if (isObject(value)) return `(an object with ${Object.keys(value).length} fields)`;
	return typeof value === 'number' || typeof value === 'boolean' || value === null ? value : String(value);
}

function clip(text: string, max: number): string {
	const plain = stripUnsafeCharacters(text);
	return plain.length > max ? `${plain.slice(0, max)}… (${plain.length} characters)` : plain;
}

function isObject(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}
