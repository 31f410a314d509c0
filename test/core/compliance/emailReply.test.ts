import fc from 'fast-check';
import { emailAddressOf, emailReplyText, replyConsent } from '../../../nodes/core';

const QUOTE = '\n\nOn Tue, Dec 1, 2026 at 10:00 AM Jordan Rivera <jordan@riverahomeloans.example>\nwrote:\n> Hi Maria, reply STOP to opt out.\n> Unsubscribe: https://n8n.example.com/webhook/mortgage-unsubscribe?lead=ld_1';

describe('email replies: the lead\'s own words', () => {
	it('leaves out the quoted original (Gmail, Apple Mail, Outlook), quoted lines and signatures', () => {
		expect(emailReplyText(`Sounds good, call me Friday.${QUOTE}`)).toBe('Sounds good, call me Friday.');
		expect(emailReplyText('Yes please\r\n\r\nOn Tue, Dec 1, 2026, Jordan wrote:\r\n> STOP')).toBe('Yes please');
		expect(emailReplyText('Thanks\n\n-----Original Message-----\nFrom: Jordan\nReply STOP')).toBe('Thanks');
		expect(emailReplyText('Thanks\n________________________________\nFrom: Jordan Rivera\nSent: Tuesday')).toBe('Thanks');
		expect(emailReplyText('Ok\n> unsubscribe\nsee you')).toBe('Ok\nsee you');
		expect(emailReplyText('Call me\n\nSent from my iPhone')).toBe('Call me');
		// A reply that starts with "On" is the lead's own.
		expect(emailReplyText('On Friday I can meet.\nThanks')).toBe('On Friday I can meet.\nThanks');
	});

	it('an unsubscribe request in the reply opts out of email; our own footer quoted below does not', () => {
		const at = '2026-12-02T15:00:00Z';
		expect(replyConsent({ channel: 'email', words: `please unsubscribe me${QUOTE}`, at, reading: 'auto' })).toMatchObject({ kind: 'opt-out', optOut: { email: true } });
		expect(replyConsent({ channel: 'email', words: `Can we talk tomorrow?${QUOTE}`, at, reading: 'auto' })).toMatchObject({ kind: 'reply', lastReplyAt: at });
		// A text is read as before: the whole body.
		expect(replyConsent({ channel: 'sms', words: 'ok\n> STOP', at, reading: 'auto' }).kind).toBe('opt-out');
	});

	it('whatever follows a quote start never changes what the reply says', () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 60 }).filter((own) => !/[\r\n>]/.test(own) && !/^(On |From: |--|_{10}|Sent from my )/i.test(own.trim())), fc.string({ maxLength: 200 }), (own, quoted) => {
				expect(emailReplyText(`${own}\n\nOn Mon, Jordan wrote:\n${quoted}`)).toBe(own.trim());
			}),
		);
	});

	it('reads the address out of a From header', () => {
		expect(emailAddressOf('Maria Lopez <Maria.Lopez@Example.com>')).toBe('maria.lopez@example.com');
		expect(emailAddressOf('maria@example.com')).toBe('maria@example.com');
		expect(emailAddressOf('"Lopez, Maria" <m@example.com>')).toBe('m@example.com');
		expect(emailAddressOf('no address here')).toBeNull();
	});
});
