import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { MortgageComplianceGate } from '../../../nodes/ComplianceGate/MortgageComplianceGate.node';
import { createExecuteContext, runNode, type RunNodeOptions } from '../../support/nodeHarness';

const SECRET = 'b7d24f6a8c1e5b9d0f2a4c6e8b1d3f5a7c9e0b2d4f6a8c1e3b5d7f9a3f1c9e0';
const credentials = { mortgageSignedLinkApi: { secret: SECRET } };
const SENT = '2026-12-02T15:00:00.000Z';

/** Runs the gate with n8n's own address as n8n would give it (its WEBHOOK_URL). */
async function gate(options: RunNodeOptions, instanceBaseUrl = 'https://n8n.acme.example/'): Promise<INodeExecutionData[][]> {
	const node = new MortgageComplianceGate();
	const ctx = createExecuteContext(node, { credentials, ...options }) as IExecuteFunctions & { getInstanceBaseUrl: () => string };
	ctx.getInstanceBaseUrl = () => instanceBaseUrl;
	return (await node.execute!.call(ctx)) as INodeExecutionData[][];
}

const jane: Record<string, string> = { leadId: 'ld_jane', channel: 'email', email: 'jane@example.com', zip: '33101', touchId: 'ld_jane:speed-to-lead:4' };
const janeText: Record<string, string> = { ...jane, channel: 'sms', touchId: 'ld_jane:speed-to-lead:1' };

async function linkFor(item: Record<string, string>, parameters: Record<string, unknown> = {}): Promise<string> {
	const [[out]] = await gate({ items: [item], parameters: { operation: 'addUnsubscribeLink', now: SENT, ...parameters } });
	return out.json.unsubscribeUrl as string;
}

/** What the Webhook node gives the workflow for a request to the link. */
function request(url: string, method: 'GET' | 'POST' = 'GET'): IDataObject {
	return {
		headers: { host: new URL(url).host },
		params: {},
		query: Object.fromEntries(new URL(url).searchParams),
		body: method === 'POST' ? { 'List-Unsubscribe': 'One-Click' } : {},
		webhookUrl: url.replace(/\?.*$/, ''),
		executionMode: 'production',
	};
}

