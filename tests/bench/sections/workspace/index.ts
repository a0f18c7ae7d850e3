/**
 * The workspace over HTTP (issue 5): the show-day list and one day sheet, at the demo's size
 * and at a workspace 100 times larger, on D1 under `wrangler dev` and on libSQL served by Node.
 * Each reader signs in once; requests run one at a time (p50/p99) and then 8 at a time.
 */
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createClient } from '@libsql/client';
import { seedStoreSql } from '../../../../db/authz/bulk-sql.ts';
import { migrateLibsql } from '../../../../db/migrate-libsql.ts';
import { createNodeApp } from '../../../../worker/node.ts';
import { hashPassword } from '../../../../worker/auth/password.ts';
import { WORKSPACE_MODEL } from '../../../../model/workspace-model.ts';
import { DEMO_PASSWORD } from '../../../../db/seed/northline.ts';
import { freePort, startDevServer } from '../../../e2e/server.ts';
import { d1StateFrom } from '../../lib/d1.ts';
import { percentile } from '../../lib/measure.ts';
import { fmt, renderTable, type Line } from '../../lib/table.ts';
import type { Section } from '../types.ts';
import { rowsSql, scaledNorthline } from './scale.ts';
import { benchTemp } from '../../lib/temp.ts';

const SIZES = [
  { label: 'demo', factor: 1 },
  { label: '100×', factor: 100 },
] as const;
const READERS = ['ana', 'dev'] as const;
const CONCURRENCY = 8;
/** Requests timed one at a time, then at CONCURRENCY, after a warm-up (`--smoke`: a handful, at the demo's size only). */
let SEQUENTIAL = 100;
let CONCURRENT = 200;
let WARMUP = 20;

type Server = { url: string; stop: () => Promise<void> };

type Seed = {
  sql: string;
  model: { id: string; storeId: string; json: string; now: number };
  days: number;
  tuples: number;
  rows: number;
};

/**
 * One SQL script: the workspace's store (tuples and change log) and every domain row — all but
 * the model, whose JSON is longer than the 100 KB SQLite allows in one statement here: it goes
 * in through a bound parameter (`MODEL_INSERT`). Both stores are loaded from a libSQL file.
 */
async function seedScript(factor: number): Promise<Seed> {
  const now = Date.now();
  const data = scaledNorthline(now, await hashPassword(DEMO_PASSWORD), 'pending', factor);
  const store = seedStoreSql({ name: 'Northline Mgmt workspace', model: WORKSPACE_MODEL, tuples: data.tuples, now });
  data.rows.workspaces[0]!.storeId = store.storeId;
  const rows = Object.values(data.rows).reduce((n, list) => n + list.length, 0);
  const storeStatements = store.sql
    .split(/\n(?=INSERT INTO)/)
    .filter((statement) => !statement.startsWith('INSERT INTO authz_models'));
  // The store row refers to the workspace: insert the workspace first.
  const [workspaceInsert, ...rest] = rowsSql(data.rows).split(/\n(?=INSERT INTO)/);
  return {
    sql: [workspaceInsert, ...storeStatements, ...rest].join('\n'),
    model: { id: store.modelId, storeId: store.storeId, json: JSON.stringify(WORKSPACE_MODEL), now },
    days: data.rows.showDays.length,
    tuples: data.tuples.length,
    rows,
  };
}

const MODEL_INSERT =
  'INSERT INTO authz_models (id, store_id, schema_version, model, created_at) VALUES (?, ?, ?, ?, ?)';
const modelArgs = (m: Seed['model']) => [m.id, m.storeId, '1.1', m.json, m.now];

/** A migrated libSQL file holding the seed (the model through a bound parameter). */
async function seededFile({ sql, model }: Seed): Promise<string> {
  const file = join(benchTemp('laminate-bench-ws-'), 'bench.db');
  const client = createClient({ url: `file:${file}` });
  try {
    await migrateLibsql(client);
    await client.executeMultiple(sql);
    await client.execute({ sql: MODEL_INSERT, args: modelArgs(model) });
  } finally {
    client.close();
  }
  return file;
}

/** D1 under `wrangler dev`, its local database a copy of the seeded libSQL file's rows. */
async function startD1(seed: Seed): Promise<Server> {
  const { persist } = await d1StateFrom(await seededFile(seed));
  const server = await startDevServer({ persist });
  return { url: server.url, stop: () => server.dispose() };
}

