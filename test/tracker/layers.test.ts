import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The layers of docs/tracker.md as a check on the import graph of nodes/ (every `import` and
 * `export ... from`, type-only ones included): nothing imports upward, the tracker layer knows no
 * n8n, and there is no import cycle.
 */
const root = path.join(__dirname, '../../nodes');

function sources(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return sources(full);
		return entry.name.endsWith('.ts') ? [full] : [];
	});
}

const files = sources(root);
const specifiers = (file: string) => [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1]);

const layerOf = (file: string) => {
	const [top] = path.relative(root, file).split(path.sep);
	return ['core', 'tracker', 'transport', 'shared'].includes(top) ? top : 'node';
};

/** The workflow templates a node bundles as data (the setup installs them): no code, no layer. */
const TEMPLATES = path.join(__dirname, '../../workflows');

function resolve(from: string, specifier: string): string | null {
	if (!specifier.startsWith('.')) return null;
	if (specifier.endsWith('.json') && path.dirname(path.resolve(path.dirname(from), specifier)) === TEMPLATES) {
		if (layerOf(from) !== 'node') throw new Error(`${path.relative(root, from)} bundles a workflow template; only a node folder may`);
		return null;
	}
	const base = path.resolve(path.dirname(from), specifier);
	for (const candidate of [`${base}.ts`, path.join(base, 'index.ts')]) if (files.includes(candidate)) return candidate;
	throw new Error(`${path.relative(root, from)} imports ${specifier}, which is not a file of nodes/`);
}

const graph = new Map(files.map((file) => [file, specifiers(file).map((s) => resolve(file, s)).filter((f): f is string => f !== null)]));
/** What each layer may import (the n8n node folders may import all of these). */
const MAY_IMPORT: Record<string, string[]> = {
	core: ['core'],
	transport: ['transport', 'shared'],
	tracker: ['tracker', 'core', 'transport'],
	shared: ['shared', 'transport', 'core', 'tracker'],
	node: ['node', 'core', 'tracker', 'transport', 'shared'],
};

describe('the layers of nodes/', () => {
	it('nothing imports upward, and no node imports another node\'s files', () => {
		const upward: string[] = [];
		for (const [file, imports] of graph) {
			for (const target of imports) {
				const from = layerOf(file);
				const to = layerOf(target);
				const otherNode = from === 'node' && to === 'node' && path.relative(root, file).split(path.sep)[0] !== path.relative(root, target).split(path.sep)[0];
				if (!MAY_IMPORT[from].includes(to) || otherNode) upward.push(`${path.relative(root, file)} -> ${path.relative(root, target)}`);
			}
		}
		expect(upward).toEqual([]);
	});

	it('the tracker layer and the core import no n8n', () => {
		const n8n = files.filter((file) => ['tracker', 'core'].includes(layerOf(file)) && specifiers(file).some((s) => s === 'n8n-workflow' || s.startsWith('n8n-')));
		expect(n8n.map((file) => path.relative(root, file))).toEqual([]);
	});

	it('has no import cycle', () => {
		const state = new Map<string, 'open' | 'done'>();
		const cycles: string[] = [];
		const visit = (file: string, trail: string[]) => {
			if (state.get(file) === 'done') return;
			if (state.get(file) === 'open') {
				cycles.push([...trail.slice(trail.indexOf(file)), file].map((f) => path.relative(root, f)).join(' -> '));
				return;
			}
			state.set(file, 'open');
			for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
			state.set(file, 'done');
		};
		for (const file of files) visit(file, []);
		expect(cycles).toEqual([]);
	});
});
