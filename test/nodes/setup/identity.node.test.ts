/**
 * Identity in one place (issue 16): the tracker nodes find the tracker of their Google credential
 * without a Spreadsheet ID, carry the Settings tab on their items, and the SMS node texts with the
 * LO's identity from it (no LO name, NMLS ID, number or address typed into any node).
 */
import type { IDataObject } from 'n8n-workflow';
import { MortgageSms } from '../../../nodes/MortgageSms/MortgageSms.node';
import { forgetLocatedTrackers } from '../../../nodes/tracker/locate';
import { forgetSettings } from '../../../nodes/tracker/settings';
import { startTwilioStandIn, type StartedTwilioStandIn } from '../../../sandbox/twilio';
import { forStandIn, runNode } from '../../support/nodeHarness';
import { SERVICE_ACCOUNT, makeLead, records, startTrackerHarness, type TrackerHarness } from '../../support/trackerHarness';

const LO = 'jordan@riverahomeloans.com';
/** What the Google Sheets OAuth2 credential is granted: Sheets, and the Drive files the app makes. */
const GRANTED = ['https://www.googleapis.com/auth/spreadsheets', 'https://www.googleapis.com/auth/drive.file'];
const NOW = '2026-11-20T15:00:00.000Z';
let h: TrackerHarness;

beforeEach(async () => {
	forgetLocatedTrackers();
	forgetSettings();
	h = await startTrackerHarness();
});
afterEach(() => h.close());

/** "Sign in with Google" as the LO: their own account can own the tracker it makes. */
function signedIn(email = LO) {
	return forStandIn(
		{ mortgageGoogleSheetsOAuth2Api: { clientId: 'c', clientSecret: 's', accessTokenUrl: `${h.url}/token`, oauthTokenData: { access_token: 'x', refresh_token: h.standIn.issueRefreshToken(email, GRANTED) } } },
		{ googleRoot: h.url },
	);
}
const asLo = (parameters: Record<string, unknown>, items: IDataObject[] = [{}], credentials = signedIn()) =>
	h.run({ authentication: 'oAuth2', ...parameters }, items as never, { credentials });

describe('the tracker is found, not pasted', () => {
	it('Create Tracker marks the new spreadsheet; nodes with no Spreadsheet ID use it, and a second Create Tracker finds it instead of making another', async () => {
		const [[made]] = await asLo({ operation: 'createTracker', target: 'new', title: 'My tracker' });
		const id = made.json.spreadsheetId as string;
		expect(h.standIn.getSpreadsheet(id).sheets.map((s) => s.properties.title)).not.toContain('Sheet1');
		forgetLocatedTrackers();
		await asLo({ operation: 'upsertLeads', now: NOW }, [makeLead(1)]);
		expect(records(h.standIn, id, 'Leads').map((r) => r.leadId)).toEqual(['ld_0000001']);
		const [[again]] = await asLo({ operation: 'createTracker', target: 'new', title: 'My tracker' });
		expect(again.json.spreadsheetId).toBe(id);
		expect(h.standIn.listSpreadsheets().filter((s) => s.title === 'My tracker')).toHaveLength(1);
	});

	it('a service account finds the one spreadsheet the LO shared with it', async () => {
		const id = h.standIn.createSpreadsheet({ title: 'Tracker', sharedWith: [SERVICE_ACCOUNT], sheets: [{ title: 'Sheet1' }] });
		await h.run({ operation: 'createTracker', target: 'existing' });
		await h.run({ operation: 'upsertLeads', now: NOW }, [makeLead(2)] as never);
		expect(records(h.standIn, id, 'Leads').map((r) => r.leadId)).toEqual(['ld_0000002']);
	});

	it('says in plain words what to do when the account has no tracker', async () => {
		const error = await h.run({ operation: 'upsertLeads', now: NOW }, [makeLead(3)] as never).catch((e) => e);
		expect(error.message).toBe(`No tracker found for the Google account ${SERVICE_ACCOUNT}`);
		expect(error.description).toContain('Mortgage: set up');
		expect(error.description).toContain('share it with');
	});
});

describe('identity in one place', () => {
	let twilio: StartedTwilioStandIn;
	beforeEach(async () => {
		twilio = await startTwilioStandIn({ accountSid: 'AC' + 'd'.repeat(32), authToken: 'tok' });
	});
	afterEach(() => twilio.close());

	it('Upsert Leads carries the Settings tab, and the SMS node texts with it: name, NMLS ID, company, number, call-back phone, status callback', async () => {
		const [[made]] = await asLo({ operation: 'createTracker', target: 'new' });
		const id = made.json.spreadsheetId as string;
		await asLo({ operation: 'writeSettings', settings: { loName: 'Jordan Rivera', nmlsId: '1234567', company: 'Rivera Home Loans', phone: '+13055550142', sendingNumber: '+13055550100', publicN8nAddress: 'http://127.0.0.1:9/' } });
		expect(Object.fromEntries(records(h.standIn, id, 'Settings').map((r) => [r.setting, r.value]))).toMatchObject({ loName: 'Jordan Rivera', nmlsId: '1234567' });
		const [[saved]] = await asLo({ operation: 'upsertLeads', now: NOW }, [makeLead(4, { phone: '+13055550123', firstName: 'Maria' })]);
		expect(saved.json.settings).toMatchObject({ loName: 'Jordan Rivera', sendingNumber: '+13055550100' });

		const item = { ...saved.json, touchId: 'ld_0000004:speed-to-lead:1', purpose: 'marketing', template: 'Hi {{firstName}}, this is {{loName}}. Call me at {{loPhone}}.' };
		const [sent, deferred, blocked] = await runNode(new MortgageSms(), {
			items: [item],
			parameters: { now: NOW, options: { retryDelayMs: 1 } },
			credentials: { mortgageTwilioApi: { authType: 'authToken', accountSid: 'AC' + 'd'.repeat(32), authToken: 'tok' } },
			sandbox: { twilioRoot: twilio.url },
		});
		expect([...deferred, ...blocked].map((i) => i.json.touch)).toEqual([]);
		expect(sent.map((i) => i.json.touch)).toEqual([expect.objectContaining({ verdict: "sent" })]);
		const [text] = twilio.standIn.outbox();
		expect(text.from).toBe('+13055550100');
		expect(text.body).toBe('Hi Maria, this is Jordan Rivera. Call me at +13055550142.\n- Jordan Rivera, NMLS #1234567, Rivera Home Loans. Reply STOP to opt out.');
		await twilio.standIn.settled();
		expect(twilio.standIn.callbackLog()[0]?.url).toMatch(/^http:\/\/127\.0\.0\.1:9\/webhook\/mortgage-sms\?touchId=/);
	});
});
