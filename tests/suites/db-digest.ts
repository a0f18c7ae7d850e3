/**
 * A digest of every row of every table, per table, on either store: "nothing changed" is then
 * `expect(await digest(db)).toEqual(before)`, and a failure names the table that moved.
 */
import { sql } from 'drizzle-orm';
import type { Store } from '../../db/store.ts';

/** Tables a store keeps for itself (D1's `_cf_*`, SQLite's, the migrators'). */
const OWN = /^(_cf_|sqlite_|d1_migrations$|__drizzle_migrations$|_litestream)/;

export async function tableDigests(store: Store): Promise<Record<string, string>> {
  const tables = await store.db.all<{ name: string }>(
    sql`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`,
  );
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    if (OWN.test(name)) continue;
    const rows = await store.db.all(sql.raw(`SELECT * FROM "${name}" ORDER BY rowid`));
    const bytes = new TextEncoder().encode(JSON.stringify(rows));
    const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
    out[name] = `${rows.length}:${Array.from(hash.slice(0, 12), (b) => b.toString(16).padStart(2, '0')).join('')}`;
  }
  return out;
}
