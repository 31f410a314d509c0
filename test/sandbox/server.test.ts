/**
 * Issue 14 item 7: the sandbox runs on the LO's laptop next to their browser. Any web page can
 * POST to 127.0.0.1, and a DNS-rebound name can read the answers; the sandbox server refuses
 * both (Host must be a loopback name with its own port, Origin absent or its own), and its own
 * page keeps working. Driven over HTTP with node:http, which lets a test set Host and Origin.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadSecrets, sandboxPaths } from '../../sandbox/config';
import { freePort } from '../../sandbox/n8n';
import { startSandboxServer, type SandboxServer } from '../../sandbox/server';

let dataRoot: string;
let sandbox: SandboxServer;
let n8n: Server;
/** What reached the "n8n" behind the sandbox (its forwards of leads, replies, drip runs). */
const reachedN8n: string[] = [];

beforeAll(async () => {
	dataRoot = mkdtempSync(path.join(os.tmpdir(), 'mortgage-server-'));
	n8n = createServer((req, res) => {
		reachedN8n.push(`${req.method} ${req.url}`);
		req.resume();
		res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
	});
	await new Promise<void>((resolve) => n8n.listen(0, '127.0.0.1', resolve));
	const paths = sandboxPaths(dataRoot);
	sandbox = await startSandboxServer({
		port: await freePort(),
		paths,
		secrets: loadSecrets(paths),
		n8nBaseUrl: `http://127.0.0.1:${(n8n.address() as AddressInfo).port}`,
		smtpPort: await freePort(),
		log: () => undefined,
	});
});

afterAll(async () => {
	await sandbox?.close();
	await new Promise((resolve) => n8n?.close(resolve));
	rmSync(dataRoot, { recursive: true, force: true });
});

function call(method: string, pathname: string, headers: Record<string, string> = {}, body?: unknown): Promise<{ status: number; text: string }> {
	return new Promise((resolve, reject) => {
		const payload = body === undefined ? undefined : JSON.stringify(body);
		const req = request(
			{ host: '127.0.0.1', port: sandbox.port, method, path: pathname, headers: { ...(payload ? { 'content-type': 'application/json' } : {}), ...headers } },
			(res) => {
				let text = '';
				res.on('data', (chunk: Buffer) => (text += chunk.toString()));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
			},
		);
		req.on('error', reject);
		req.end(payload);
	});
}

const own = () => `http://127.0.0.1:${sandbox.port}`;
const clockOffset = async () => (JSON.parse((await call('GET', '/api/clock')).text) as { offsetMs: number }).offsetMs;

describe('the sandbox server refuses other web pages and other host names', () => {
	it.each([
		['/api/lead', { first_name: 'Ann', phone: '3055550111', sms_consent: 'yes' }],
		['/api/reply', { from: '+13055550111', body: 'STOP' }],
		['/api/clock', { advanceMinutes: 600 }],
		['/api/drip-run', {}],
		['/api/referral', { leadId: 'L-1', status: 'closed', loanAmount: 1 }],
	])('a cross-site POST to %s gets 403 and changes nothing', async (pathname, body) => {
		const before = { offset: await clockOffset(), outbox: sandbox.twilio ? (await sandbox.twilio.outbox()).length : 0, n8n: reachedN8n.length };
		const answer = await call('POST', pathname, { origin: 'https://evil.example' }, body);
		expect(answer.status).toBe(403);
		expect(answer.text).toMatch(/evil\.example.*refused/);
		expect(await clockOffset()).toBe(before.offset);
		expect(reachedN8n).toHaveLength(before.n8n);
		if (sandbox.twilio) expect(await sandbox.twilio.outbox()).toHaveLength(before.outbox);
	});

	it('a page from another origin on this very machine (another port, "null") is refused too', async () => {
		for (const origin of [`http://127.0.0.1:${sandbox.port + 1}`, 'null', `http://localhost:${sandbox.port}`]) {
			expect((await call('POST', '/api/clock', { origin }, { advanceMinutes: 60 })).status).toBe(403);
		}
		expect(await clockOffset()).toBe(0);
	});

	it.each([['/'], ['/api/sheets/Leads'], ['/api/outbox'], ['/api/status'], ['/v4/spreadsheets/sandbox-tracker']])(
		'a foreign Host (DNS rebinding) reading %s gets 403',
		async (pathname) => {
			for (const host of [`evil.example:${sandbox.port}`, `127.0.0.1:${sandbox.port + 1}`, '127.0.0.1', `rebind.127.0.0.1.nip.io:${sandbox.port}`]) {
				const answer = await call('GET', pathname, { host });
				expect(answer.status).toBe(403);
				expect(answer.text).not.toContain('sandbox-tracker"');
			}
		},
	);

	it('its own page keeps working: the page, its reads and its same-origin POSTs, by 127.0.0.1 or localhost', async () => {
		const page = await call('GET', '/', { host: `localhost:${sandbox.port}` });
		expect(page.status).toBe(200);
		expect((await call('GET', '/api/outbox', { host: `localhost:${sandbox.port}` })).status).toBe(200);
		const moved = await call('POST', '/api/clock', { origin: own() }, { advanceMinutes: 60 });
		expect(moved.status).toBe(200);
		expect(await clockOffset()).toBe(3_600_000);
		expect((await call('POST', '/api/clock', { host: `localhost:${sandbox.port}`, origin: `http://localhost:${sandbox.port}` }, { reset: true })).status).toBe(200);
		expect((await call('POST', '/api/lead', { origin: own() }, { first_name: 'Ann' })).status).toBe(200);
		expect(reachedN8n).toContain('POST /webhook/mortgage-leads');
		// The page calls only its own server, by relative address (so Host and Origin are its own).
		const html = readFileSync(path.join(__dirname, '..', '..', 'sandbox', 'page.html'), 'utf8');
		expect(html.match(/fetch\(\s*['"`]https?:/g)).toBeNull();
		expect(html).toMatch(/postForm\('lead-form', '\/api\/lead'/);
	});
});
