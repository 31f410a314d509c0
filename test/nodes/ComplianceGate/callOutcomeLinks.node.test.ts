import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { MortgageComplianceGate } from '../../../nodes/ComplianceGate/MortgageComplianceGate.node';
import { createExecuteContext, type RunNodeOptions } from '../../support/nodeHarness';

/**
 * The Compliance Gate's call-outcome operations as the drip and the call outcomes workflow use
 * them: Add Call Outcome Links on a due call task, Verify Call Outcome Link on the request a tap makes.
 */
const SECRET = 'b7d24f6a8c1e5b9d0f2a4c6e8b1d3f5a7c9e0b2d4f6a8c1e3b5d7f9a3f1c9e0';
const credentials = { mortgageSignedLinkApi: { secret: SECRET } };
const NOW = '2026-12-02T15:00:00.000Z';

async function gate(options: RunNodeOptions): Promise<INodeExecutionData[][]> {
	const node = new MortgageComplianceGate();
	const ctx = createExecuteContext(node, { credentials, ...options }) as IExecuteFunctions & { getInstanceBaseUrl: () => string };
	ctx.getInstanceBaseUrl = () => 'https://n8n.acme.example/';
	return (await node.execute!.call(ctx)) as INodeExecutionData[][];
}

const task = {
	touchId: 'ld_jane:speed-to-lead:2',
	leadId: 'ld_jane',
	channel: 'call',
	cadenceId: 'speed-to-lead',
	step: 2,
	label: 'Call attempt 1',
	template: 'Call {{firstName|the lead}} about {{company}}',
	lead: { firstName: 'Jane', lastName: 'Roe', phone: '+13055550111' },
	settings: { company: 'Rivera Home Loans' },
};
const request = (url: string, body: IDataObject = {}): IDataObject => ({ query: Object.fromEntries(new URL(url).searchParams), body, headers: {}, params: {} });

describe('Mortgage Compliance Gate: call outcome links', () => {
	it('gives a call task its email: tel: link, the notes filled in, one signed link per outcome, the activity page', async () => {
		const [[out]] = await gate({ items: [task], parameters: { operation: 'addCallOutcomeLinks', now: NOW } });
		const callTask = out.json.callTask as { subject: string; text: string; html: string; links: Array<{ outcome: string; url: string }>; activityUrl: string };
		expect(out.json).toMatchObject(task);
		expect(callTask.subject).toBe('Call Jane Roe now (Call attempt 1 (speed-to-lead step 2))');
		expect(callTask.text).toContain('Notes: Call Jane about Rivera Home Loans');
		expect(callTask.html).toContain('href="tel:+13055550111"');
		expect(callTask.links.map((link) => link.outcome)).toEqual(['reached', 'left-voicemail', 'no-answer', 'appointment-set', 'not-interested', 'wrong-number', 'call-back-later']);
		expect(callTask.links[3].url.startsWith('https://n8n.acme.example/webhook/mortgage-call-outcome?')).toBe(true);
		expect(callTask.activityUrl.startsWith('https://n8n.acme.example/webhook/mortgage-activity?')).toBe(true);

		// The tap: valid, with the outcome and the task; the page it shows posts itself back.
		const [valid, refused] = await gate({ items: [request(callTask.links[3].url)], parameters: { operation: 'verifyCallOutcomeLink', now: '2026-12-02T15:10:00.000Z' } });
		expect(refused).toEqual([]);
		expect(valid[0].json).toMatchObject({ kind: 'call-outcome', leadId: 'ld_jane', outcome: 'appointment-set', taskId: 'ld_jane:speed-to-lead:2', at: '2026-12-02T15:10:00.000Z' });
		expect(valid[0].json.page).toMatch(/<form method="post".*value="appointment-set"/s);
	});

	it('refuses a changed link, an unsubscribe link and a call task without its touchId, naming why', async () => {
		const [[out]] = await gate({ items: [task], parameters: { operation: 'addCallOutcomeLinks', now: NOW } });
		const url = (out.json.callTask as { links: Array<{ url: string }> }).links[0].url.replace('lead=ld_jane', 'lead=ld_john');
		const [valid, refused] = await gate({ items: [request(url)], parameters: { operation: 'verifyCallOutcomeLink', now: NOW } });
		expect(valid).toEqual([]);
		expect(refused[0].json).toMatchObject({ link: { valid: false, reason: 'forged' } });
		await expect(gate({ items: [{ ...task, touchId: '' }], parameters: { operation: 'addCallOutcomeLinks', now: NOW } })).rejects.toThrow(/Item 0, field "touchId"/);
	});

	it('the activity page: opened it offers the activities; posted with one it is an activity event; an unknown one is refused', async () => {
		const [[out]] = await gate({ items: [task], parameters: { operation: 'addCallOutcomeLinks', now: NOW } });
		const url = (out.json.callTask as { activityUrl: string }).activityUrl;
		const opened = await gate({ items: [request(url)], parameters: { operation: 'verifyCallOutcomeLink', linkKind: 'activity', now: NOW } });
		expect(opened[0][0].json).toMatchObject({ kind: 'activity', leadId: 'ld_jane', activity: null });
		expect(opened[0][0].json.page).toContain('value="handwritten-note"');
		const posted = await gate({ items: [request(url, { activity: 'coffee', note: 'With her agent' })], parameters: { operation: 'verifyCallOutcomeLink', linkKind: 'activity', now: NOW } });
		expect(posted[0][0].json).toMatchObject({ kind: 'activity', activity: 'coffee', note: 'With her agent' });
		const unknown = await gate({ items: [request(url, { activity: 'skydiving' })], parameters: { operation: 'verifyCallOutcomeLink', linkKind: 'activity', now: NOW } });
		expect(unknown[1][0].json).toMatchObject({ link: { valid: false } });
	});
});
