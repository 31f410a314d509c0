import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import type { FieldError } from '../../core/lead';
import { currentInstant } from '../../shared/clock';
import { routeItems } from '../../shared/routeItems';
import { lockHolderOf } from '../../shared/trackerNode';
import { Tracker } from '../../tracker/tracker';
import { TRACKER_SCOPES, locateTracker, spreadsheetIdOf } from '../../tracker/locate';
import { SHEETS_SCOPE, openGoogleSession } from '../../transport/sheets';

interface TrackerOptions {
	retryBaseDelayMs?: number;
	maxRetries?: number;
	lockWaitSeconds?: number;
	paceRequests?: boolean;
}

export { spreadsheetIdOf } from '../../tracker/locate';

/** Signs in, reads the shared parameters and the clock: the tracker of this execution, opened once by the router. */
export async function openTracker(ctx: IExecuteFunctions, needsSpreadsheet = true): Promise<Tracker> {
	const options = ctx.getNodeParameter('options', 0, {}) as TrackerOptions;
	const nowParameter = String(ctx.getNodeParameter('now', 0, '') ?? '').trim();
	const now = await currentInstant(ctx, nowParameter);
	const given = spreadsheetIdOf(ctx.getNodeParameter('spreadsheetId', 0, ''));
	const session = await openGoogleSession(ctx, {
		// Drive too when the tracker must be found or made (locate.ts); Sheets alone otherwise.
		scopes: given && needsSpreadsheet ? [SHEETS_SCOPE] : TRACKER_SCOPES,
		baseDelayMs: options.retryBaseDelayMs ?? 1000,
		maxRetries: options.maxRetries ?? 8,
		pacing: options.paceRequests === false ? false : undefined,
	});
	let spreadsheetId = given;
	if (needsSpreadsheet && !spreadsheetId) spreadsheetId = await locateTracker(session);
	const lockWaitMs = (options.lockWaitSeconds ?? 180) * 1000;
	return new Tracker(
		session,
		spreadsheetId,
		{ now, lock: { maxWaitMs: lockWaitMs, ...lockHolderOf(ctx, options.retryBaseDelayMs) } },
		// A run with its own Now (a back-fill, a test) only goes together with runs at that same Now.
		[spreadsheetId, session.user, session.client.roots.sheets, nowParameter ? now : 'live'].join('|'),
	);
}

/**
 * Validates every item first: without "Continue On Fail" a bad item stops the run before anything
 * is written. Returns the indexes of the good items and the errors of the others.
 */
export function checkItems(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	check: (json: IDataObject, itemIndex: number) => FieldError[],
): { good: number[]; errors: Map<number, FieldError[]> } {
	const good: number[] = [];
	const errors = new Map<number, FieldError[]>();
	items.forEach((item, index) => {
		const problems = check(item.json, index);
		if (problems.length) errors.set(index, problems);
		else good.push(index);
	});
	if (errors.size && !ctx.continueOnFail()) {
		const [index, problems] = [...errors][0];
		throw itemError(ctx, index, problems);
	}
	return { good, errors };
}

export function itemError(ctx: IExecuteFunctions, itemIndex: number, problems: FieldError[]): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`, {
		itemIndex,
		description: 'Nothing was written to the tracker. Fix the item, or turn on "Continue On Fail" to write the others.',
	});
}

/**
 * `{ ...json, ...extra }`. Object.assign where it is the same thing (no own "__proto__" key): in
 * Node 20 a spread of item JSON gives each copy its own hidden class, hundreds of bytes per item.
 */
function merged(json: IDataObject, extra: IDataObject): IDataObject {
	if (Object.prototype.hasOwnProperty.call(json, '__proto__') || Object.prototype.hasOwnProperty.call(extra, '__proto__')) return { ...json, ...extra };
	return Object.assign({}, json, extra);
}

/** One output item per input item (count in = count out): results for good items, errors for the rest. */
export function itemsOut(
	ctx: IExecuteFunctions,
	errors: Map<number, FieldError[]>,
	result: (itemIndex: number) => IDataObject,
): Promise<INodeExecutionData[][]> {
	return routeItems(ctx, { outputs: ['main'] as const }, (item, itemIndex) => {
		const problems = errors.get(itemIndex);
		if (problems) throw itemError(ctx, itemIndex, problems);
		return { output: 'main', json: merged(item.json, result(itemIndex)) };
	});
}

export const nowProperty = (operations: string[]) => ({
	displayName: 'Now',
	name: 'now',
	type: 'string' as const,
	default: '',
	placeholder: 'e.g. 2026-03-09T15:00:00Z',
	description: 'The time this run acts at (ISO-8601). Leave empty for the real current time; set it to test or back-fill.',
	displayOptions: { show: { operation: operations } },
});