async function startLibsql(seed: Seed): Promise<Server> {
  const url = `file:${await seededFile(seed)}`;
  const client = createClient({ url });
  const port = await freePort();
  const server = serve({ fetch: createNodeApp(client, { url }).fetch, port, hostname: '127.0.0.1' });
  return { url: `http://127.0.0.1:${port}`, stop: async () => void (server.close(), client.close()) };
}

async function signIn(url: string, who: string): Promise<string> {
  const response = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: `${who}@northline.test`, password: DEMO_PASSWORD }),
  });
  if (response.status !== 201) throw new Error(`${who} could not sign in: ${response.status}`);
  return response.headers.get('set-cookie')!.split(';')[0]!;
}

/** Milliseconds per request: sequential p50/p99, then requests per second at CONCURRENCY. */
async function time(
  url: string,
  cookie: string,
): Promise<{ p50: number; p99: number; perSecond: number; bytes: number; trips: number; serverMs: number }> {
  let trips = Number.NaN;
  let serverMs = Number.NaN;
  const get = async () => {
    const response = await fetch(url, { headers: { cookie } });
    if (!response.ok) throw new Error(`${url}: ${response.status} ${(await response.text()).slice(0, 300)}`);
    trips = Number(response.headers.get('laminate-db-round-trips'));
    serverMs = Number(/total;dur=([\d.]+)/.exec(response.headers.get('server-timing') ?? '')?.[1]);
    return (await response.arrayBuffer()).byteLength;
  };
  let bytes = 0;
  for (let i = 0; i < WARMUP; i++) bytes = await get();
  const samples = new Float64Array(SEQUENTIAL);
  const server = new Float64Array(SEQUENTIAL);
  for (let i = 0; i < SEQUENTIAL; i++) {
    const t = performance.now();
    await get();
    samples[i] = performance.now() - t;
    server[i] = serverMs;
  }
  samples.sort();
  server.sort();
  const sequentialTrips = trips;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < CONCURRENT) await get();
    }),
  );
  return {
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
    perSecond: CONCURRENT / ((performance.now() - started) / 1000),
    bytes,
    trips: sequentialTrips,
    serverMs: percentile(server, 50),
  };
}

export const workspaceSection: Section = {
  name: 'workspace',
  summary: 'show-day list and day sheet over HTTP, demo size and 100× larger, D1 and libSQL',
  async run(ctx) {
    if (ctx.smoke) [SEQUENTIAL, CONCURRENT, WARMUP] = [10, 16, 2];
    const lines: Line[] = [];
    const columns: string[] = [];
    const cells: Record<string, string[]> = {};
    for (const size of ctx.smoke ? SIZES.slice(0, 1) : SIZES) {
      const script = await seedScript(size.factor);
      ctx.log(`${size.label}: ${script.days} show days, ${script.rows} rows, ${script.tuples} tuples`);
      for (const [store, start] of [
        ['D1', startD1],
        ['libSQL', startLibsql],
      ] as const) {
        const server = await start(script);
        try {
          columns.push(`${store} ${size.label}${ctx.rtt ? ` +${ctx.rtt}ms` : ''}`);
          for (const who of READERS) {
            const cookie = await signIn(server.url, who);
            for (const [what, path] of [
              ['list (50)', '/api/days?limit=50'],
              ['Hamburg sheet', '/api/days/day_hamburg/sheet'],
            ] as const) {
              const t = await time(`${server.url}${path}`, cookie);
              for (const [metric, value] of [
                ['p50 ms', fmt(t.p50)],
                ['p99 ms', fmt(t.p99)],
                [`req/s ×${CONCURRENCY}`, fmt(t.perSecond)],
                ['DB round trips', String(t.trips)],
                ['Server-Timing total p50 ms', fmt(t.serverMs)],
              ] as const) {
                (cells[`${who} ${what} ${metric}`] ??= []).push(value);
              }
            }
          }
        } finally {
          await server.stop();
        }
      }
    }
    for (const [label, values] of Object.entries(cells)) lines.push({ label, cells: values });
    ctx.table(renderTable(columns, lines));
  },
};
