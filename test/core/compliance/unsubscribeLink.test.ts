import fc from 'fast-check';
import {
	makeSignedLink,
	makeUnsubscribeLink,
	SignedLinkError,
	unsubscribeLinksIn,
	verifySignedLink,
	verifyUnsubscribeLink,
} from '../../../nodes/core';

const SECRET = 'a3f1c9e0b7d24f6a8c1e5b9d0f2a4c6e8b1d3f5a7c9e0b2d4f6a8c1e3b5d7f9a';
const OTHER_SECRET = 'ffffffffffffffffffffffffffffffff0000000000000000000000000000000';
const BASE = 'https://n8n.example.com/webhook/mortgage-unsubscribe';
const SENT = '2026-12-02T15:00:00.000Z';

const link = (leadId = 'ld_0123456789abcdef', now = SENT) => makeUnsubscribeLink({ baseUrl: BASE, leadId, now }, SECRET);
const queryOf = (url: string) => Object.fromEntries(new URL(url).searchParams);

describe('makeUnsubscribeLink', () => {
	it('names the lead, the channel, the action and the expiry in plain parameters, signed', () => {
		const { url, expiresAt } = link();
		expect(expiresAt).toBe('2027-03-02T15:00:00.000Z'); // 90 days by default
		const parsed = new URL(url);
		expect(`${parsed.origin}${parsed.pathname}`).toBe(BASE);
		expect(queryOf(url)).toEqual({
			lead: 'ld_0123456789abcdef',
			channel: 'email',
			action: 'unsubscribe',
			expires: String(Date.parse(expiresAt) / 1000),
			sig: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
		});
	});

	it('gives each lead, expiry and secret its own signature', () => {
		const sig = (url: string) => queryOf(url).sig;
		expect(sig(link('ld_a').url)).not.toBe(sig(link('ld_b').url));
		expect(sig(link('ld_a').url)).not.toBe(sig(link('ld_a', '2026-12-03T15:00:00Z').url));
		expect(sig(makeUnsubscribeLink({ baseUrl: BASE, leadId: 'ld_a', now: SENT }, OTHER_SECRET).url)).not.toBe(sig(link('ld_a').url));
	});

	it('refuses a link that would stop working within the 30 days CAN-SPAM requires, a short secret, a bad address', () => {
		expect(() => makeUnsubscribeLink({ baseUrl: BASE, leadId: 'ld_a', now: SENT, validDays: 29 }, SECRET)).toThrow(/at least 30 days/);
		expect(() => makeUnsubscribeLink({ baseUrl: BASE, leadId: 'ld_a', now: SENT }, 'short')).toThrow(/at least 32 characters/);
		expect(() => makeUnsubscribeLink({ baseUrl: 'n8n.example.com/x', leadId: 'ld_a', now: SENT }, SECRET)).toThrow(/full web address/);
		expect(() => makeUnsubscribeLink({ baseUrl: 'ftp://n8n.example.com/x', leadId: 'ld_a', now: SENT }, SECRET)).toThrow(/https/);
		expect(() => makeUnsubscribeLink({ baseUrl: BASE, leadId: 'ld_a\nld_b', now: SENT }, SECRET)).toThrow(SignedLinkError);
		expect(() => makeUnsubscribeLink({ baseUrl: BASE, leadId: '', now: SENT }, SECRET)).toThrow(/"leadId"/);
		expect(() => makeUnsubscribeLink({ baseUrl: BASE, leadId: 'ld_a', now: 'yesterday' }, SECRET)).toThrow(/"now"/);
	});
});

describe('verifyUnsubscribeLink', () => {
	it('accepts the link it made, from the URL, its query object or its search parameters', () => {
		const { url, expiresAt } = link();
		const expected = { valid: true, leadId: 'ld_0123456789abcdef', channel: 'email', action: 'unsubscribe', expiresAt };
		const now = '2026-12-20T00:00:00Z';
		expect(verifyUnsubscribeLink(url, { secret: SECRET, now })).toEqual(expected);
		expect(verifyUnsubscribeLink(queryOf(url), { secret: SECRET, now })).toEqual(expected);
		expect(verifyUnsubscribeLink(new URL(url).searchParams, { secret: SECRET, now })).toEqual(expected);
	});

	it('refuses it after it expires, and tells a genuine expired link from a forged one', () => {
		const { url, expiresAt } = link();
		const justBefore = new Date(Date.parse(expiresAt) - 1).toISOString();
		expect(verifyUnsubscribeLink(url, { secret: SECRET, now: justBefore }).valid).toBe(true);
		expect(verifyUnsubscribeLink(url, { secret: SECRET, now: expiresAt })).toMatchObject({ valid: false, reason: 'expired', message: expect.stringMatching(/stopped working on 2027-03-02/) });
		expect(verifyUnsubscribeLink(url, { secret: OTHER_SECRET, now: expiresAt })).toMatchObject({ valid: false, reason: 'forged' });
	});

	it('refuses a link signed with another secret, for another lead or with a later expiry', () => {
		const { url } = link('ld_victim');
		const now = '2026-12-03T00:00:00Z';
		expect(verifyUnsubscribeLink(url, { secret: OTHER_SECRET, now })).toMatchObject({ valid: false, reason: 'forged' });
		const query = queryOf(url);
		expect(verifyUnsubscribeLink({ ...query, lead: 'ld_someone_else' }, { secret: SECRET, now })).toMatchObject({ valid: false, reason: 'forged' });
		expect(verifyUnsubscribeLink({ ...query, expires: String(Number(query.expires) + 86_400) }, { secret: SECRET, now })).toMatchObject({ valid: false, reason: 'forged' });
		expect(verifyUnsubscribeLink({ ...query, channel: 'sms' }, { secret: SECRET, now })).toMatchObject({ valid: false, reason: 'forged' });
	});

	it('refuses a link with a part missing, repeated or not plain text', () => {
		const query = queryOf(link().url);
		const now = '2026-12-03T00:00:00Z';
		for (const name of ['lead', 'channel', 'action', 'expires', 'sig']) {
			const { [name]: _dropped, ...rest } = query;
			expect(verifyUnsubscribeLink(rest, { secret: SECRET, now })).toMatchObject({ valid: false, reason: 'incomplete' });
		}
		expect(verifyUnsubscribeLink({ ...query, lead: [query.lead, 'ld_x'] }, { secret: SECRET, now })).toMatchObject({ valid: false, reason: 'incomplete' });
		expect(verifyUnsubscribeLink(`${link().url}&lead=ld_x`, { secret: SECRET, now })).toMatchObject({ valid: false, reason: 'incomplete' });
		expect(verifyUnsubscribeLink({ ...query, sig: { a: 1 } }, { secret: SECRET, now })).toMatchObject({ valid: false, reason: 'incomplete' });
		expect(verifyUnsubscribeLink({}, { secret: SECRET, now })).toMatchObject({ valid: false, reason: 'incomplete' });
	});

	it('refuses a genuine signed link made for another action', () => {
		const callOutcome = makeSignedLink({ baseUrl: BASE, leadId: 'ld_a', channel: 'call', action: 'reached', expiresAt: '2027-01-01T00:00:00Z' }, SECRET);
		expect(verifySignedLink(callOutcome, { secret: SECRET, now: SENT, action: 'reached' }).valid).toBe(true);
		expect(verifyUnsubscribeLink(callOutcome, { secret: SECRET, now: SENT })).toMatchObject({ valid: false, reason: 'wrong-action' });
	});

	it('wants a long enough secret and a readable now', () => {
		expect(() => verifyUnsubscribeLink(link().url, { secret: '', now: SENT })).toThrow(/at least 32 characters/);
		expect(() => verifyUnsubscribeLink(link().url, { secret: SECRET, now: 'soon' })).toThrow(/"now"/);
	});
});

