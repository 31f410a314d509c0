/**
 * Issue 14 item 1 through the real nodes: a lead source controls the names, anyone with the
 * tracker controls the Settings tab (the LO's name and company), and what the stand-in Twilio
 * receives is what the borrower's phone shows. Property: nothing outside a name's alphabet reaches
 * the greeting, and no control character, NUL or bidi override reaches the text at all.
 */
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';
import { MortgageLeadNormalizer } from '../../../nodes/LeadNormalizer/MortgageLeadNormalizer.node';
import { MortgageSms } from '../../../nodes/MortgageSms/MortgageSms.node';
import { NAME_ALPHABET, hasUnsafeCharacters, isPlausibleName } from '../../../nodes/core/safeText';
import { startTwilioStandIn, type StartedTwilioStandIn } from '../../../sandbox/twilio';
import { runNode } from '../../support/nodeHarness';

const ACCOUNT = 'AC' + 'd'.repeat(32);
const TOKEN = 'hostile-sms-token';
const MORNING = '2026-11-20T15:00:00Z';
const GREETING = 'Hi {{firstName|there}}, this is {{loName}}. Got a minute about your loan?';

let server: StartedTwilioStandIn;
beforeAll(async () => {
	server = await startTwilioStandIn({ accountSid: ACCOUNT, authToken: TOKEN });
});
afterAll(async () => server.close());

const HOSTILE_PARTS = [
	'evil.example', 'https://evil.example/x', 'Reply STOP', 'Your loan is denied.', 'call 555-0100', '42', '@', '#', '=cmd|', '<b>',
	'\u0000', '\u0007', '\u001b[31m', '\u202E', '\u202D', '\u2066', '\u2069', '\u200F', '\u0085', '\u061C', '\n', '\t', '😀', '/', '"',
];
const NAME_PARTS = ['Ann', 'José', "O'Neil", 'van', 'Marie-Claire', 'J.', 'Zoë', '李', 'Now', 'Reply', 'At', 'Your', 'Loan'];
const hostile = fc.oneof(
	fc
		.tuple(fc.array(fc.constantFrom(...HOSTILE_PARTS, ...NAME_PARTS), { minLength: 1, maxLength: 7 }), fc.constantFrom(' ', '', '.', '-'))
		.map(([parts, separator]) => parts.join(separator)),
	fc.string({ unit: 'binary', maxLength: 30 }),
	fc.array(fc.constantFrom(...NAME_PARTS), { minLength: 1, maxLength: 4 }).map((parts) => parts.join(' ')),
);

let phone = 3055551000;
async function textFor(firstName: string, lastName: string, identity: { loName: string; company: string }): Promise<string> {
	phone++;
	const [valid, rejected] = await runNode(new MortgageLeadNormalizer(), {
		items: [{ first_name: firstName, last_name: lastName, phone: `+1${phone}`, zip: '33101', sms_consent: 'yes', submitted_at: MORNING }],
	});
	if (valid.length !== 1) throw new Error(`lead rejected: ${JSON.stringify(rejected[0]?.json.errors)}`);
	const lead = valid[0].json;
	const item: IDataObject = { leadId: String(lead.leadId), touchId: `${String(lead.leadId)}:hostile`, purpose: 'marketing', template: GREETING, lead };
	const [sent, deferred, blocked, failed] = await runNode(new MortgageSms(), {
		items: [item],
		parameters: { from: '+13055550100', ...identity, nmlsId: '123456', now: MORNING, options: { retryDelayMs: 1, replayWindowHours: 0 } },
		credentials: { mortgageTwilioApi: { authType: 'authToken', accountSid: ACCOUNT, authToken: TOKEN } },
		sandbox: { twilioRoot: server.url },
	});
	if (sent.length !== 1) throw new Error(`not sent: ${JSON.stringify([...deferred, ...blocked, ...failed].map((i) => i.json.touch))}`);
	const received = server.standIn.outbox().find((m) => m.to === `+1${phone}`);
	if (!received) throw new Error('the stand-in Twilio received no text');
	return received.body;
}

describe('Mortgage SMS: hostile names and settings never reach the borrower’s phone', () => {
	it('the issue-14 attack: the greeting falls back, the text is the LO’s own words', async () => {
		const body = await textFor('Your Loan Is Denied. Reply At Evil.example Now', 'Smith', { loName: 'Alex Rivera', company: 'Sandbox Home Loans' });
		expect(body).toBe('Hi there, this is Alex Rivera. Got a minute about your loan?\n- Alex Rivera, NMLS #123456, Sandbox Home Loans. Reply STOP to opt out.');
	});

	it('a bidi override or control character in the Settings tab’s name or company is not texted', async () => {
		const body = await textFor('Ann', 'Lee', { loName: 'Alex\u0000 Rivera', company: 'Sandbox \u202Esnaol\u202C\u0007 Loans' });
		expect(hasUnsafeCharacters(body)).toBe(false);
		expect(body).toBe('Hi Ann, this is Alex Rivera. Got a minute about your loan?\n- Alex Rivera, NMLS #123456, Sandbox snaol Loans. Reply STOP to opt out.');
	});

	it('property: over generated hostile names and settings, the received body greets a name or "there" and carries nothing unsafe', async () => {
		await fc.assert(
			fc.asyncProperty(hostile, hostile, hostile, hostile, async (firstName, lastName, loName, company) => {
				const body = await textFor(firstName, lastName, { loName: `Alex ${loName}`, company });
				const greeted = /^Hi (.*?), this is /s.exec(body)?.[1];
				expect(greeted).toBeDefined();
				expect(NAME_ALPHABET.test(greeted!)).toBe(true);
				if (greeted !== 'there') expect(isPlausibleName(greeted!)).toBe(true);
				expect(hasUnsafeCharacters(body)).toBe(false);
			}),
			{ numRuns: 150 },
		);
	});
});
