// Writes jest's totals to .data/jest-totals.json so .ci/run can print "N passed, N failed"
// without parsing jest's human-oriented summary.
const fs = require('node:fs');
const path = require('node:path');

class TotalsReporter {
	onRunComplete(_contexts, results) {
		const dir = path.join(__dirname, '..', '..', '.data');
		fs.mkdirSync(dir, { recursive: true });
		const totals = {
			passed: results.numPassedTests,
			failed: results.numFailedTests,
			// A suite that fails to load has no failed *tests*; count it so CI cannot read it as green.
			failedSuites: results.numFailedTestSuites,
			runtimeErrorSuites: results.numRuntimeErrorTestSuites,
		};
		fs.writeFileSync(path.join(dir, 'jest-totals.json'), JSON.stringify(totals) + '\n');
	}
}
module.exports = TotalsReporter;
