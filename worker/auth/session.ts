import { and, eq, gt, isNull, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { authzStores } from '../../db/authz/schema.ts';
import { people, sessions, workspaces, personApiKeys } from '../../db/identity/schema.ts';
import { joinedStateColumns, sinceDelta, type Since } from '../../db/authz/state.ts';
import { StoreHints } from '../authz/store-hints.ts';
import type { KnownState } from '../authz/load.ts';
import { hashApiKey, looksLikeApiKey } from './api-keys.ts';
import type { Db, Store } from '../../db/store.ts';
import { accessState } from '../people/access-window.ts';
import { randomToken, sha256Hex } from './crypto.ts';

export const SESSION_COOKIE = 'laminate_session';
export const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;

export type Person = typeof people.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;

/** Starts a session; the caller puts `token` in an HttpOnly cookie and never stores it. */
export async function createSession(
  store: Store,
  person: Person,
  now: number,
): Promise<{ token: string; csrfToken: string; expiresAt: number }> {
  const token = randomToken();
  const csrfToken = randomToken();
  const expiresAt = now + SESSION_TTL_MS;
  await store.db.insert(sessions).values({
    tokenHash: await sha256Hex(token),
    personId: person.id,
    workspaceId: person.workspaceId,
    csrfToken,
    createdAt: now,
    expiresAt,
  });
  return { token, csrfToken, expiresAt };
}

/**
 * What every workspace request reads first, in ONE round trip (issue 17): the credential's
 * session (or person API key), the person, their workspace, and the workspace's authorization
 * store state (revision, tuple count, newest model) — plus, when this isolate holds a snapshot
 * of that store, the change-log rows after it, so the engine needs no further read.
 */
export type SessionRead = {
  session: SessionRow;
  person: Person;
  workspace: WorkspaceRow | null;
  /** The workspace's authorization state, read in the same batch (undefined: no store). */
  state: KnownState | undefined;
  /**
   * The answers to the route's own reads (`SessionReads`), in the order it gave them: read in the
   * same batch, and handed on only here — after the credential proved valid.
   */
  reads?: readonly unknown[];
};

/**
 * The credential's workspace and its authorization store as SQL scalar sub-selects, for queries
 * that go into the session's batch before the credential has been checked (a batch's statements
 * cannot use each other's results; they can join on the same rows). Both are NULL unless the
 * credential exists and is current (a session not expired, a key not revoked), so a query keyed
 * on them reads nothing for an unknown, expired or revoked credential. The person's dates and
 * level (R4, R5) are decided in code after the batch: rows read for a person who may no longer
 * sign in are dropped with the 401.
 */
export type SessionKeys = { workspaceId: SQL; storeId: SQL };

/**
 * Reads a route hands to the session batch (issue 17: the day sheet in one round trip): built
 * from the keys, answered with the session. What they read is speculative: the route still asks
 * the engine about every row before answering, exactly as if it had read them after the session.
 */
export type SessionReads = (db: Db, keys: SessionKeys) => BatchItem<'sqlite'>[];

/** The store of the workspace a key sub-select names. */
const storeOf = (db: Db, workspaceId: SQL): SQL =>
  sql`(${db.select({ storeId: workspaces.storeId }).from(workspaces).where(eq(workspaces.id, workspaceId))})`;
export type WorkspaceRow = typeof workspaces.$inferSelect;

/** Which store each credential's workspace uses, as last seen in this isolate: read with its next lookup. */
const credentialStores = new StoreHints();

/** The workspace store's state, read with the credential (`joinedStateColumns`: the delta and the model's text per `since`). */
const stateColumns = (since: Since | undefined) => ({ stateStoreId: authzStores.id, ...joinedStateColumns(since) });
type StateColumns = {
  stateStoreId: string | null;
  revision: number | null;
  tupleCount: number | null;
  modelId: string | null;
  modelJson: string | null;
  delta: string | null;
};

/**
 * Runs the credential's row query — its workspace store's state and, per `since`, the change log
 * after this isolate's snapshot in the same statement — together with the route's own reads
 * (`extra`): one round trip.
 */
async function readWithState<R extends StateColumns>(
  store: Store,
  credential: string,
  since: Since | undefined,
  rowQuery: BatchItem<'sqlite'>,
  extra: BatchItem<'sqlite'>[] = [],
): Promise<{ row: R | undefined; state: KnownState | undefined; reads: unknown[] }> {
  const answers = extra.length === 0 ? [await rowQuery] : await store.batch([rowQuery, ...extra]);
  const row = (answers[0] as R[])[0];
  const reads = answers.slice(1);
  if (!row?.stateStoreId || row.revision === null || row.tupleCount === null) return { row, state: undefined, reads };
  credentialStores.note(credential, row.stateStoreId);
  const state: KnownState = {
    storeId: row.stateStoreId,
    revision: row.revision,
    tupleCount: row.tupleCount,
    modelId: row.modelId,
    modelJson: row.modelJson,
    ...sinceDelta(since, row.stateStoreId, row.delta),
  };
  return { row, state, reads };
}

/**
 * The session, person, workspace and authorization state behind a cookie token, or null. The
 * person's level and dates are read on every request, so a resignation or lockout ends the
 * session at once (R4, R8).
 */
export async function validateSessionToken(
  store: Store,
  token: string,
  now: number,
  /** The route's own reads, sent in the same batch (`SessionRead.reads`). */
  reads?: SessionReads,
): Promise<SessionRead | null> {
  const tokenHash = await sha256Hex(token);
  const credential = `s:${tokenHash}`;
  const since = credentialStores.since(credential);
  const { db } = store;
  const query = store.db
    .select({ session: sessions, person: people, workspace: workspaces, ...stateColumns(since) })
    .from(sessions)
    .innerJoin(people, eq(people.id, sessions.personId))
    .leftJoin(workspaces, eq(workspaces.id, people.workspaceId))
    .leftJoin(authzStores, and(eq(authzStores.id, workspaces.storeId), isNull(authzStores.deletedAt)))
    .where(eq(sessions.tokenHash, tokenHash))
    .limit(1);
  // the workspace of a session that has not expired (the same join as the row query's)
  const workspaceId = sql`(${db
    .select({ workspaceId: people.workspaceId })
    .from(sessions)
    .innerJoin(people, eq(people.id, sessions.personId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now)))})`;
  const extra = reads?.(db, { workspaceId, storeId: storeOf(db, workspaceId) }) ?? [];
  const {
    row,
    state,
    reads: answers,
  } = await readWithState<StateColumns & { session: SessionRow; person: Person; workspace: WorkspaceRow | null }>(
    store,
    credential,
    since,
    query,
    extra,
  );
  if (!row) return null;
  if (row.session.expiresAt <= now) {
    await store.db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
    return null;
  }
  if (accessState(row.person, now) !== 'active') return null;
  return {
    session: row.session,
    person: row.person,
    workspace: row.workspace,
    state,
    ...(reads ? { reads: answers } : {}),
  };
}

export async function invalidateSession(store: Store, token: string): Promise<void> {
  await store.db.delete(sessions).where(eq(sessions.tokenHash, await sha256Hex(token)));
}

/** "Sign out everywhere": every session of the person ends. */
export async function invalidateAllSessions(store: Store, personId: string): Promise<void> {
  await store.db.delete(sessions).where(eq(sessions.personId, personId));
}

/**
 * R25: a person's API key as a read-only credential for the workspace API. The key is looked
 * up on every request (a revocation holds from the next one); the person's level and dates are
 * read with it, like a session's, and the workspace and its authorization state in the same
 * round trip; API-only people are let in here, and only here.
 */
export async function validatePersonApiKey(
  store: Store,
  key: string,
  now: number,
  /** The route's own reads, sent in the same batch (`SessionRead.reads`). */
  reads?: SessionReads,
): Promise<SessionRead | null> {
  if (!looksLikeApiKey(key)) return null;
  const secretHash = await hashApiKey(key);
  const credential = `k:${secretHash}`;
  const since = credentialStores.since(credential);
  const { db } = store;
  const query = store.db
    .select({ key: personApiKeys, person: people, workspace: workspaces, ...stateColumns(since) })
    .from(personApiKeys)
    .innerJoin(people, and(eq(people.id, personApiKeys.personId), eq(people.workspaceId, personApiKeys.workspaceId)))
    .leftJoin(workspaces, eq(workspaces.id, people.workspaceId))
    .leftJoin(authzStores, and(eq(authzStores.id, workspaces.storeId), isNull(authzStores.deletedAt)))
    .where(and(eq(personApiKeys.secretHash, secretHash), isNull(personApiKeys.revokedAt)))
    .limit(1);
  // the workspace of a key that is not revoked (the same join as the row query's)
  const workspaceId = sql`(${db
    .select({ workspaceId: people.workspaceId })
    .from(personApiKeys)
    .innerJoin(people, and(eq(people.id, personApiKeys.personId), eq(people.workspaceId, personApiKeys.workspaceId)))
    .where(and(eq(personApiKeys.secretHash, secretHash), isNull(personApiKeys.revokedAt)))})`;
  const extra = reads?.(db, { workspaceId, storeId: storeOf(db, workspaceId) }) ?? [];
  const {
    row,
    state,
    reads: answers,
  } = await readWithState<
    StateColumns & { key: typeof personApiKeys.$inferSelect; person: Person; workspace: WorkspaceRow | null }
  >(store, credential, since, query, extra);
  if (!row) return null;
  const access = accessState(row.person, now);
  if (access !== 'active' && access !== 'api_only') return null;
  const session: SessionRow = {
    tokenHash: `api_key:${row.key.id}`,
    personId: row.person.id,
    workspaceId: row.person.workspaceId,
    csrfToken: '',
    createdAt: row.key.createdAt,
    expiresAt: Number.MAX_SAFE_INTEGER,
  };
  return { session, person: row.person, workspace: row.workspace, state, ...(reads ? { reads: answers } : {}) };
}
