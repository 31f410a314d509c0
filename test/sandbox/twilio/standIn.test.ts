import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import twilio from 'twilio';
import { startTwilioStandIn, twilioSignature, type StartedTwilioStandIn } from '../../../sandbox/twilio';
import { startReceiver } from '../../support/twilioReceiver';

const ACCOUNT = 'AC' + 'a'.repeat(32);
const TOKEN = 'stand-in-token';
const LO_NUMBER = '+13055550100';
const BORROWER = '+13055550123';

let server: StartedTwilioStandIn;
let clock = Date.parse('2026-11-20T14:03:00Z');

beforeEach(async () => {
	clock = Date.parse('2026-11-20T14:03:00Z');
	server = await startTwilioStandIn({ accountSid: ACCOUNT, authToken: TOKEN, now: () => clock });
});
afterEach(async () => server.close());

function api(pathname: string, init: { method?: string; form?: Record<string, string>; token?: string; headers?: Record<string, string> } = {}) {
	const auth = Buffer.from(`${ACCOUNT}:${init.token ?? TOKEN}`).toString('base64');
	return fetch(`${server.url}/2010-04-01/Accounts/${ACCOUNT}${pathname}`, {
		method: init.method ?? (init.form ? 'POST' : 'GET'),
		headers: { Authorization: `Basic ${auth}`, 'Content-Type': 'application/x-www-form-urlencoded', ...init.headers },
		body: init.form ? new URLSearchParams(init.form).toString() : undefined,
	});
}

