/**
 * Prints each failing conformance case with its failures (a debugging aid beside the test):
 *   tsx tests/conformance/report.ts [consolidated|abac] [filter-substring]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { runCase, type Case } from './run-case.ts';

const dir = fileURLToPath(new URL('./openfga/', import.meta.url));
const [suite = 'consolidated', filter = ''] = process.argv.slice(2);
const file = suite === 'abac' ? 'abac_tests.yaml' : 'consolidated_1_1_tests.yaml';
const cases = (parse(readFileSync(dir + file, 'utf8')) as { tests: Case[] }).tests;
let failed = 0;
for (const c of cases) {
  const f = (await runCase(c)).filter((x) => x.includes(filter));
  if (f.length === 0) continue;
  failed++;
  console.log(`${c.name}\n  ${f.join('\n  ')}`);
}
console.log(`${suite}: ${cases.length - failed} passed, ${failed} failed`);
