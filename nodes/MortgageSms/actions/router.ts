import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import * as send from './send.operation';

/** The node's outputs, in order: what the Touches tab calls the verdict. */
export const OUTPUT_NAMES = ['Sent', 'Deferred', 'Blocked', 'Failed'] as const;

export const smsProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'send',
		options: [{ name: 'Send Text', value: 'send', action: 'Send a text to a lead', description: 'Text each incoming lead' }],
	},
	...send.description,
];

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = this.getNodeParameter('operation', 0) as string;
	switch (operation) {
		case 'send':
			return send.execute.call(this);
		default:
			throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);
	}
}
