/**
 * The OpenFGA conformance suite, from OpenFGA's own cases vendored in ./openfga/ (see its README). Every case
 * must pass unless listed in known-failures.json with its reason; a listed case that now passes
 * fails the run too, so the list only shrinks.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCase, type Case } from './run-case.ts';
import { NeighbourhoodDb } from './neighbourhood-db.ts';
import knownFailures from './known-failures.json' with { type: 'json' };

const dir = fileURLToPath(new URL('./openfga/', import.meta.url));
const suites = { consolidated: 'consolidated_1_1_tests.yaml', abac: 'abac_tests.yaml' } as const;
const known = new Map(
  (knownFailures as { suite: string; name: string; reason: string }[]).map((k) => [`${k.suite}/${k.name}`, k.reason]),
);

/** Case names repeat in the suite; number the repeats so each case has one identity. */
function named(cases: Case[]): [string, Case][] {
  const seen = new Map<string, number>();
  return cases.map((c) => {
    const n = (seen.get(c.name) ?? 0) + 1;
    seen.set(c.name, n);
    return [n === 1 ? c.name : `${c.name} (${n})`, c];
  });
}

describe.each(Object.entries(suites))('openfga conformance: %s', (suite, file) => {
  const cases = named((parse(readFileSync(dir + file, 'utf8')) as { tests: Case[] }).tests);

  it('every case passes unless listed as a known failure, and no listed case passes', async () => {
    let passed = 0;
    const unexpected: string[] = [];
    const nowPassing: string[] = [];
    const db = await NeighbourhoodDb.open();
    const counts = { neighbourhood: 0, listings: 0, compact: 0 };
    for (const [name, c] of cases) {
      const failures = await runCase(c, db, counts);
      const listed = known.has(`${suite}/${name}`);
      if (failures.length === 0) {
        passed++;
        if (listed) nowPassing.push(name);
      } else if (!listed) unexpected.push(`${name}:\n  ${failures.join('\n  ')}`);
    }
    console.log(
      `${suite}: ${passed} passed, ${cases.length - passed} failed; ${counts.neighbourhood} checks and ${counts.listings} list-objects also answered from their SQL neighbourhood; ${counts.compact} answers compared through a compact snapshot`,
    );
    expect(counts.neighbourhood, 'checks cross-checked through the neighbourhood query').toBeGreaterThan(0);
    expect(counts.listings, 'list-objects cross-checked through the listing neighbourhood query').toBeGreaterThan(0);
    expect(counts.compact, 'answers cross-checked through the compact snapshot').toBeGreaterThan(0);
    expect(unexpected, 'cases failing that are not in known-failures.json').toEqual([]);
    expect(nowPassing, 'cases in known-failures.json that now pass (remove them)').toEqual([]);
  });
});
