/** The part of hoodiecrow-imap (a scriptable IMAP test server, no types of its own) the sandbox uses. */
declare module 'hoodiecrow-imap' {
	import type { Server } from 'node:net';

	interface HoodiecrowOptions {
		plugins?: string[];
		users?: Record<string, { password: string }>;
		storage?: Record<string, { messages: Array<{ raw: string; flags?: string[]; internaldate?: string | Date }> }>;
		debug?: boolean;
	}

	interface HoodiecrowServer {
		server: Server;
		listen(port: number, host?: string, callback?: () => void): void;
		close(callback?: () => void): void;
		appendMessage(mailbox: string, flags: string[], internaldate: Date | string, raw: string): unknown;
	}

	function hoodiecrow(options?: HoodiecrowOptions): HoodiecrowServer;
	export = hoodiecrow;
}
