import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { complianceGateProperties } from '../description';
import { gateItems } from '../gateItems';
import * as addCallOutcomeLinks from './addCallOutcomeLinks.operation';
import * as addUnsubscribeLink from './addUnsubscribeLink.operation';
import * as verifyCallOutcomeLink from './verifyCallOutcomeLink.operation';
import * as verifyUnsubscribeLink from './verifyUnsubscribeLink.operation';

/**
 * The node's outputs for the chosen operation, as an n8n expression: checking a touch sorts it
 * three ways, adding links has one output, verifying a link has two.
 */
const OUTPUTS_FOR_OPERATION =
	"['addUnsubscribeLink', 'addCallOutcomeLinks'].includes($parameter.operation) ? [{ type: 'main', displayName: 'Items' }]" +
	" : ['verifyUnsubscribeLink', 'verifyCallOutcomeLink'].includes($parameter.operation) ? [{ type: 'main', displayName: 'Valid Link' }, { type: 'main', displayName: 'Refused' }]" +
	" : [{ type: 'main', displayName: 'Send Now' }, { type: 'main', displayName: 'Deferred' }, { type: 'main', displayName: 'Blocked' }]";
export const OUTPUTS_EXPRESSION = `={{ ${OUTPUTS_FOR_OPERATION} }}` as const;

/** The touch check's parameters show for that operation only ("Now" serves every operation). */
const checkProperties: INodeProperties[] = complianceGateProperties.map((property) =>
	property.name === 'now'
		? property
		: { ...property, displayOptions: { ...property.displayOptions, show: { ...property.displayOptions?.show, operation: ['check'] } } },
);

export const gateProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'check',
		options: [
			{ name: 'Add Call Outcome Links', value: 'addCallOutcomeLinks', action: 'Add one tap call outcome links to each call task', description: 'The call task email: the number as a tel: link and a signed link per outcome (reached, voicemail...)' },
			{ name: 'Add Unsubscribe Link', value: 'addUnsubscribeLink', action: 'Add a signed unsubscribe link to each email', description: 'Give each marketing email the lead\'s own unsubscribe link (unsubscribeUrl)' },
			{ name: 'Check Touch', value: 'check', action: 'Check whether a touch may go out now', description: 'Consent, opt-outs, calling hours, Sundays, holidays, caps and content' },
			{ name: 'Verify Call Outcome Link', value: 'verifyCallOutcomeLink', action: 'Verify a call outcome or activity link', description: 'Check the outcome link you tapped; refuse forged, changed or expired ones' },
			{ name: 'Verify Unsubscribe Link', value: 'verifyUnsubscribeLink', action: 'Verify an unsubscribe link', description: 'Check the link a lead opened; refuse forged, changed or expired ones' },
		],
	},
	...checkProperties,
	...addUnsubscribeLink.description,
	...verifyUnsubscribeLink.description,
	...addCallOutcomeLinks.description,
	...verifyCallOutcomeLink.description,
];


export async function router(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = ctx.getNodeParameter('operation', 0, 'check') as string;
	switch (operation) {
		case 'check':
			return gateItems(ctx);
		case 'addUnsubscribeLink':
			return addUnsubscribeLink.execute(ctx);
		case 'verifyUnsubscribeLink':
			return verifyUnsubscribeLink.execute(ctx);
		case 'addCallOutcomeLinks':
			return addCallOutcomeLinks.execute(ctx);
		case 'verifyCallOutcomeLink':
			return verifyCallOutcomeLink.execute(ctx);
		default:
			throw new NodeOperationError(ctx.getNode(), `The operation "${operation}" is not supported`);
	}
}
