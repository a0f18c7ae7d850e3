import { and, eq, isNull } from 'drizzle-orm';
import { people, sessions } from '../../db/schema.ts';
import { personApiKeys } from '../../db/people-schema.ts';
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
 * The session and person behind a cookie token, or null. The person's level and dates are
 * read on every request, so a resignation or lockout ends the session at once (R4, R8).
 */
export async function validateSessionToken(
  store: Store,
  token: string,
  now: number,
): Promise<{ session: SessionRow; person: Person } | null> {
  const tokenHash = await sha256Hex(token);
  const rows = await store.db
    .select({ session: sessions, person: people })
    .from(sessions)
    .innerJoin(people, eq(people.id, sessions.personId))
    .where(eq(sessions.tokenHash, tokenHash))
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  if (row.session.expiresAt <= now) {
    await store.db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
    return null;
  }
  if (accessState(row.person, now) !== 'active') return null;
  return row;
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
 * read with it, like a session's; API-only people are let in here, and only here.
 */
export async function validatePersonApiKey(
  store: Store,
  key: string,
  now: number,
): Promise<{ session: SessionRow; person: Person } | null> {
  if (!looksLikeApiKey(key)) return null;
  const rows = await store.db
    .select({ key: personApiKeys, person: people })
    .from(personApiKeys)
    .innerJoin(people, and(eq(people.id, personApiKeys.personId), eq(people.workspaceId, personApiKeys.workspaceId)))
    .where(and(eq(personApiKeys.secretHash, await hashApiKey(key)), isNull(personApiKeys.revokedAt)))
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  const state = accessState(row.person, now);
  if (state !== 'active' && state !== 'api_only') return null;
  const session: SessionRow = {
    tokenHash: `api_key:${row.key.id}`,
    personId: row.person.id,
    workspaceId: row.person.workspaceId,
    csrfToken: '',
    createdAt: row.key.createdAt,
    expiresAt: Number.MAX_SAFE_INTEGER,
  };
  return { session, person: row.person };
}
