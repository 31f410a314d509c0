import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHookFunctions,
	INode,
	INodeExecutionData,
	INodeType,
	IWebhookFunctions,
	IWebhookResponseData,
	WebhookSetupMethodNames,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { getRequestHelperFunctions } from 'n8n-core/dist/execution-engine/node-execution-context/utils/request-helper-functions';
import { SANDBOX_PARAMETER, sandboxParameterValue, type SandboxSettings } from '../../nodes/shared/sandbox';
import { credentialsHelper, decrypted, nodeMayUse, workflowFor } from './n8nCredentials';

/**
 * Runs a trigger node's real `webhook()` the way n8n's webhook server does for what our triggers
 * use: the parsed form body, headers, query, the node's webhook URL, parameters (with declared
 * defaults), credentials (n8n's own credential types, with their defaults), and a response object
 * with express's status/type/send. `callHook` runs its `webhookMethods` (checkExists / create /
 * delete) the way n8n does on activation, with n8n-core's real request helpers. Only the host is
 * stood in; the node under test is the real class.
 */
export interface WebhookRequest {
	body: IDataObject;
	headers?: Record<string, string>;
	query?: Record<string, string>;
	/** What getNodeWebhookUrl('default') answers: the URL Twilio was given. */
	webhookUrl: string;
	parameters?: Record<string, unknown>;
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** The node's hidden sandbox settings (the Twilio stand-in's address). */
	sandbox?: SandboxSettings;
}

export interface WebhookOutcome {
	/** What the HTTP caller got back. */
	response: { status: number; body: string; contentType: string | null };
	/** The items n8n would start the workflow with, or null when no execution starts. */
	items: INodeExecutionData[] | null;
	result: IWebhookResponseData;
}

export async function callWebhook(nodeType: INodeType, request: WebhookRequest): Promise<WebhookOutcome> {
	if (!nodeType.webhook) throw new Error('node has no webhook()');
	const response = { status: 200, body: '', contentType: null as string | null, sent: false };
	const res = {
		status(code: number) {
			response.status = code;
			return res;
		},
		type(contentType: string) {
			response.contentType = contentType;
			return res;
		},
		send(body: string) {
			response.body = String(body);
			response.sent = true;
			return res;
		},
	};
	const headers = Object.fromEntries(Object.entries(request.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
	const host = hostFor(nodeType, request, 'trigger');
	const ctx = {
		...host.base,
		getBodyData: () => request.body,
		getHeaderData: () => headers,
		getQueryData: () => request.query ?? {},
		getRequestObject: () => ({ body: request.body, headers, query: request.query ?? {} }),
		getResponseObject: () => res,
		getNodeWebhookUrl: () => request.webhookUrl,
		getWebhookName: () => 'default',
		helpers: {
			...host.base.helpers,
			returnJsonArray: (data: IDataObject | IDataObject[]) => (Array.isArray(data) ? data : [data]).map((json) => ({ json })),
		},
	};
	const result = await nodeType.webhook.call(ctx as unknown as IWebhookFunctions);
	if (!response.sent && !result.noWebhookResponse) {
		response.body = typeof result.webhookResponse === 'string' ? result.webhookResponse : JSON.stringify(result.webhookResponse ?? { message: 'Webhook call received' });
	}
	return {
		response: { status: response.status, body: response.body, contentType: response.contentType },
		items: result.workflowData ? result.workflowData[0] : null,
		result,
	};
}

/**
 * Serves a trigger node over real HTTP (form bodies parsed as n8n does), so a caller such as the
 * Twilio stand-in can POST to it. Every request that starts an execution adds its items to `runs`.
 */
export async function serveWebhook(
	nodeType: INodeType,
	options: Omit<WebhookRequest, 'body' | 'headers' | 'query' | 'webhookUrl'> & { path?: string },
): Promise<{ url: string; runs: INodeExecutionData[][]; refused: number[]; close(): Promise<void> }> {
	const runs: INodeExecutionData[][] = [];
	const refused: number[] = [];
	let baseUrl = '';
	const path = options.path ?? '/webhook/mortgage-sms';
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const url = new URL(req.url ?? '/', baseUrl);
			const body = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
			const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v[0] : (v ?? '')]));
			callWebhook(nodeType, {
				...options,
				body,
				headers,
				query: Object.fromEntries(url.searchParams),
				webhookUrl: `${baseUrl}${path}`,
			})
				.then((outcome) => {
					if (outcome.items) runs.push(outcome.items);
					else if (outcome.response.status >= 400) refused.push(outcome.response.status);
					res.writeHead(outcome.response.status, { 'Content-Type': outcome.response.contentType ?? 'text/plain' });
					res.end(outcome.response.body);
				})
				.catch((error: Error) => {
					res.writeHead(500);
					res.end(error.message);
				});
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		url: `${baseUrl}${path}`,
		runs,
		refused,
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

