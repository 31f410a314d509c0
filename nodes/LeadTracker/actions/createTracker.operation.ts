import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { createTracker } from '../tracker/create';
import { nodeError, openTracker } from './common';

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

export async function execute(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const target = ctx.getNodeParameter('target', 0, 'existing') as string;
	const tracker = await openTracker(ctx, target !== 'new');
	try {
		const result = await createTracker(tracker.session, target === 'new' ? { title: ctx.getNodeParameter('title', 0, '') as string } : { spreadsheetId: tracker.spreadsheetId });
		return [ctx.getInputData().map((_, item) => ({ json: { ...result }, pairedItem: { item } }))];
	} catch (error) {
		throw nodeError(ctx, error);
	}
}
