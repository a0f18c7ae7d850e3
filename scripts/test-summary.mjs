// Prints the one closing line CI reads — `tests: N passed, M failed` — from vitest's JSON report.
// A run that executed no test, or skipped any, is a failure: skipped tests are not allowed here.
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
let passed = report.numPassedTests ?? 0;
let failed = (report.numFailedTests ?? 0) + (report.numFailedTestSuites ?? 0);
// Further files: output of `laminate model test` and the static checks' record (scripts/test.sh),
// whose last line is `N passed, M failed`; each static check counts as one test.
for (const file of process.argv.slice(3)) {
  const last = readFileSync(file, 'utf8').trim().split('\n').at(-1) ?? '';
  const match = /^(\d+) passed, (\d+) failed$/.exec(last);
  if (!match) failed += 1;
  else {
    passed += Number(match[1]);
    failed += Number(match[2]);
  }
}
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 && skipped === 0 && passed > 0 ? 0 : 1);
