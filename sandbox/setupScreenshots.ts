/**
 * The README "Go live" screenshots, with headless Chromium, from a stack started in the newcomer's
 * mode (SANDBOX_WORKFLOWS=setup) whose setup workflow is bound and active (as the setup e2e leaves
 * it): the setup form filled in, and the last page with the health-check lines.
 *   docs/images/setup-form.png, docs/images/setup-health-check.png
 *   npx tsx sandbox/setupScreenshots.ts <n8n address> [<the last page's /form-waiting/<id> address>]   (CHROMIUM=path)
 */
import path from 'node:path';
import { chromium } from 'playwright-core';

const OUT = path.join(__dirname, '..', 'docs', 'images');

export const SETUP_EXAMPLE: Record<string, string> = {
	'Your name': 'Jordan Rivera',
	'NMLS ID': '1234567',
	Company: 'Rivera Home Loans',
	'Postal address': '100 Main St, Miami, FL 33101',
	Email: 'jordan@riverahomeloans.example',
	Mobile: '+13055550199',
	'Twilio number': '+13055550100',
};

async function main(): Promise<void> {
	const n8nUrl = (process.argv[2] ?? 'http://127.0.0.1:5678').replace(/\/+$/, '');
	const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
	try {
		const page = await browser.newPage({ viewport: { width: 820, height: 1100 } });
		await page.goto(`${n8nUrl}/form/mortgage-setup`);
		for (const [label, value] of Object.entries(SETUP_EXAMPLE)) await page.getByLabel(label, { exact: false }).first().fill(value);
		await page.screenshot({ path: path.join(OUT, 'setup-form.png'), fullPage: true });
		// The last page: of a run already made (argument 3: its /form-waiting/<id> address), else of this submission.
		if (process.argv[3]) await page.goto(process.argv[3]);
		else await page.getByRole('button', { name: /submit/i }).click();
		await page.waitForSelector('text=/You are live|Almost there/', { timeout: 240_000 });
		await page.screenshot({ path: path.join(OUT, 'setup-health-check.png'), fullPage: true });
	} finally {
		await browser.close();
	}
}

if (require.main === module) {
	main().catch((error) => {
		process.stderr.write(`${(error as Error).stack ?? error}\n`);
		process.exit(1);
	});
}
