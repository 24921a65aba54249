// Adds up the JSON reports of vitest and Playwright into one closing line,
// "N passed, N failed", and exits non-zero if anything failed or did not run.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir = 'test-results', stepFailures = '0'] = process.argv.slice(2);
let passed = 0;
let failed = Number(stepFailures);
let skipped = 0;

for (const name of ['unit.json', 'integration.json']) {
  const file = join(dir, name);
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0);
  skipped += report.numPendingTests + report.numTodoTests;
  // A file that failed to load counts as a failure even though no test in it ran.
  failed += report.testResults.filter((file) => file.status === 'failed' && file.assertionResults.length === 0).length;
}

const e2e = join(dir, 'e2e.json');
if (existsSync(e2e)) {
  const { stats, errors } = JSON.parse(readFileSync(e2e, 'utf8'));
  passed += stats.expected;
  failed += stats.unexpected + stats.flaky + (errors?.length ?? 0);
  skipped += stats.skipped;
}

if (passed + failed === 0) failed = 1; // running nothing is a failure
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
