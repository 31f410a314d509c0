/**
 * One build of dist/ at a time per checkout (sandbox/distLock.ts): a second stack waits for the
 * first, a lock left by a killed process is taken over, and one held too long fails by name.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { withDistLock } from '../../sandbox/distLock';

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'mortgage-distlock-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function heldBy(pid: number): void {
	mkdirSync(path.join(dir, '.dist-lock'));
	writeFileSync(path.join(dir, '.dist-lock', 'pid'), String(pid));
}

it('runs the work and leaves no lock behind, also when the work throws', () => {
	expect(withDistLock(dir, () => 42)).toBe(42);
	expect(existsSync(path.join(dir, '.dist-lock'))).toBe(false);
	expect(() => withDistLock(dir, () => { throw new Error('build failed'); })).toThrow('build failed');
	expect(existsSync(path.join(dir, '.dist-lock'))).toBe(false);
});

it('a lock whose process is gone (killed mid-build) is taken over at once', () => {
	const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
	heldBy(gone);
	expect(withDistLock(dir, () => 'built', { timeoutMs: 1000 })).toBe('built');
});

it('waits while another live process holds it, then builds', () => {
	// The holder is not this process's child (a child is a zombie until this blocked process reaps
	// it): a sleep started in the background by a shell that exits at once, as another stack would be.
	const started = Date.now();
	const holder = Number(spawnSync('sh', ['-c', 'sleep 1.5 >/dev/null 2>&1 & echo $!'], { encoding: 'utf8' }).stdout.trim());
	heldBy(holder);
	const lines: string[] = [];
	const ranAt = withDistLock(dir, () => Date.now(), { timeoutMs: 20_000, log: (line) => lines.push(line) });
	// Not before the holder's 1.5 s were over (a lower bound: a slow machine only makes it later).
	expect(ranAt - started).toBeGreaterThanOrEqual(1400);
	expect(lines).toEqual([expect.stringContaining(`waiting for another build of the pack in this folder (process ${holder})`)]);
});

it('one held past the limit fails naming the folder and its process', () => {
	heldBy(process.pid);
	expect(() => withDistLock(dir, () => 'never', { timeoutMs: 300 })).toThrow(/\.dist-lock is held by process \d+ for over 0 s/);
});
