import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';

/**
 * The one place the node layer reads the clock. Nodes read it once per execution and pass the
 * instant to the core as data ("time is data").
 *
 * Precedence: the node's own "Now" parameter (tests, back-fills), else the real time plus the
 * sandbox clock offset. The offset exists only in the local sandbox (`npm start`, e2e tests): the
 * launcher sets MORTGAGE_FOLLOWUP_SANDBOX_CLOCK_FILE for its n8n and writes the offset in
 * milliseconds there when the sandbox clock is advanced, so "wait until 08:00" can be shown
 * without waiting. A user's n8n never sets it.
 */
export const SANDBOX_CLOCK_FILE_ENV = 'MORTGAGE_FOLLOWUP_SANDBOX_CLOCK_FILE';

export function currentInstant(nowOverride?: unknown): string {
	if (typeof nowOverride === 'string' && nowOverride.trim() !== '') {
		const parsed = DateTime.fromISO(nowOverride.trim(), { setZone: true });
		if (!parsed.isValid) {
			throw new Error(`"Now" must be an ISO-8601 date-time such as 2026-03-08T14:30:00Z, got "${nowOverride}"`);
		}
		return parsed.toUTC().toISO() as string;
	}
	return new Date(Date.now() + sandboxClockOffsetMs()).toISOString();
}

function sandboxClockOffsetMs(): number {
	const file = process.env[SANDBOX_CLOCK_FILE_ENV];
	if (!file) return 0;
	try {
		const offset = Number(readFileSync(file, 'utf8').trim());
		return Number.isFinite(offset) ? offset : 0;
	} catch {
		return 0; // no file yet: the sandbox clock has not been moved
	}
}
