import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import type { Tracker } from '../../tracker/tracker';

export const description: INodeProperties[] = [
	{
		displayName: 'Settings',
		name: 'settings',
		type: 'json',
		default: '{}',
		description: 'Setting names and values to write into the Settings tab, e.g. { "loName": "Jordan Rivera", "nmlsId": "1234567" }. Empty values are skipped; rows not named here are left as they are.',
		displayOptions: { show: { operation: ['writeSettings'] } },
	},
];

/** Writes the given settings once (the setup form's answers), and passes the items on with the Settings tab as it now is. */
export async function execute(ctx: IExecuteFunctions, tracker: Tracker): Promise<INodeExecutionData[][]> {
	const raw = ctx.getNodeParameter('settings', 0, '{}') as unknown;
	let given: unknown = raw;
	// An object, JSON of one, or (an expression's JSON.stringify passed through n8n's JSON field) JSON of JSON.
	for (let depth = 0; typeof given === 'string' && depth < 2; depth++) {
		try {
			given = JSON.parse(given.trim() || '{}');
		} catch {
			throw new NodeOperationError(ctx.getNode(), 'Settings is not valid JSON', { description: 'Write it as { "name": "value", ... }.' });
		}
	}
	if (!given || typeof given !== 'object' || Array.isArray(given)) {
		throw new NodeOperationError(ctx.getNode(), `Settings must be an object of names and values, got ${Array.isArray(given) ? 'a list' : typeof given}`, { description: 'e.g. { "loName": "Jordan Rivera" }' });
	}
	const values: Record<string, string> = {};
	for (const [name, value] of Object.entries(given as Record<string, unknown>)) {
		const text = value === null || value === undefined ? '' : String(value).trim();
		if (text !== '') values[name.trim()] = text;
	}
	const written = await tracker.writeSettings(values);
	const settings = await tracker.settings();
	return [ctx.getInputData().map((item, index) => ({ json: { ...item.json, settings, settingsWritten: written, spreadsheetId: tracker.spreadsheetId }, pairedItem: { item: index } }))];
}
