import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { getPlatformProxy } from 'wrangler';
import { startDevServer, type RunningServer } from './server.ts';
import { workspaceStoreId } from './operator.ts';

type Row = Record<string, unknown>;

const WRITES = 120;
const TUPLES_PER_WRITE = 5;
const TOGGLES = 60;
const CONCURRENCY = 16;
const VELLUMS_EVENTS = [
  'ev_amsterdam',
  'ev_antwerp',
  'ev_cologne',
  'ev_hamburg',
  'ev_copenhagen',
  'ev_oslo',
  'ev_stockholm',
  'ev_warsaw',
];

const burstTuple = (i: number, j: number) => ({
  object: `travel_item:burst-${i}-${j}`,
  relation: 'passenger',
  user: 'user:per_dev',
});

async function signInAna(server: RunningServer): Promise<{ cookie: string; csrf: string }> {
  const response = await fetch(`${server.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: 'ana@northline.test', password: 'laminate-demo' }),
  });
  const body = (await response.json()) as { csrfToken: string };
  return { cookie: response.headers.get('set-cookie')!.split(';')[0]!, csrf: body.csrfToken };
}

/** Reads the local D1 the dev server wrote, with the server stopped. */
async function readDatabase(
  persist: string,
): Promise<{ query: (sql: string, ...args: unknown[]) => Promise<Row[]>; dispose: () => Promise<void> }> {
  const proxy = await getPlatformProxy<{ DB: D1Database }>({ persist: { path: join(persist, 'v3') } });
  return {
    query: async (sql, ...args) =>
      (
        await proxy.env.DB.prepare(sql)
          .bind(...args)
          .all()
      ).results as Row[],
    dispose: () => proxy.dispose(),
  };
}

describe('faults: the dev server killed during a burst of writes', () => {
  it('R8: every batch lands whole or not at all; the change log is gap-free and replays to the tuples; rows agree with their tuples', async () => {
    const server = await startDevServer();
    let restarted: RunningServer | undefined;
    try {
      const storeId = await workspaceStoreId(server.url, server.adminKey);
      const ana = await signInAna(server);
      const acknowledged = new Set<number>();
      const jobs: (() => Promise<void>)[] = [];
      for (let i = 0; i < WRITES; i++) {
        jobs.push(async () => {
          const response = await fetch(`${server.url}/stores/${storeId}/write`, {
            method: 'POST',
            headers: { authorization: `Bearer ${server.adminKey}`, 'content-type': 'application/json' },
            body: JSON.stringify({
              writes: { tuple_keys: Array.from({ length: TUPLES_PER_WRITE }, (_, j) => burstTuple(i, j)) },
            }),
          });
          if (response.ok) acknowledged.add(i);
        });
        if (i < TOGGLES) {
          const event = VELLUMS_EVENTS[i % VELLUMS_EVENTS.length]!;
          jobs.push(async () => {
            await fetch(`${server.url}/api/events/${event}`, {
              method: 'PATCH',
              headers: { cookie: ana.cookie, 'x-csrf-token': ana.csrf, 'content-type': 'application/json' },
              body: JSON.stringify({ status: i % 2 === 0 ? 'tentative' : 'confirmed' }),
            });
          });
        }
      }
      let next = 0;
      let sent = 0;
      const workers = Array.from({ length: CONCURRENCY }, async () => {
        while (next < jobs.length) {
          const job = jobs[next++]!;
          sent++;
          await job().catch(() => undefined);
        }
      });
      // Kill the whole process group (wrangler and its workerd) while writes are in flight.
      while (sent < jobs.length * 0.4) await new Promise((resolve) => setTimeout(resolve, 5));
      const sentAtKill = sent;
      const acknowledgedAtKill = acknowledged.size;
      await server.stop('SIGKILL');
      await Promise.all(workers);
      console.log(
        `faults: killed after ${sentAtKill} of ${jobs.length} requests were sent (${acknowledgedAtKill} tuple writes acknowledged by then, ${acknowledged.size} in all)`,
      );

      const db = await readDatabase(server.persist);
      try {
        const [store] = await db.query('SELECT revision FROM authz_stores WHERE id = ?', storeId);
        const revisions = (
          await db.query('SELECT DISTINCT revision FROM authz_changes WHERE store_id = ? ORDER BY revision', storeId)
        ).map((r) => Number(r.revision));
        expect(revisions).toEqual(Array.from({ length: Number(store!.revision) }, (_, k) => k + 1));

        const replayed = new Set<string>();
        for (const change of await db.query(
          "SELECT operation, object_type || ':' || object_id || '#' || relation || '@' || user AS k FROM authz_changes WHERE store_id = ? ORDER BY seq",
          storeId,
        )) {
          if (change.operation === 'write') replayed.add(String(change.k));
          else replayed.delete(String(change.k));
        }
        const current = await db.query(
          "SELECT object_type || ':' || object_id || '#' || relation || '@' || user_type || ':' || user_id || CASE user_relation WHEN '' THEN '' ELSE '#' || user_relation END AS k FROM authz_tuples WHERE store_id = ?",
          storeId,
        );
        expect(new Set(current.map((r) => String(r.k)))).toEqual(replayed);

        const present = new Set(current.map((r) => String(r.k)));
        let whole = 0;
        for (let i = 0; i < WRITES; i++) {
          const count = Array.from({ length: TUPLES_PER_WRITE }, (_, j) => burstTuple(i, j)).filter((t) =>
            present.has(`${t.object}#${t.relation}@${t.user}`),
          ).length;
          expect([0, TUPLES_PER_WRITE], `write ${i}`).toContain(count);
          if (acknowledged.has(i)) expect(count, `acknowledged write ${i} is durable`).toBe(TUPLES_PER_WRITE);
          if (count) whole++;
        }
        expect(whole).toBeGreaterThan(0);
        expect(whole).toBeLessThan(WRITES);

        for (const event of await db.query('SELECT id, status FROM events WHERE workspace_id = ?', 'ws_northline')) {
          const confirmed = present.has(`event:${String(event.id)}#confirmed@user:*`);
          expect(confirmed, `event ${String(event.id)} row and tuple agree`).toBe(event.status === 'confirmed');
        }
      } finally {
        await db.dispose();
      }

      restarted = await startDevServer({ persist: server.persist });
      const health = (await (await fetch(`${restarted.url}/api/health`)).json()) as { store: string; revision: number };
      expect(health.store).toBe('d1');
      expect(health.revision).toBeGreaterThan(0);
    } finally {
      // the restarted server first: it runs on the first one's state, which goes with the first
      await restarted?.dispose();
      await server.dispose();
    }
  });
});
