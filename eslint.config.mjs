import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

// Self-hosted first: the pack has runtime dependencies (Sheets and Twilio clients, phone and ZIP
// data), so it uses the node-cli config without n8n Cloud support (package.json n8n.strict=false).
export default [
	// Tests, benchmarks and the local stand-ins are not shipped in the package.
	{ ignores: ['test/**', 'sandbox/**', 'docker/**', 'workflows/**', 'jest.config.js', '.data/**'] },
	...configWithoutCloudSupport,
	{
		files: ['package.json'],
		rules: {
			// By design (see README "Why this pack has dependencies"): libphonenumber-js, ZIP and
			// time-zone data, the Google Sheets and Twilio clients are installed with the pack on the
			// user's self-hosted n8n.
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
			// `overrides` only shapes this repository's dev install (n8n 1.123.x on Node 20 needs
			// isolated-vm 5 and an npm-registry xlsx); it has no effect on users' installs.
			'@n8n/community-nodes/no-overrides-field': 'off',
		},
	},
];
