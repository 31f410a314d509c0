import { config } from '@n8n/node-cli/eslint';

// n8n Cloud rules (node-cli's default config): the pack has no runtime dependencies and uses
// nothing n8n Cloud refuses (README "Why the pack has no dependencies"). package.json keeps
// n8n.strict=false only because this file adds the ignores below, which strict mode forbids.
export default [
	// Tests, benchmarks, the local stand-ins and the dev tooling are not shipped in the package.
	{ ignores: ['test/**', 'sandbox/**', 'docker/**', 'workflows/**', 'sheets-templates/*.ts', 'scripts/**', 'dev/**', 'jest.config.js', '.data/**'] },
	...config,
];
