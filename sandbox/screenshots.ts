/**
 * Takes the README's screenshots from a running sandbox with headless Chromium:
 *   docs/images/sandbox-page.png            the sandbox page after a few leads and a reply
 *   docs/images/speed-to-lead-workflow.png  the speed-to-lead workflow in the n8n editor
 *   docs/images/call-task-email.png         a call task email (tel: link, one-tap outcomes), phone-sized
 *   docs/images/scoreboard-funnel.png       the weekly scoreboard email with the funnel by source
 *
 *   npx tsx sandbox/screenshots.ts     (starts its own stack in a temporary folder; CHROMIUM=path)
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { SANDBOX } from './config';
import { freePort } from './n8n';
import { startStack, PROJECT_DIR } from './stack';

const OUT = path.join(PROJECT_DIR, 'docs', 'images');

async function main(): Promise<void> {
	const dataRoot = mkdtempSync(path.join(os.tmpdir(), 'mortgage-stack-shots-'));
	const stack = await startStack({
		dataRoot,
		n8nPort: await freePort(),
		sandboxPort: await freePort(),
		smtpPort: await freePort(),
		build: false,
		sheetsQuotas: false,
		log: (line) => process.stderr.write(`${line}\n`),
	});
	const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
	try {
		// A little life in the sandbox: two leads in the afternoon, one at night, a reply, a referral.
		const post = (body: object) =>
			fetch(stack.urls.leadWebhook, {
				method: 'POST',
				headers: { 'content-type': 'application/json', [SANDBOX.leadSecretHeader]: stack.secrets.leadSecret },
				body: JSON.stringify(body),
			}).then((r) => r.text());
		const at = (iso: string) => {
			stack.sandbox.clock.set(iso);
			return iso;
		};
		let now = at('2026-12-02T19:10:00Z');
		await post({ first_name: 'Maria', last_name: 'Lopez', phone: '(305) 555-0142', email: 'maria.lopez@example.com', zip: '33101', loan_purpose: 'Purchase', timeline: 'ASAP', sms_consent: 'yes', submitted_at: now });
		await post({ first_name: 'James', last_name: 'Carter', phone: '(512) 555-0133', zip: '78701', loan_purpose: 'Refinance', timeline: '1-3 months', sms_consent: 'yes', submitted_at: now });
		await post({ first_name: 'Carla', last_name: 'Mendez', phone: '(305) 555-0145', zip: '33133', loan_purpose: 'Purchase', timeline: '3-6 months', sms_consent: 'yes', partner_id: 'p-sunrise-realty', source: 'referral', submitted_at: now });
		now = at('2026-12-03T03:15:00Z');
		await post({ first_name: 'Ana', last_name: 'Reyes', phone: '(305) 555-0143', zip: '33101', loan_purpose: 'Purchase', timeline: 'ASAP', sms_consent: 'yes', submitted_at: now });
		await fetch(`${stack.urls.sandbox}api/reply`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ from: '+13055550142', body: 'Yes! Can you call me tomorrow after 5?' }),
		});
		await new Promise((resolve) => setTimeout(resolve, 3000));

		mkdirSync(OUT, { recursive: true });
		const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
		await page.goto(stack.urls.sandbox);
		await page.waitForTimeout(2500);
		await page.screenshot({ path: path.join(OUT, 'sandbox-page.png'), fullPage: true });

		const editor = await browser.newPage({ viewport: { width: 1600, height: 900 } });
		await editor.goto(`${stack.urls.editor}signin`);
		await editor.fill('input[type=email], input[name=email], input[name=emailOrLdapLoginId]', stack.owner.email);
		await editor.fill('input[type=password]', stack.owner.password);
		await editor.keyboard.press('Enter');
		await editor.waitForURL(/\/home|\/workflows|\/projects/, { timeout: 60_000 });
		await editor.goto(`${stack.urls.editor}workflow/mf-speed-to-lead`);
		await editor.waitForSelector('.vue-flow__node, [data-test-id="canvas-node"]', { timeout: 60_000 });
		await editor.waitForTimeout(2500);
		// Fit the whole workflow in view (the canvas shortcut "1" = zoom to fit).
		await editor.mouse.click(800, 450);
		await editor.keyboard.press('1');
		await editor.waitForTimeout(1500);
		await editor.screenshot({ path: path.join(OUT, 'speed-to-lead-workflow.png') });

		// The drip's call task for Maria, as the loan officer's phone shows it; then "Appointment set".
		const runNow = (webhookPath: string) =>
			fetch(`${stack.urls.editor}webhook/${webhookPath}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', [SANDBOX.dripRunSecretHeader]: stack.secrets.dripRunSecret },
				body: '{}',
			});
		at('2026-12-03T14:05:00Z');
		await runNow('mortgage-drip-run');
		const callTask = stack.sandbox.mail.mailbox().find((mail) => /^Call Maria/.test(mail.subject));
		if (!callTask?.html) throw new Error('the drip sent no call task email for Maria');
		const phone = await browser.newPage({ viewport: { width: 430, height: 900 } });
		await phone.setContent(callTask.html);
		await phone.screenshot({ path: path.join(OUT, 'call-task-email.png'), fullPage: true });
		const appointment = /^Appointment set: (\S+)$/m.exec(callTask.text)?.[1];
		if (appointment) await fetch(appointment, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'confirm=appointment-set' });

		// Monday: the weekly scoreboard, with the funnel.
		at('2026-12-07T12:00:00Z');
		await runNow('mortgage-scoreboard-run');
		const weekly = stack.sandbox.mail.mailbox().find((mail) => /^Weekly scoreboard/.test(mail.subject));
		if (!weekly?.html) throw new Error('the scoreboard run sent no email');
		const report = await browser.newPage({ viewport: { width: 1100, height: 900 } });
		await report.setContent(weekly.html);
		await report.screenshot({ path: path.join(OUT, 'scoreboard-funnel.png'), fullPage: true });
		process.stdout.write(`screenshots written to ${OUT}\n`);
	} finally {
		await browser.close();
		await stack.stop();
		rmSync(dataRoot, { recursive: true, force: true });
	}
}

main().then(
	() => process.exit(0),
	(error: Error) => {
		process.stderr.write(`screenshots failed: ${error.stack ?? error.message}\n`);
		process.exit(1);
	},
);
