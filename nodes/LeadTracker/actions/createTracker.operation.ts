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
			{ name: 'New Spreadsheet', value: 'new', description: 'Owned by the Google account of the credential; made once: run again, it is found' },
			{ name: 'The Tracker of This Account, Made if Needed', value: 'auto', description: 'What the setup uses: the marked tracker (or the one spreadsheet shared with this account), completed; else a new one' },
		],
	},
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: 'Mortgage Lead Tracker',
		displayOptions: { show: { operation: ['createTracker'], target: ['new', 'auto'] } },
	},
	{
		displayName: 'Folder ID',
		name: 'folderId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 0AbCdEfGhIjKlUk9PVA',
		description:
			'Google Drive folder to make the spreadsheet in (the last part of its address, drive.google.com/drive/folders/&lt;ID&gt;). Empty: your own Drive. A service account cannot own files: with one, give a folder of a shared drive it is a Content manager of.',
		displayOptions: { show: { operation: ['createTracker'], target: ['new', 'auto'] } },
	},
];

/** A new spreadsheet needs no Spreadsheet ID: the router opens the tracker without one (Auto looks for it itself). */
export const needsSpreadsheet = (ctx: IExecuteFunctions) => ctx.getNodeParameter('target', 0, 'existing') === 'existing';

export async function execute(ctx: IExecuteFunctions, tracker: Tracker): Promise<INodeExecutionData[][]> {
	const folderId = String(ctx.getNodeParameter('folderId', 0, '') ?? '').trim();
	const target = ctx.getNodeParameter('target', 0, 'existing') as string;
	const title = ctx.getNodeParameter('title', 0, '') as string;
	const result = target === 'auto' ? await tracker.findOrCreate(title, folderId) : await tracker.create(target === 'existing' ? undefined : title, folderId);
	return [ctx.getInputData().map((_, item) => ({ json: { ...result }, pairedItem: { item } }))];
}
