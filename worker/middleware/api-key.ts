import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.ts';
import type { AppEnv, Bindings } from '../env.ts';
import { constantTimeEqualText } from '../auth/crypto.ts';
import { hashApiKey, looksLikeApiKey } from '../auth/api-keys.ts';
import { findApiKeyByHash, touchApiKey, type ApiKeyAccess } from '../../db/authz/api-keys.ts';
import type { KnownState } from '../authz/load.ts';
import { StoreHints } from '../authz/store-hints.ts';
import type { RoundTrips } from '../authz/meter.ts';
import type { Store } from '../../db/store.ts';
import { backgroundOf } from './db-request.ts';

/** Who is calling the edge API: the operator (LAMINATE_ADMIN_KEY) or an issued key. */
export type Principal =
  | { kind: 'admin' }
  | { kind: 'key'; keyId: string; storeId: string; access: ApiKeyAccess; state: KnownState };

export type EdgeVariables = { principal: Principal; roundTrips: RoundTrips };
export type EdgeEnv = AppEnv & { Variables: EdgeVariables };

/**
 * What the edge API's code below the routes reads from a request (worker/authz/load.ts,
 * worker/authz/write-tuples.ts): its store and round-trip meter, the caller, the bindings and the
 * consistency token it sent in a header.
 */
export type EdgeRequest = {
  store: Store;
  meter: RoundTrips;
  principal: Principal;
  env: Bindings | undefined;
  consistencyToken: string | undefined;
  /** Keeps work alive after the response (workerd `ctx.waitUntil`); undefined on Node. */
  background: ((work: Promise<unknown>) => void) | undefined;
};

export const edgeRequest = (c: Context<EdgeEnv>): EdgeRequest => ({
  store: c.get('store'),
  meter: c.get('roundTrips'),
  principal: c.get('principal'),
  env: c.env,
  consistencyToken: c.req.header('laminate-consistency-token'),
  background: backgroundOf(c),
});

/** Which store each key (by its hash) used last in this isolate: read with its next lookup. */
const keyStores = new StoreHints();

/** `last_used_at` is written at most this often per key. */
export const LAST_USED_EVERY_MS = 60_000;

const challenge = { 'WWW-Authenticate': 'Bearer realm="laminate"' };

/** The operator key: a binding in workerd, the environment on Node. */
export function adminKey(env: Bindings | undefined): string | undefined {
  const fromEnv =
    env?.LAMINATE_ADMIN_KEY ??
    (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.LAMINATE_ADMIN_KEY;
  return fromEnv ? fromEnv : undefined;
}

/**
 * Requires `Authorization: Bearer <key>` (401 with `WWW-Authenticate` otherwise). The key is
 * looked up on every request, joined with its store's revision (the same round trip the check
 * needs anyway), so a revocation is effective on the very next request from any isolate.
 * Issued keys are rate limited per key by the Workers rate-limiting binding when present.
 */
export const requireApiKey = (): MiddlewareHandler<EdgeEnv> => async (c, next) => {
  // The request's store counts every round trip (db/store.ts); the headers are set in worker/middleware/db-request.ts.
  const meter = c.get('store').meter;
  c.set('roundTrips', meter);
  const header = c.req.header('authorization') ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match)
    throw new ApiError('unauthenticated', 'send an API key: `Authorization: Bearer <key>`', { headers: challenge });
  const token = match[1]!;
  const admin = adminKey(c.env);
  if (admin && constantTimeEqualText(token, admin)) {
    c.set('principal', { kind: 'admin' });
  } else {
    const hash = looksLikeApiKey(token) ? await hashApiKey(token) : undefined;
    const found = hash ? await meter.run(findApiKeyByHash(c.get('store').db, hash, keyStores.since(hash))) : undefined;
    if (!found)
      throw new ApiError('unauthenticated', 'the API key is not valid (unknown or revoked)', {
        headers: { 'WWW-Authenticate': 'Bearer realm="laminate", error="invalid_token"' },
      });
    const { key, state, delta } = found;
    keyStores.note(hash!, key.storeId);
    const limit = await c.env?.API_RATE_LIMIT?.limit({ key: key.id });
    if (limit && !limit.success)
      throw new ApiError('rate_limited', 'too many requests for this API key: slow down', {
        headers: { 'Retry-After': '60' },
      });
    c.set('principal', {
      kind: 'key',
      keyId: key.id,
      storeId: key.storeId,
      access: key.access,
      state: delta ? { ...state, delta } : state,
    });
    const now = Date.now();
    if (key.lastUsedAt === null || now - key.lastUsedAt >= LAST_USED_EVERY_MS)
      // off the request's path, on a handle of its own (not this request's meter or session)
      await inBackground(c, touchApiKey(c.get('store').forRequest().db, key.id, now, LAST_USED_EVERY_MS));
  }
  await next();
};

/** After the response in workerd (`waitUntil`); awaited where there is no execution context. */
async function inBackground(c: Context, work: Promise<unknown>): Promise<void> {
  const quiet = work.catch(() => undefined);
  let ctx: ExecutionContext | undefined;
  try {
    ctx = c.executionCtx as ExecutionContext;
  } catch {
    ctx = undefined;
  }
  if (ctx) ctx.waitUntil(quiet);
  else await quiet;
}

/**
 * May the caller use `storeId` for a read or a write? A key of another store gets the same 404
 * as a store that does not exist (R1: never confirm another tenant's store exists).
 */
export function authorizeStore(c: Context<EdgeEnv>, storeId: string, need: 'read' | 'write' | 'admin'): Principal {
  const principal = c.get('principal');
  if (principal.kind === 'admin') return principal;
  if (principal.storeId !== storeId) throw new ApiError('not_found', `store \`${storeId}\` not found`);
  if (need === 'admin') throw new ApiError('forbidden', 'only the operator key may do this');
  if (need === 'write' && principal.access !== 'write') throw new ApiError('forbidden', 'this API key is read-only');
  return principal;
}
