/**
 * Laminate as the product runs it, with the Northline demo seeded, on 127.0.0.1: `wrangler dev`
 * (workerd + local D1, migrations applied by wrangler as `npm start` does) or the Node server
 * over a libSQL file. Started and stopped by the HTTP section's helpers (own process group,
 * the operator key `ADMIN_KEY`, stopped as a group even when the bench dies).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { migrateLibsql } from '../../../../db/migrate-libsql.ts';
import { seedNorthline } from '../../../../db/seed/apply.ts';
import { libsqlStore } from '../../../../db/store.ts';
import { hashPassword } from '../../../../worker/auth/password.ts';
import { seedLocal } from '../../../../scripts/seed.ts';
import { startNodeLibsql, startWranglerDev, type Server } from '../http/servers.ts';

export const SERVERS = {
  d1: { label: 'D1 (wrangler dev)', start: startD1 },
  libsql: { label: 'libSQL (Node)', start: startLibsql },
} as const;
export type ServerName = keyof typeof SERVERS;

/** A running server and its data; `stop` stops it and deletes the data (the log stays). */
export interface Seeded {
  server: Server;
  seedMs: number;
  stop(): Promise<void>;
}

const stopping = (server: Server, dir: string) => async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
};

async function serve(dir: string, start: () => Promise<Server>): Promise<Server> {
  try {
    return await start();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

async function startD1(): Promise<Seeded> {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'laminate-bench-load-d1-'));
  const persist = join(dir, 'state');
  const migrate = spawnSync('wrangler', ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persist], {
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' },
    encoding: 'utf8',
  });
  if (migrate.status !== 0) throw new Error(`wrangler d1 migrations apply failed: ${migrate.stderr.slice(-500)}`);
  // seedLocal seeds libSQL instead when LIBSQL_URL is set: this server is the D1 one.
  const libsqlUrl = process.env.LIBSQL_URL;
  delete process.env.LIBSQL_URL;
  try {
    await seedLocal({ persistTo: persist });
  } finally {
    if (libsqlUrl !== undefined) process.env.LIBSQL_URL = libsqlUrl;
  }
  const seedMs = performance.now() - started;
  const server = await serve(dir, () => startWranglerDev(persist));
  return { server, seedMs, stop: stopping(server, dir) };
}

async function startLibsql(): Promise<Seeded> {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'laminate-bench-load-libsql-'));
  const file = join(dir, 'laminate.db');
  const client = createClient({ url: `file:${file}` });
  try {
    await migrateLibsql(client);
    await seedNorthline(libsqlStore(client), Date.now(), hashPassword);
  } finally {
    client.close();
  }
  const seedMs = performance.now() - started;
  const server = await serve(dir, () => startNodeLibsql(file, join(dir, 'files')));
  return { server, seedMs, stop: stopping(server, dir) };
}
