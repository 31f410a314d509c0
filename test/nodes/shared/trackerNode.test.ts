import { NodeApiError, NodeOperationError, type IExecuteFunctions, type INode } from 'n8n-workflow';
import { trackerNodeError } from '../../../nodes/shared/trackerNode';
import { SheetsError } from '../../../nodes/transport/sheets';

/**
 * The one catch of the Lead Tracker's and Referral Status's routers: before, each node had its
 * own nodeError (both made every failure a NodeOperationError, and the Referral one put the
 * transport's hint in the description only when there was one).
 */
const node: INode = { id: 'n1', name: 'Mortgage Lead Tracker', type: 'mortgageLeadTracker', typeVersion: 1, position: [0, 0], parameters: {} };
const ctx = { getNode: () => node } as unknown as IExecuteFunctions;

describe('trackerNodeError', () => {
	it('a Google failure becomes a NodeApiError with the LO words, the hint as description and the HTTP status', () => {
		const google = new SheetsError('The spreadsheet "abc" is not shared with bot@x.iam (while reading the Leads tab)', 403, 'The caller does not have permission', 'Open the spreadsheet, click Share, and add bot@x.iam as Editor.');
		const error = trackerNodeError(ctx, google);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error).toMatchObject({ message: google.message, description: google.hint, httpCode: '403' });
		expect(error.node).toBe(node);
	});

	it('the node\'s own errors (an item\'s, naming it) pass as they are', () => {
		const item = new NodeOperationError(node, 'Item 1: leadId: leadId is missing', { itemIndex: 1 });
		expect(trackerNodeError(ctx, item)).toBe(item);
		const api = new NodeApiError(node, { message: 'x' });
		expect(trackerNodeError(ctx, api)).toBe(api);
	});

	it('anything else becomes a NodeOperationError with its message (and a hint when it has one)', () => {
		const plain = trackerNodeError(ctx, new Error('"Now" must be an ISO-8601 date-time'));
		expect(plain).toBeInstanceOf(NodeOperationError);
		expect(plain.message).toBe('"Now" must be an ISO-8601 date-time');
		const hinted = trackerNodeError(ctx, Object.assign(new Error('The Referrals tab needs the columns referralId and partnerId'), { hint: 'Fix the first row' }));
		expect(hinted).toMatchObject({ message: 'The Referrals tab needs the columns referralId and partnerId', description: 'Fix the first row' });
		expect(trackerNodeError(ctx, 'text thrown').message).toBe('text thrown');
	});
});
