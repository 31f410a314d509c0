/**
 * The newcomer's path (issue 16), over HTTP only, in the real n8n: an empty n8n with the pack
 * installed and only "Mortgage: set up" imported (SANDBOX_WORKFLOWS=setup; the sandbox has made
 * the Google, Twilio and SMTP credentials as an LO would in n8n's credential screens), then the
 * LO's own actions, counted: an n8n API key, the n8n API credential (through n8n's API), the
 * setup workflow bound to it and switched on, and the form. No step in the Twilio console: the
 * reply trigger points the number at itself. A lead posted to the production webhook with the
 * secret the setup made is then texted with the LO's identity from the form. Every workflow the
 * setup installs (nodes/MortgageSetup/templates.ts) is there, on, with the error alerts. Then the
 * form sent a second time: nothing installed twice, no second tracker, no second set of secrets,
 * the Settings corrected, and the page says so.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ALL_TEMPLATES } from '../../nodes/MortgageSetup/templates';
import { eventually, getJson, startSandboxProcess, type SandboxProcess } from './support/sandboxProcess';

jest.setTimeout(600_000);

let stack: Pick<SandboxProcess, 'n8nUrl' | 'sandboxUrl' | 'dataRoot' | 'stop'>;
/** A newcomer's n8n: only "Mortgage: set up" imported, the Google, Twilio, SMTP and IMAP credentials made. */
async function newcomerStack(): Promise<void> {
	// SETUP_E2E_STACK=<file with n8nUrl, sandboxUrl, dataRoot>: a stack already started that way (debugging).
	const running = process.env.SETUP_E2E_STACK;
	stack = running ? { ...JSON.parse(readFileSync(running, 'utf8')), stop: async () => undefined } : await startSandboxProcess({ env: { SANDBOX_WORKFLOWS: 'setup', SANDBOX_SHEETS_QUOTAS: 'off' } });
}

const FORM = {
	'Your name': 'Dana Whitfield',
	'NMLS ID': '7654321',
	Company: 'Whitfield Mortgage',
	'Postal address': '200 Ocean Dr, Miami Beach, FL 33139',
	Email: 'dana@whitfield.example',
	Mobile: '+13055550177',
	'Twilio number': '+13055550100',
};

/** What n8n said meanwhile, added to a failure: the stack's data folder goes with it. */
async function withN8nLog(run: () => Promise<void>): Promise<void> {
	try {
		await run();
	} catch (error) {
		// What n8n said meanwhile: the stack's data folder goes with it.
		const log = (() => {
			try {
				return readFileSync(path.join(stack.dataRoot, 'sandbox', 'n8n.log'), 'utf8').split('\n').slice(-40).join('\n');
			} catch {
				return '(no n8n log)';
			}
		})();
		(error as Error).message += `\n--- n8n log (last lines) ---\n${log}`;
		throw error;
	}
}

/** What the first test leaves for the second: the LO's n8n session and API key. */
let lo: { rest: (method: string, url: string, body?: unknown) => Promise<Record<string, unknown>>; api: (method: string, url: string, body?: unknown) => Promise<Record<string, unknown>> } | undefined;

describe('an LO with a mailbox', () => {
	beforeAll(newcomerStack);
	afterAll(async () => stack?.stop());

	it('from an empty n8n to a compliant first text in at most 5 user actions, none in the Twilio console', () => withN8nLog(() => newcomerPath({ mailbox: true })));

	it('the form sent again installs nothing twice: same workflows, same tracker, same secrets, the Settings corrected', () => withN8nLog(secondSubmission));
});

describe('an LO without a mailbox credential', () => {
	beforeAll(newcomerStack);
	afterAll(async () => stack?.stop());

	it('the setup still installs everything, leaves the email replies off, and its last lines say what to do', () => withN8nLog(() => newcomerPath({ mailbox: false })));
});

function submitForm(answers: Record<string, string>): Promise<Response> {
	const body = new FormData();
	Object.values(answers).forEach((value, index) => body.append(`field-${index}`, value));
	return fetch(`${stack.n8nUrl}/form/mortgage-setup`, { method: 'POST', body });
}

/** The setup result emails the sandbox mail stand-in received so far. */
async function resultMails(): Promise<Array<{ subject: string; text: string }>> {
	const mail = await getJson<Array<{ subject: string; text: string }>>(`${stack.sandboxUrl}/api/mail`);
	return mail.filter((m) => /^Mortgage: (you are live|what is left)/.test(m.subject));
}

