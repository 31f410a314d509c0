/**
 * One build of dist/ at a time per checkout. `npm start` and each e2e stack build the pack and copy
 * dist/ into their n8n; two at once (an `npm start` beside `npm test`, two test runs) copied a
 * dist/ the other was rewriting, so n8n could not load the pack's nodes and the speed-to-lead
 * workflow never switched on (its webhook stayed a 404). A lock folder (mkdir is atomic) holds the
 * owner's pid, so a lock left by a killed process is taken over instead of waited on forever.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const pause = new Int32Array(new SharedArrayBuffer(4));

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** Runs `work` holding the checkout's dist lock; waits (up to `timeoutMs`) while another process holds it. */
export function withDistLock<T>(projectDir: string, work: () => T, { timeoutMs = 600_000, log }: { timeoutMs?: number; log?: (line: string) => void } = {}): T {
	const lock = path.join(projectDir, '.dist-lock');
	const deadline = Date.now() + timeoutMs;
	let said = false;
	for (;;) {
		try {
			mkdirSync(lock);
			writeFileSync(path.join(lock, 'pid'), String(process.pid));
			break;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		}
		let owner = NaN;
		try {
			owner = Number(readFileSync(path.join(lock, 'pid'), 'utf8'));
		} catch {
			// Just made, its pid not written yet: wait for it like any other owner.
		}
		if (Number.isInteger(owner) && owner > 0 && !alive(owner)) {
			rmSync(lock, { recursive: true, force: true });
			continue;
		}
		if (Date.now() > deadline) throw new Error(`${lock} is held by process ${owner} for over ${Math.round(timeoutMs / 1000)} s: remove the folder if that process is gone`);
		if (!said) log?.(`sandbox: waiting for another build of the pack in this folder (process ${owner}) to finish...`);
		said = true;
		Atomics.wait(pause, 0, 0, 250);
	}
	try {
		return work();
	} finally {
		rmSync(lock, { recursive: true, force: true });
	}
}
