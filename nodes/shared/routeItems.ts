import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

/** Where one input item goes: the name of an output and the JSON it carries there. */
export interface Routed<O extends string> {
	output: O;
	json: IDataObject;
}

export interface RouteOptions<O extends string> {
	/** Output names in the order the node description declares them. */
	outputs: readonly O[];
	/**
	 * Where an item goes when its handler throws and the user chose "Continue (using regular
	 * output)": normally the node's rejected/failed output. Defaults to the first output.
	 */
	errorOutput?: O;
}

/**
 * The one place that does per-item bookkeeping for every node in the pack (as
 * @apify/n8n-nodes-apify does): runs `handle` for each input item, puts the result on the named
 * output with `pairedItem` pointing at its input, and honours `continueOnFail`. Without
 * continue-on-fail, a throwing item stops the run with a NodeOperationError naming the item.
 * Count in = count out: every item leaves on exactly one output, or the run stops.
 */
export async function routeItems<O extends string>(
	ctx: IExecuteFunctions,
	options: RouteOptions<O>,
	handle: (item: INodeExecutionData, itemIndex: number) => Routed<O> | Promise<Routed<O>>,
): Promise<INodeExecutionData[][]> {
	const { outputs } = options;
	const buckets: INodeExecutionData[][] = outputs.map(() => []);
	const errorBucket = buckets[Math.max(0, outputs.indexOf(options.errorOutput ?? outputs[0]))];
	const items = ctx.getInputData();

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const item = items[itemIndex];
		try {
			const routed = await handle(item, itemIndex);
			const outputIndex = outputs.indexOf(routed.output);
			if (outputIndex < 0) {
				throw new Error(`Internal error: unknown output "${routed.output}"`);
			}
			buckets[outputIndex].push({ json: routed.json, pairedItem: { item: itemIndex } });
		} catch (error) {
			const nodeError =
				error instanceof NodeOperationError
					? error
					: new NodeOperationError(ctx.getNode(), error as Error, {
							itemIndex,
							description: `Item ${itemIndex}: ${(error as Error).message}`,
						});
			if (!ctx.continueOnFail()) throw nodeError;
			errorBucket.push({
				json: { ...item.json, error: nodeError.message },
				error: nodeError,
				pairedItem: { item: itemIndex },
			});
		}
	}
	return buckets;
}
