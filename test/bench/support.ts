/** Helpers shared by the benchmarks: one JSON line per figure, so scripts can read them. */
export interface BenchLine {
	bench: string;
	value: number;
	unit: string;
	target?: string;
	[extra: string]: unknown;
}

export function report(line: BenchLine): void {
	process.stdout.write(JSON.stringify(line) + '\n');
}

/** Runs `fn` once to warm up, then `runs` times, and returns the best time in milliseconds. */
export function bestOf(runs: number, fn: () => void): number {
	fn();
	let best = Infinity;
	for (let i = 0; i < runs; i++) {
		const start = process.hrtime.bigint();
		fn();
		best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
	}
	return best;
}

/** A small seeded PRNG so generated bench data is the same on every run (the one the Sheets stand-in's faults use). */
export { seededRandom } from '../../sandbox/sheets';
