/**
 * The sandbox's mail stand-in (sandbox/mail.ts) with the clients n8n itself uses: nodemailer (the
 * Send Email node) into the SMTP sink, and @n8n/imap (the Email Trigger (IMAP)) on the loan
 * officer's mailbox.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startMailStandIn, type MailStandIn } from '../../sandbox/mail';

// The dev n8n's own copies: the versions n8n sends and reads mail with.
const N8N_MODULES = path.resolve(__dirname, '../../dev/.n8n/node_modules');
/* eslint-disable @typescript-eslint/no-require-imports */
const nodemailer = require(path.join(N8N_MODULES, 'nodemailer')) as {
	createTransport(options: object): { sendMail(message: object): Promise<unknown>; close(): void };
};
const imap = require(path.join(N8N_MODULES, '@n8n/imap')) as {
	connect(options: object): Promise<{
		openBox(name: string): Promise<unknown>;
		search(criteria: unknown[], fetch: object): Promise<Array<{ parts: Array<{ which: string; body: string }> }>>;
		end(): void;
	}>;
};

let dir: string;
let mail: MailStandIn;

beforeEach(async () => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'mail-stand-in-'));
	mail = await startMailStandIn({ port: 0, dataFile: path.join(dir, 'mail.json'), now: () => Date.parse('2026-12-02T15:00:00Z'), loEmail: 'lo@example.com' });
});
afterEach(async () => {
	await mail.close();
	rmSync(dir, { recursive: true, force: true });
});

describe('sandbox mail', () => {
	it('keeps what n8n sends (text and HTML parts, encoded headers), in order, across a restart', async () => {
		const transport = nodemailer.createTransport({ host: '127.0.0.1', port: mail.port, secure: false, ignoreTLS: true });
		await transport.sendMail({ from: 'lo@example.com', to: 'maria@example.com', subject: 'Préstamo: ¿hablamos?', text: 'Hola María\n.\nBye', html: '<p>Hola <b>María</b></p>' });
		await transport.sendMail({ from: 'lo@example.com', to: ['a@example.com', 'b@example.com'], subject: 'HTML only', html: '<p>Just <i>HTML</i></p>' });
		transport.close();
		expect(mail.mailbox()).toEqual([
			expect.objectContaining({ id: 'mail-1', receivedAt: '2026-12-02T15:00:00.000Z', to: ['maria@example.com'], subject: 'Préstamo: ¿hablamos?', text: 'Hola María\n.\nBye', html: '<p>Hola <b>María</b></p>' }),
			expect.objectContaining({ id: 'mail-2', to: ['a@example.com', 'b@example.com'], subject: 'HTML only', text: 'Just HTML', html: '<p>Just <i>HTML</i></p>' }),
		]);
		await mail.close();
		mail = await startMailStandIn({ port: 0, dataFile: path.join(dir, 'mail.json'), now: () => 0 });
		expect(mail.mailbox().map((message) => message.subject)).toEqual(['Préstamo: ¿hablamos?', 'HTML only']);
	});

	it("puts a borrower's reply in the loan officer's IMAP inbox, where n8n's IMAP client finds it", async () => {
		const connection = await imap.connect({ imap: { user: mail.imap.user, password: mail.imap.password, host: '127.0.0.1', port: mail.imap.port, tls: false, authTimeout: 5000 } });
		await connection.openBox('INBOX');
		const messageId = mail.receive({ from: 'Maria Lopez <maria@example.com>', subject: 'Re: Your home loan', text: 'please unsubscribe me\n> quoted' });
		const found = await connection.search(['UNSEEN'], { bodies: [''], markSeen: false });
		connection.end();
		expect(found).toHaveLength(1);
		const raw = found[0].parts[0].body;
		expect(raw).toContain('From: Maria Lopez <maria@example.com>');
		expect(raw).toContain('To: lo@example.com');
		expect(raw).toContain(`Message-ID: ${messageId}`);
		expect(raw).toContain('please unsubscribe me\r\n> quoted');
	});
});
