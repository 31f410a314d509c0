import type { INodeProperties } from 'n8n-workflow';
import { MAPPABLE_FIELDS } from '../core';

const leadFieldOptions = Object.keys(MAPPABLE_FIELDS).map((field) => ({ name: field, value: field }));

/** The node's parameters: source preset, Received At, custom field mapping. */
export const leadNormalizerProperties: INodeProperties[] = [
	{
		displayName: 'Source',
		name: 'source',
		type: 'options',
		default: 'auto',
		description: 'Where these leads come from. Auto-detect recognizes Facebook Lead Ads, Zillow and LendingTree payloads; anything else is read as a web form.',
		options: [
			{ name: 'Auto-Detect', value: 'auto' },
			{ name: 'CSV Import', value: 'csv' },
			{ name: 'Facebook Lead Ads', value: 'facebook' },
			{ name: 'LendingTree', value: 'lendingtree' },
			{ name: 'Referral', value: 'referral' },
			{ name: 'Web Form', value: 'web-form' },
			{ name: 'Zillow', value: 'zillow' },
		],
	},
	{
		displayName: 'Received At',
		name: 'receivedAt',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.created_at }}',
		description: 'When the lead reached you. Leave empty to use the time in the lead itself (created_time, submitted_at...), or the time this workflow runs when the lead has none.',
		hint: 'Usually leave empty',
	},
	{
		displayName: 'Custom Field Mapping',
		name: 'fieldMapping',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Field Mapping',
		description: 'For field names the normalizer does not know yet, e.g. "Best number to reach you" → phone',
		options: [
			{
				displayName: 'Mapping',
				name: 'mappings',
				values: [
					{
						displayName: 'Input Field Name',
						name: 'inputField',
						type: 'string',
						default: '',
						placeholder: 'e.g. Best number to reach you',
						description: 'The field name as your lead source sends it (case, spaces and underscores do not matter)',
					},
					{
						displayName: 'Lead Field',
						name: 'leadField',
						type: 'options',
						default: 'phone',
						options: leadFieldOptions,
						description: 'The lead field it fills',
					},
				],
			},
		],
	},
];
