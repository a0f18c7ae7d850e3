import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runStoreTest } from '../../../bin/store-test.ts';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const read = (p: string) => readFileSync(p, 'utf8');

describe('laminate model test', () => {
  it('passes a store file whose assertions hold (checks with conditions, list objects, list users)', () => {
    expect(runStoreTest(fixture('org.fga.yaml'), read, Date.now())).toEqual({ passed: 6, failed: 0, failures: [] });
  });

  it('reports each failing assertion', () => {
    const r = runStoreTest(fixture('failing.fga.yaml'), read, Date.now());
    expect(r.failed).toBe(2);
    expect(r.failures[0]).toContain('check user:anne member organization:acme: want false, got true');
  });
});
