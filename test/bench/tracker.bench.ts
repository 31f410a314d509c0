/**
 * The drip run's read-plan-write cycle against the Sheets stand-in, over 10,000 and 100,000 leads:
 * Get Due Touches (read Leads, Cadences, Touches, Settings; run the cadence engine), then Log
 * Touches for every due touch as sent (append Touches, update Leads, under the lock). Both steps are
 * the real Mortgage Lead Tracker node with n8n-core's request helpers over loopback. The stand-in runs
 * in a child process, so the memory figure is the n8n side's alone.
 * Targets: API requests per run <= 6 and flat in the number of leads; 10k under 10 s; 100k under
 * 60 s in under 1 GB.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { TRACKER_TABS } from '../../nodes/tracker/template';
import { spareColumns } from '../../nodes/tracker/createTracker';
import { DEFAULT_CADENCES } from '../../nodes/core/cadence';
import { createSheetsStandIn } from '../../sandbox/sheets';
import { forStandIn, runNode } from '../support/nodeHarness';
import { report, seededRandom } from './support';

const NOW = '2026-03-09T15:00:00.000Z';

// Measure the built node (what n8n loads; `npm run bench` builds first), else the sources. The
// explicit .ts path: next to the node sits its codex MortgageLeadTracker.node.json, which plain resolution
// would pick first.
const built = path.join(__dirname, '../../dist/nodes/LeadTracker/MortgageLeadTracker.node.js');
const code = existsSync(built) && process.env.TRACKER_BENCH_CODE !== 'sources' ? 'dist' : 'sources';
/* eslint-disable @typescript-eslint/no-require-imports */
const { MortgageLeadTracker } = require(code === 'dist' ? built : '../../nodes/LeadTracker/MortgageLeadTracker.node.ts') as typeof import('../../nodes/LeadTracker/MortgageLeadTracker.node');
/* eslint-enable @typescript-eslint/no-require-imports */
const SPREADSHEET_ID = 'bench-tracker';
const BENCH_ACCOUNT = 'bench@mortgage-pack.iam.gserviceaccount.com';

/** Child process: a stand-in holding a tracker with `leads` leads and one past touch each. */
function standInProcess(leads: number): void {
	const standIn = createSheetsStandIn({ quotas: false, serviceAccountKeys: { [BENCH_ACCOUNT]: process.env.TRACKER_BENCH_PUBLIC_KEY ?? '' } });
	const random = seededRandom(leads);
	const tab = (key: string) => TRACKER_TABS.find((t) => t.key === key)!;
	const header = (key: string) => tab(key).columns.map((c) => c.header);
	const leadHeader = header('leads');
	const touchHeader = header('touches');
	const now = Date.parse(NOW);
	const leadRows: unknown[][] = [leadHeader];
	const touchRows: unknown[][] = [touchHeader];
	for (let i = 0; i < leads; i++) {
		const id = `ld_${i.toString(16).padStart(16, '0')}`;
		const receivedAt = new Date(now - Math.floor(random() * 120 * 86_400_000)).toISOString();
		const record: Record<string, unknown> = {
			leadId: id, receivedAt, firstName: `First${i}`, lastName: `Last${i}`, phone: `+1305${String(i).padStart(7, '0')}`,
			email: `lead${i}@example.com`, state: 'FL', zip: '33101', timeZone: 'America/New_York', loanPurpose: 'purchase',
			cashOut: false, timeline: '3-6m', source: 'web-form', stage: 'contacted', cadenceId: 'purchase-3-6m',
			enrolledAt: receivedAt, touchCount: 1, consentSms: true, consentCall: true, consentEmail: true,
			consentPrerecordedVoice: false, consentCapturedAt: receivedAt, optOutSms: false, optOutCall: false, optOutEmail: false,
		};
		leadRows.push(leadHeader.map((h) => record[h] ?? ''));
		const touch: Record<string, unknown> = {
			touchId: `${id}:purchase-3-6m:1`, leadId: id, at: receivedAt, channel: 'sms', direction: 'outbound', purpose: 'marketing',
			cadenceId: 'purchase-3-6m', step: 1, verdict: 'sent', loggedAt: receivedAt,
		};
		touchRows.push(touchHeader.map((h) => touch[h] ?? ''));
	}
	const cadenceHeader = header('cadences');
	// Grids sized and tabs numbered as Create Tracker makes them (spare columns but in Touches, the template's sheet ids).
	const sheets = TRACKER_TABS.map((t) => {
		const columnCount = t.columns.length + spareColumns(t);
		const { sheetId } = t;
		if (t.key === 'leads') return { title: t.title, rows: leadRows, columnCount, sheetId };
		if (t.key === 'touches') return { title: t.title, rows: touchRows, columnCount, sheetId };
		if (t.key === 'cadences') return { title: t.title, columnCount, sheetId, rows: [cadenceHeader, ...DEFAULT_CADENCES.map((s) => cadenceHeader.map((h) => (s as unknown as Record<string, unknown>)[h] ?? ''))] };
		return { title: t.title, rows: [header(t.key)], columnCount, sheetId };
	});
	standIn.createSpreadsheet({ spreadsheetId: SPREADSHEET_ID, sheets });
	const server = createServer((req, res) => {
		if (req.url === '/bench/requests') {
			const count = standIn.requestLog.filter((e) => e.operation !== 'token').length;
			standIn.clearRequestLog();
			res.end(String(count));
			return;
		}
		void standIn.handle(req, res);
	});
	// Exit with the parent, however it ends (its end of our stdin closes).
	process.stdin.on('end', () => process.exit(0)).resume();
	server.listen(0, '127.0.0.1', () => {
		const address = server.address() as { port: number };
		process.stdout.write(JSON.stringify({ url: `http://127.0.0.1:${address.port}` }) + '\n');
	});
}

