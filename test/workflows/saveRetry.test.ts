/**
 * Issue 13, "nothing lost" without "retry anything": speed-to-lead's Save lead and
 * replies-and-status's Record reply send a failed item round a 65 s Wait loop (40 tries) only when
 * waiting can cure the failure (Google down, over its limit, the tracker busy). Any other failure
 * (a field the tracker refuses, a sheet no longer shared) goes straight to the "tell me" error,
 * naming the lead and the field. The errors here are the real Lead Tracker node's, run against the
 * Sheets stand-in; the decision is the workflow templates' own expressions, rendered by n8n's
 * expression engine from the error item n8n hands the error output (only `{ error: message }`).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Workflow, type IDataObject, type INode, type INodeTypes } from 'n8n-workflow';
import { locked } from '../../nodes/tracker/lock';
import { FAST, googleSession, harnessWithNewTracker, makeLead, type TrackerHarness } from '../support/trackerHarness';

const NOW = '2026-03-09T15:00:00.000Z';
const WORKFLOWS = path.join(__dirname, '..', '..', 'workflows');
const nodeTypes: INodeTypes = {
	getByName: () => ({ description: { properties: [] } }) as never,
	getByNameAndVersion: () => ({ description: { properties: [] } }) as never,
	getKnownTypes: () => ({}),
};

function nodeOf(file: string, name: string): INode {
	const workflow = JSON.parse(readFileSync(path.join(WORKFLOWS, file), 'utf8')) as { nodes: INode[] };
	const node = workflow.nodes.find((n) => n.name === name);
	if (!node) throw new Error(`${file} has no node "${name}"`);
	return node;
}

/** An expression of `node`, as n8n renders it for one item at `runIndex` (another node's item read as this one's). */
function render(node: INode, expression: string, json: IDataObject, runIndex: number): unknown {
	const value = expression.replace(/\$\((['"])[^'"]+\1\)\.item\.json/g, '$json');
	const workflow = new Workflow({ id: 'retry', nodes: [structuredClone(node)], connections: {}, active: false, nodeTypes });
	return workflow.expression.getParameterValue(value, null, runIndex, 0, node.name, [{ json }], 'manual', {});
}

const LOOPS = [
	{ file: 'speed-to-lead.json', failed: 'Save failed', keepTrying: 'Keep trying?', tellMe: 'Could not save: tell me', attempts: 'saveAttempts' },
	{ file: 'replies-and-status.json', failed: 'Recording failed', keepTrying: 'Keep trying to record?', tellMe: 'Could not record: tell me', attempts: 'recordAttempts' },
] as const;

/** What the loop makes of an error item on its `runIndex`-th failure: go round again, and what the LO is told at the end. */
function loopDecision(loop: (typeof LOOPS)[number], error: string, runIndex: number, lead: IDataObject = makeLead(1)) {
	const item = { ...lead, words: 'Stop texting me', error };
	const failedNode = nodeOf(loop.file, loop.failed);
	const failed = render(failedNode, String(failedNode.parameters.jsonOutput), item, runIndex) as IDataObject;
	expect(failed[loop.attempts]).toBe(runIndex + 1);
	const ifNode = nodeOf(loop.file, loop.keepTrying);
	const [condition] = (ifNode.parameters.conditions as { conditions: Array<{ leftValue: string; operator: { type: string; operation: string } }> }).conditions;
	expect(condition.operator).toMatchObject({ type: 'boolean', operation: 'true' });
	const tellMe = nodeOf(loop.file, loop.tellMe);
	return {
		again: render(ifNode, condition.leftValue, failed, 0) === true,
		told: String(render(tellMe, String(tellMe.parameters.errorMessage), failed, 0)),
	};
}

let h: TrackerHarness;
let spreadsheetId: string;
beforeEach(async () => {
	({ h, spreadsheetId } = await harnessWithNewTracker());
});
afterEach(() => h.close());

/** The Lead Tracker's error message for one lead, as the Save lead node of the workflow fails it. */
async function saveError(lead: IDataObject, lockWaitSeconds = 20): Promise<string> {
	const [[out]] = await h.run(
		{ operation: 'upsertLeads', spreadsheetId, now: NOW, options: { ...FAST, maxRetries: 2, lockWaitSeconds } },
		[{ json: lead }] as never,
		{ continueOnFail: true },
	);
	expect(typeof out.json.error).toBe('string');
	return String(out.json.error);
}

/** Holds the tracker lock (another run writing) until the returned release is called. */
async function holdLock(): Promise<() => Promise<void>> {
	let release!: () => void;
	const released = new Promise<void>((resolve) => (release = resolve));
	let holding!: () => void;
	const held = new Promise<void>((resolve) => (holding = resolve));
	const s = googleSession(h.url, { baseDelayMs: 1, pacing: false });
	const run = locked(s, spreadsheetId, { now: NOW, lock: { pollMs: 1, holder: 'another run' } }, [], async (_data, lock) => {
		holding();
		await released;
		await s.batchUpdateValues(spreadsheetId, [lock.release()], 'releasing');
	});
	await held;
	return async () => {
		release();
		await run;
	};
}

describe.each(LOOPS)('$file: only failures that waiting can cure go round the $keepTrying loop', (loop) => {
	it.each([
		['Google down (503)', [503]],
		['Google failing (500)', [500]],
		["over Google's per-minute limit (429)", [429]],
	])('%s: tried again, 40 times in all', async (_name, statuses) => {
		h.standIn.injectFaults({ rate: 1, statuses });
		const error = await saveError(makeLead(1));
		expect(loopDecision(loop, error, 0).again).toBe(true);
		expect(loopDecision(loop, error, 38).again).toBe(true);
		const last = loopDecision(loop, error, 39);
		expect(last.again).toBe(false);
		expect(last.told).toContain('after 40 tries');
	});

	it('the tracker busy (another run writing past the wait): tried again', async () => {
		const release = await holdLock();
		try {
			const error = await saveError(makeLead(1), 0.05);
			expect(error).toContain('busy');
			expect(loopDecision(loop, error, 0).again).toBe(true);
		} finally {
			await release();
		}
	});

	it('a field the tracker refuses: not tried again, the LO told at once with the field', async () => {
		const error = await saveError(makeLead(1, { phone: '305-555-0101' }));
		const first = loopDecision(loop, error, 0);
		expect(first.again).toBe(false);
		expect(first.told).toContain('not retried');
		expect(first.told).toContain('phone "305-555-0101" is not in +1 format');
	});

	it('the spreadsheet no longer shared with the account (403): not tried again', async () => {
		h.standIn.injectFaults({ rate: 1, statuses: [403] });
		const error = await saveError(makeLead(1));
		expect(error).toContain('not shared');
		const first = loopDecision(loop, error, 0);
		expect(first.again).toBe(false);
		expect(first.told).toContain('not retried');
	});
});

describe('speed-to-lead: the lead source is told the truth, and the lead named', () => {
	const answer = (error: string) => {
		const failedNode = nodeOf('speed-to-lead.json', 'Save failed');
		const failed = render(failedNode, String(failedNode.parameters.jsonOutput), { ...makeLead(7), error }, 0) as IDataObject;
		const node = nodeOf('speed-to-lead.json', 'Answer: saving it');
		return { answer: JSON.parse(String(render(node, String(node.parameters.responseBody), failed, 0))), told: loopDecision(LOOPS[0], error, 0, makeLead(7)).told };
	};

	it('a lead that will be saved later: ok, saved false, texted after the save; one that will not: not ok, not texted', async () => {
		h.standIn.injectFaults({ rate: 1, statuses: [503] });
		const down = await saveError(makeLead(7));
		h.standIn.injectFaults(null);
		const refused = await saveError(makeLead(7, { receivedAt: 'yesterday' }));
		expect(answer(down).answer).toEqual({ ok: true, leadId: makeLead(7).leadId, saved: false, text: 'after-save' });
		const bad = answer(refused);
		expect(bad.answer).toEqual({ ok: false, leadId: makeLead(7).leadId, saved: false, text: 'not-texted' });
		expect(bad.told).toContain('receivedAt "yesterday" is not an ISO-8601 date-time');
		expect(bad.told).toContain(String(makeLead(7).phone));
	});
});
