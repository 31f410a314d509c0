import { sleep as n8nSleep } from 'n8n-workflow';

/**
 * Keeps one n8n process under Google's per-user quotas (60 reads and 60 writes per minute) by
 * waiting before a request would exceed them, instead of earning a 429. Shared by every execution
 * in the process for the same Google account; other processes (queue-mode workers) are covered by
 * the 429 backoff.
 */
export interface PacingLimits {
	readsPerMinute: number;
	writesPerMinute: number;
}

export const GOOGLE_USER_LIMITS: PacingLimits = { readsPerMinute: 60, writesPerMinute: 60 };
const MINUTE = 60_000;

export class QuotaPacer {
	private readonly sent: Record<'read' | 'write', number[]> = { read: [], write: [] };
	private queue: Promise<void> = Promise.resolve();

	constructor(
		private readonly limits: PacingLimits = GOOGLE_USER_LIMITS,
		private readonly now: () => number = Date.now,
		private readonly sleep: (ms: number) => Promise<void> = n8nSleep,
	) {}

	/** Resolves when one more request of this kind fits in the last minute's budget. */
	take(kind: 'read' | 'write'): Promise<void> {
		const turn = this.queue.then(() => this.wait(kind));
		this.queue = turn.catch(() => undefined);
		return turn;
	}

	private async wait(kind: 'read' | 'write'): Promise<void> {
		const limit = kind === 'read' ? this.limits.readsPerMinute : this.limits.writesPerMinute;
		const window = this.sent[kind];
		for (;;) {
			const at = this.now();
			while (window.length && window[0] <= at - MINUTE) window.shift();
			if (window.length < limit) {
				window.push(at);
				return;
			}
			await this.sleep(window[0] + MINUTE - at + 1);
		}
	}
}

const shared = new Map<string, QuotaPacer>();

/** The pacer for one Google account in this process. */
export function pacerFor(user: string): QuotaPacer {
	let pacer = shared.get(user);
	if (!pacer) shared.set(user, (pacer = new QuotaPacer()));
	return pacer;
}
