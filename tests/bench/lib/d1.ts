/**
 * Local D1 state folders for `wrangler dev --persist-to`, filled from a libSQL file: the
 * migrations are applied once per bench run (`wrangler d1 migrations apply --local`, seconds of
 * CPU each time) into a template that later servers copy, then every row of the libSQL file is
 * copied into D1's SQLite file with ATTACH, with no wrangler running (the same migrations made
 * both, so the tables and their column order are the same).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { benchTemp } from './temp.ts';

/** Tables each store keeps for itself. */
const OWN = /^(sqlite_|_cf_|__drizzle_migrations$|d1_migrations$)/;

let template: string | undefined;

function migratedTemplate(): string {
  if (template) return template;
  const persist = join(benchTemp('laminate-bench-d1-template-'), 'state');
  const migrate = spawnSync('wrangler', ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persist], {
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' },
    encoding: 'utf8',
  });
  if (migrate.status !== 0) throw new Error(`wrangler d1 migrations apply failed: ${migrate.stderr.slice(-500)}`);
  template = persist;
  return persist;
}

/** D1's SQLite file inside a state folder (`<persist>/v3/d1/miniflare-D1DatabaseObject/<hash>.sqlite`). */
function d1File(persist: string): string {
  const dir = join(persist, 'v3', 'd1', 'miniflare-D1DatabaseObject');
  const files = readdirSync(dir).filter((f) => f.endsWith('.sqlite') && f !== 'metadata.sqlite');
  if (files.length !== 1)
    throw new Error(`expected one D1 database file in ${dir}, found ${files.join(', ') || 'none'}`);
  return join(dir, files[0]!);
}

/** A migrated local D1 state folder holding every row of the libSQL file `source`. */
export async function d1StateFrom(source: string): Promise<{ persist: string; ms: number }> {
  const started = performance.now();
  const persist = join(benchTemp('laminate-bench-d1-'), 'state');
  cpSync(migratedTemplate(), persist, { recursive: true });
  const client = createClient({ url: `file:${d1File(persist)}` });
  try {
    // Tables are copied in name order, children before parents: no foreign-key checks while copying.
    await client.execute('PRAGMA foreign_keys = OFF');
    await client.execute({ sql: 'ATTACH DATABASE ? AS src', args: [source] });
    const tables = await client.execute("SELECT name FROM src.sqlite_master WHERE type = 'table' ORDER BY name");
    const copies = (tables.rows as unknown as { name: string }[])
      .filter(({ name }) => !OWN.test(name))
      .map(({ name }) => `INSERT INTO main."${name}" SELECT * FROM src."${name}";`);
    await client.executeMultiple(`BEGIN;\n${copies.join('\n')}\nCOMMIT;`);
    await client.execute('DETACH DATABASE src');
  } finally {
    client.close();
  }
  return { persist, ms: performance.now() - started };
}
