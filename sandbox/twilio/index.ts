import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTwilioStandIn, type TwilioStandIn, type TwilioStandInOptions } from './standIn';

export * from './standIn';
export * from './scripts';
export { twilioSignature } from '../../nodes/transport/twilio/signature';

export interface StartedTwilioStandIn {
	/** Base URL to give the Twilio credential (e.g. http://127.0.0.1:41234). */
	url: string;
	standIn: TwilioStandIn;
	close(): Promise<void>;
}

/** Runs the stand-in alone on its own port (tests, benches); the sandbox launcher composes `handle` instead. */
export async function startTwilioStandIn(
	options: TwilioStandInOptions & { port?: number; host?: string } = {},
): Promise<StartedTwilioStandIn> {
	const { port = 0, host = '127.0.0.1', ...rest } = options;
	const standIn = createTwilioStandIn(rest);
	const server = http.createServer((req, res) => {
		standIn
			.handle(req, res)
			.then((answered) => {
				if (!answered) {
					res.writeHead(404, { 'Content-Type': 'application/json' });
					res.end(JSON.stringify({ code: 20404, message: 'Not found', status: 404 }));
				}
			})
			.catch((error: Error) => {
				if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify({ code: 20500, message: error.message, status: 500 }));
			});
	});
	server.keepAliveTimeout = 5_000;
	await new Promise<void>((resolve) => server.listen(port, host, resolve));
	const address = server.address() as AddressInfo;
	return {
		url: `http://${host}:${address.port}`,
		standIn,
		close: async () => {
			await standIn.settled();
			standIn.close();
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
