/**
 * Issue 14: db/authz is the only code that touches the tuples table (`authzTuples`). The
 * Worker, the model and the tools ask through its functions (db/authz/workspace-tuples.ts and
 * workspace-reads.ts for the workspace's people, roles and "Why?"). Tests may read the table
 * to prove what was written.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const CODE = ['worker', 'functions', 'model', 'db', 'bin', 'scripts', 'web/src'];
const SKIP = new Set(['node_modules', 'migrations', '.svelte-kit', 'build']);
/** Where the table may be named: db/authz, and the table's own definition. */
const ALLOWED = [/^db\/authz\//, /^db\/schema\.ts$/, /^db\/authz-schema\.ts$/];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIP.has(entry.name) ? [] : files(path);
    return /\.(ts|js|mjs|svelte)$/.test(entry.name) ? [relative(root, path)] : [];
  });
}

/** Whether `source` names the tuples table: its drizzle table or its SQL name. */
const touchesTuplesTable = (source: string) => /\bauthzTuples\b|\bauthz_tuples\b/.test(source);

describe('issue 14: db/authz is the only code that touches the tuples table', () => {
  it('no file outside db/authz names `authzTuples` (or `authz_tuples`)', () => {
    const all = CODE.flatMap((dir) => files(join(root, dir)));
    expect(all).toEqual(expect.arrayContaining(['worker/routes/workspace/people.ts', 'db/authz/tuple-reads.ts']));
    expect(
      all.filter((f) => !ALLOWED.some((a) => a.test(f)) && touchesTuplesTable(readFileSync(join(root, f), 'utf8'))),
    ).toEqual([]);
  });

  it('the check sees the table by either name', () => {
    expect(touchesTuplesTable('db.select().from(authzTuples)')).toBe(true);
    expect(touchesTuplesTable('SELECT * FROM authz_tuples')).toBe(true);
    expect(touchesTuplesTable('readTuples(db, storeId, object, relations)')).toBe(false);
  });
});
