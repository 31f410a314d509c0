import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IHttpRequestOptions, INode } from 'n8n-workflow';
import { currentInstant } from '../../../nodes/shared/clock';
import { sandboxParameterValue, sandboxSettings, SANDBOX_PARAMETER } from '../../../nodes/shared/sandbox';
import { sandboxNodeSettings } from '../../../sandbox/workflowsForSandbox';

/** A node as n8n hands it to a context, with only the parameters given. */
function contextWith(parameters: Record<string, unknown>, requests: string[] = [], executionId?: string) {
	const node = { id: 'n', name: 'Node', type: 'x', typeVersion: 1, position: [0, 0], parameters } as INode;
	return {
		getNode: () => node,
		getExecutionId: () => executionId,
		helpers: {
			async httpRequest(options: IHttpRequestOptions) {
				requests.push(String(options.url));
				const response = await fetch(String(options.url));
				if (!response.ok) throw new Error(`status ${response.status}`);
				return response.json();
			},
		},
	};
}

describe('sandbox settings (hidden node parameter)', () => {
	it('is empty in a user\'s n8n: no parameter, or anything that is not an http(s) address', () => {
		expect(sandboxSettings(contextWith({}))).toEqual({});
		expect(sandboxSettings(contextWith({ [SANDBOX_PARAMETER]: '' }))).toEqual({});
		expect(sandboxSettings(contextWith({ [SANDBOX_PARAMETER]: 'not json' }))).toEqual({});
		expect(sandboxSettings(contextWith({ [SANDBOX_PARAMETER]: '{"googleRoot":"file:///etc","clockUrl":3}' }))).toEqual({});
	});

	it('reads back what the sandbox writes into its workflows', () => {
		const written = sandboxNodeSettings('http://127.0.0.1:5680/');
		expect(sandboxSettings(contextWith({ [SANDBOX_PARAMETER]: sandboxParameterValue(written) }))).toEqual({
			googleRoot: 'http://127.0.0.1:5680',
			twilioRoot: 'http://127.0.0.1:5680',
			clockUrl: 'http://127.0.0.1:5680/api/clock',
		});
	});
});

describe('currentInstant', () => {
	let server: Server;
	let clockUrl: string;
	let answer: unknown = { offsetMs: 0 };
	beforeAll(async () => {
		server = createServer((req, res) => {
			if (req.url !== '/api/clock') {
				res.writeHead(404).end();
				return;
			}
			res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		clockUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/clock`;
	});
	afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

	it('is the real time and asks nobody in a user\'s n8n', async () => {
		const requests: string[] = [];
		const before = Date.now();
		const now = Date.parse(await currentInstant(contextWith({}, requests)));
		expect(now).toBeGreaterThanOrEqual(before);
		expect(now).toBeLessThanOrEqual(Date.now());
		expect(requests).toEqual([]);
	});

	it('adds the sandbox clock\'s offset, asked once, in the sandbox', async () => {
		answer = { now: 'ignored', offsetMs: 10 * 3_600_000 };
		const requests: string[] = [];
		const ctx = contextWith({ [SANDBOX_PARAMETER]: sandboxParameterValue({ clockUrl }) }, requests);
		const before = Date.now();
		const now = Date.parse(await currentInstant(ctx));
		expect(now - before).toBeGreaterThanOrEqual(10 * 3_600_000);
		expect(now - Date.now()).toBeLessThanOrEqual(10 * 3_600_000);
		expect(requests).toEqual([clockUrl]);
	});

	it('asks once per execution: the nodes of one execution share the reading, the next execution asks again', async () => {
		answer = { offsetMs: 60_000 };
		const requests: string[] = [];
		const parameters = { [SANDBOX_PARAMETER]: sandboxParameterValue({ clockUrl }) };
		await currentInstant(contextWith(parameters, requests, 'execution-1'));
		await currentInstant(contextWith(parameters, requests, 'execution-1'));
		expect(requests).toHaveLength(1);
		answer = { offsetMs: 3 * 3_600_000 }; // the sandbox clock moved between executions
		const before = Date.now();
		const now = Date.parse(await currentInstant(contextWith(parameters, requests, 'execution-2')));
		expect(requests).toHaveLength(2);
		expect(now - before).toBeGreaterThanOrEqual(3 * 3_600_000);
	});

	it('prefers the node\'s own "Now" and then asks nobody', async () => {
		const requests: string[] = [];
		const ctx = contextWith({ [SANDBOX_PARAMETER]: sandboxParameterValue({ clockUrl }) }, requests);
		expect(await currentInstant(ctx, '2026-03-08T09:30:00-05:00')).toBe('2026-03-08T14:30:00.000Z');
		expect(requests).toEqual([]);
		await expect(currentInstant(ctx, 'tomorrow')).rejects.toThrow('"Now" must be an ISO-8601 date-time');
	});

	it('stops, naming the address, when the sandbox clock does not answer or answers nonsense', async () => {
		const gone = contextWith({ [SANDBOX_PARAMETER]: sandboxParameterValue({ clockUrl: clockUrl.replace('/api/clock', '/nothing') }) });
		await expect(currentInstant(gone)).rejects.toThrow(/sandbox clock at http:\/\/127\.0\.0\.1:\d+\/nothing did not answer/);
		answer = { offsetMs: 'soon' };
		const ctx = contextWith({ [SANDBOX_PARAMETER]: sandboxParameterValue({ clockUrl }) });
		await expect(currentInstant(ctx)).rejects.toThrow('gave no offsetMs');
	});
});