/** The stand-in checks the service account's signed JWT with `publicKey`, as Google would. */
async function startChild(leads: number, publicKey: string): Promise<{ url: string; stop: () => void }> {
	const child = spawn(process.execPath, ['--max-old-space-size=4096', '--import', 'tsx', __filename, '--stand-in', String(leads)], {
		stdio: ['pipe', 'pipe', 'inherit'],
		env: { ...process.env, TRACKER_BENCH_PUBLIC_KEY: publicKey },
	});
	const url = await new Promise<string>((resolve, reject) => {
		let buffer = '';
		child.stdout!.on('data', (chunk: Buffer) => {
			buffer += chunk.toString();
			const line = buffer.split('\n')[0];
			if (buffer.includes('\n')) resolve((JSON.parse(line) as { url: string }).url);
		});
		child.on('exit', (code) => reject(new Error(`stand-in exited with ${code}`)));
	});
	return { url, stop: () => child.kill() };
}

async function cycle(leads: number): Promise<void> {
	const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
	const { url, stop } = await startChild(leads, publicKey.export({ type: 'spki', format: 'pem' }).toString());
	// n8n's Google Service Account credential; the node reaches the stand-in through its hidden sandbox parameter.
	const credentials = forStandIn(
		{ mortgageGoogleServiceAccountApi: { email: BENCH_ACCOUNT, privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), inpersonate: false, httpNode: false } },
		{ googleRoot: url },
	);
	const parameters = { spreadsheetId: SPREADSHEET_ID, now: NOW, options: { retryBaseDelayMs: 50 } };
	const tracker = new MortgageLeadTracker();
	try {
		await fetch(`${url}/bench/requests`);
		const start = process.hrtime.bigint();
		const [due] = await runNode(tracker, { items: [{}], credentials, parameters: { ...parameters, operation: 'getDueTouches' } });
		const planned = process.hrtime.bigint();
		// What the SMS node hands on: the touch without its lead and settings, now sent. (Copied key by
		// key: in Node 20 an object rest/spread copy of each item gets its own hidden class, about
		// 400 bytes more per item.)
		const sent: INodeExecutionData[] = due.map((item) => {
			const touch: IDataObject = {};
			for (const key of Object.keys(item.json)) if (key !== 'lead' && key !== 'settings') touch[key] = item.json[key];
			touch.verdict = 'sent';
			touch.providerId = `SM${String(touch.touchId).length}`;
			return { json: touch };
		});
		const [logged] = await runNode(tracker, { items: sent, credentials, parameters: { ...parameters, operation: 'logTouches' } });
		const seconds = Number(process.hrtime.bigint() - start) / 1e9;
		const requests = Number(await (await fetch(`${url}/bench/requests`)).text());
		const peakMb = Math.round(process.resourceUsage().maxRSS / 1024);
		const extra = { code, leads, dueTouches: due.length, logged: logged.length, planSeconds: Number((Number(planned - start) / 1e9).toFixed(2)) };
		report({ bench: `tracker drip cycle ${leads} leads: API requests per run`, value: requests, unit: 'requests', target: '<=6', ...extra });
		report({ bench: `tracker drip cycle ${leads} leads: time`, value: Number(seconds.toFixed(2)), unit: 's', target: leads <= 10_000 ? '<10' : '<60', ...extra });
		report({ bench: `tracker drip cycle ${leads} leads: peak memory`, value: peakMb, unit: 'MB', target: '<1024', ...extra });
	} finally {
		stop();
	}
}

if (process.argv[2] === '--stand-in') {
	standInProcess(Number(process.argv[3]));
} else {
	(async () => {
		const sizes = (process.env.TRACKER_BENCH_SIZES ?? '10000,100000').split(',').map(Number);
		for (const leads of sizes) await cycle(leads);
	})().catch((error) => {
		process.stderr.write(`${(error as Error).stack}\n`);
		process.exit(1);
	});
}
