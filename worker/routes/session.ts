import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { eq, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { people } from '../../db/schema.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';
import { readJson } from '../middleware/json-body.ts';
import { requireSession, type SessionVariables } from '../middleware/session.ts';
import { createSession, invalidateAllSessions, invalidateSession, SESSION_COOKIE, SESSION_TTL_MS, type Person } from '../auth/session.ts';
import { verifyPassword } from '../auth/password.ts';
import { ACCESS_STATE_MESSAGES, accessState } from '../people/access-window.ts';

/** Consecutive failures that lock an account (R5); per-workspace settings come with issue 7. */
export const DEFAULT_LOCKOUT_THRESHOLD = 5;

const SignIn = z.object({
  login: z.string().trim().min(1, 'enter your email or access id').max(320),
  password: z.string().min(1, 'enter your password').max(1024),
});

/** What the UI needs about the signed-in person; never the hash or the counters. */
export function publicPerson(p: Person) {
  return { id: p.id, workspaceId: p.workspaceId, name: p.name, email: p.email, title: p.title, level: p.level };
}

export const session = new Hono<AppEnv & { Variables: Partial<SessionVariables> }>()
  /** Sign in with email or access id + password; sets the session cookie. */
  .post('/', async (c) => {
    const { login, password } = await readJson(c, SignIn);
    const store = c.get('store');
    const now = Date.now();
    const key = login.toLowerCase();
    const [person] = await store.db.select().from(people).where(or(eq(people.email, key), eq(people.accessId, login))).limit(1);
    // The KDF runs whether or not the account exists, so timing does not reveal accounts.
    const matches = await verifyPassword(password, person?.passwordHash ?? null);
    if (!person || !matches) {
      if (person) await recordFailure(c.get('store'), person, now);
      throw new ApiError('unauthenticated', 'wrong email, access id or password');
    }
    const state = accessState(person, now);
    if (state !== 'active') throw new ApiError('forbidden', ACCESS_STATE_MESSAGES[state]);
    if (person.failedSignIns !== 0) await store.db.update(people).set({ failedSignIns: 0 }).where(eq(people.id, person.id));
    const created = await createSession(store, person, now);
    setCookie(c, SESSION_COOKIE, created.token, { httpOnly: true, secure: true, sameSite: 'Lax', path: '/', maxAge: SESSION_TTL_MS / 1000 });
    return c.json({ person: publicPerson(person), csrfToken: created.csrfToken, expiresAt: created.expiresAt }, 201);
  })
  .get('/', requireSession(), (c) => c.json({ person: publicPerson(c.get('person')!), csrfToken: c.get('session')!.csrfToken }))
  /** Sign out this browser; `?everywhere=true` ends every session of the person. */
  .delete('/', requireSession(), async (c) => {
    const store = c.get('store');
    if (c.req.query('everywhere') === 'true') await invalidateAllSessions(store, c.get('person')!.id);
    else await invalidateSession(store, c.get('sessionToken')!);
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true });
    return c.body(null, 204);
  });

/** Counts a failed sign-in; the Nth consecutive one locks the account by resigning it (R5). */
async function recordFailure(store: AppEnv['Variables']['store'], person: Person, now: number): Promise<void> {
  await store.db
    .update(people)
    .set({
      failedSignIns: sql`${people.failedSignIns} + 1`,
      resignedAt: sql`CASE WHEN ${people.failedSignIns} + 1 >= ${DEFAULT_LOCKOUT_THRESHOLD} AND ${people.resignedAt} IS NULL THEN ${now} ELSE ${people.resignedAt} END`,
    })
    .where(eq(people.id, person.id));
}
