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

/** A small seeded PRNG so generated bench data is the same on every run. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
