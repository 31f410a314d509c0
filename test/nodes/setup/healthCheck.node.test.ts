/**
 * The health check (issue 16) against the Sheets and Twilio stand-ins and a local "n8n" answering
 * the reply webhook: one line per check, OK or what to do in plain words. A missing NMLS ID, an
 * unreachable tracker and a wrong Twilio number are each reported with the fix.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IDataObject } from 'n8n-workflow';
import { MortgageSetup } from '../../../nodes/MortgageSetup/MortgageSetup.node';
import { TRACKER_MARK, forgetLocatedTrackers } from '../../../nodes/tracker/locate';
import { forgetSettings } from '../../../nodes/tracker/settings';
import { TRACKER_TABS } from '../../../nodes/tracker/template';
import { startTwilioStandIn, type StartedTwilioStandIn } from '../../../sandbox/twilio';
import { runNode } from '../../support/nodeHarness';
import { SERVICE_ACCOUNT, serviceAccountCredential, startTrackerHarness, type TrackerHarness } from '../../support/trackerHarness';

const ACCOUNT = 'AC' + 'e'.repeat(32);
const TOKEN = 'health-token';
const NUMBER = '+13055550100';
let h: TrackerHarness;
let twilio: StartedTwilioStandIn;
let n8n: Server;
let n8nUrl: string;

beforeEach(async () => {
	forgetLocatedTrackers();
	forgetSettings();
	h = await startTrackerHarness();
	twilio = await startTwilioStandIn({ accountSid: ACCOUNT, authToken: TOKEN });
	// The replies workflow's trigger: refuses a request without Twilio's signature.
	n8n = createServer((req, res) => {
		res.statusCode = req.url?.startsWith('/webhook/mortgage-sms') ? 403 : 404;
		res.end();
	});
	await new Promise<void>((resolve) => n8n.listen(0, '127.0.0.1', resolve));
	n8nUrl = `http://127.0.0.1:${(n8n.address() as AddressInfo).port}`;
});
afterEach(async () => {
	await h.close();
	twilio.close();
	await new Promise((resolve) => n8n.close(resolve));
});

const SETTINGS = { loName: 'Jordan Rivera', nmlsId: '1234567', postalAddress: '100 Main St, Miami, FL 33101', loEmail: 'jordan@riverahomeloans.com' };

/** A tracker as the setup leaves it: every tab, shared with the service account, marked. */
function tracker(settings: Record<string, string>): string {
	const id = h.standIn.createSpreadsheet({
		title: 'Mortgage Lead Tracker',
		sharedWith: [SERVICE_ACCOUNT],
		sheets: TRACKER_TABS.map((tab) => ({
			title: tab.title,
			rows: [tab.columns.map((c) => c.header), ...(tab.key === 'settings' ? Object.entries(settings).map(([setting, value]) => [setting, value]) : [])],
		})),
	});
	h.standIn.getSpreadsheet(id).appProperties = { [TRACKER_MARK.key]: TRACKER_MARK.value };
	return id;
}

async function check(input: IDataObject = {}, parameters: Record<string, unknown> = {}) {
	const [[out]] = await runNode(new MortgageSetup(), {
		items: [input],
		parameters: { operation: 'healthCheck', ...parameters },
		credentials: { mortgageGoogleServiceAccountApi: serviceAccountCredential(), mortgageTwilioApi: { authType: 'authToken', accountSid: ACCOUNT, authToken: TOKEN } },
		sandbox: { googleRoot: h.url, twilioRoot: twilio.url },
	});
	const lines = out.json.lines as Array<{ check: string; ok: boolean; message: string }>;
	return { ok: out.json.ok, lines, line: (name: string) => lines.find((l) => l.check === name)! };
}

const WORKFLOWS = [
	{ id: 'e1', name: 'Mortgage: error alerts', active: false, settings: {} },
	{ id: 's1', name: 'Mortgage: speed-to-lead (new lead -> text in seconds)', active: true, settings: { errorWorkflow: 'e1' } },
	{ id: 'r1', name: 'Mortgage: replies, opt-outs and delivery status', active: true, settings: { errorWorkflow: 'e1' } },
];

function readyTwilio() {
	twilio.standIn.addIncomingNumber(NUMBER, { smsUrl: `${n8nUrl}/webhook/mortgage-sms` });
	twilio.standIn.addMessagingService({ friendlyName: 'Rivera Home Loans', numbers: [NUMBER], a2pRegistered: true });
}

