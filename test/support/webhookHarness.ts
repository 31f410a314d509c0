import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeType,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

/**
 * Runs a trigger node's real `webhook()` the way n8n's webhook server does for what our triggers
 * use: the parsed form body, headers, query, the node's webhook URL, parameters (with declared
 * defaults), credentials, and a response object with express's status/type/send. Only the host is
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
	const parameters = request.parameters ?? {};
	const node: INode = {
		id: 'test-trigger-id',
		name: nodeType.description.displayName,
		type: nodeType.description.name,
		typeVersion: 1,
		position: [0, 0],
		parameters: parameters as INode['parameters'],
	};
	const ctx = {
		getBodyData: () => request.body,
		getHeaderData: () => headers,
		getQueryData: () => request.query ?? {},
		getRequestObject: () => ({ body: request.body, headers, query: request.query ?? {} }),
		getResponseObject: () => res,
		getNodeWebhookUrl: () => request.webhookUrl,
		getWebhookName: () => 'default',
		getNode: () => node,
		getMode: () => 'trigger',
		getNodeParameter: (name: string, fallback?: unknown) => {
			if (name in parameters) return parameters[name];
			const declared = nodeType.description.properties.find((p) => p.name === name);
			if (declared) return declared.default;
			if (fallback !== undefined) return fallback;
			throw new Error(`Could not get parameter "${name}"`);
		},
		getCredentials: async (type: string) => {
			const credentials = request.credentials?.[type];
			if (!credentials) throw new Error(`Node has no "${type}" credentials`);
			return credentials;
		},
		helpers: {
			returnJsonArray: (data: IDataObject | IDataObject[]) => (Array.isArray(data) ? data : [data]).map((json) => ({ json })),
		},
		logger: { debug() {}, info() {}, warn() {}, error() {} },
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
