import { and, eq, isNull, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { authzStores } from '../../db/authz/schema.ts';
import { people, sessions, workspaces, personApiKeys } from '../../db/identity/schema.ts';
import { latestModelId } from '../../db/authz/state.ts';
import { deltaQuery, type ChangeRow } from '../../db/authz/changes.ts';
import { getSnapshot } from '../authz/snapshots.ts';
import type { KnownState } from '../authz/load.ts';
import { hashApiKey, looksLikeApiKey } from './api-keys.ts';
import type { Store } from '../../db/store.ts';
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
};
export type WorkspaceRow = typeof workspaces.$inferSelect;

/** Which store a credential's workspace uses, as last seen in this isolate: only a hint for the batch. */
const storeHints = new Map<string, string>();
const MAX_HINTS = 10_000;
function hint(credential: string, storeId: string | null | undefined): void {
  if (!storeId || storeHints.get(credential) === storeId) return;
  if (storeHints.size >= MAX_HINTS) storeHints.delete(storeHints.keys().next().value!);
  storeHints.set(credential, storeId);
}

const stateColumns = {
  stateStoreId: authzStores.id,
  revision: authzStores.revision,
  tupleCount: authzStores.tupleCount,
  modelId: latestModelId(),
  modelJson: sql<string | null>`(SELECT model FROM authz_models WHERE id = ${latestModelId()})`,
};
type StateColumns = {
  stateStoreId: string | null;
  revision: number | null;
  tupleCount: number | null;
  modelId: string | null;
  modelJson: string | null;
};

/** Runs the credential's row query together with the hinted store's change-log delta. */
async function readWithState<R extends StateColumns>(
  store: Store,
  credential: string,
  rowQuery: BatchItem<'sqlite'>,
): Promise<{ row: R | undefined; state: KnownState | undefined }> {
  const hinted = storeHints.get(credential);
  const snap = hinted ? getSnapshot(hinted) : undefined;
  let rows: R[];
  let delta: KnownState['delta'];
  if (hinted && snap) {
    const afterSeq = snap.seq;
    const [r, changes] = (await store.batch([rowQuery, deltaQuery(store.db, hinted, afterSeq)])) as [R[], ChangeRow[]];
    rows = r;
    delta = { afterSeq, rows: changes };
  } else rows = (await rowQuery) as unknown as R[];
  const row = rows[0];
  if (!row?.stateStoreId || row.revision === null || row.tupleCount === null) return { row, state: undefined };
  hint(credential, row.stateStoreId);
  const state: KnownState = {
    storeId: row.stateStoreId,
    revision: row.revision,
    tupleCount: row.tupleCount,
    modelId: row.modelId,
    modelJson: row.modelJson,
    ...(delta && hinted === row.stateStoreId ? { delta } : {}),
  };
  return { row, state };
}

/**
 * The session, person, workspace and authorization state behind a cookie token, or null. The
 * person's level and dates are read on every request, so a resignation or lockout ends the
 * session at once (R4, R8).
 */
export async function validateSessionToken(store: Store, token: string, now: number): Promise<SessionRead | null> {
  const tokenHash = await sha256Hex(token);
  const query = store.db
    .select({ session: sessions, person: people, workspace: workspaces, ...stateColumns })
    .from(sessions)
    .innerJoin(people, eq(people.id, sessions.personId))
    .leftJoin(workspaces, eq(workspaces.id, people.workspaceId))
    .leftJoin(authzStores, and(eq(authzStores.id, workspaces.storeId), isNull(authzStores.deletedAt)))
    .where(eq(sessions.tokenHash, tokenHash))
    .limit(1);
  const { row, state } = await readWithState<
    StateColumns & { session: SessionRow; person: Person; workspace: WorkspaceRow | null }
  >(store, `s:${tokenHash}`, query);
  if (!row) return null;
  if (row.session.expiresAt <= now) {
    await store.db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
    return null;
  }
  if (accessState(row.person, now) !== 'active') return null;
  return { session: row.session, person: row.person, workspace: row.workspace, state };
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
export async function validatePersonApiKey(store: Store, key: string, now: number): Promise<SessionRead | null> {
  if (!looksLikeApiKey(key)) return null;
  const secretHash = await hashApiKey(key);
  const query = store.db
    .select({ key: personApiKeys, person: people, workspace: workspaces, ...stateColumns })
    .from(personApiKeys)
    .innerJoin(people, and(eq(people.id, personApiKeys.personId), eq(people.workspaceId, personApiKeys.workspaceId)))
    .leftJoin(workspaces, eq(workspaces.id, people.workspaceId))
    .leftJoin(authzStores, and(eq(authzStores.id, workspaces.storeId), isNull(authzStores.deletedAt)))
    .where(and(eq(personApiKeys.secretHash, secretHash), isNull(personApiKeys.revokedAt)))
    .limit(1);
  const { row, state } = await readWithState<
    StateColumns & { key: typeof personApiKeys.$inferSelect; person: Person; workspace: WorkspaceRow | null }
  >(store, `k:${secretHash}`, query);
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
  return { session, person: row.person, workspace: row.workspace, state };
}