async function send(to: string, body = 'Hi Jane, this is Alex.', extra: Record<string, string> = {}, headers: Record<string, string> = {}) {
	const res = await api('/Messages.json', { form: { To: to, From: LO_NUMBER, Body: body, ...extra }, headers });
	return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('Twilio stand-in: Messages', () => {
	it('creates a text with Twilio’s response shape, then fetch shows it delivered', async () => {
		const created = await send(BORROWER);
		expect(created.status).toBe(201);
		expect(created.json).toMatchObject({
			account_sid: ACCOUNT,
			api_version: '2010-04-01',
			body: 'Hi Jane, this is Alex.',
			direction: 'outbound-api',
			from: LO_NUMBER,
			to: BORROWER,
			status: 'queued',
			num_segments: '1',
			error_code: null,
			date_created: 'Fri, 20 Nov 2026 14:03:00 +0000',
		});
		expect(created.json.sid).toMatch(/^SM[0-9a-f]{32}$/);
		await server.standIn.settled();
		const fetched = await api(`/Messages/${created.json.sid as string}.json`);
		expect(fetched.status).toBe(200);
		expect(await fetched.json()).toMatchObject({ sid: created.json.sid, status: 'delivered', date_sent: 'Fri, 20 Nov 2026 14:03:00 +0000' });
		expect(server.standIn.outbox().map((m) => m.to)).toEqual([BORROWER]);
	});

	it('sends through a Messaging Service as "accepted" and picks the number itself', async () => {
		const res = await api('/Messages.json', { form: { To: BORROWER, MessagingServiceSid: 'MG' + '1'.repeat(32), Body: 'Hello' } });
		const json = (await res.json()) as Record<string, unknown>;
		expect(json).toMatchObject({ status: 'accepted', from: null, messaging_service_sid: 'MG' + '1'.repeat(32) });
		await server.standIn.settled();
		expect(server.standIn.outbox()[0]).toMatchObject({ status: 'delivered', from: '+15005550006' });
	});

	it('lists newest first, filters by To and pages with next_page_uri', async () => {
		for (let i = 0; i < 5; i++) {
			clock += 60_000;
			await send(i % 2 === 0 ? BORROWER : '+13055550124', `text ${i}`);
		}
		await server.standIn.settled();
		const page = (await (await api(`/Messages.json?To=${encodeURIComponent(BORROWER)}&PageSize=2`)).json()) as {
			messages: Array<{ body: string }>;
			next_page_uri: string | null;
		};
		expect(page.messages.map((m) => m.body)).toEqual(['text 4', 'text 2']);
		expect(page.next_page_uri).toContain('Page=1');
		const next = (await (await fetch(server.url + page.next_page_uri!, { headers: { Authorization: 'Basic ' + Buffer.from(`${ACCOUNT}:${TOKEN}`).toString('base64') } })).json()) as {
			messages: Array<{ body: string }>;
			next_page_uri: string | null;
		};
		expect(next.messages.map((m) => m.body)).toEqual(['text 0']);
		expect(next.next_page_uri).toBeNull();
	});

	it('filters the list by DateSent> (inclusive), as a date or an instant', async () => {
		await send(BORROWER, 'old');
		await server.standIn.settled();
		clock += 2 * 86_400_000;
		await send(BORROWER, 'new');
		await server.standIn.settled();
		const byDate = (await (await api('/Messages.json?DateSent%3E=2026-11-21')).json()) as { messages: Array<{ body: string }> };
		expect(byDate.messages.map((m) => m.body)).toEqual(['new']);
		const byInstant = (await (await api('/Messages.json?DateSent%3E=2026-11-20T14:03:00Z')).json()) as { messages: Array<{ body: string }> };
		expect(byInstant.messages.map((m) => m.body)).toEqual(['new', 'old']);
	});

	it('answers bad requests with Twilio’s error body', async () => {
		const noTo = await api('/Messages.json', { form: { From: LO_NUMBER, Body: 'x' } });
		expect(noTo.status).toBe(400);
		expect(await noTo.json()).toEqual({
			code: 21604,
			message: "A 'To' phone number is required.",
			more_info: 'https://www.twilio.com/docs/errors/21604',
			status: 400,
		});
		expect((await send('305-555-0123')).json).toMatchObject({ code: 21211, status: 400 });
		expect((await send(BORROWER, '')).json).toMatchObject({ code: 21602 });
		expect((await api('/Messages.json', { form: { To: BORROWER, Body: 'x' } })).status).toBe(400);
		const badToken = await api('/Messages.json', { form: { To: BORROWER, From: LO_NUMBER, Body: 'x' }, token: 'wrong' });
		expect(badToken.status).toBe(401);
		expect(await badToken.json()).toMatchObject({ code: 20003, message: 'Authenticate' });
		const missing = await api('/Messages/SM0123.json');
		expect(missing.status).toBe(404);
		expect(server.standIn.outbox()).toHaveLength(0);
	});

	it('answers scripted numbers with their errors and sends nothing to them', async () => {
		expect((await send('+15005550001')).json).toMatchObject({ code: 21211, status: 400 });
		expect((await send('+15005550004')).json).toMatchObject({ code: 21610, message: 'Attempt to send to unsubscribed recipient' });
		expect((await send('+15005550009')).json).toMatchObject({ code: 21614 });
		expect((await send('+15005551635')).json).toMatchObject({ code: 21635 });
		expect(server.standIn.outbox()).toHaveLength(0);
	});

	it('rate-limits +15005550429 twice with HTTP 429 / 20429, then accepts it', async () => {
		const statuses = [];
		for (let i = 0; i < 3; i++) statuses.push((await send('+15005550429')).status);
		expect(statuses).toEqual([429, 429, 201]);
		expect(server.standIn.outbox()).toHaveLength(1);
	});

	it('lets a test script its own number', async () => {
		server.standIn.setScriptedNumber(BORROWER, { createError: 20503, times: 1 });
		expect((await send(BORROWER)).status).toBe(503);
		expect((await send(BORROWER)).status).toBe(201);
		server.standIn.setScriptedNumber(BORROWER, { createError: 21610 });
		expect((await send(BORROWER)).json).toMatchObject({ code: 21610 });
	});

	it('does not deduplicate on I-Twilio-Idempotency-Token: the same request twice is two texts, as on Twilio', async () => {
		// Before issue 13 the stand-in returned the first message for a repeated token. Twilio's
		// CreateMessage declares no such header (twilio-oai), so a repeated create is a second text.
		const key = { 'I-Twilio-Idempotency-Token': 'lead-1:new-lead:1' };
		const first = await send(BORROWER, 'Hi', {}, key);
		const again = await send(BORROWER, 'Hi', {}, key);
		expect([first.status, again.status]).toEqual([201, 201]);
		expect(again.json.sid).not.toBe(first.json.sid);
		expect(server.standIn.outbox()).toHaveLength(2);
	});

	it('keeps texts, opt-outs and numbers in its data file across restarts', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'twilio-stand-in-'));
		const dataFile = path.join(dir, 'twilio.json');
		try {
			const first = await startTwilioStandIn({ accountSid: ACCOUNT, authToken: TOKEN, dataFile, incomingNumbers: [LO_NUMBER] });
			first.standIn.setInboundWebhookUrl('https://n8n.example.com/webhook/mortgage-sms');
			const auth = 'Basic ' + Buffer.from(`${ACCOUNT}:${TOKEN}`).toString('base64');
			await fetch(`${first.url}/2010-04-01/Accounts/${ACCOUNT}/Messages.json`, {
				method: 'POST',
				headers: { Authorization: auth, 'Content-Type': 'application/x-www-form-urlencoded', 'I-Twilio-Idempotency-Token': 'k1' },
				body: new URLSearchParams({ To: BORROWER, From: LO_NUMBER, Body: 'Hi' }).toString(),
			});
			await first.standIn.sendInbound({ from: '+13055550199', to: LO_NUMBER, body: 'STOP' });
			await first.close();
			const second = await startTwilioStandIn({ accountSid: ACCOUNT, authToken: TOKEN, dataFile });
			expect(second.standIn.outbox()).toMatchObject([
				{ to: BORROWER, body: 'Hi', status: 'delivered', direction: 'outbound-api' },
				{ to: '+13055550199', from: LO_NUMBER, direction: 'outbound-reply' },
			]);
			expect(second.standIn.optedOutNumbers()).toEqual(['+13055550199']);
			expect(second.standIn.incomingNumbers()).toMatchObject([{ phone_number: LO_NUMBER, sms_url: 'https://n8n.example.com/webhook/mortgage-sms' }]);
			const replay = await fetch(`${second.url}/2010-04-01/Accounts/${ACCOUNT}/Messages.json`, {
				method: 'POST',
				headers: { Authorization: auth, 'Content-Type': 'application/x-www-form-urlencoded', 'I-Twilio-Idempotency-Token': 'k1' },
				body: new URLSearchParams({ To: BORROWER, From: LO_NUMBER, Body: 'Hi' }).toString(),
			});
			expect(replay.status).toBe(201);
			// The same token again after a restart is a new text too (Twilio keeps no such keys).
			expect(second.standIn.outbox()).toHaveLength(3);
			await second.close();
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('leaves paths outside /2010-04-01/ to its host', async () => {
		const res = await fetch(`${server.url}/v4/spreadsheets/x`);
		expect(res.status).toBe(404);
	});
});

describe('Twilio stand-in: callbacks and inbound messages', () => {
	it('POSTs signed status callbacks: sent, then delivered', async () => {
		const receiver = await startReceiver();
		try {
			const callback = `${receiver.url}/status?touch=lead-1`;
			const created = await send(BORROWER, 'Hi', { StatusCallback: callback });
			await server.standIn.settled();
			expect(receiver.posts.map((p) => p.params.MessageStatus)).toEqual(['sent', 'delivered']);
			for (const post of receiver.posts) {
				expect(post.params).toMatchObject({ MessageSid: created.json.sid, To: BORROWER, From: LO_NUMBER, AccountSid: ACCOUNT });
				expect(twilio.validateRequest(TOKEN, post.headers['x-twilio-signature'] as string, callback, post.params)).toBe(true);
			}
		} finally {
			await receiver.close();
		}
	});

	it.each([
		[30003, '+15005553003', 'undelivered'],
		[30005, '+15005553005', 'undelivered'],
		[30006, '+15005553006', 'undelivered'],
		[30007, '+15005553007', 'undelivered'],
		[30008, '+15005553008', 'failed'],
	])('reports delivery failure %i on the callback and on the message', async (code, phone, status) => {
		const receiver = await startReceiver();
		try {
			const created = await send(phone, 'Hi', { StatusCallback: `${receiver.url}/status` });
			await server.standIn.settled();
			const last = receiver.posts[receiver.posts.length - 1].params;
			expect(last).toMatchObject({ MessageStatus: status, ErrorCode: String(code) });
			const fetched = (await (await api(`/Messages/${created.json.sid as string}.json`)).json()) as Record<string, unknown>;
			expect(fetched).toMatchObject({ status, error_code: code });
			expect(typeof fetched.error_message).toBe('string');
		} finally {
			await receiver.close();
		}
	});

	it('delivers an inbound text to the webhook, signed, with OptOutType for exact keywords only', async () => {
		const receiver = await startReceiver();
		try {
			const webhook = `${receiver.url}/webhook/mortgage-sms`;
			server.standIn.setInboundWebhookUrl(webhook);
			const stop = await server.standIn.sendInbound({ from: BORROWER, to: LO_NUMBER, body: 'Stop' });
			const sentence = await server.standIn.sendInbound({ from: '+13055550124', to: LO_NUMBER, body: 'Stop texting me' });
			expect(stop.status).toBe(200);
			expect(receiver.posts[0].params).toMatchObject({ From: BORROWER, To: LO_NUMBER, Body: 'Stop', SmsStatus: 'received', OptOutType: 'STOP', AccountSid: ACCOUNT });
			expect(receiver.posts[1].params.OptOutType).toBeUndefined();
			for (const post of receiver.posts) {
				expect(twilio.validateRequest(TOKEN, post.headers['x-twilio-signature'] as string, webhook, post.params)).toBe(true);
			}
			expect(sentence.status).toBe(200);
			// Twilio blocks later texts only after the exact keyword.
			expect((await send(BORROWER)).json).toMatchObject({ code: 21610 });
			expect((await send('+13055550124')).status).toBe(201);
			await server.standIn.sendInbound({ from: BORROWER, to: LO_NUMBER, body: 'START' });
			expect((await send(BORROWER)).status).toBe(201);
			expect(server.standIn.inbox().map((m) => m.body)).toEqual(['Stop', 'Stop texting me', 'START']);
			// Twilio answered the two keywords itself; the sentence got no answer.
			expect(server.standIn.outbox().filter((m) => m.direction === 'outbound-reply').map((m) => m.to)).toEqual([BORROWER, BORROWER]);
		} finally {
			await receiver.close();
		}
	});

	it.each(['STOP', 'stop', ' Unsubscribe ', 'CANCEL', 'END', 'QUIT', 'STOPALL', 'REVOKE', 'OPTOUT'])(
		'answers the bare opt-out keyword "%s" itself, from the number, and blocks later texts',
		async (keyword) => {
			const result = await server.standIn.sendInbound({ from: BORROWER, to: LO_NUMBER, body: keyword });
			const reply = {
				direction: 'outbound-reply',
				from: LO_NUMBER,
				to: BORROWER,
				status: 'delivered',
				body: 'You have successfully been unsubscribed. You will not receive any more messages from this number. Reply START to resubscribe.',
			};
			expect(result.autoReply).toMatchObject(reply);
			expect(server.standIn.outbox()).toMatchObject([reply]);
			expect(server.standIn.optedOutNumbers()).toEqual([BORROWER]);
			expect((await send(BORROWER)).json).toMatchObject({ code: 21610 });
		},
	);

	it('answers START / UNSTOP (back in, with a confirmation) and HELP, and nothing else', async () => {
		await server.standIn.sendInbound({ from: BORROWER, to: LO_NUMBER, body: 'STOP' });
		const start = await server.standIn.sendInbound({ from: BORROWER, to: LO_NUMBER, body: 'UNSTOP' });
		expect(start.autoReply?.body).toMatch(/^You have successfully been re-subscribed/);
		expect(server.standIn.optedOutNumbers()).toEqual([]);
		const help = await server.standIn.sendInbound({ from: BORROWER, to: LO_NUMBER, body: 'help' });
		expect(help.autoReply?.body).toBe('Reply STOP to unsubscribe. Msg&Data Rates May Apply.');
		for (const body of ['Stop texting me', 'yes please call me', 'Can you help me?']) {
			expect((await server.standIn.sendInbound({ from: BORROWER, to: LO_NUMBER, body })).autoReply).toBeUndefined();
		}
		expect(server.standIn.outbox().map((m) => m.body.split('.')[0])).toEqual([
			'You have successfully been unsubscribed',
			'You have successfully been re-subscribed to messages from this number',
			'Reply STOP to unsubscribe',
		]);
		// The replies are real messages: Twilio's API lists them, newest first.
		const listed = (await (await api(`/Messages.json?To=${encodeURIComponent(BORROWER)}`)).json()) as { messages: Array<{ direction: string }> };
		expect(listed.messages.map((m) => m.direction)).toEqual(['outbound-reply', 'outbound-reply', 'outbound-reply']);
	});

	it('takes customised answers (Advanced Opt-Out), none for a keyword set to null, and no OptOutType without Advanced Opt-Out', async () => {
		const custom = await startTwilioStandIn({
			accountSid: ACCOUNT,
			authToken: TOKEN,
			keywordReplies: { HELP: 'Sandbox Home Loans, Alex Rivera NMLS #123456. Reply STOP to opt out.', START: null },
			advancedOptOut: false,
		});
		try {
			const help = await custom.standIn.sendInbound({ from: BORROWER, to: LO_NUMBER, body: 'HELP' });
			expect(help.autoReply?.body).toContain('NMLS #123456');
			expect(help.params.OptOutType).toBeUndefined();
			await custom.standIn.sendInbound({ from: BORROWER, to: LO_NUMBER, body: 'STOP' });
			await custom.standIn.sendInbound({ from: BORROWER, to: LO_NUMBER, body: 'START' });
			expect(custom.standIn.outbox().map((m) => m.body.slice(0, 20))).toEqual(['Sandbox Home Loans, ', 'You have successfull']);
			expect(custom.standIn.optedOutNumbers()).toEqual([]);
		} finally {
			await custom.close();
		}
		const silent = await startTwilioStandIn({ accountSid: ACCOUNT, authToken: TOKEN, keywordReplies: false });
		try {
			await silent.standIn.sendInbound({ from: BORROWER, to: LO_NUMBER, body: 'STOP' });
			expect(silent.standIn.outbox()).toHaveLength(0);
			expect(silent.standIn.optedOutNumbers()).toEqual([BORROWER]);
		} finally {
			await silent.close();
		}
	});

	it('can forge or omit the signature, for testing the webhook’s check', async () => {
		const receiver = await startReceiver();
		try {
			server.standIn.setInboundWebhookUrl(`${receiver.url}/hook`);
			await server.standIn.sendInbound({ from: BORROWER, to: LO_NUMBER, body: 'hi' }, { signWith: 'not-the-token' });
			await server.standIn.sendInbound({ from: BORROWER, to: LO_NUMBER, body: 'hi' }, { signWith: null });
			const [forged, unsigned] = receiver.posts;
			expect(twilio.validateRequest(TOKEN, forged.headers['x-twilio-signature'] as string, `${receiver.url}/hook`, forged.params)).toBe(false);
			expect(unsigned.headers['x-twilio-signature']).toBeUndefined();
		} finally {
			await receiver.close();
		}
	});

	it('says so when no inbound webhook is set, and still records the text', async () => {
		const result = await server.standIn.sendInbound({ from: BORROWER, to: LO_NUMBER, body: 'hello?' });
		expect(result).toMatchObject({ status: null, error: 'no inbound webhook URL is set' });
		expect(server.standIn.inbox()).toHaveLength(1);
	});
});

/** The properties of api.v2010.account.incoming_phone_number in twilio-oai's twilio_api_v2010.json. */
const INCOMING_NUMBER_FIELDS = [
	'account_sid', 'address_sid', 'address_requirements', 'api_version', 'beta', 'capabilities', 'date_created', 'date_updated',
	'friendly_name', 'identity_sid', 'phone_number', 'origin', 'sid', 'sms_application_sid', 'sms_fallback_method', 'sms_fallback_url',
	'sms_method', 'sms_url', 'status_callback', 'status_callback_method', 'trunk_sid', 'uri', 'voice_receive_mode',
	'voice_application_sid', 'voice_caller_id_lookup', 'voice_fallback_method', 'voice_fallback_url', 'voice_method', 'voice_url',
	'emergency_status', 'emergency_address_sid', 'emergency_address_status', 'bundle_sid', 'status', 'type',
];

describe('Twilio stand-in: IncomingPhoneNumbers', () => {
	type NumberList = { incoming_phone_numbers: Array<Record<string, unknown>>; page_size: number; next_page_uri: string | null; uri: string };

	it('lists the account’s numbers with Twilio’s fields, filtered by PhoneNumber (partial, * for any digit)', async () => {
		server.standIn.addIncomingNumber(LO_NUMBER);
		server.standIn.addIncomingNumber('+13125550199');
		const all = (await (await api('/IncomingPhoneNumbers.json')).json()) as NumberList;
		expect(all.incoming_phone_numbers).toHaveLength(2);
		expect(Object.keys(all.incoming_phone_numbers[0]).sort()).toEqual([...INCOMING_NUMBER_FIELDS].sort());
		expect(all.incoming_phone_numbers[0]).toMatchObject({
			account_sid: ACCOUNT,
			phone_number: LO_NUMBER,
			friendly_name: '(305) 555-0100',
			sms_url: '',
			sms_method: 'POST',
			capabilities: { sms: true },
			uri: expect.stringMatching(/^\/2010-04-01\/Accounts\/AC[a]{32}\/IncomingPhoneNumbers\/PN[0-9a-f]{32}\.json$/),
		});
		const exact = (await (await api(`/IncomingPhoneNumbers.json?PhoneNumber=${encodeURIComponent(LO_NUMBER)}`)).json()) as NumberList;
		expect(exact.incoming_phone_numbers.map((n) => n.phone_number)).toEqual([LO_NUMBER]);
		const wildcard = (await (await api('/IncomingPhoneNumbers.json?PhoneNumber=555*1*9')).json()) as NumberList;
		expect(wildcard.incoming_phone_numbers.map((n) => n.phone_number)).toEqual(['+13125550199']);
		const partial = (await (await api('/IncomingPhoneNumbers.json?PhoneNumber=5550')).json()) as NumberList;
		expect(partial.incoming_phone_numbers).toHaveLength(2);
	});

	it('fetches and updates one number: only the parameters sent change; a bad method is 400, an unknown number 404', async () => {
		const number = server.standIn.addIncomingNumber(LO_NUMBER, { smsUrl: 'https://old.example.com/sms' });
		const updated = await api(`/IncomingPhoneNumbers/${number.sid}.json`, { form: { SmsUrl: 'https://n8n.example.com/webhook/mortgage-sms' } });
		expect(updated.status).toBe(200);
		expect(await updated.json()).toMatchObject({ sid: number.sid, sms_url: 'https://n8n.example.com/webhook/mortgage-sms', sms_method: 'POST', voice_url: null });
		const get = await api(`/IncomingPhoneNumbers/${number.sid}.json?SmsMethod=GET`, { form: { SmsMethod: 'GET' } });
		expect(await get.json()).toMatchObject({ sms_url: 'https://n8n.example.com/webhook/mortgage-sms', sms_method: 'GET' });
		const bad = await api(`/IncomingPhoneNumbers/${number.sid}.json`, { form: { SmsMethod: 'PUT' } });
		expect(bad.status).toBe(400);
		expect(((await (await api(`/IncomingPhoneNumbers/${number.sid}.json`)).json()) as Record<string, unknown>).sms_method).toBe('GET');
		expect((await api('/IncomingPhoneNumbers/PN' + '0'.repeat(32) + '.json')).status).toBe(404);
		expect((await api(`/IncomingPhoneNumbers/${number.sid}.json`, { form: { SmsUrl: 'x' }, token: 'wrong' })).status).toBe(401);
	});

	it('sends each inbound text to the SmsUrl of the number that was texted, with its SmsMethod, signed', async () => {
		const receiver = await startReceiver();
		try {
			server.standIn.addIncomingNumber(LO_NUMBER, { smsUrl: `${receiver.url}/lo` });
			server.standIn.addIncomingNumber('+13125550199', { smsUrl: `${receiver.url}/other?team=b`, smsMethod: 'GET' });
			await server.standIn.sendInbound({ from: BORROWER, to: LO_NUMBER, body: 'hello' });
			await server.standIn.sendInbound({ from: BORROWER, to: '+13125550199', body: 'hi there' });
			expect(receiver.posts.map((p) => p.path.split('?')[0])).toEqual(['/lo', '/other']);
			expect(receiver.posts[0].params).toMatchObject({ To: LO_NUMBER, Body: 'hello' });
			expect(twilio.validateRequest(TOKEN, receiver.posts[0].headers['x-twilio-signature'] as string, `${receiver.url}/lo`, receiver.posts[0].params)).toBe(true);
			// GET: the parameters ride in the query, and Twilio signs that whole URL.
			const getUrl = `${receiver.url}${receiver.posts[1].path}`;
			expect(new URL(getUrl).searchParams.get('Body')).toBe('hi there');
			expect(new URL(getUrl).searchParams.get('team')).toBe('b');
			expect(twilio.validateRequest(TOKEN, receiver.posts[1].headers['x-twilio-signature'] as string, getUrl, {})).toBe(true);
		} finally {
			await receiver.close();
		}
	});

	it('sends nothing to the SmsUrl while a TwiML App handles the number’s texts', async () => {
		const receiver = await startReceiver();
		try {
			server.standIn.addIncomingNumber(LO_NUMBER, { smsUrl: `${receiver.url}/lo`, smsApplicationSid: 'AP' + '1'.repeat(32) });
			const result = await server.standIn.sendInbound({ from: BORROWER, to: LO_NUMBER, body: 'hello' });
			expect(result.status).toBeNull();
			expect(result.error).toContain('TwiML App');
			expect(receiver.posts).toHaveLength(0);
		} finally {
			await receiver.close();
		}
	});
});

describe('Twilio stand-in: injected faults on message creates', () => {
	it('accept-then-drop: the text exists, the caller gets no answer', async () => {
		server.standIn.injectFault({ kind: 'accept-then-drop' });
		await expect(send(BORROWER)).rejects.toThrow();
		expect(server.standIn.outbox()).toHaveLength(1);
		expect((await send(BORROWER)).status).toBe(201); // one create only
	});

	it('accept-then-500: the text exists, the caller gets Twilio’s 500', async () => {
		server.standIn.injectFault({ kind: 'accept-then-500' });
		const answer = await send(BORROWER);
		expect(answer).toMatchObject({ status: 500, json: { code: 20500 } });
		expect(server.standIn.outbox()).toHaveLength(1);
	});

	it('takes faults over HTTP too (POST /stand-in/twilio/faults; DELETE clears), for scenarios run from outside', async () => {
		const post = await fetch(`${server.url}/stand-in/twilio/faults`, { method: 'POST', body: JSON.stringify({ kind: 'accept-then-drop', to: BORROWER }) });
		expect(await post.json()).toEqual({ faults: [{ kind: 'accept-then-drop', to: BORROWER, times: 1 }] });
		await expect(send(BORROWER)).rejects.toThrow();
		expect(server.standIn.outbox()).toHaveLength(1);
		await fetch(`${server.url}/stand-in/twilio/faults`, { method: 'POST', body: JSON.stringify({ kind: 'drop-before-accept', times: 3 }) });
		await fetch(`${server.url}/stand-in/twilio/faults`, { method: 'DELETE' });
		expect((await send(BORROWER)).status).toBe(201);
		const bad = await fetch(`${server.url}/stand-in/twilio/faults`, { method: 'POST', body: JSON.stringify({ kind: 'lose-everything' }) });
		expect(bad.status).toBe(400);
	});

	it('drop-before-accept: nothing is created; faults can aim at one number', async () => {
		server.standIn.injectFault({ kind: 'drop-before-accept', to: '+13055550124', times: 2 });
		expect((await send(BORROWER)).status).toBe(201);
		await expect(send('+13055550124')).rejects.toThrow();
		await expect(send('+13055550124')).rejects.toThrow();
		expect((await send('+13055550124')).status).toBe(201);
		expect(server.standIn.outbox().map((m) => m.to)).toEqual([BORROWER, '+13055550124']);
	});
});

describe('Twilio stand-in: signature', () => {
	it('signs exactly as the twilio library validates (any URL, any parameters)', () => {
		const param = fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.string({ maxLength: 40 }), { maxKeys: 8 });
		fc.assert(
			fc.property(fc.string({ minLength: 1 }), fc.webUrl(), param, (token, url, params) => {
				const signature = twilioSignature(token, url, params);
				expect(twilio.validateRequest(token, signature, url, params)).toBe(true);
				expect(twilio.getExpectedTwilioSignature(token, url, params)).toBe(signature);
			}),
		);
	});
});
