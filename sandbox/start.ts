/**
 * `npm start`: the whole pack running on this machine, with no Google or Twilio account.
 * Builds the pack, starts the Sheets and Twilio stand-ins and the sandbox page, starts a local
 * n8n with the pack installed and the workflows active, and prints where everything is.
 * N8N_PORT (default 5678) and SANDBOX_PORT (default 5680) move the ports. Ctrl-C stops it all.
 */
import { SANDBOX } from './config';
import { startStack, type Stack } from './stack';

function port(name: string, fallback: number): number {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < 1 || value > 65535) {
		throw new Error(`${name} must be a port number (1-65535), got "${raw}"`);
	}
	return value;
}

function printWelcome(stack: Stack): void {
	const { urls, owner, secrets, workflows, sandbox } = stack;
	const lines = [
		'',
		'Mortgage follow-up sandbox is running. Nothing here leaves this machine.',
		'',
		`  Sandbox page (tracker, texts, test forms): ${urls.sandbox}`,
		`  n8n editor:                                ${urls.editor}`,
		`      login: ${owner.email} / ${owner.password}${owner.created ? '   (account created now)' : ''}`,
		stack.setupResult
			? '  Referral form login, drip and referral secrets: the setup made its own (n8n: Credentials)'
			: `  Referral update form login (its own, not the n8n one): ${stack.formLogin.user} / ${stack.formLogin.password}`,
		'',
		`  Lead webhook:  POST ${urls.leadWebhook}`,
		`      header ${SANDBOX.leadSecretHeader}: ${secrets.leadSecret}`,
		'',
		'  Try it:',
		`    curl -s -X POST ${urls.leadWebhook} \\`,
		`      -H 'content-type: application/json' -H '${SANDBOX.leadSecretHeader}: ${secrets.leadSecret}' \\`,
		`      -d '{"first_name":"Maria","last_name":"Lopez","phone":"(305) 555-0142","zip":"33101","sms_consent":"yes"}'`,
		`    curl -s ${sandbox.baseUrl}/api/outbox`,
		`    curl -s ${sandbox.baseUrl}/api/sheets/Leads`,
		`    curl -s ${sandbox.baseUrl}/api/mail`,
		'',
		`  Workflows: ${workflows.length ? workflows.map((w) => w.replace(/\.json$/, '')).join(', ') : '(none yet)'}`,
		stack.setupResult ? '      (installed and switched on by "Mortgage: set up", as for an LO)' : '      (all active; error-alerts runs by itself when another workflow fails)',
		...(stack.setupResult ? ['', `  The setup says: ${stack.setupResult.subject}`, ...stack.setupResult.text.split('\n').filter((line) => /^(OK|TO DO) /.test(line)).map((line) => `    ${line}`)] : []),
		...sandbox.problems.map((problem) => `  Note: ${problem}`),
		`  Data is kept in ${stack.paths.root} (delete that folder to start over).`,
		'',
		'Press Ctrl-C to stop everything.',
		'',
	];
	process.stdout.write(lines.join('\n'));
}

async function main(): Promise<void> {
	const stack = await startStack({
		n8nPort: port('N8N_PORT', 5678),
		sandboxPort: port('SANDBOX_PORT', 5680),
		smtpPort: port('SANDBOX_SMTP_PORT', 2525),
		build: process.env.SANDBOX_SKIP_BUILD !== '1',
		// Google's per-minute quotas are on, as with a real account; SANDBOX_SHEETS_QUOTAS=off lifts them.
		sheetsQuotas: process.env.SANDBOX_SHEETS_QUOTAS !== 'off',
		// SANDBOX_WORKFLOWS=setup: a newcomer's n8n, with only "Mortgage: set up" (test/e2e/setup.e2e.test.ts).
		// SANDBOX_WORKFLOWS=setup-run: that n8n, then the setup run by the stack as an LO runs it (docs/sandbox.md).
		workflows: process.env.SANDBOX_WORKFLOWS === 'setup' || process.env.SANDBOX_WORKFLOWS === 'setup-run' ? process.env.SANDBOX_WORKFLOWS : 'all',
	});
	printWelcome(stack);
	let stopping = false;
	const shutdown = async (signal: string) => {
		if (stopping) return;
		stopping = true;
		process.stdout.write(`\n${signal}: stopping n8n and the stand-ins...\n`);
		await stack.stop();
		process.exit(0);
	};
	process.on('SIGINT', () => void shutdown('Ctrl-C'));
	process.on('SIGTERM', () => void shutdown('SIGTERM'));
	// If n8n dies on its own, say so and stop the rest instead of leaving a half stack.
	stack.n8n.process.once('exit', (code) => {
		if (stopping) return;
		process.stderr.write(`n8n exited unexpectedly (code ${code}); see ${stack.paths.n8nLog}\n`);
		void shutdown('n8n stopped');
	});
}

main().catch((error: Error) => {
	process.stderr.write(`\nnpm start failed: ${error.message}\n`);
	process.exit(1);
});
