/**
 * How each request talks to the database: its own store handle (db/store.ts `forRequest`) with a
 * round-trip meter, a D1 session that starts at the primary or at the caller's bookmark, and —
 * for the bench only — an added delay per round trip. After the handler, every answer carries
 * `Laminate-DB-Round-Trips` and `Server-Timing` (db, engine, total).
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.ts';
import type { RequestStoreOptions, Store } from '../../db/store.ts';
import { tokenBookmark } from '../authz/consistency.ts';
import { setAnswerHeader } from './answer-headers.ts';

export const CONSISTENCY_HEADER = 'laminate-consistency-token';

/** Hosts a delayed database may serve: the bench's servers, never a deployment. */
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * `LAMINATE_DB_DELAY_MS` (bench `--rtt N`): a var in workerd, the environment on Node. Honoured
 * only for requests addressed to a loopback host, so a deployed Worker that somehow has the var
 * set ignores it.
 */
export function dbDelayMs(c: Context<AppEnv>): number {
  const raw =
    c.env?.LAMINATE_DB_DELAY_MS ??
    (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.LAMINATE_DB_DELAY_MS;
  const ms = Number(raw);
  if (!raw || !Number.isFinite(ms) || ms <= 0) return 0;
  return LOOPBACK.has(new URL(c.req.url).hostname) ? Math.min(ms, 10_000) : 0;
}

export function requestStoreOptions(c: Context<AppEnv>): RequestStoreOptions {
  const bookmark = tokenBookmark(c.req.header(CONSISTENCY_HEADER));
  return { session: bookmark ? { bookmark } : 'first-primary', delayMs: dbDelayMs(c) };
}

/**
 * Hands work to `ctx.waitUntil` of the request's execution context (workerd); where there is
 * none (Node, tests) the work simply runs on. Looked up only when there is work: Hono's getter
 * throws without a context, and an Error per request is measurable on a warm check.
 */
export function backgroundOf(c: Context): (work: Promise<unknown>) => void {
  return (work) => {
    let ctx: { waitUntil(p: Promise<unknown>): void } | undefined;
    try {
      ctx = c.executionCtx;
    } catch {
      ctx = undefined;
    }
    ctx?.waitUntil(work);
  };
}

export const perRequestStore =
  (resolveStore: (env: AppEnv['Bindings']) => Store): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    const store = resolveStore(c.env).forRequest(requestStoreOptions(c));
    c.set('store', store);
    await next();
    setAnswerHeader(c, 'Laminate-DB-Round-Trips', String(store.meter.count));
    setAnswerHeader(c, 'Server-Timing', store.meter.serverTiming(), { append: true });
  };
