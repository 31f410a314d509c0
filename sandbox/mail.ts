/**
 * The sandbox's mail: an SMTP sink and the loan officer's IMAP mailbox, both from maintained
 * libraries on loopback.
 *
 * - SMTP (smtp-server, parsed by mailparser): n8n's own Send Email node (the drip's emails, call
 *   tasks, LO alerts, the weekly scoreboard) delivers here instead of to a real mail server; the
 *   sandbox page and GET /api/mail show what was sent. No auth, no TLS; kept in a JSON file across
 *   restarts.
 * - IMAP (hoodiecrow-imap, a scriptable IMAP4rev1 test server): the LO's inbox that the email
 *   replies workflow's Email Trigger (IMAP) watches. A borrower's reply is put there with
 *   `receive()` (POST /api/email-reply); the trigger hears of it at once (IDLE). Kept in memory:
 *   the trigger only asks for what arrives after it starts.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo, Server, Socket } from 'node:net';
import hoodiecrow from 'hoodiecrow-imap';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SandboxEmail {
	id: string;
	receivedAt: string;
	from: string;
	to: string[];
	subject: string;
	/** Plain text (the text part, or the HTML part with tags removed). */
	text: string;
	html: string | null;
}

/** A borrower's email to the loan officer, as the sandbox puts it in the LO's IMAP inbox. */
export interface InboundEmail {
	from: string;
	subject: string;
	text: string;
	/** The Message-ID of the email it answers, if any. */
	inReplyTo?: string;
}

export interface MailStandIn {
	/** SMTP port n8n's Send Email node delivers to. */
	port: number;
	/** The LO's IMAP mailbox (INBOX), for n8n's IMAP credential. */
	imap: { port: number; user: string; password: string };
	mailbox(): SandboxEmail[];
	/** Puts a borrower's email in the LO's IMAP inbox; returns its Message-ID. */
	receive(email: InboundEmail): string;
	close(): Promise<void>;
}

/** Loopback only and a throwaway mailbox: a fixed login is enough. */
const IMAP_LOGIN = { user: 'lo', password: 'sandbox-mailbox' };

export async function startMailStandIn(options: {
	port: number;
	/** 0 (the default) = any free port. */
	imapPort?: number;
	dataFile: string;
	now: () => number;
	/** The LO's address: the To of borrowers' replies. */
	loEmail?: string;
}): Promise<MailStandIn> {
	const messages: SandboxEmail[] = existsSync(options.dataFile)
		? (JSON.parse(readFileSync(options.dataFile, 'utf8')) as SandboxEmail[])
		: [];
	const save = () => writeFileSync(options.dataFile, JSON.stringify(messages, null, 1));

	const smtp = new SMTPServer({
		authOptional: true,
		disabledCommands: ['AUTH', 'STARTTLS'],
		banner: 'mortgage sandbox',
		logger: false,
		// Closing waits this long for n8n's open connections, then ends them.
		closeTimeout: 1000,
		onData(stream, session, callback) {
			simpleParser(stream).then(
				(parsed) => {
					const html = typeof parsed.html === 'string' ? parsed.html.trim() : null;
					messages.push({
						id: `mail-${messages.length + 1}`,
						receivedAt: new Date(options.now()).toISOString(),
						from: addresses(parsed.from) || (session.envelope.mailFrom ? session.envelope.mailFrom.address : ''),
						to: session.envelope.rcptTo.map((recipient) => recipient.address),
						subject: parsed.subject ?? '',
						text: (parsed.text ?? (html ? html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ') : '')).trim(),
						html,
					});
					save();
					callback();
				},
				(error: Error) => callback(error),
			);
		},
	});
	await listen(smtp.server, options.port, `SMTP port ${options.port} is in use: set SANDBOX_SMTP_PORT`);

	const imap = hoodiecrow({
		plugins: ['IDLE', 'UIDPLUS', 'ENABLE', 'SPECIAL-USE'],
		users: { [IMAP_LOGIN.user]: { password: IMAP_LOGIN.password } },
		storage: { INBOX: { messages: [] } },
	});
	// n8n's trigger keeps its connection open (IDLE): closing ends it rather than wait for it.
	const imapSockets = new Set<Socket>();
	imap.server.on('connection', (socket: Socket) => {
		imapSockets.add(socket);
		socket.once('close', () => imapSockets.delete(socket));
	});
	await listen(imap.server, options.imapPort ?? 0, `IMAP port ${options.imapPort} is in use: set SANDBOX_IMAP_PORT`);
	let received = 0;

	return {
		port: (smtp.server.address() as AddressInfo).port,
		imap: { port: (imap.server.address() as AddressInfo).port, ...IMAP_LOGIN },
		mailbox: () => messages.slice(),
		receive(email) {
			const messageId = `<reply-${++received}.${Date.now()}@sandbox.local>`;
			// The IMAP trigger asks for mail SINCE the day it started, by the real clock: the
			// message's arrival date is the real time, its Date header the sandbox clock's.
			const header = (value: string) => value.replace(/[\r\n]+/g, ' ');
			const raw = [
				`From: ${header(email.from)}`,
				`To: ${header(options.loEmail ?? 'lo@sandbox.local')}`,
				`Subject: ${header(email.subject)}`,
				`Date: ${new Date(options.now()).toUTCString()}`,
				`Message-ID: ${messageId}`,
				...(email.inReplyTo ? [`In-Reply-To: ${header(email.inReplyTo)}`] : []),
				'MIME-Version: 1.0',
				'Content-Type: text/plain; charset=utf-8',
				'Content-Transfer-Encoding: 8bit',
				'',
				email.text.replace(/\r?\n/g, '\r\n'),
				'',
			].join('\r\n');
			imap.appendMessage('INBOX', [], new Date(), raw);
			return messageId;
		},
		close: async () => {
			await new Promise<void>((resolve) => smtp.close(() => resolve()));
			const closed = new Promise<void>((resolve) => imap.close(() => resolve()));
			for (const socket of imapSockets) socket.destroy();
			await closed;
		},
	};
}

function addresses(value: AddressObject | AddressObject[] | undefined): string {
	if (!value) return '';
	return (Array.isArray(value) ? value : [value]).map((entry) => entry.text).join(', ');
}

function listen(server: Server, port: number, inUse: string): Promise<void> {
	return new Promise<void>((resolve, reject) => {
		server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new Error(inUse) : error));
		server.listen(port, '127.0.0.1', () => resolve());
	});
}
