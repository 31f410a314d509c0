import { checkEmailContent, checkTextContent, makeUnsubscribeLink } from '../../../nodes/core';

const SECRET = 'a3f1c9e0b7d24f6a8c1e5b9d0f2a4c6e8b1d3f5a7c9e0b2d4f6a8c1e3b5d7f9a';
const SENT = '2026-12-02T15:00:00.000Z';
const janeLink = makeUnsubscribeLink({ baseUrl: 'https://n8n.acme.example/webhook/mortgage-unsubscribe', leadId: 'ld_jane', now: SENT }, SECRET).url;
const goodEmail = {
	subject: 'Your refinance options, Jane',
	body: `<p>Hi Jane, here are the options we talked about.</p>
<p>Sam Lee, Loan Officer, NMLS #123456<br>Acme Mortgage, 123 Main St, Tampa, FL 33602</p>
<p><a href="${janeLink.replace(/&/g, '&amp;')}">Unsubscribe</a></p>`,
};
const codes = (check: { problems: Array<{ code: string }> }) => check.problems.map((p) => p.code);

describe('checkEmailContent (CAN-SPAM, SAFE Act)', () => {
	it('passes an email with a postal address, an unsubscribe link and the NMLS ID', () => {
		expect(checkEmailContent(goodEmail, { nmlsId: '123456', firstWrittenMessage: true })).toEqual({ ok: true, problems: [], warnings: [] });
	});

	it('wants a postal address, the configured one when given', () => {
		const body = goodEmail.body.replace('123 Main St, Tampa, FL 33602', 'Tampa');
		expect(codes(checkEmailContent({ ...goodEmail, body }))).toEqual(['email:no-postal-address']);
		expect(codes(checkEmailContent(goodEmail, { postalAddress: '500 Oak Ave, Orlando, FL 32801' }))).toEqual(['email:no-postal-address']);
		expect(codes(checkEmailContent(goodEmail, { postalAddress: '123 main st., tampa FL 33602' }))).toEqual([]);
		expect(codes(checkEmailContent({ ...goodEmail, body: `${body} PO Box 42, Tampa, FL 33601` }))).toEqual([]);
	});

	it("wants the lead's own signed unsubscribe link, in the HTML or the text", () => {
		const noLink = goodEmail.body.replace(/<a [^<]*<\/a>/, '');
		expect(codes(checkEmailContent({ ...goodEmail, body: noLink }))).toEqual(['email:no-unsubscribe']);
		expect(codes(checkEmailContent({ ...goodEmail, body: `${noLink}\nTo stop these emails, open ${janeLink}` }, { leadId: 'ld_jane', now: SENT }))).toEqual([]);
		expect(checkEmailContent({ ...goodEmail, body: noLink }).problems[0].message).toMatch(/signed unsubscribe link.*"Reply UNSUBSCRIBE" does not count/);
	});

	it.each([
		['a reply instruction nothing reads', 'To opt out, reply UNSUBSCRIBE.'],
		["a mail service's merge tag", 'Unsubscribe: {{unsubscribe_url}}'],
		["another site's unsubscribe page", '<a href="https://acme.example/unsubscribe?l=1">Unsubscribe</a>'],
		['our link with its signature cut off', `<a href="${janeLink.replace(/&sig=.*$/, '')}">Unsubscribe</a>`],
		['a mention without a link', 'We hate to see you go, unsubscribe anytime.'],
	])('refuses %s as the way to unsubscribe', (_what, footer) => {
		const body = `${goodEmail.body.replace(/<a [^<]*<\/a>/, '')}\n${footer}`;
		expect(codes(checkEmailContent({ ...goodEmail, body }))).toEqual(['email:no-unsubscribe']);
	});

	it("refuses another lead's link, and a link that stops working within 30 days of sending", () => {
		expect(codes(checkEmailContent(goodEmail, { leadId: 'ld_jane', now: SENT }))).toEqual([]);
		const other = checkEmailContent(goodEmail, { leadId: 'ld_bob', now: SENT });
		expect(codes(other)).toEqual(['email:unsubscribe-other-lead']);
		expect(other.problems[0].message).toMatch(/for lead ld_jane, but the email goes to lead ld_bob/);
		// Made on 2 December for 90 days: fine until 30 days before 2 March.
		expect(codes(checkEmailContent(goodEmail, { leadId: 'ld_jane', now: '2027-01-31T15:00:00Z' }))).toEqual([]);
		const late = checkEmailContent(goodEmail, { leadId: 'ld_jane', now: '2027-02-01T15:00:01Z' });
		expect(codes(late)).toEqual(['email:unsubscribe-expires-soon']);
		expect(late.problems[0].message).toMatch(/stops working on 2027-03-02: it must work for at least 30 days/);
	});

	it.each([
		['Re: your loan', true],
		['FWD: rates', true],
		["You're pre-approved!", true],
		['Guaranteed approval inside', true],
		['URGENT: final notice on your file', true],
		['Checking in about your purchase', false],
		['Rates moved this week', false],
	])('subject %j is deceptive: %s', (subject, deceptive) => {
		expect(codes(checkEmailContent({ ...goodEmail, subject })).includes('email:deceptive-subject')).toBe(deceptive);
	});

	it('allows "Re:" on a real reply', () => {
		expect(codes(checkEmailContent({ ...goodEmail, subject: 'Re: your question' }, { isReply: true }))).toEqual([]);
	});

	it('wants the NMLS ID only in the first written message', () => {
		const body = goodEmail.body.replace('NMLS #123456', '');
		expect(codes(checkEmailContent({ ...goodEmail, body }, { nmlsId: '123456', firstWrittenMessage: true }))).toEqual(['nmls-id-missing']);
		expect(codes(checkEmailContent({ ...goodEmail, body }, { nmlsId: '123456', firstWrittenMessage: false }))).toEqual([]);
		expect(codes(checkEmailContent(goodEmail, { nmlsId: '999999', firstWrittenMessage: true }))).toEqual(['nmls-id-missing']);
	});

	it('flags quoted rates or payments for review without blocking', () => {
		const check = checkEmailContent({ ...goodEmail, body: `${goodEmail.body} Rates from 6.25% APR, just $1,899/mo.` });
		expect(check.ok).toBe(true);
		expect(check.warnings.map((w) => w.code)).toEqual(['trigger-terms']);
	});
});

describe('checkTextContent (SAFE Act)', () => {
	it('wants the NMLS ID in the first text only', () => {
		expect(codes(checkTextContent('Hi Jane, Sam at Acme Mortgage (NMLS 123456). Reply STOP to opt out.', { nmlsId: '123456', firstWrittenMessage: true }))).toEqual([]);
		expect(codes(checkTextContent('Hi Jane, Sam at Acme Mortgage. Reply STOP to opt out.', { nmlsId: '123456', firstWrittenMessage: true }))).toEqual(['nmls-id-missing']);
		expect(codes(checkTextContent('Hi Jane, checking in.', { nmlsId: '123456', firstWrittenMessage: false }))).toEqual([]);
		expect(codes(checkTextContent('Sam, NMLS ID: 42424242', { firstWrittenMessage: true }))).toEqual([]);
	});
});