export interface HookRequest {
	/** What getNodeWebhookUrl('default') answers: this trigger's Production (or test) URL. */
	webhookUrl: string;
	parameters?: Record<string, unknown>;
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	sandbox?: SandboxSettings;
	/** The node's static data, kept by the caller between activation and deactivation (n8n saves it). */
	staticData: IDataObject;
	/** The node's webhookId (n8n gives every webhook node one). */
	webhookId?: string;
}

/** Runs one of the trigger's webhookMethods as n8n's activation does; answers what it returned. */
export async function callHook(nodeType: INodeType, method: WebhookSetupMethodNames, request: HookRequest): Promise<boolean> {
	const hook = nodeType.webhookMethods?.default?.[method];
	if (!hook) throw new Error(`node has no webhookMethods.default.${method}`);
	const host = hostFor(nodeType, request, 'trigger');
	const ctx = {
		...host.base,
		getWebhookName: () => 'default',
		getWebhookDescription: (name: string) => nodeType.description.webhooks?.find((w) => w.name === name),
		getNodeWebhookUrl: () => request.webhookUrl,
		getWorkflowStaticData: () => request.staticData,
		getActivationMode: () => 'activate',
	};
	return hook.call(ctx as unknown as IHookFunctions);
}

/**
 * What every context of a trigger shares: the node (parameters with the hidden sandbox settings),
 * parameters with declared defaults, n8n's credentials, and n8n-core's request helpers.
 */
function hostFor(nodeType: INodeType, request: { parameters?: Record<string, unknown>; credentials?: Record<string, ICredentialDataDecryptedObject>; sandbox?: SandboxSettings; webhookId?: string }, mode: string) {
	const parameters = request.sandbox ? { ...request.parameters, [SANDBOX_PARAMETER]: sandboxParameterValue(request.sandbox) } : (request.parameters ?? {});
	const store = request.credentials ?? {};
	const node: INode = {
		id: 'test-trigger-id',
		name: nodeType.description.displayName,
		type: nodeType.description.name,
		typeVersion: 1,
		position: [0, 0],
		parameters: parameters as INode['parameters'],
		credentials: Object.fromEntries(Object.keys(store).map((type) => [type, { id: `test-${type}`, name: `Test ${type}` }])),
		...(request.webhookId ? { webhookId: request.webhookId } : {}),
	};
	const shownWith = {
		...Object.fromEntries(nodeType.description.properties.filter((p) => p.default !== undefined).map((p) => [p.name, p.default])),
		...parameters,
	} as INode['parameters'];
	const additionalData = { credentialsHelper: credentialsHelper(store) };
	const base = {
		getNode: () => node,
		getMode: () => mode,
		getNodeParameter: (name: string, fallback?: unknown) => {
			if (name in parameters) return parameters[name];
			const declared = nodeType.description.properties.find((p) => p.name === name);
			if (declared) return declared.default;
			if (fallback !== undefined) return fallback;
			throw new Error(`Could not get parameter "${name}"`);
		},
		getCredentials: async (type: string) => {
			if (!nodeMayUse(nodeType, shownWith, node, type)) {
				throw new NodeOperationError(node, `Node type "${node.type}" does not use credentials of type "${type}" with these parameters`);
			}
			const credentials = store[type];
			if (!credentials) throw new NodeOperationError(node, `Node does not have any credentials set for "${type}"`);
			return decrypted(type, credentials);
		},
		helpers: getRequestHelperFunctions(workflowFor(node, nodeType) as never, node, additionalData as never),
		logger: { debug() {}, info() {}, warn() {}, error() {} },
	};
	return { node, base };
}
