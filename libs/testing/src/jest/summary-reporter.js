// Prints the plain closing line CI reads ("N passed, N failed") and writes the
// counts for scripts/test.mjs, which adds the lint and type-check steps.
const fs = require('node:fs');
const path = require('node:path');

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const summary = { passed: results.numPassedTests, failed, skipped: results.numPendingTests + results.numTodoTests };
    const out = process.env.TRAMITES_JEST_SUMMARY;
    if (out) {
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, JSON.stringify(summary));
    } else {
      process.stdout.write(`${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped\n`);
    }
  }
}
module.exports = SummaryReporter;
