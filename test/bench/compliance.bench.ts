/**
 * checkTouch throughput (target >= 100,000 checks/s on one core) on 100,000 generated touches: a
 * realistic mix of ZIP / state-only / area-code-only leads in every rule state, all four channels,
 * random instants over 2026-2027 (so sends, defers and blocks all occur) and 0-4 earlier touches.
 * Also classifyReply throughput on typical replies.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { bestOf, report, seededRandom } from './support';

// Measure the built package (what n8n loads; `npm run bench` builds first), else the sources.
const built = path.join(__dirname, '../../dist/nodes/core/index.js');
type Core = typeof import('../../nodes/core');
/* eslint-disable @typescript-eslint/no-require-imports */
const fromDist = existsSync(built) ? (require(built) as Partial<Core>) : {};
const code = typeof fromDist.checkTouch === 'function' ? 'dist' : 'sources';
const { checkTouch, classifyReply } = code === 'dist' ? (fromDist as Core) : (require('../../nodes/core') as Core);
/* eslint-enable @typescript-eslint/no-require-imports */
type Input = Parameters<Core['checkTouch']>[0];

const CHECKS = 100_000;
const random = seededRandom(4);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
const ZIPS = ['33101', '32501', '78701', '79901', '70112', '35203', '84101', '21201', '73102', '06103', '40202', '10001', '90012', '85004', '98101', '55401', '39201', '30303', '60601', '80202'];
const STATES = ['FL', 'TX', 'CA', 'NY', 'LA', 'AL', 'UT', 'MD', 'OK', 'KY', 'TN', 'IN', 'AZ', 'GA'];
const AREA_CODES = ['305', '813', '405', '203', '212', '213', '512', '504', '205', '801', '410', '208', '602', '404'];
const CHANNELS = ['sms', 'sms', 'sms', 'call', 'email', 'ai-voice'] as const;
const start = Date.UTC(2026, 0, 1);
const span = Date.UTC(2027, 11, 31) - start;

const inputs: Input[] = Array.from({ length: CHECKS }, () => {
	const at = start + Math.floor(random() * span);
	const where = random();
	const phone = `+1${pick(AREA_CODES)}555${String(1000 + Math.floor(random() * 9000))}`;
	return {
		lead: {
			phone,
			email: 'lead@example.com',
			...(where < 0.6 ? { zip: pick(ZIPS) } : where < 0.9 ? { state: pick(STATES) } : {}),
			consent: { sms: random() < 0.9, call: random() < 0.5, prerecordedVoice: random() < 0.3 },
			optOut: { sms: random() < 0.03, email: random() < 0.03 },
		},
		channel: pick(CHANNELS),
		at: new Date(at).toISOString(),
		history: Array.from({ length: Math.floor(random() * 5) }, () => ({
			at: new Date(at - Math.floor(random() * 30 * 3_600_000)).toISOString(),
			channel: pick(['sms', 'call', 'email']),
		})),
	};
});

const verdicts = { send: 0, defer: 0, block: 0 };
checkTouch(inputs[0]); // load the ZIP table before timing: an n8n worker pays that once
const coldStart = process.hrtime.bigint();
for (const input of inputs) checkTouch(input);
const coldMs = Number(process.hrtime.bigint() - coldStart) / 1e6;
const ms = bestOf(3, () => {
	verdicts.send = verdicts.defer = verdicts.block = 0;
	for (const input of inputs) verdicts[checkTouch(input).verdict]++;
});

report({
	bench: 'checkTouch',
	code,
	value: Math.round(CHECKS / (ms / 1000)),
	unit: 'checks/s',
	target: '>=100000',
	checks: CHECKS,
	...verdicts,
	coldChecksPerSecond: Math.round(CHECKS / (coldMs / 1000)),
});

const REPLIES = ['STOP', 'Stop texting me', 'Yes, call me tomorrow', "I'll stop by Friday", 'take me off your list', 'HELP', 'What rate can I get?', 'START', 'Not interested. STOP', 'Can you send the pre-approval letter to my realtor?'];
const replies = Array.from({ length: CHECKS }, () => pick(REPLIES));
const replyMs = bestOf(3, () => {
	for (const reply of replies) classifyReply(reply);
});
report({ bench: 'classifyReply', code, value: Math.round(CHECKS / (replyMs / 1000)), unit: 'replies/s', replies: CHECKS });

// Replies the second pass reads too (issue 12): Spanish, accents, keywords beside yes/no, revocation verbs.
const MORE_REPLIES = ['Alto', 'No más mensajes', 'Ya no me envíe mensajes', 'Para mañana por favor', 'Yes stop', "Don't ever text me again", 'End texts', 'Cancel my appointment', 'Wrong #', '¿Cuál es la tasa hoy?'];
const moreReplies = Array.from({ length: CHECKS }, () => pick(MORE_REPLIES));
const moreMs = bestOf(3, () => {
	for (const reply of moreReplies) classifyReply(reply);
});
report({ bench: 'classifyReply (Spanish and issue-12 replies)', code, value: Math.round(CHECKS / (moreMs / 1000)), unit: 'replies/s', replies: CHECKS });
