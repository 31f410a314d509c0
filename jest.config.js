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
	reporters: ['default', '<rootDir>/test/support/totals-reporter.js'],
	testTimeout: 30000,
};
