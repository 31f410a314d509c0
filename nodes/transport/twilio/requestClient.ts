import { AsyncLocalStorage } from 'node:async_hooks';
import http from 'node:http';
import twilio from 'twilio';

import type BaseRequestClient from 'twilio/lib/base/RequestClient';
import type Response from 'twilio/lib/http/response';

/** The idempotency key of the send in progress, carried across the twilio library's awaits. */
const idempotencyKey = new AsyncLocalStorage<string>();

/** Runs `send` with `key` sent as the I-Twilio-Idempotency-Token header of its requests. */
export function withIdempotencyKey<T>(key: string, send: () => Promise<T>): Promise<T> {
	return idempotencyKey.run(key, send);
}

/**
 * The real twilio library's HTTP client, with two additions: every request to api.twilio.com is
 * sent to `baseUrl` instead when one is set (the local stand-in; `edge`/`region` can only change
 * the twilio.com host name), and a send's idempotency key rides along as a header.
 */
export class TwilioRequestClient extends twilio.RequestClient {
	private readonly baseUrl: URL | null;

	constructor(baseUrl?: string | null, options: ConstructorParameters<typeof twilio.RequestClient>[0] = {}) {
		super({ keepAlive: true, ...options });
		this.baseUrl = baseUrl ? new URL(baseUrl) : null;
		// The library only pools HTTPS sockets; the loopback stand-in speaks plain HTTP.
		this.axios.defaults.httpAgent = new http.Agent({ keepAlive: true, maxSockets: 50 });
	}

	async request<TData>(options: BaseRequestClient.RequestOptions<TData>): Promise<Response<TData>> {
		const key = idempotencyKey.getStore();
		const headers = { ...(options.headers ?? {}) };
		if (key && options.method === 'post') headers['I-Twilio-Idempotency-Token'] = key;
		return super.request({ ...options, uri: this.rewrite(options.uri), headers });
	}

	private rewrite(uri: string): string {
		if (!this.baseUrl) return uri;
		const target = new URL(uri);
		const base = this.baseUrl.pathname.replace(/\/$/, '');
		return `${this.baseUrl.origin}${base}${target.pathname}${target.search}`;
	}
}