describe('Mortgage Compliance Gate: Add Unsubscribe Link', () => {
	it("gives each email item the lead's own link to this n8n's unsubscribe webhook, and leaves other items as they are", async () => {
		const [out] = await gate({ items: [jane, janeText], parameters: { operation: 'addUnsubscribeLink', now: SENT } });
		expect(out).toHaveLength(2);
		expect(out.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		const url = new URL(out[0].json.unsubscribeUrl as string);
		expect(`${url.origin}${url.pathname}`).toBe('https://n8n.acme.example/webhook/mortgage-unsubscribe');
		expect(url.searchParams.get('lead')).toBe('ld_jane');
		expect(out[0].json).toMatchObject({ ...jane, unsubscribeExpiresAt: '2027-03-02T15:00:00.000Z' });
		expect(out[1].json).toEqual(janeText);
	});

	it('uses the public address and path it is given (the tracker Settings), and every item when told to', async () => {
		const [out] = await gate({
			items: [jane, janeText],
			parameters: { operation: 'addUnsubscribeLink', now: SENT, addTo: 'all', n8nAddress: 'https://leads.rivera-loans.example/', webhookPath: '/stop-emails', validDays: 30 },
		});
		expect(out.map((item) => (item.json.unsubscribeUrl as string).replace(/\?.*$/, ''))).toEqual([
			'https://leads.rivera-loans.example/webhook/stop-emails',
			'https://leads.rivera-loans.example/webhook/stop-emails',
		]);
		expect(out[0].json.unsubscribeExpiresAt).toBe('2027-01-01T15:00:00.000Z');
	});

	it('stops with an error naming the item and field (no lead ID, too short a validity), or passes it on with continue-on-fail', async () => {
		const parameters = { operation: 'addUnsubscribeLink', now: SENT };
		await expect(gate({ items: [jane, { ...jane, leadId: '' }], parameters })).rejects.toThrow(/Item 1, field "leadId": the item has no lead ID/);
		await expect(gate({ items: [jane], parameters: { ...parameters, validDays: 10 } })).rejects.toThrow(/Item 0, field "Link Works For \(Days\)": .*at least 30 days/);
		const [out] = await gate({ items: [jane, { ...jane, leadId: '' }], parameters, continueOnFail: true });
		expect(out).toHaveLength(2);
		expect(out[1].json.error).toMatch(/no lead ID/);
		expect(out[1].json.unsubscribeUrl).toBeUndefined();
	});

	it('refuses to sign with a missing or short secret', async () => {
		await expect(gate({ items: [jane], parameters: { operation: 'addUnsubscribeLink' }, credentials: { mortgageSignedLinkApi: { secret: 'hunter2' } } })).rejects.toThrow(
			/link secret is too short/,
		);
		await expect(gate({ items: [jane], parameters: { operation: 'addUnsubscribeLink' }, credentials: {} })).rejects.toThrow(/mortgageSignedLinkApi/);
	});
});

describe('Mortgage Compliance Gate: the email check wants that link', () => {
	const body = (link: string) => `Hi Jane.\n\nAlex Rivera, NMLS 123456, Sandbox Home Loans\n100 Biscayne Blvd, Miami, FL 33132\nTo stop these emails, open this link: ${link}`;

	it("sends an email carrying the lead's link, blocks one without it or with another lead's", async () => {
		const link = await linkFor(jane);
		const bobsLink = await linkFor({ ...jane, leadId: 'ld_bob' });
		const items = [
			{ ...jane, subject: 'Your home loan question', body: body(link) },
			{ ...jane, subject: 'Your home loan question', body: body('').replace(/To stop.*$/, 'To stop these emails, reply UNSUBSCRIBE.') },
			{ ...jane, subject: 'Your home loan question', body: body(bobsLink) },
		];
		const [send, deferred, blocked] = await runNode(new MortgageComplianceGate(), { items, parameters: { channel: 'email', now: SENT } });
		expect(send.map((item) => item.pairedItem)).toEqual([{ item: 0 }]);
		expect(deferred).toEqual([]);
		expect(blocked.map((item) => item.json.reasons)).toEqual([['email:no-unsubscribe'], ['email:unsubscribe-other-lead']]);
		expect((blocked[0].json.compliance as { messages: string[] }).messages[0]).toMatch(/signed unsubscribe link/);
	});
});

describe('Mortgage Compliance Gate: Verify Unsubscribe Link', () => {
	const verify = (items: IDataObject[], now = '2026-12-05T14:00:00.000Z', extra: Partial<RunNodeOptions> = {}) =>
		gate({ items, parameters: { operation: 'verifyUnsubscribeLink', now }, ...extra });

	it('turns a genuine link into the opt-out event Record Reply takes, for GET and for one-click POST', async () => {
		const link = await linkFor(jane);
		const [valid, refused] = await verify([request(link), request(link, 'POST')]);
		expect(refused).toEqual([]);
		expect(valid.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(valid[0].json).toEqual({
			leadId: 'ld_jane',
			channel: 'email',
			words: 'Opened the unsubscribe link in an email',
			at: '2026-12-05T14:00:00.000Z',
			eventId: 'unsubscribe-link:ld_jane:email:2026-12-05',
			unsubscribe: { valid: true, leadId: 'ld_jane', channel: 'email', expiresAt: '2027-03-02T15:00:00.000Z', oneClick: false },
		});
		expect(valid[1].json).toMatchObject({ words: expect.stringMatching(/List-Unsubscribe=One-Click/), unsubscribe: { oneClick: true } });
		// Same day, same lead: one opt-out event, however many times it is opened.
		expect(valid[1].json.eventId).toBe(valid[0].json.eventId);
	});

	it('refuses a changed, cut-short, foreign or expired link with the reason in plain words, and keeps nothing of the request', async () => {
		const link = await linkFor(jane);
		const changed = link.replace('lead=ld_jane', 'lead=ld_jbne');
		const cut = link.replace(/&sig=.*$/, '');
		const signedElsewhere = link.replace(/sig=[^&]+/, `sig=${'A'.repeat(43)}`);
		const [valid, refused] = await verify([request(changed), request(cut), request(signedElsewhere), { nothing: 'here' }]);
		expect(valid).toEqual([]);
		expect(refused.map((item) => item.json)).toEqual([
			{ unsubscribe: { valid: false, reason: 'forged', message: expect.stringMatching(/not valid/) } },
			{ unsubscribe: { valid: false, reason: 'incomplete', message: expect.stringMatching(/not complete/) } },
			{ unsubscribe: { valid: false, reason: 'forged', message: expect.stringMatching(/not valid/) } },
			{ unsubscribe: { valid: false, reason: 'incomplete', message: expect.stringMatching(/not complete/) } },
		]);
		const [, late] = await verify([request(link)], '2027-03-02T15:00:00.000Z');
		expect(late[0].json).toEqual({ unsubscribe: { valid: false, reason: 'expired', message: expect.stringMatching(/stopped working on 2027-03-02/) } });
	});

	it('refuses a link signed with another secret', async () => {
		const link = await linkFor(jane);
		const [valid, refused] = await verify([request(link)], undefined, { credentials: { mortgageSignedLinkApi: { secret: SECRET.replace(/^b/, 'c') } } });
		expect(valid).toEqual([]);
		expect(refused[0].json).toMatchObject({ unsubscribe: { reason: 'forged' } });
	});
});

describe('Mortgage Signed Link Secret credential test', () => {
	const test = (secret: string) =>
		new MortgageComplianceGate().methods.credentialTest.mortgageSignedLinkSecret.call({} as never, { id: '1', name: 'x', type: 'mortgageSignedLinkApi', data: { secret } });

	it('passes a secret of 32 characters or more, and says how to make one otherwise', async () => {
		expect(await test(SECRET)).toEqual({ status: 'OK', message: expect.any(String) });
		expect(await test('hunter2')).toEqual({ status: 'Error', message: expect.stringMatching(/7 characters; use at least 32.*openssl rand -hex 32/) });
	});
});
