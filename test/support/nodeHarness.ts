import {
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
} from 'n8n-workflow';
import { getRequestHelperFunctions } from 'n8n-core/dist/execution-engine/node-execution-context/utils/request-helper-functions';
import { SANDBOX_PARAMETER, sandboxParameterValue, type SandboxSettings } from '../../nodes/shared/sandbox';
import { credentialsHelper, decrypted, nodeMayUse, workflowFor } from './n8nCredentials';

/**
 * Stand-in addresses that go with credentials made for a stand-in (see forStandIn): a node run
 * with them gets the hidden sandbox parameter set, as the sandbox's own workflows set it.
 */
const standIns = new WeakMap<object, SandboxSettings>();

/** Marks credentials as pointing at stand-ins: nodes run with them reach those addresses. */
export function forStandIn<T extends object>(credentials: T, settings: SandboxSettings): T {
	standIns.set(credentials, { ...(standIns.get(credentials) ?? {}), ...settings });
	return credentials;
}

/**
 * Runs a node's real `execute` with an execution context that behaves like n8n's for what our
 * nodes use: input items, parameters (with the defaults the node's description declares),
 * credentials, continueOnFail and the node itself. The request helpers (`httpRequest`,
 * `httpRequestWithAuthentication`, `requestOAuth2`...) are n8n-core's own, authenticating with
 * n8n's own credential classes (see n8nCredentials.ts); a refreshed OAuth2 token is saved back into
 * `credentials`, as n8n saves it. Only the host is stood in: the node under test is the real class.
 */
export interface RunNodeOptions {
	items: Array<IDataObject | INodeExecutionData>;
	parameters?: Record<string, unknown>;
	/** Saved credentials by type (n8n's type names, e.g. mortgageGoogleServiceAccountApi); updated in place on an OAuth2 refresh. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	continueOnFail?: boolean;
	nodeName?: string;
	/** The node's hidden sandbox settings (stand-in addresses); default those marked on `credentials`. */
	sandbox?: SandboxSettings;
}

export async function runNode(
	nodeType: INodeType,
	options: RunNodeOptions,
): Promise<INodeExecutionData[][]> {
	const ctx = createExecuteContext(nodeType, options);
	if (!nodeType.execute) throw new Error('node has no execute()');
	const result = await nodeType.execute.call(ctx);
	return (result ?? []) as INodeExecutionData[][];
}

export function createExecuteContext(
	nodeType: INodeType,
	options: RunNodeOptions,
): IExecuteFunctions {
	const items: INodeExecutionData[] = options.items.map((item) =>
		isExecutionData(item) ? item : { json: item },
	);
	const sandbox = options.sandbox ?? (options.credentials ? standIns.get(options.credentials) : undefined);
	const parameters = sandbox && !(SANDBOX_PARAMETER in (options.parameters ?? {})) ? { ...options.parameters, [SANDBOX_PARAMETER]: sandboxParameterValue(sandbox) } : (options.parameters ?? {});
	const node: INode = {
		id: 'test-node-id',
		name: options.nodeName ?? nodeType.description.displayName,
		type: nodeType.description.name,
		typeVersion: Array.isArray(nodeType.description.version)
			? Math.max(...nodeType.description.version)
			: nodeType.description.version,
		position: [0, 0],
		parameters: parameters as INode['parameters'],
		credentials: Object.fromEntries(Object.keys(options.credentials ?? {}).map((type) => [type, { id: `test-${type}`, name: `Test ${type}` }])),
	};
	const store = options.credentials ?? {};
	const workflow = workflowFor(node, nodeType);
	const additionalData = { credentialsHelper: credentialsHelper(store) };
	// What n8n checks before handing out a credential: declared, shown for these parameters, set.
	const shownWith = { ...topLevelDefaults(nodeType.description.properties), ...parameters } as INode['parameters'];

	const ctx = {
		getInputData: () => items,
		getNode: () => node,
		continueOnFail: () => options.continueOnFail ?? false,
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
			const value = readPath(parameters, name);
			if (value !== undefined) return value;
			const declared = defaultFor(nodeType.description.properties, name);
			if (declared !== undefined) return declared;
			if (fallback !== undefined) return fallback;
			throw new NodeOperationError(node, `Could not get parameter "${name}"`, { itemIndex });
		},
		getCredentials: async (type: string) => {
			if (!nodeMayUse(nodeType, shownWith, node, type)) {
				throw new NodeOperationError(node, `Node type "${node.type}" does not use credentials of type "${type}" with these parameters`);
			}
			const credentials = store[type];
			if (!credentials) throw new NodeOperationError(node, `Node does not have any credentials set for "${type}"`);
			return decrypted(type, credentials);
		},
		getMode: () => 'manual',
		getExecutionId: () => 'test-execution',
		getWorkflow: () => ({ id: 'test-workflow', name: 'Test workflow', active: false }),
		helpers: {
			...getRequestHelperFunctions(workflow as never, node, additionalData as never),
			returnJsonArray: (data: IDataObject | IDataObject[]) =>
				(Array.isArray(data) ? data : [data]).map((json) => ({ json })),
			constructExecutionMetaData: (
				data: INodeExecutionData[],
				meta: { itemData: { item: number } | Array<{ item: number }> },
			) => data.map((entry) => ({ ...entry, pairedItem: meta.itemData })),
		},
		logger: { debug() {}, info() {}, warn() {}, error() {} },
	};
	return ctx as unknown as IExecuteFunctions;
}

function topLevelDefaults(properties: INodeProperties[]): Record<string, unknown> {
	return Object.fromEntries(properties.filter((p) => p.default !== undefined).map((p) => [p.name, p.default]));
}

function isExecutionData(value: IDataObject | INodeExecutionData): value is INodeExecutionData {
	return (
		typeof value === 'object' &&
		value !== null &&
		'json' in value &&
		typeof value.json === 'object' &&
		Object.keys(value).every((key) => ['json', 'binary', 'pairedItem', 'error'].includes(key))
	);
}

function readPath(source: Record<string, unknown>, path: string): unknown {
	let current: unknown = source;
	for (const part of path.split('.')) {
		if (current === null || typeof current !== 'object') return undefined;
		current = (current as Record<string, unknown>)[part];
	}
	return current;
}

/** The default n8n would give: top-level property default, or a collection option's default. */
function defaultFor(properties: INodeProperties[], path: string): unknown {
	const [head, ...rest] = path.split('.');
	const property = properties.find((p) => p.name === head);
	if (!property) return undefined;
	if (rest.length === 0) return property.default;
	const nested = (property.options ?? []).filter(
		(option): option is INodeProperties => 'type' in option && 'name' in option,
	);
	const fromDefault = readPath((property.default ?? {}) as Record<string, unknown>, rest.join('.'));
	return fromDefault !== undefined ? fromDefault : defaultFor(nested, rest.join('.'));
}
