/**
 * normalizeLead throughput on 100,000 generated messy leads from every source (target >= 50,000
 * leads/s on one core). The ZIP table loads before timing: an n8n worker pays that once.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { messyLead } from '../fixtures/leads/generate';
import { bestOf, report, seededRandom } from './support';

// Measure the built package (what n8n loads; `npm run bench` builds first), else the sources.
const built = path.join(__dirname, '../../dist/nodes/core/index.js');
type Core = typeof import('../../nodes/core');
/* eslint-disable @typescript-eslint/no-require-imports */
const fromDist = existsSync(built) ? (require(built) as Partial<Core>) : {};
const code = typeof fromDist.normalizeLead === 'function' ? 'dist' : 'sources';
const { normalizeLead } = code === 'dist' ? (fromDist as Core) : (require('../../nodes/core') as Core);
/* eslint-enable @typescript-eslint/no-require-imports */

const LEADS = 100_000;
const random = seededRandom(2026);
const leads = Array.from({ length: LEADS }, () => messyLead(random));
const options = { fallbackReceivedAt: '2026-11-22T15:00:00Z' };

let valid = 0;
normalizeLead({ zip: '33101', phone: '3053721842' }, options); // load the ZIP table
// First pass: every ZIP and phone prefix is new to the memo caches (the honest figure).
const coldStart = process.hrtime.bigint();
for (const lead of leads) normalizeLead(lead, options);
const coldMs = Number(process.hrtime.bigint() - coldStart) / 1e6;
const ms = bestOf(3, () => {
	valid = 0;
	for (const lead of leads) if (normalizeLead(lead, options).ok) valid++;
});

report({
	bench: 'normalizeLead',
	code,
	value: Math.round(LEADS / (coldMs / 1000)),
	unit: 'leads/s',
	target: '>=50000',
	leads: LEADS,
	valid,
	coldMs: Math.round(coldMs),
	warmLeadsPerSecond: Math.round(LEADS / (ms / 1000)),
});
