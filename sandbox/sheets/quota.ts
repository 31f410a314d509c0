/**
 * Google's per-minute request quotas for Sheets: 60 reads and 60 writes per minute per user, 300
 * of each per minute per project. Counted over a sliding minute on the stand-in's injectable
 * clock; a request over the limit is refused with 429 and does not count.
 */
import { quotaExceeded, type ApiError } from './errors';

export interface QuotaOptions {
	readsPerMinutePerUser?: number;
	writesPerMinutePerUser?: number;
	readsPerMinutePerProject?: number;
	writesPerMinutePerProject?: number;
}

export const GOOGLE_QUOTAS: Required<QuotaOptions> = {
	readsPerMinutePerUser: 60,
	writesPerMinutePerUser: 60,
	readsPerMinutePerProject: 300,
	writesPerMinutePerProject: 300,
};

const MINUTE = 60_000;

export class QuotaMeter {
	private readonly windows = new Map<string, number[]>();
	private readonly limits: Required<QuotaOptions>;

	constructor(
		limits: QuotaOptions | false | undefined,
		private readonly now: () => number,
	) {
		this.limits = limits === false ? infinite() : { ...GOOGLE_QUOTAS, ...(limits ?? {}) };
	}

	/** Counts one request, or returns the 429 Google would send. */
	charge(user: string, kind: 'read' | 'write'): ApiError | null {
		const at = this.now();
		const metric = kind === 'read' ? 'Read requests' : 'Write requests';
		const userLimit = kind === 'read' ? this.limits.readsPerMinutePerUser : this.limits.writesPerMinutePerUser;
		const projectLimit = kind === 'read' ? this.limits.readsPerMinutePerProject : this.limits.writesPerMinutePerProject;
		const userWindow = this.window(`user:${user}:${kind}`, at);
		const projectWindow = this.window(`project:${kind}`, at);
		if (userWindow.length >= userLimit) return quotaExceeded(metric, 'user', userLimit);
		if (projectWindow.length >= projectLimit) return quotaExceeded(metric, 'project', projectLimit);
		userWindow.push(at);
		projectWindow.push(at);
		return null;
	}

	private window(key: string, at: number): number[] {
		let window = this.windows.get(key);
		if (!window) this.windows.set(key, (window = []));
		let expired = 0;
		while (expired < window.length && window[expired] <= at - MINUTE) expired++;
		if (expired) window.splice(0, expired);
		return window;
	}
}

function infinite(): Required<QuotaOptions> {
	return {
		readsPerMinutePerUser: Infinity,
		writesPerMinutePerUser: Infinity,
		readsPerMinutePerProject: Infinity,
		writesPerMinutePerProject: Infinity,
	};
}
