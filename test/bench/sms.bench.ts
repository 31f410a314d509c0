/**
 * Send throughput of the Mortgage SMS node against the Twilio stand-in with its latency set to 0,
 * so the node's own overhead (compliance re-check, rendering, replay check, n8n's request helpers)
 * is what is measured. Target >= 200 texts/s. The node class comes from dist when built (what n8n
 * loads; `npm run bench` builds first), else from the sources.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { IDataObject, INodeType } from 'n8n-workflow';
import { startTwilioStandIn } from '../../sandbox/twilio';
import { runNode } from '../support/nodeHarness';
import { report } from './support';

const built = path.join(__dirname, '../../dist/nodes/MortgageSms/MortgageSms.node.js');
/* eslint-disable @typescript-eslint/no-require-imports */
const code = existsSync(built) ? 'dist' : 'sources';
const { MortgageSms } = (code === 'dist' ? require(built) : require('../../nodes/MortgageSms/MortgageSms.node.ts') /* .ts: the codex .json shares the name */) as {
	MortgageSms: new () => INodeType;
};
/* eslint-enable @typescript-eslint/no-require-imports */

const ACCOUNT = 'AC' + 'e'.repeat(32);
const TOKEN = 'bench-token';
const TEXTS = 1000;

function items(batch: number): IDataObject[] {
	return Array.from({ length: TEXTS }, (_, i) => ({
		touchId: `lead-${batch}-${i}:new-lead:1`,
		leadId: `lead-${batch}-${i}`,
		template: 'Hi {{firstName}}, this is {{loName}} with {{company}}. Is now a good time to talk about your {{loanPurpose}}?',
		lead: {
			firstName: 'Jane',
			loanPurpose: 'refinance',
			phone: `+1305${String(2000000 + batch * TEXTS + i).padStart(7, '0')}`,
			state: 'FL',
			zip: '33101',
			timeZone: 'America/New_York',
			consent: { sms: true },
		},
	}));
}

async function main(): Promise<void> {
	const server = await startTwilioStandIn({ accountSid: ACCOUNT, authToken: TOKEN, latencyMs: 0 });
	const node = new MortgageSms();
	const send = (batch: number, replayWindowHours: number) =>
		runNode(node, {
			items: items(batch),
			parameters: { from: '+13055550100', loName: 'Alex Rivera', nmlsId: '123456', company: 'Sandbox Home Loans', now: '2026-11-20T15:00:00Z', options: { replayWindowHours } },
			credentials: { mortgageTwilioApi: { authType: 'authToken', accountSid: ACCOUNT, authToken: TOKEN } },
			sandbox: { twilioRoot: server.url },
		});
	await send(0, 24); // warm up: JIT, sockets, the ZIP table
	for (const [batch, replayWindowHours, label] of [
		[1, 24, 'with replay check (default)'],
		[2, 0, 'no replay check'],
	] as const) {
		const start = process.hrtime.bigint();
		const [sent] = await send(batch, replayWindowHours);
		const seconds = Number(process.hrtime.bigint() - start) / 1e9;
		if (sent.length !== TEXTS) throw new Error(`only ${sent.length} of ${TEXTS} texts were sent`);
		report({ bench: 'sms-send', variant: label, code, value: Math.round(TEXTS / seconds), unit: 'texts/s', target: '>=200', texts: TEXTS, latencyMs: 0 });
	}
	const outbox = server.standIn.outbox().length;
	if (outbox !== 3 * TEXTS) throw new Error(`the stand-in holds ${outbox} texts, expected ${3 * TEXTS}`);
	await server.close();
}

main().catch((error) => {
	process.stderr.write(`${(error as Error).stack}\n`);
	process.exit(1);
});
