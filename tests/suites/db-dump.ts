/**
 * The whole database as text, for "nothing changed" assertions: every table (sqlite_schema and
 * sqlite_sequence included; D1's private `_cf_*` tables are not readable), every row in rowid
 * order, every value through SQLite's `quote()` (exact for text, numbers and blobs) — so two
 * equal dumps mean byte-for-byte equal data. One round trip, on D1 and libSQL alike (through
 * the harness's drizzle handle); a second when the schema changed since the last dump.
 */
import { sql } from 'drizzle-orm';
import type { Store } from '../../db/store.ts';

export type Dump = ReadonlyMap<string, string>;

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
const SCHEMA = `SELECT quote(type) || char(9) || quote(name) || char(9) || quote(sql) AS r FROM sqlite_schema ORDER BY name`;

/** The dump query of each store, and the schema it was written for. */
const queries = new WeakMap<Store, { schema: string; names: string[]; query: string }>();

/** Every table the store lets us read (not D1's `_cf_*`), with its columns in order; and the schema's text. */
export async function tablesOf(
  store: Store,
): Promise<{ schema: string; tables: Map<string, { columns: string[]; withoutRowid: boolean }> }> {
  const columns = await store.db.all<{ t: string; c: string; withoutRowid: number; schema: string }>(
    sql.raw(
      `SELECT m.name AS t, p.name AS c, m.sql LIKE '%WITHOUT ROWID%' AS withoutRowid, (SELECT group_concat(r, char(10)) FROM (${SCHEMA})) AS schema
       FROM sqlite_schema m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE '\\_cf\\_%' ESCAPE '\\' ORDER BY m.name, p.cid`,
    ),
  );
  const tables = new Map<string, { columns: string[]; withoutRowid: boolean }>();
  for (const { t, c, withoutRowid } of columns) {
    const table = tables.get(t) ?? { columns: [], withoutRowid: !!withoutRowid };
    table.columns.push(c);
    tables.set(t, table);
  }
  return { schema: columns[0]?.schema ?? '', tables };
}

async function dumpQuery(store: Store): Promise<{ schema: string; names: string[]; query: string }> {
  const { schema, tables } = await tablesOf(store);
  // One row, a column per table (D1 allows only a few terms in a compound SELECT).
  const dumps: [string, string][] = [['sqlite_schema', SCHEMA]];
  for (const [name, { columns: cols, withoutRowid }] of tables) {
    const row = [...(withoutRowid ? [] : ['rowid']), ...cols.map(ident)]
      .map((c) => `quote(${c})`)
      .join(' || char(9) || ');
    dumps.push([
      name,
      `SELECT ${row} AS r FROM ${ident(name)} ORDER BY ${withoutRowid ? cols.map((_, i) => i + 1).join(', ') : 'rowid'}`,
    ]);
  }
  const query = `SELECT ${dumps.map(([name, select]) => `(SELECT group_concat(r, char(10)) FROM (${select})) AS ${ident(name)}`).join(', ')}`;
  return { schema, names: dumps.map(([name]) => name), query };
}

export async function dumpTables(store: Store): Promise<Dump> {
  for (let attempt = 0; ; attempt++) {
    const cached = queries.get(store) ?? (await dumpQuery(store));
    queries.set(store, cached);
    // a query for a dropped table or column fails: dump again by the new schema
    const [row] =
      attempt === 0
        ? await store.db.all<Record<string, string | null>>(sql.raw(cached.query)).catch(() => [undefined])
        : await store.db.all<Record<string, string | null>>(sql.raw(cached.query));
    if (row && (row.sqlite_schema ?? '') === cached.schema)
      return new Map(cached.names.map((name) => [name, row[name] ?? '']));
    if (attempt > 0) throw new Error('the schema keeps changing while it is dumped');
    queries.delete(store); // a table came or went, or changed its columns
  }
}

/** The tables whose rows differ, each with its first differing row before and after; empty when equal. */
export function dumpDiff(before: Dump, after: Dump): string[] {
  const names = [...new Set([...before.keys(), ...after.keys()])].sort();
  return names.flatMap((name) => {
    const a = before.get(name);
    const b = after.get(name);
    if (a === b) return [];
    const left = (a ?? '').split('\n');
    const right = (b ?? '').split('\n');
    const at = left.findIndex((line, i) => line !== right[i]);
    const i = at === -1 ? left.length : at;
    return [
      `${name}: ${left.length} → ${right.length} rows; first difference: ${left[i] ?? '(none)'} → ${right[i] ?? '(none)'}`,
    ];
  });
}