async function newcomerPath({ mailbox }: { mailbox: boolean }): Promise<void> {
	const actions: string[] = [];
	const secrets = JSON.parse(readFileSync(path.join(stack.dataRoot, 'sandbox', 'secrets.json'), 'utf8')) as { ownerEmail: string; ownerPassword: string };
	// The LO signed in to their n8n (the owner, as n8n's first screen makes them).
	// n8n answers 404 while it is still mounting its controllers.
	const login = await eventually(
		'the n8n sign-in',
		() => fetch(`${stack.n8nUrl}/rest/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ emailOrLdapLoginId: secrets.ownerEmail, email: secrets.ownerEmail, password: secrets.ownerPassword }) }),
		(response) => response.status !== 404,
		{ timeoutMs: 120_000, everyMs: 500 },
	);
	expect(login.status).toBe(200);
	const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
	const rest = async (method: string, url: string, body?: unknown): Promise<Record<string, unknown>> => {
		const response = await fetch(`${stack.n8nUrl}/rest${url}`, { method, headers: { cookie, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} /rest${url} -> ${response.status}: ${text.slice(0, 500)}`);
		return (JSON.parse(text) as { data: unknown }).data as Record<string, unknown>;
	};

	// 1. Settings > n8n API > Create an API key.
	actions.push('create an n8n API key');
	const scopes = (await rest('GET', '/api-keys/scopes')) as unknown as string[];
	const key = await rest('POST', '/api-keys', { label: `Mortgage setup ${Date.now()}`, expiresAt: null, scopes });
	const apiKey = String(key.rawApiKey ?? key.apiKey);
	const api = async (method: string, url: string, body?: unknown): Promise<Record<string, unknown>> => {
		const response = await fetch(`${stack.n8nUrl}/api/v1${url}`, { method, headers: { 'X-N8N-API-KEY': apiKey, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} /api/v1${url} -> ${response.status}: ${text.slice(0, 800)}`);
		return JSON.parse(text) as Record<string, unknown>;
	};
	lo = { rest, api };

	// 2. Credentials > Add credential > n8n API (through n8n's API here).
	actions.push('add the n8n API credential');
	const n8nCredential = await api('POST', '/credentials', { name: 'n8n API', type: 'n8nApi', data: { apiKey, baseUrl: `${stack.n8nUrl}/api/v1` } });

	// 3. In "Mortgage: set up", pick it in the n8n nodes (the other credentials are already picked).
	actions.push('pick the n8n API credential in the setup workflow');
	const listed = (await api('GET', '/workflows')).data as Array<Record<string, unknown>>;
	const setup = listed.find((w) => w.name === 'Mortgage: set up')!;
	expect(listed).toHaveLength(1);
	const full = await api('GET', `/workflows/${setup.id}`);
	const nodes = (full.nodes as Array<Record<string, any>>)
		.map((node) => (node.type === 'n8n-nodes-base.n8n' ? { ...node, credentials: { n8nApi: { id: n8nCredential.id, name: n8nCredential.name } } } : node))
		// An LO without a mailbox credential has none to pick in "Your mailbox (optional)" (the sandbox made one).
		.map((node) => (!mailbox && node.type === 'n8n-nodes-base.emailReadImap' ? { ...node, credentials: {} } : node));
	await api('PUT', `/workflows/${setup.id}`, { name: full.name, nodes, connections: full.connections, settings: { executionOrder: 'v1' } });

	// 4. Activate it.
	actions.push('activate the setup workflow');
	await api('POST', `/workflows/${setup.id}/activate`);

	// 5. Open its form and send it.
	actions.push('fill in the setup form');
	const submitted = await submitForm(FORM);
	const answer = await submitted.text();
	expect(submitted.status).toBeLessThan(400);
	// n8n answers with where the form's last page will be (shown once a browser opens it).
	expect(answer).toContain('/form-waiting/');

	// The setup's result email, once it has run: the health check and the lead webhook's secret (the
	// same lines as the form's last page, which n8n holds open until it is shown in a browser).
	const [mail] = await eventually('the setup result email', resultMails, (mails) => mails.length > 0, { timeoutMs: 300_000, everyMs: 1000 });
	const page = `${mail.subject}\n${mail.text}`;
	const EMAIL_REPLIES = 'Mortgage: email replies (unsubscribe by email, pause and alert)';
	if (mailbox) {
		expect(page).toContain('Mortgage: you are live');
	} else {
		// One line to do, in plain words; everything else OK.
		expect(mail.subject).toBe('Mortgage: what is left to set up');
		expect(page.split('\n').filter((line) => line.startsWith('TO DO'))).toEqual([
			`TO DO  Workflows: "${EMAIL_REPLIES}" is off: it needs your mailbox (in n8n: Credentials > Add credential > IMAP, with your email account's incoming mail server, user and password), picked in its node "Email to me (IMAP)"; then switch it on.`,
		]);
	}
	// Every workflow the setup installs, once, on (the email replies only with a mailbox), each with the error alerts; and the setup itself.
	const installed = (await api('GET', '/workflows')).data as Array<Record<string, any>>;
	expect(installed.map((w) => w.name).sort()).toEqual([...ALL_TEMPLATES.map((t) => t.name), 'Mortgage: set up'].sort());
	const errorAlerts = installed.find((w) => w.name === 'Mortgage: error alerts')!;
	for (const workflow of installed.filter((w) => !/set up|error alerts/.test(w.name))) {
		expect([workflow.name, workflow.active]).toEqual([workflow.name, mailbox || workflow.name !== EMAIL_REPLIES]);
		expect([workflow.name, workflow.settings?.errorWorkflow]).toEqual([workflow.name, errorAlerts.id]);
	}

	// The tracker's Settings hold the form's answers.
	const settings = await getJson<{ rows: Array<{ setting: string; value: string }> }>(`${stack.sandboxUrl}/api/sheets/Settings`);
	const value = (name: string) => settings.rows.find((r) => r.setting === name)?.value;
	expect([value('loName'), value('nmlsId'), value('sendingNumber'), value('publicN8nAddress')]).toEqual([FORM['Your name'], FORM['NMLS ID'], FORM['Twilio number'], stack.n8nUrl]);

	// The lead secret the setup made, from its last page.
	const leadSecret = /x-lead-secret: ([0-9a-f]{48})/.exec(page)?.[1];
	expect(leadSecret).toBeTruthy();

	// Wednesday 10:00 in Miami: inside every legal window.
	await fetch(`${stack.sandboxUrl}/api/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ set: '2026-12-02T15:00:00Z' }) });
	const lead = await fetch(`${stack.n8nUrl}/webhook/mortgage-leads`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-lead-secret': leadSecret! },
		body: JSON.stringify({ first_name: 'Maria', last_name: 'Lopez', phone: '(305) 555-0142', email: 'maria@example.com', zip: '33101', loan_purpose: 'Purchase', timeline: 'ASAP', sms_consent: 'yes' }),
	});
	expect(lead.status).toBeLessThan(300);
	const texts = await eventually(
		'the first text',
		async () => (await getJson<Array<{ to: string; body: string; from: string; direction: string }>>(`${stack.sandboxUrl}/api/outbox`)).filter((m) => m.to === '+13055550142' && m.direction === 'outbound-api'),
		(list) => list.length > 0,
		{ timeoutMs: 120_000 },
	);
	expect(texts[0].body).toContain('Dana Whitfield, NMLS #7654321, Whitfield Mortgage');
	expect(texts[0].from).toBe(FORM['Twilio number']);

	expect(actions.length).toBeLessThanOrEqual(5);
}

async function secondSubmission(): Promise<void> {
	expect(lo).toBeDefined();
	const { rest, api } = lo!;
	const workflowsBefore = ((await api('GET', '/workflows')).data as Array<{ id: string; name: string }>).map((w) => `${w.id} ${w.name}`).sort();
	const credentialsBefore = ((await rest('GET', '/credentials')) as unknown as Array<{ id: string; name: string }>).map((c) => `${c.id} ${c.name}`).sort();
	const spreadsheetsBefore = await getJson<unknown[]>(`${stack.sandboxUrl}/api/spreadsheets`);
	const mailsBefore = (await resultMails()).length;

	// The LO corrects a typo in the company name and sends the form again.
	const submitted = await submitForm({ ...FORM, Company: 'Whitfield Mortgage LLC' });
	expect(submitted.status).toBeLessThan(400);
	const mails = await eventually('the second setup result email', resultMails, (list) => list.length > mailsBefore, { timeoutMs: 300_000, everyMs: 1000 });
	const again = mails[mails.length - 1];
	expect(again.text).toContain('Set up before');
	expect(again.text).toContain('nothing was installed twice');
	expect(again.text).toContain('x-lead-secret: unchanged');
	expect(again.subject).toBe('Mortgage: you are live');

	expect(((await api('GET', '/workflows')).data as Array<{ id: string; name: string }>).map((w) => `${w.id} ${w.name}`).sort()).toEqual(workflowsBefore);
	expect(((await rest('GET', '/credentials')) as unknown as Array<{ id: string; name: string }>).map((c) => `${c.id} ${c.name}`).sort()).toEqual(credentialsBefore);
	expect(await getJson<unknown[]>(`${stack.sandboxUrl}/api/spreadsheets`)).toEqual(spreadsheetsBefore);
	const settings = await getJson<{ rows: Array<{ setting: string; value: string }> }>(`${stack.sandboxUrl}/api/sheets/Settings`);
	expect(settings.rows.find((r) => r.setting === 'company')?.value).toBe('Whitfield Mortgage LLC');
}
