import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { Tracker } from '../../tracker/tracker';

export const description: INodeProperties[] = [
	{
		displayName: 'Where',
		name: 'target',
		type: 'options',
		default: 'existing',
		displayOptions: { show: { operation: ['createTracker'] } },
		options: [
			{ name: 'Add Missing Tabs to This Spreadsheet', value: 'existing', description: 'Keeps every tab already there' },
			{ name: 'New Spreadsheet', value: 'new', description: 'Owned by the Google account of the credential' },
		],
	},
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: 'Mortgage Lead Tracker',
		displayOptions: { show: { operation: ['createTracker'], target: ['new'] } },
	},
];

/** A new spreadsheet needs no Spreadsheet ID: the router opens the tracker without one. */
export const needsSpreadsheet = (ctx: IExecuteFunctions) => ctx.getNodeParameter('target', 0, 'existing') !== 'new';

export async function execute(ctx: IExecuteFunctions, tracker: Tracker): Promise<INodeExecutionData[][]> {
	const result = await tracker.create(needsSpreadsheet(ctx) ? undefined : (ctx.getNodeParameter('title', 0, '') as string));
	return [ctx.getInputData().map((_, item) => ({ json: { ...result }, pairedItem: { item } }))];
}
