/**
 * Laminate's command line.
 *   laminate model test <file.fga.yaml>...   run OpenFGA store test files against the engine
 * Prints each failure, then `N passed, M failed`; exits 1 when anything failed.
 */
import { readFileSync } from 'node:fs';
import { runStoreTest } from './store-test.ts';

const usage = 'usage: laminate model test <file.fga.yaml>...';

function main(argv: string[]): number {
  const [group, command, ...files] = argv;
  if (group !== 'model' || command !== 'test' || files.length === 0) {
    console.error(usage);
    return 2;
  }
  let passed = 0;
  let failed = 0;
  for (const file of files) {
    try {
      const r = runStoreTest(file, (p) => readFileSync(p, 'utf8'), Date.now());
      passed += r.passed;
      failed += r.failed;
      for (const f of r.failures) console.log(`FAIL ${f}`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${file}: ${(e as Error).message}`);
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
