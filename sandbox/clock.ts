/**
 * The sandbox clock: real time plus an offset the LO (or a test) can move forward, so "this lead
 * arrived at 22:00, the text goes out after 08:00" can be shown without waiting a night.
 *
 * The offset lives in one file (milliseconds, plain text), so it survives a restart. The nodes ask
 * for it at GET /api/clock (nodes/shared/clock.ts, through the hidden sandbox parameter the sandbox
 * workflows carry), and the stand-ins read it through `now()`, so the nodes, the Sheets stand-in
 * and the Twilio stand-in always agree.
 */
import { mkdirSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import path from 'node:path';

export interface SandboxClock {
	/** Sandbox "now" in epoch milliseconds. */
	now(): number;
	offsetMs(): number;
	/** Moves the clock forward (or back, with a negative value). */
	advance(minutes: number): void;
	/** Jumps to an instant (ISO-8601); the offset is kept from then on. */
	set(instant: string): void;
	/** Back to real time. */
	reset(): void;
}

export function createSandboxClock(file: string, realNow: () => number = Date.now): SandboxClock {
	mkdirSync(path.dirname(file), { recursive: true });
	let offset = readOffset(file);

	const write = (next: number) => {
		offset = Math.round(next);
		// Write then rename: a reader must never see half a number.
		const temp = `${file}.tmp`;
		writeFileSync(temp, String(offset));
		renameSync(temp, file);
	};

	return {
		now: () => realNow() + offset,
		offsetMs: () => offset,
		advance(minutes) {
			if (!Number.isFinite(minutes)) throw new Error('advanceMinutes must be a number of minutes');
			write(offset + minutes * 60_000);
		},
		set(instant) {
			const target = Date.parse(instant);
			if (!/^\d{4}-\d{2}-\d{2}T/.test(instant) || Number.isNaN(target)) {
				throw new Error(`set must be an ISO-8601 instant such as 2026-03-09T02:00:00Z, got "${instant}"`);
			}
			write(target - realNow());
		},
		reset: () => write(0),
	};
}

function readOffset(file: string): number {
	try {
		const value = Number(readFileSync(file, 'utf8').trim());
		return Number.isFinite(value) ? value : 0;
	} catch {
		return 0;
	}
}
