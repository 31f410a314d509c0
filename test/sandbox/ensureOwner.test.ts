import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ensureOwner } from '../../sandbox/n8n';

/**
 * Start-up race (issue 13, item 9): n8n answers /rest/settings before it has mounted
 * /rest/owner/setup. The sandbox waits for the route itself: a 404 there is waited out, for a
 * bounded time, with a clear error at the end; any other refusal is an error at once. Then the
 * launcher signs in once as the owner, so the login it prints is known to work.
 */
const OWNER = { email: 'lo@example.com', password: 'Secret-123', firstName: 'Jordan', lastName: 'Rivera' };
let server: Server;
let base: string;
let answers: Array<{ status: number; body: string }>;
let calls = 0;
let signIn: { status: number; body: string };
let signIns: Array<{ email: string; password: string }>;

beforeEach(async () => {
	calls = 0;
	signIn = { status: 200, body: '{}' };
	signIns = [];
	server = createServer(async (req, res) => {
		if (req.url === '/rest/login') {
			let body = '';
			for await (const chunk of req) body += chunk;
			signIns.push(JSON.parse(body));
			res.writeHead(signIn.status, { 'content-type': 'text/plain' });
			res.end(signIn.body);
			return;
		}
		calls++;
		const next = answers.length > 1 ? answers.shift()! : answers[0];
		res.writeHead(next.status, { 'content-type': 'text/plain' });
		res.end(next.body);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

it('waits out "Cannot POST /rest/owner/setup" (404) until n8n has mounted the route', async () => {
	answers = [
		{ status: 404, body: 'Cannot POST /rest/owner/setup' },
		{ status: 404, body: 'Cannot POST /rest/owner/setup' },
		{ status: 200, body: '{}' },
	];
	await expect(ensureOwner(base, OWNER, 10_000)).resolves.toBe('created');
	expect(calls).toBe(3);
	expect(signIns).toEqual([expect.objectContaining({ email: OWNER.email, password: OWNER.password })]);
});

it('gives up after the bounded wait with an error that says the route never came', async () => {
	answers = [{ status: 404, body: 'Cannot POST /rest/owner/setup' }];
	await expect(ensureOwner(base, OWNER, 1200)).rejects.toThrow(/owner setup failed \(404\) \(still not mounted after 1 s\)/);
});

it('an owner that already exists is fine; any other refusal fails at once', async () => {
	answers = [{ status: 400, body: 'Instance owner already setup' }];
	await expect(ensureOwner(base, OWNER)).resolves.toBe('existing');
	answers = [{ status: 500, body: 'database locked' }];
	await expect(ensureOwner(base, OWNER)).rejects.toThrow('n8n owner setup failed (500): database locked');
});

it("an existing owner with another password is named at start-up, not at the user's first sign-in", async () => {
	answers = [{ status: 400, body: 'Instance owner already setup' }];
	signIn = { status: 401, body: 'Wrong username or password. Do you have caps lock on?' };
	await expect(ensureOwner(base, OWNER)).rejects.toThrow(/refused the owner's sign-in \(lo@example.com, 401: Wrong username or password.*delete the data folder/);
});
