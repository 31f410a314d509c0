import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { complianceGateProperties } from '../description';
import { gateItems } from '../gateItems';
import * as addUnsubscribeLink from './addUnsubscribeLink.operation';
import * as verifyUnsubscribeLink from './verifyUnsubscribeLink.operation';

/**
 * The node's outputs for the chosen operation, as an n8n expression: checking a touch sorts it
 * three ways, adding links has one output, verifying a link has two.
 */
const OUTPUTS_FOR_OPERATION =
	"$parameter.operation === 'addUnsubscribeLink' ? [{ type: 'main', displayName: 'Items' }]" +
	" : $parameter.operation === 'verifyUnsubscribeLink' ? [{ type: 'main', displayName: 'Valid Link' }, { type: 'main', displayName: 'Refused' }]" +
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
			{ name: 'Add Unsubscribe Link', value: 'addUnsubscribeLink', action: 'Add a signed unsubscribe link to each email', description: 'Give each marketing email the lead\'s own unsubscribe link (unsubscribeUrl)' },
			{ name: 'Check Touch', value: 'check', action: 'Check whether a touch may go out now', description: 'Consent, opt-outs, calling hours, Sundays, holidays, caps and content' },
			{ name: 'Verify Unsubscribe Link', value: 'verifyUnsubscribeLink', action: 'Verify an unsubscribe link', description: 'Check the link a lead opened; refuse forged, changed or expired ones' },
		],
	},
	...checkProperties,
	...addUnsubscribeLink.description,
	...verifyUnsubscribeLink.description,
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
		default:
			throw new NodeOperationError(ctx.getNode(), `The operation "${operation}" is not supported`);
	}
}
