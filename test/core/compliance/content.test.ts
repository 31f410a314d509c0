import { checkEmailContent, checkTextContent } from '../../../nodes/core';

const goodEmail = {
	subject: 'Your refinance options, Jane',
	body: `<p>Hi Jane, here are the options we talked about.</p>
<p>Sam Lee, Loan Officer, NMLS #123456<br>Acme Mortgage, 123 Main St, Tampa, FL 33602</p>
<p><a href="https://acme.example/unsubscribe?l=1">Unsubscribe</a></p>`,
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

	it('wants a working way to unsubscribe: a link, a merge tag or a reply instruction', () => {
		const noLink = goodEmail.body.replace(/<a [^<]*<\/a>/, '');
		expect(codes(checkEmailContent({ ...goodEmail, body: noLink }))).toEqual(['email:no-unsubscribe']);
		expect(codes(checkEmailContent({ ...goodEmail, body: `${noLink} Unsubscribe: {{unsubscribe_url}}` }))).toEqual([]);
		expect(codes(checkEmailContent({ ...goodEmail, body: `${noLink} To opt out, reply UNSUBSCRIBE.` }))).toEqual([]);
		expect(codes(checkEmailContent({ ...goodEmail, body: `${noLink} We hate to see you go, unsubscribe anytime.` }))).toEqual(['email:no-unsubscribe']);
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
