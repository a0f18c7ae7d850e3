/**
 * The drizzle schema the code uses (db/store.ts SCHEMA, from db/all-schema.ts) and the tables
 * the migrations create are the same list, column for column. The bench's workspace section
 * once crashed on a hand-kept SCHEMA that had fallen behind the migrations (no `folders`).
 */
import { describe, expect, it } from 'vitest';
import { createClient } from '@libsql/client';
import { getTableColumns, getTableName, is } from 'drizzle-orm';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { migrateLibsql } from '../../db/migrate-libsql.ts';
import { SCHEMA } from '../../db/store.ts';
import { northlineData } from '../../db/seed/apply.ts';

/** Tables the migrators keep for themselves. */
const OWN = /^(sqlite_|__drizzle_migrations$|d1_migrations$)/;

const drizzleTables = () =>
  (Object.entries(SCHEMA) as [string, unknown][]).filter((entry): entry is [string, SQLiteTable] =>
    is(entry[1], SQLiteTable),
  );

describe('the schema the code uses is the schema the migrations create', () => {
  it('every migrated table is in SCHEMA with the same columns, and SCHEMA has no table the migrations lack', async () => {
    const client = createClient({ url: ':memory:' });
    try {
      await migrateLibsql(client);
      const migrated = new Map<string, string[]>();
      const tables = await client.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
      for (const { name } of tables.rows as unknown as { name: string }[]) {
        if (OWN.test(name)) continue;
        const columns = await client.execute(`SELECT name FROM pragma_table_info('${name}') ORDER BY name`);
        migrated.set(
          name,
          (columns.rows as unknown as { name: string }[]).map((c) => c.name),
        );
      }
      const declared = new Map(
        drizzleTables().map(([, table]) => [
          getTableName(table),
          Object.values(getTableColumns(table))
            .map((c) => c.name)
            .sort(),
        ]),
      );
      expect([...declared.keys()].sort()).toEqual([...migrated.keys()].sort());
      for (const [name, columns] of migrated) expect({ name, columns: declared.get(name) }).toEqual({ name, columns });
      expect(migrated.size).toBeGreaterThanOrEqual(30);
    } finally {
      client.close();
    }
  });

  it("every kind of row the demo seed builds names a table in SCHEMA (the bench's workspace section inserts them by that name)", () => {
    const { rows } = northlineData(Date.now(), 'hash', 'store');
    const names = new Set(drizzleTables().map(([key]) => key));
    expect(Object.keys(rows).filter((key) => !names.has(key))).toEqual([]);
    expect(Object.keys(rows)).toContain('folders');
  });
});