it('all OK when the tracker, your details, the number, its campaign, the webhook and the workflows are ready', async () => {
	tracker({ ...SETTINGS, sendingNumber: NUMBER, publicN8nAddress: n8nUrl });
	readyTwilio();
	const result = await check({ workflows: WORKFLOWS });
	expect(result.lines.filter((l) => !l.ok)).toEqual([]);
	expect(result.ok).toBe(true);
	expect(result.line('10DLC campaign').message).toContain('Rivera Home Loans');
	expect(result.line('Replies').message).toContain('hands incoming texts to that webhook');
});

it('reports a missing NMLS ID and postal address with the row to fill', async () => {
	tracker({ loName: 'Jordan Rivera', loEmail: 'jordan@riverahomeloans.com', sendingNumber: NUMBER, publicN8nAddress: n8nUrl });
	readyTwilio();
	const result = await check({ workflows: WORKFLOWS });
	expect(result.ok).toBe(false);
	expect(result.line('NMLS ID')).toEqual({ check: 'NMLS ID', ok: false, message: "NMLS ID is missing: type it in the tracker's Settings tab, row nmlsId (the first text to every lead must show it (SAFE Act))." });
	expect(result.line('Postal address').message).toContain('row postalAddress');
	expect(result.line('Sending number').ok).toBe(true);
});

it('reports an unreachable tracker in plain words, and what to do', async () => {
	readyTwilio();
	const result = await check();
	expect(result.line('Tracker')).toMatchObject({ ok: false });
	expect(result.line('Tracker').message).toBe(
		`The tracker cannot be opened: No tracker found for the Google account ${SERVICE_ACCOUNT}. Run the "Mortgage: set up" workflow with this Google credential. With a service account, first make a blank Google Sheet and share it with ${SERVICE_ACCOUNT} as Editor (a service account cannot make files itself). Or paste the tracker's address into Spreadsheet ID.`,
	);
	const notShared = h.standIn.createSpreadsheet({ title: 'Somebody else', sharedWith: ['someone@example.com'] });
	const again = await check({}, { spreadsheetId: notShared });
	expect(again.line('Tracker').message).toMatch(/^The tracker cannot be opened: .*not shared with tracker-bot@/);
});

it('reports a Twilio number that is not on the account, and one on no registered campaign', async () => {
	tracker({ ...SETTINGS, sendingNumber: '+13055550999', publicN8nAddress: n8nUrl });
	readyTwilio();
	const wrong = await check({ workflows: WORKFLOWS });
	expect(wrong.line('Sending number')).toEqual({
		check: 'Sending number',
		ok: false,
		message: `+13055550999 is not a number of your Twilio account ${ACCOUNT}: check the row sendingNumber in the Settings tab against Twilio Console > Phone Numbers > Active numbers (and that the Twilio credential is for that account).`,
	});

	// A number of the account, on no Messaging Service.
	forgetSettings();
	twilio.standIn.addIncomingNumber('+13055550111');
	const tracker2 = h.standIn.listSpreadsheets()[0].spreadsheetId;
	h.standIn.writeCells(tracker2, "'Settings'!A6", [['sendingNumber', '+13055550111']]);
	const unregistered = await check({ workflows: WORKFLOWS });
	expect(unregistered.line('Sending number').ok).toBe(true);
	expect(unregistered.line('10DLC campaign').message).toMatch(/^\+13055550111 is on no Messaging Service: US carriers block texts/);
});

it('says which workflow is off or has no error workflow, and when the workflows were not checked', async () => {
	tracker({ ...SETTINGS, sendingNumber: NUMBER, publicN8nAddress: n8nUrl });
	readyTwilio();
	const off = await check({ workflows: [WORKFLOWS[0], { ...WORKFLOWS[1], active: false }, { ...WORKFLOWS[2], settings: {} }] });
	expect(off.line('Workflows').message).toBe(
		'"Mortgage: speed-to-lead (new lead -> text in seconds)" is not active: open it and switch it on; "Mortgage: replies, opt-outs and delivery status" has no error workflow: Settings > Error workflow > Mortgage: error alerts.',
	);
	expect((await check()).line('Workflows').message).toMatch(/^Not checked here/);
});
