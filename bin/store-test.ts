/**
 * Runs an OpenFGA store test file (`.fga.yaml`, the format `fga model test` reads) against the
 * engine. File access is injected (`read`), so the runner itself is testable without a disk.
 */
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import {
  check,
  compileModel,
  listObjects,
  listUsers,
  MemoryTupleIndex,
  parseModel,
  parseModularModel,
  validateModel,
} from '../functions/index.ts';
import type { Context, ListedUser, ParseResult, TupleKey } from '../functions/index.ts';

type CheckItem = {
  user: string;
  object: string;
  context?: Context;
  contextual_tuples?: TupleKey[];
  assertions: Record<string, boolean>;
};
type ListObjectsItem = {
  user: string;
  type: string;
  context?: Context;
  contextual_tuples?: TupleKey[];
  assertions: Record<string, string[] | null>;
};
type ListUsersItem = {
  object: string;
  user_filter: { type: string; relation?: string }[];
  context?: Context;
  contextual_tuples?: TupleKey[];
  assertions: Record<string, { users?: string[] | null }>;
};
type TestCase = {
  name?: string;
  tuples?: TupleKey[];
  tuple_file?: string;
  check?: CheckItem[];
  list_objects?: ListObjectsItem[];
  list_users?: ListUsersItem[];
};
type StoreFile = {
  name?: string;
  model?: string;
  model_file?: string;
  tuples?: TupleKey[];
  tuple_file?: string;
  tuple_files?: string[];
  tests?: TestCase[];
};

export type StoreTestResult = { passed: number; failed: number; failures: string[] };
export type ReadFile = (path: string) => string;

const text = (u: ListedUser): string =>
  'object' in u
    ? `${u.object.type}:${u.object.id}`
    : 'wildcard' in u
      ? `${u.wildcard.type}:*`
      : `${u.userset.type}:${u.userset.id}#${u.userset.relation}`;
const same = (a: string[], b: string[]): boolean => [...a].sort().join('\n') === [...b].sort().join('\n');

function loadModel(file: StoreFile, dir: string, read: ReadFile): ParseResult {
  if (file.model !== undefined) return parseModel(file.model);
  if (file.model_file === undefined)
    return { ok: false, errors: [{ message: 'store file has neither `model` nor `model_file`', line: 0, column: 0 }] };
  const path = join(dir, file.model_file);
  if (path.endsWith('.json')) return validateModel(JSON.parse(read(path)));
  if (path.endsWith('fga.mod')) {
    const modDir = dirname(path);
    const mod = read(path);
    const files: Record<string, string> = { 'fga.mod': mod };
    const contents = (parse(mod) as { contents?: string[] }).contents ?? [];
    for (const c of contents) files[c] = read(join(modDir, c));
    return parseModularModel(files);
  }
  return parseModel(read(path));
}

/** Tuples from a `.json`, `.yaml` or `.csv` tuple file (CSV: OpenFGA CLI's column names). */
function loadTuples(path: string, read: ReadFile): TupleKey[] {
  const raw = read(path);
  if (!path.endsWith('.csv')) return (parse(raw) as TupleKey[] | null) ?? [];
  const [header, ...rows] = raw.split(/\r?\n/).filter((l) => l.trim() !== '');
  const cols = (header ?? '').split(',').map((c) => c.trim());
  return rows.map((row) => {
    const v = Object.fromEntries(row.split(',').map((x, i) => [cols[i], x.trim()]));
    const t: TupleKey = {
      user: `${v.user_type}:${v.user_id}${v.user_relation ? `#${v.user_relation}` : ''}`,
      relation: v.relation ?? '',
      object: `${v.object_type}:${v.object_id}`,
    };
    if (v.condition_name)
      t.condition = v.condition_context
        ? { name: v.condition_name, context: JSON.parse(v.condition_context) as Context }
        : { name: v.condition_name };
    return t;
  });
}

/** Runs every assertion of one store file; `now` is the clock conditions and expiry see. */
export function runStoreTest(path: string, read: ReadFile, now: number): StoreTestResult {
  const dir = dirname(path);
  const file = parse(read(path)) as StoreFile;
  const out: StoreTestResult = { passed: 0, failed: 0, failures: [] };
  const fail = (what: string): void => {
    out.failed++;
    out.failures.push(`${path}: ${what}`);
  };
  const parsed = loadModel(file, dir, read);
  if (!parsed.ok) {
    for (const e of parsed.errors)
      fail(`model error at ${e.file ? `${e.file}:` : ''}${e.line}:${e.column}: ${e.message}`);
    return out;
  }
  const model = compileModel(parsed.model);
  const shared: TupleKey[] = [...(file.tuples ?? [])];
  for (const f of [file.tuple_file, ...(file.tuple_files ?? [])]) if (f) shared.push(...loadTuples(join(dir, f), read));
  for (const [i, test] of (file.tests ?? []).entries()) {
    const name = test.name ?? `test ${i + 1}`;
    const index = new MemoryTupleIndex(parsed.model);
    const tuples = [
      ...shared,
      ...(test.tuples ?? []),
      ...(test.tuple_file ? loadTuples(join(dir, test.tuple_file), read) : []),
    ];
    for (const t of tuples) index.add(t);
    for (const c of test.check ?? []) {
      for (const [relation, want] of Object.entries(c.assertions ?? {})) {
        const res = check(model, index, {
          user: c.user,
          relation,
          object: c.object,
          context: c.context,
          contextualTuples: c.contextual_tuples,
          now,
        });
        if (!res.error && res.allowed === want) out.passed++;
        else
          fail(
            `${name}: check ${c.user} ${relation} ${c.object}: want ${String(want)}, got ${res.error ? `error ${res.error.code} ${res.error.message}` : String(res.allowed)}`,
          );
      }
    }
    for (const l of test.list_objects ?? []) {
      for (const [relation, want] of Object.entries(l.assertions ?? {})) {
        const res = listObjects(model, index, {
          user: l.user,
          relation,
          type: l.type,
          context: l.context,
          contextualTuples: l.contextual_tuples,
          now,
        });
        if (!res.error && same(res.objects, want ?? [])) out.passed++;
        else
          fail(
            `${name}: list objects ${l.user} ${relation} ${l.type}: want ${JSON.stringify(want ?? [])}, got ${res.error ? `error ${res.error.code} ${res.error.message}` : JSON.stringify(res.objects)}`,
          );
      }
    }
    for (const l of test.list_users ?? []) {
      for (const [relation, want] of Object.entries(l.assertions ?? {})) {
        const res = listUsers(model, index, {
          object: l.object,
          relation,
          userFilters: l.user_filter ?? [],
          context: l.context,
          contextualTuples: l.contextual_tuples,
          now,
        });
        const got = res.users.map(text);
        if (!res.error && same(got, want?.users ?? [])) out.passed++;
        else
          fail(
            `${name}: list users ${l.object} ${relation}: want ${JSON.stringify(want?.users ?? [])}, got ${res.error ? `error ${res.error.code} ${res.error.message}` : JSON.stringify(got)}`,
          );
      }
    }
  }
  return out;
}