describe('signed links, property tests', () => {
	const leadIds = fc.oneof(
		fc.stringMatching(/^[0-9a-f]{16}$/).map((hex) => `ld_${hex}`),
		fc.stringMatching(/^[A-Za-z0-9_.-]{1,40}$/),
	);
	const secrets = fc.string({ minLength: 32, maxLength: 80 });
	const sentAt = fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2035-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
	// Characters a changed link could carry: the link's own alphabet, URL punctuation, and a few others.
	const replacement = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~%+&=?#/ é'.split(''));

	it('any single-character change to the query of a valid link makes it fail', () => {
		fc.assert(
			fc.property(leadIds, secrets, sentAt, fc.nat(), replacement, (leadId, secret, now, position, character) => {
				const { url } = makeUnsubscribeLink({ baseUrl: BASE, leadId, now }, secret);
				const start = url.indexOf('?') + 1;
				const at = start + (position % (url.length - start));
				fc.pre(url[at] !== character);
				const changed = url.slice(0, at) + character + url.slice(at + 1);
				const check = verifyUnsubscribeLink(changed, { secret, now });
				return check.valid === false;
			}),
			{ numRuns: 3000 },
		);
	});

	it('a valid link verifies until its expiry and never after', () => {
		fc.assert(
			fc.property(leadIds, secrets, sentAt, fc.integer({ min: 30, max: 400 }), fc.integer({ min: 0, max: 800 * 86_400_000 }), (leadId, secret, now, validDays, laterMs) => {
				const { url, expiresAt } = makeUnsubscribeLink({ baseUrl: BASE, leadId, now, validDays }, secret);
				const at = new Date(Date.parse(now) + laterMs).toISOString();
				const check = verifyUnsubscribeLink(url, { secret, now: at });
				if (Date.parse(at) < Date.parse(expiresAt)) return check.valid && check.leadId === leadId && check.channel === 'email';
				return !check.valid && check.reason === 'expired';
			}),
			{ numRuns: 1000 },
		);
	});

	it('a link made with one secret never verifies with another', () => {
		fc.assert(
			fc.property(leadIds, secrets, secrets, (leadId, secret, other) => {
				fc.pre(secret !== other);
				const { url } = makeUnsubscribeLink({ baseUrl: BASE, leadId, now: SENT }, secret);
				return verifyUnsubscribeLink(url, { secret: other, now: SENT }).valid === false;
			}),
			{ numRuns: 500 },
		);
	});
});

describe('unsubscribeLinksIn', () => {
	it('finds the link in a text body and in an HTML body (with &amp;), and reads what it says', () => {
		const { url, expiresAt } = link('ld_jane');
		const expected = [{ url, leadId: 'ld_jane', channel: 'email', action: 'unsubscribe', expiresAt }];
		expect(unsubscribeLinksIn(`Hi Jane.\n\nTo stop these emails, open ${url}.`)).toEqual(expected);
		expect(unsubscribeLinksIn(`<p><a href="${url.replace(/&/g, '&amp;')}">Unsubscribe</a></p>`)).toEqual(expected);
	});

	it('ignores other links, and unsubscribe links missing a part', () => {
		const query = queryOf(link().url);
		expect(unsubscribeLinksIn('https://acme.example/unsubscribe?l=1 and mailto:x@example.com')).toEqual([]);
		expect(unsubscribeLinksIn(`${BASE}?lead=${query.lead}&channel=email&action=unsubscribe&expires=${query.expires}`)).toEqual([]);
		expect(unsubscribeLinksIn(`${BASE}?lead=${query.lead}&channel=email&action=unsubscribe&expires=soon&sig=${query.sig}`)).toEqual([]);
	});
});
