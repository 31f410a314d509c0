/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		// Type errors are caught once by `npm run typecheck` (part of `npm test`), so ts-jest only
		// transpiles: much faster on the 2-core CI machine.
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json', isolatedModules: true }],
	},
	// n8n's own packages (n8n-core's request helpers, n8n-nodes-base's credential classes) come from
	// the dev n8n (dev/.n8n, not a dependency of the pack), and n8n-workflow from the same install, so
	// the nodes under test and n8n-core share one n8n-workflow (its error classes, instanceof).
	moduleNameMapper: {
		'^(n8n-core|n8n-nodes-base|n8n-workflow)(/.*)?$': '<rootDir>/dev/.n8n/node_modules/$1$2',
	},
	reporters: ['default', '<rootDir>/test/support/totals-reporter.js'],
	testTimeout: 30000,
};
