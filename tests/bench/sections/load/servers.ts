/**
 * Laminate as the product runs it, with the Northline demo seeded, on 127.0.0.1: `wrangler dev`
 * (workerd + local D1: the migrations applied by wrangler, the demo's rows copied in from a
 * seeded libSQL file, tests/bench/lib/d1.ts) or the Node server over a libSQL file. Started and stopped by the HTTP section's helpers (own process group,
 * the operator key `ADMIN_KEY`, stopped as a group even when the bench dies).
 */
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createClient } from '@libsql/client';
import { migrateLibsql } from '../../../../db/migrate-libsql.ts';
import { seedNorthline } from '../../../../db/seed/apply.ts';
import { libsqlStore } from '../../../../db/store.ts';
import { hashPassword } from '../../../../worker/auth/password.ts';
import { d1StateFrom } from '../../lib/d1.ts';
import { startNodeLibsql, startWranglerDev, type Server } from '../http/servers.ts';
import { benchTemp } from '../../lib/temp.ts';

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

/** The demo seeded into a fresh libSQL file (the migrations, then seedNorthline). */
async function seededFile(prefix: string): Promise<{ dir: string; file: string }> {
  const dir = benchTemp(prefix);
  const file = join(dir, 'laminate.db');
  const client = createClient({ url: `file:${file}` });
  try {
    await migrateLibsql(client);
    await seedNorthline(libsqlStore(client), Date.now(), hashPassword);
  } finally {
    client.close();
  }
  return { dir, file };
}

/** D1 under `wrangler dev`: the migrated template's copy, holding the rows of a seeded libSQL file. */
async function startD1(): Promise<Seeded> {
  const started = performance.now();
  const { dir, file } = await seededFile('laminate-bench-load-d1-');
  const { persist } = await d1StateFrom(file);
  const seedMs = performance.now() - started;
  const server = await serve(dir, () => startWranglerDev(persist));
  return {
    server,
    seedMs,
    stop: async () => {
      await stopping(server, dir)();
      rmSync(dirname(persist), { recursive: true, force: true });
    },
  };
}

async function startLibsql(): Promise<Seeded> {
  const started = performance.now();
  const { dir, file } = await seededFile('laminate-bench-load-libsql-');
  const seedMs = performance.now() - started;
  const server = await serve(dir, () => startNodeLibsql(file, join(dir, 'files')));
  return { server, seedMs, stop: stopping(server, dir) };
}
