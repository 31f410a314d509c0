import type { INodeProperties } from 'n8n-workflow';
import { DEFAULT_SCORE_WEIGHTS } from '../core';

/** Every weight as "group.key" (timeline.now, source.referral, replySpeed.within5Minutes...). */
export const WEIGHT_KEYS: string[] = Object.entries(DEFAULT_SCORE_WEIGHTS).flatMap(([group, values]) =>
	Object.keys(values as Record<string, number>).map((key) => `${group}.${key}`),
);

const weightOptions = WEIGHT_KEYS.map((key) => {
	const [group, name] = key.split('.');
	const points = (DEFAULT_SCORE_WEIGHTS as unknown as Record<string, Record<string, number>>)[group][name];
	return { name: `${key} (default ${points})`, value: key };
});

/** The node's parameters: Now, and optional weight overrides. */
export const leadScorerProperties: INodeProperties[] = [
	{
		displayName: 'Now',
		name: 'now',
		type: 'string',
		default: '',
		placeholder: 'e.g. 2026-11-20T15:00:00Z',
		description: 'The time to score at (ISO date-time). Leave empty to use the current time; set it to replay or test.',
		hint: 'Usually leave empty',
	},
	{
		displayName: 'Weight Overrides',
		name: 'weights',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		placeholder: 'Add Weight',
		description: 'Change how many points a signal is worth, e.g. make referrals worth more. Everything else keeps its default.',
		options: [
			{
				displayName: 'Weight',
				name: 'weight',
				values: [
					{
						displayName: 'Signal',
						name: 'key',
						type: 'options',
						default: 'timeline.now',
						options: weightOptions,
						description: 'The signal whose points you change',
					},
					{
						displayName: 'Points',
						name: 'points',
						type: 'number',
						default: 0,
						description: 'Points the signal is worth (the total score is kept between 0 and 100)',
					},
				],
			},
		],
	},
];
