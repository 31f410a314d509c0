/**
 * The launcher's start-up race (issue 13): n8n's REST API answers while n8n still registers the
 * workflows' production webhooks one after another, so "the REST API answers" let a loaded machine
 * post a lead into a 404. The launcher now waits for the line n8n prints once every workflow is on,
 * read from its own child. A stand-in `n8n start` (a script in a temporary folder, named by
 * MORTGAGE_N8N_BIN as a 2.x install is) plays n8n's order of events with a slow activation.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';

const root = mkdtempSync(path.join(os.tmpdir(), 'mortgage-fake-n8n-'));
const bin = path.join(root, 'bin', 'n8n');
mkdirSync(path.dirname(bin), { recursive: true });
// What n8n does on `start`: listen, serve the REST API at once, switch the workflows on (here in
// ACTIVATION_MS), then print the ready line at log level info. FAKE_N8N=silent never prints it.
writeFileSync(
	bin,
	`const http = require('node:http');
const started = Date.now();
const activation = Number(process.env.ACTIVATION_MS);
const server = http.createServer((req, res) => {
	if (req.url === '/rest/settings') return res.writeHead(200).end('{}');
	if (req.url === '/webhook/mortgage-leads') return res.writeHead(Date.now() - started >= activation ? 403 : 404).end();
	res.writeHead(404).end();
});
server.on('error', (error) => { console.error(error.code + ': ' + error.message); process.exit(1); });
// n8n boots for a while (loads nodes, migrates the database) before it listens.
setTimeout(() => server.listen(Number(process.env.N8N_PORT), '127.0.0.1', () => {
	setTimeout(() => {
		if (process.env.FAKE_N8N !== 'silent' && process.env.N8N_LOG_LEVEL === 'info') {
			process.stdout.write('\\nEditor is now accessible via:\\nhttp://127.0.0.1:' + process.env.N8N_PORT + '\\n');
		}
	}, activation);
}), Number(process.env.LISTEN_AFTER_MS ?? 0));
process.on('SIGTERM', () => process.exit(0));
`,
);
process.env.MORTGAGE_N8N_BIN = bin;
process.env.MORTGAGE_N8N_NODE = process.execPath;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startN8n, freePort } = require('../../sandbox/n8n') as typeof import('../../sandbox/n8n');

afterAll(() => rmSync(root, { recursive: true, force: true }));

async function options(env: Record<string, string>) {
	const userFolder = mkdtempSync(path.join(root, 'user-'));
	mkdirSync(path.join(userFolder, '.n8n'), { recursive: true });
	return { packageDir: root, userFolder, port: await freePort(), env };
}

it('resolves only once n8n has switched its workflows on: the lead webhook takes the first post', async () => {
	const opts = await options({ ACTIVATION_MS: '1500' });
	const n8n = await startN8n(opts);
	try {
		const first = await fetch(`${n8n.baseUrl}/webhook/mortgage-leads`, { method: 'POST' });
		expect(first.status).toBe(403);
	} finally {
		await n8n.stop();
	}
});

it('an n8n that never says its workflows are on is reported by what it waited for', async () => {
	const opts = await options({ ACTIVATION_MS: '0', FAKE_N8N: 'silent' });
	await expect(startN8n(opts, { timeoutMs: 1500 })).rejects.toThrow(/not ready within 1500 ms: still waiting for "Editor is now accessible via"/);
});

it('another n8n takes the port while ours boots: ours cannot listen, and the start fails saying so', async () => {
	const opts = await options({ ACTIVATION_MS: '0', LISTEN_AFTER_MS: '3000' });
	// The other one answers like a ready n8n: REST API up, lead webhook registered.
	const other: Server = createHttpServer((req, res) => res.writeHead(req.url === '/rest/settings' ? 200 : 403).end('{}'));
	const starting = startN8n(opts);
	await new Promise((resolve) => setTimeout(resolve, 300));
	await new Promise<void>((resolve) => {
		other.once('error', () => resolve());
		other.listen(opts.port, '127.0.0.1', resolve);
	});
	try {
		// "already in use" if the launcher's own check came after the other took it, else n8n's EADDRINUSE.
		await expect(starting).rejects.toThrow(/already in use|EADDRINUSE/);
	} finally {
		await new Promise((resolve) => other.close(resolve));
	}
});
