/**
 * Loads the Google Sheets and Twilio stand-ins (sandbox/sheets, sandbox/twilio) by dynamic import,
 * so the sandbox server still starts, with a clear message, when one of them is missing or broken.
 * The shapes below are what the server uses of them; each stand-in owns the rest.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface SheetsStandIn {
	handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
	readTab(spreadsheetId: string, title: string): unknown;
	/** Writes its data file now (it is otherwise written shortly after each change). */
	flush(): void;
	[more: string]: unknown;
}

export interface OutboxMessage {
	sid?: string;
	to?: string;
	from?: string;
	body?: string;
	status?: string;
	[field: string]: unknown;
}

export interface TwilioStandIn {
	handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
	outbox(): OutboxMessage[] | Promise<OutboxMessage[]>;
	sendInbound(message: { from: string; to: string; body: string }): unknown;
	setInboundWebhookUrl(url: string): void;
	addMessagingService(service: { friendlyName: string; numbers?: string[]; a2pRegistered?: boolean }): string;
	/** Writes its data file now (it is otherwise written shortly after each change). */
	flush(): void;
	[more: string]: unknown;
}

export interface SheetsStandInOptions {
	now: () => number;
	dataFile: string;
	[more: string]: unknown;
}

export interface TwilioStandInOptions {
	now: () => number;
	dataFile: string;
	accountSid: string;
	authToken: string;
	latencyMs: number;
	inboundWebhookUrl?: string;
	[more: string]: unknown;
}

export type Loaded<T> = { ok: true; standIn: T } | { ok: false; reason: string };

export async function loadSheetsStandIn(options: SheetsStandInOptions): Promise<Loaded<SheetsStandIn>> {
	return load('Google Sheets', './sheets/index', 'createSheetsStandIn', options) as Promise<Loaded<SheetsStandIn>>;
}

export async function loadTwilioStandIn(options: TwilioStandInOptions): Promise<Loaded<TwilioStandIn>> {
	return load('Twilio', './twilio/index', 'createTwilioStandIn', options) as Promise<Loaded<TwilioStandIn>>;
}

async function load(
	label: string,
	modulePath: string,
	factory: string,
	options: object,
): Promise<Loaded<unknown>> {
	let module: Record<string, unknown>;
	try {
		module = (await import(modulePath)) as Record<string, unknown>;
	} catch (error) {
		return {
			ok: false,
			reason: `the ${label} stand-in (sandbox/${modulePath.slice(2)}.ts) could not be loaded: ${(error as Error).message.split('\n')[0]}`,
		};
	}
	const create = module[factory];
	if (typeof create !== 'function') {
		return { ok: false, reason: `sandbox/${modulePath.slice(2)}.ts does not export ${factory}()` };
	}
	try {
		return { ok: true, standIn: await (create as (o: object) => unknown)(options) };
	} catch (error) {
		return { ok: false, reason: `the ${label} stand-in failed to start: ${(error as Error).message}` };
	}
}
