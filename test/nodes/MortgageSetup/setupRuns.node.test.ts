/**
 * What the setup workflow's Mortgage Setup nodes decide (issue 16 items 2 and 3), against the
 * Sheets and Twilio stand-ins and a local "n8n" answering the webhooks: the workflows a second run
 * finds installed (by name, or a renamed copy by its nodes), the email replies bound to the LO's
 * mailbox from the setup workflow or left for them with plain words, and a health check right
 * after a switch-on that waits for a webhook n8n registers in the background (2.x publishes so).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IDataObject } from 'n8n-workflow';
import { MortgageSetup } from '../../../nodes/MortgageSetup/MortgageSetup.node';
import { ALL_TEMPLATES } from '../../../nodes/MortgageSetup/templates';
import { TRACKER_MARK, forgetLocatedTrackers } from '../../../nodes/tracker/locate';
import { forgetSettings } from '../../../nodes/tracker/settings';
import { TRACKER_TABS } from '../../../nodes/tracker/template';
import { startTwilioStandIn, type StartedTwilioStandIn } from '../../../sandbox/twilio';
import { runNode } from '../../support/nodeHarness';
import { SERVICE_ACCOUNT, serviceAccountCredential, startTrackerHarness, type TrackerHarness } from '../../support/trackerHarness';

const ACCOUNT = 'AC' + 'f'.repeat(32);
const TOKEN = 'setup-token';
const NUMBER = '+13055550100';
const EMAIL_REPLIES = 'Mortgage: email replies (unsubscribe by email, pause and alert)';
const credentials = () => ({ mortgageGoogleServiceAccountApi: serviceAccountCredential(), mortgageTwilioApi: { authType: 'authToken', accountSid: ACCOUNT, authToken: TOKEN } });

async function setupNode(parameters: Record<string, unknown>, items: IDataObject[], sandbox = {}) {
	const [out] = await runNode(new MortgageSetup(), { items, parameters, credentials: credentials(), sandbox });
	return out.map((item) => item.json);
}

describe('which are installed (a second run of the form)', () => {
	it('finds the pack\'s workflows by name, or a renamed copy by its nodes, and lists the missing ones', async () => {
		const speed = ALL_TEMPLATES.find((t) => t.name.startsWith('Mortgage: speed-to-lead'))!;
		const listed = [
			{ id: 'w1', name: 'Mortgage: set up', nodes: [] },
			{ id: 'w2', name: 'Mortgage: error alerts', nodes: [] },
			// Renamed by the LO; its nodes are the template's (n8n keeps node ids on install).
			{ id: 'w3', name: 'Leads from my website', nodes: speed.nodes.map((node) => ({ id: node.id, name: node.name })) },
			{ id: 'w4', name: 'Something of my own', nodes: [{ id: 'abc', name: 'Start' }] },
		];
		const [found] = await setupNode({ operation: 'workflowTemplates', which: 'installed' }, listed);
		expect(found.installed).toEqual([
			{ template: 'Mortgage: error alerts', name: 'Mortgage: error alerts', id: 'w2' },
			{ template: speed.name, name: 'Leads from my website', id: 'w3' },
		]);
		expect(found.missing).toEqual(ALL_TEMPLATES.map((t) => t.name).filter((name) => name !== 'Mortgage: error alerts' && name !== speed.name));
		// A fresh n8n: nothing installed, everything to install.
		const [fresh] = await setupNode({ operation: 'workflowTemplates', which: 'installed' }, [listed[0]]);
		expect([fresh.installed, fresh.missing]).toEqual([[], ALL_TEMPLATES.map((t) => t.name)]);
	});
});

describe('the workflows to install', () => {
	const setupWorkflow = (imap?: { id: string; name: string }) => ({
		id: 'setup1',
		name: 'Mortgage: set up',
		nodes: [
			{ name: 'Email me the result', type: 'n8n-nodes-base.emailSend', credentials: { smtp: { id: 'sm1', name: 'My email' } } },
			// Disabled: it only holds the LO's mailbox credential.
			{ name: 'Your mailbox (optional)', type: 'n8n-nodes-base.emailReadImap', disabled: true, credentials: { imap: imap ?? { id: null, name: 'Your mailbox (IMAP)' } } },
		],
	});
	const secrets = [
		{ id: 'c1', name: 'Lead webhook secret', type: 'httpHeaderAuth' },
		{ id: 'c5', name: 'Unsubscribe link secret', type: 'mortgageSignedLinkApi' },
	];
	const imapOf = (items: IDataObject[]) => {
		const replies = items.find((item) => item.name === EMAIL_REPLIES)!.workflow as { nodes: Array<{ type: string; credentials?: Record<string, unknown> }> };
		return replies.nodes.find((node) => node.type === 'n8n-nodes-base.emailReadImap')!.credentials!.imap;
	};

	it('every workflow an LO needs, the email replies bound to the mailbox picked in the setup workflow', async () => {
		const [errorAlerts] = await setupNode({ operation: 'workflowTemplates', which: 'errorAlerts', moreCredentials: JSON.stringify(secrets) }, [setupWorkflow({ id: 'im1', name: 'Dana at work' })]);
		// The next node's input is the installed error alerts: it takes the credentials from this item.
		const others = await setupNode({ operation: 'workflowTemplates', which: 'others', errorWorkflowId: 'e1', moreCredentials: errorAlerts.credentials }, [{ id: 'e1', name: 'Mortgage: error alerts', nodes: [] }]);
		expect(others.map((item) => item.name)).toEqual(ALL_TEMPLATES.slice(1).map((t) => t.name));
		expect(imapOf(others)).toEqual({ id: 'im1', name: 'Dana at work' });
		const outcomes = others.find((item) => String(item.name).startsWith('Mortgage: call outcomes'))!.workflow as { nodes: Array<{ credentials?: Record<string, { id: string | null }> }> };
		expect(outcomes.nodes.flatMap((node) => Object.values(node.credentials ?? {})).filter((c) => !c.id)).toEqual([]);
	});

	it('without a mailbox the email replies keep an empty slot (n8n installs it, the switch-on is refused, the health check says what to do)', async () => {
		const [errorAlerts] = await setupNode({ operation: 'workflowTemplates', which: 'errorAlerts', moreCredentials: JSON.stringify(secrets) }, [setupWorkflow()]);
		const others = await setupNode({ operation: 'workflowTemplates', which: 'others', errorWorkflowId: 'e1', moreCredentials: errorAlerts.credentials }, [{ id: 'e1', name: 'Mortgage: error alerts', nodes: [] }]);
		expect(imapOf(others)).toEqual({ id: null, name: 'Your mailbox (IMAP)' });
	});
});

describe('the health check right after the setup switched the workflows on', () => {
	let h: TrackerHarness;
	let twilio: StartedTwilioStandIn;
	let n8n: Server;
	let n8nUrl: string;
	/** POSTs the replies webhook gets while "n8n" still registers it (answered 404), then 403. */
	let unregisteredFor: number;
	const asked: string[] = [];

	beforeEach(async () => {
		forgetLocatedTrackers();
		forgetSettings();
		asked.length = 0;
		h = await startTrackerHarness();
		twilio = await startTwilioStandIn({ accountSid: ACCOUNT, authToken: TOKEN });
		n8n = createServer((req, res) => {
			asked.push(req.url ?? '');
			const listening = req.url === '/webhook/mortgage-leads' || (req.url === '/webhook/mortgage-sms' && asked.filter((u) => u === req.url).length > unregisteredFor);
			res.statusCode = listening ? 403 : 404;
			res.end();
		});
		await new Promise<void>((resolve) => n8n.listen(0, '127.0.0.1', resolve));
		n8nUrl = `http://127.0.0.1:${(n8n.address() as AddressInfo).port}`;
		const id = h.standIn.createSpreadsheet({
			title: 'Mortgage Lead Tracker',
			sharedWith: [SERVICE_ACCOUNT],
			sheets: TRACKER_TABS.map((tab) => ({
				title: tab.title,
				rows: [
					tab.columns.map((c) => c.header),
					...(tab.key === 'settings' ? Object.entries({ loName: 'Dana Whitfield', nmlsId: '7654321', postalAddress: '200 Ocean Dr, Miami Beach, FL 33139', loEmail: 'dana@whitfield.example', sendingNumber: NUMBER, publicN8nAddress: n8nUrl }) : []),
				],
			})),
		});
		h.standIn.getSpreadsheet(id).appProperties = { [TRACKER_MARK.key]: TRACKER_MARK.value };
		twilio.standIn.addIncomingNumber(NUMBER, { smsUrl: `${n8nUrl}/webhook/mortgage-sms` });
		twilio.standIn.addMessagingService({ friendlyName: 'Whitfield Mortgage', numbers: [NUMBER], a2pRegistered: true });
	});
	afterEach(async () => {
		await h.close();
		twilio.close();
		await new Promise((resolve) => n8n.close(resolve));
	});

	const listed = (overrides: Record<string, IDataObject> = {}) =>
		[
			{ id: 'e1', name: 'Mortgage: error alerts', active: true, settings: {}, nodes: [] },
			{ id: 's1', name: 'Mortgage: speed-to-lead (new lead -> text in seconds)', activeVersionId: 'v1', settings: { errorWorkflow: 'e1' }, nodes: [] },
			{ id: 'r1', name: 'Mortgage: replies, opt-outs and delivery status', activeVersionId: 'v2', settings: { errorWorkflow: 'e1' }, nodes: [] },
			{ id: 'm1', name: EMAIL_REPLIES, active: true, settings: { errorWorkflow: 'e1' }, nodes: [{ name: 'Email to me (IMAP)', credentials: { imap: { id: 'im1', name: 'Dana at work' } } }] },
		].map((w) => ({ ...w, ...(overrides[w.id] ?? {}) }));

	const check = async (workflows: IDataObject[], webhookWait: number) => {
		const [out] = await setupNode({ operation: 'healthCheck', webhookWait }, workflows, { googleRoot: h.url, twilioRoot: twilio.url });
		const lines = out.lines as Array<{ check: string; ok: boolean; message: string }>;
		return { ok: out.ok, line: (name: string) => lines.find((l) => l.check === name) };
	};

	it('waits for the reply webhook of a workflow n8n lists as active, and looks at the lead webhook', async () => {
		unregisteredFor = 2;
		const result = await check(listed(), 60);
		expect(result.line('Reply webhook')).toMatchObject({ ok: true });
		expect(result.line('Lead webhook')).toEqual({ check: 'Lead webhook', ok: true, message: `OK: ${n8nUrl}/webhook/mortgage-leads answers (and refuses leads without your secret, as it should).` });
		expect(asked.filter((u) => u === '/webhook/mortgage-sms')).toHaveLength(3);
		expect(result.ok).toBe(true);
	});

	it('without the wait (a check run any time), one look: a webhook not registered is reported', async () => {
		unregisteredFor = 1;
		const result = await check(listed(), 0);
		expect(result.line('Reply webhook')).toEqual({ check: 'Reply webhook', ok: false, message: `${n8nUrl}/webhook/mortgage-sms is not listening: activate the workflow "Mortgage: replies, opt-outs and delivery status".` });
		expect(result.line('Lead webhook')).toBeUndefined();
	});

	it('says in plain words what the email replies need when the setup found no mailbox', async () => {
		unregisteredFor = 0;
		const result = await check(listed({ m1: { active: false, nodes: [{ name: 'Email to me (IMAP)', credentials: { imap: { id: null, name: 'Your mailbox (IMAP)' } } }] } }), 60);
		expect(result.ok).toBe(false);
		expect(result.line('Workflows')!.message).toBe(
			`"${EMAIL_REPLIES}" is off: it needs your mailbox (in n8n: Credentials > Add credential > IMAP, with your email account's incoming mail server, user and password), picked in its node "Email to me (IMAP)"; then switch it on.`,
		);
	});
});
