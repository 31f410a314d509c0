/**
 * A loopback SMTP sink for the sandbox: n8n's own Send Email node (the drip's emails, LO alerts,
 * the weekly scoreboard) delivers here instead of to a real mail server, and the sandbox page
 * shows the mailbox. It speaks just enough SMTP for nodemailer (EHLO, MAIL, RCPT, DATA, QUIT), has
 * no auth and no TLS, and keeps the messages in a JSON file across restarts.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

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

export interface MailStandIn {
	port: number;
	mailbox(): SandboxEmail[];
	close(): Promise<void>;
}

export async function startMailStandIn(options: {
	port: number;
	dataFile: string;
	now: () => number;
}): Promise<MailStandIn> {
	const messages: SandboxEmail[] = existsSync(options.dataFile)
		? (JSON.parse(readFileSync(options.dataFile, 'utf8')) as SandboxEmail[])
		: [];
	const save = () => writeFileSync(options.dataFile, JSON.stringify(messages, null, 1));

	const server = createServer((socket) => converse(socket, (raw, envelope) => {
		messages.push(parseMessage(raw, envelope, `mail-${messages.length + 1}`, new Date(options.now()).toISOString()));
		save();
	}));
	await new Promise<void>((resolve, reject) => {
		server.once('error', (error: NodeJS.ErrnoException) =>
			reject(error.code === 'EADDRINUSE' ? new Error(`SMTP port ${options.port} is in use: set SANDBOX_SMTP_PORT`) : error),
		);
		server.listen(options.port, '127.0.0.1', () => resolve());
	});
	return {
		port: (server.address() as AddressInfo).port,
		mailbox: () => messages.slice(),
		close: () => closeServer(server),
	};
}

function converse(socket: Socket, deliver: (raw: string, envelope: { from: string; to: string[] }) => void): void {
	let buffer = '';
	let inData = false;
	let data: string[] = [];
	let envelope = { from: '', to: [] as string[] };
	const say = (line: string) => socket.write(`${line}\r\n`);
	say('220 sandbox.local ESMTP mortgage sandbox');
	socket.setEncoding('utf8');
	socket.on('error', () => socket.destroy());
	socket.on('data', (chunk: string) => {
		buffer += chunk;
		let newline: number;
		while ((newline = buffer.indexOf('\r\n')) >= 0) {
			const line = buffer.slice(0, newline);
			buffer = buffer.slice(newline + 2);
			if (inData) {
				if (line === '.') {
					inData = false;
					deliver(data.join('\r\n'), envelope);
					data = [];
					envelope = { from: '', to: [] };
					say('250 OK: queued');
				} else {
					data.push(line.startsWith('..') ? line.slice(1) : line);
				}
				continue;
			}
			const verb = line.slice(0, 4).toUpperCase();
			if (verb === 'EHLO') {
				say('250-sandbox.local');
				say('250-8BITMIME');
				say('250 SMTPUTF8');
			} else if (verb === 'HELO') say('250 sandbox.local');
			else if (verb === 'MAIL') {
				envelope.from = addressIn(line);
				say('250 OK');
			} else if (verb === 'RCPT') {
				envelope.to.push(addressIn(line));
				say('250 OK');
			} else if (verb === 'DATA') {
				inData = true;
				say('354 End data with <CR><LF>.<CR><LF>');
			} else if (verb === 'RSET') {
				envelope = { from: '', to: [] };
				say('250 OK');
			} else if (verb === 'NOOP') say('250 OK');
			else if (verb === 'QUIT') {
				say('221 Bye');
				socket.end();
			} else say('502 Command not implemented');
		}
	});
}

function addressIn(line: string): string {
	const match = /<([^>]*)>/.exec(line);
	return match ? match[1] : line.split(':').slice(1).join(':').trim();
}

/** Just enough MIME: headers, multipart parts, quoted-printable and base64 bodies. */
export function parseMessage(
	raw: string,
	envelope: { from: string; to: string[] },
	id: string,
	receivedAt: string,
): SandboxEmail {
	const { headers, body } = splitHeaders(raw);
	const parts = partsOf(headers, body);
	const text = parts.find((part) => part.type.startsWith('text/plain'))?.content ?? null;
	const html = parts.find((part) => part.type.startsWith('text/html'))?.content ?? null;
	return {
		id,
		receivedAt,
		from: decodeWords(headers.from ?? envelope.from),
		to: envelope.to,
		subject: decodeWords(headers.subject ?? ''),
		text: (text ?? (html ? html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim() : '')).trim(),
		html,
	};
}

function splitHeaders(raw: string): { headers: Record<string, string>; body: string } {
	const end = raw.indexOf('\r\n\r\n');
	const head = end < 0 ? raw : raw.slice(0, end);
	const body = end < 0 ? '' : raw.slice(end + 4);
	const headers: Record<string, string> = {};
	let last = '';
	for (const line of head.split('\r\n')) {
		if (/^\s/.test(line) && last) headers[last] += ` ${line.trim()}`;
		else {
			const colon = line.indexOf(':');
			if (colon < 0) continue;
			last = line.slice(0, colon).trim().toLowerCase();
			headers[last] = line.slice(colon + 1).trim();
		}
	}
	return { headers, body };
}

function partsOf(headers: Record<string, string>, body: string): Array<{ type: string; content: string }> {
	const type = (headers['content-type'] ?? 'text/plain').toLowerCase();
	const boundary = /boundary="?([^";]+)"?/i.exec(headers['content-type'] ?? '')?.[1];
	if (type.startsWith('multipart/') && boundary) {
		return body
			.split(`--${boundary}`)
			.slice(1)
			.filter((chunk) => !chunk.startsWith('--'))
			.flatMap((chunk) => {
				const part = splitHeaders(chunk.replace(/^\r\n/, ''));
				return partsOf(part.headers, part.body);
			});
	}
	const encoding = (headers['content-transfer-encoding'] ?? '').toLowerCase();
	let content = body;
	if (encoding === 'base64') content = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
	else if (encoding === 'quoted-printable') {
		content = Buffer.from(
			body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
			'latin1',
		).toString('utf8');
	}
	return [{ type, content }];
}

/** RFC 2047 encoded words (=?UTF-8?Q?...?= / =?UTF-8?B?...?=) in headers. */
function decodeWords(value: string): string {
	return value.replace(/=\?([^?]+)\?([QB])\?([^?]*)\?=/gi, (_, _charset: string, kind: string, text: string) =>
		kind.toUpperCase() === 'B'
			? Buffer.from(text, 'base64').toString('utf8')
			: Buffer.from(
					text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (__, hex: string) => String.fromCharCode(parseInt(hex, 16))),
					'latin1',
				).toString('utf8'),
	);
}

function closeServer(server: Server): Promise<void> {
	return new Promise((resolve) => server.close(() => resolve()));
}
