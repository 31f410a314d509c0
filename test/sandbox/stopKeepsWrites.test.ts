/**
 * A stop right after a write keeps the write. The stand-ins write their data files shortly after
 * each change (Sheets 200 ms, Twilio 25 ms); when n8n is killed the stack stops at once, and a
 * Leads row Google had confirmed must not vanish while the text sent after it stays (a restart
 * reads the files). Google never loses a confirmed write, so the stand-in must not either.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadSecrets, sandboxPaths } from '../../sandbox/config';
import { freePort } from '../../sandbox/n8n';
import { createSheetsStandIn } from '../../sandbox/sheets';
import { startSandboxServer } from '../../sandbox/server';

it('a spreadsheet made just before the sandbox server closes is in the data file a restart reads', async () => {
	const dataRoot = mkdtempSync(path.join(os.tmpdir(), 'mortgage-stop-'));
	try {
		const paths = sandboxPaths(dataRoot);
		const start = async () =>
			startSandboxServer({ port: await freePort(), paths, secrets: loadSecrets(paths), n8nBaseUrl: 'http://127.0.0.1:9', smtpPort: await freePort(), log: () => undefined });
		const sandbox = await start();
		const sheets = sandbox.sheets as unknown as ReturnType<typeof createSheetsStandIn>;
		const id = sheets.createSpreadsheet({ title: 'Written just before the stop', sheets: [{ title: 'Leads', rows: [['phone'], ['+13055551020']] }] });
		await sandbox.close();

		const reloaded = createSheetsStandIn({ now: Date.now, dataFile: paths.sheetsFile });
		expect(reloaded.readTab(id, 'Leads')).toEqual([['phone'], ['+13055551020']]);
	} finally {
		rmSync(dataRoot, { recursive: true, force: true });
	}
});
