import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { leadScorerProperties } from './description';
import { scoreItems } from './scoreItems';
import { sandboxProperty } from '../shared/sandbox';

/**
 * Mortgage Lead Scorer: adds segment, score (0-100 with the reasons), the cadence to enrol the
 * lead in and how urgently to act, to each lead from the Mortgage Lead Normalizer or the tracker.
 */
export class MortgageLeadScorer implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Mortgage Lead Scorer',
		name: 'mortgageLeadScorer',
		icon: { light: 'file:leadScorer.svg', dark: 'file:leadScorer.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: 'Score, segment and cadence',
		description: 'Scores each mortgage lead 0-100 with reasons, picks its follow-up cadence and says how urgently to act',
		defaults: { name: 'Mortgage Lead Scorer' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [...leadScorerProperties, sandboxProperty],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return scoreItems(this);
	}
}
