import { createRoute } from '@hono/zod-openapi';
import { errors, json, ok, other, routes } from './declare.ts';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { eq, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { people, workspaces, passwordResets } from '../../db/identity/schema.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';
import { requireSession, type SessionVariables } from '../middleware/session.ts';
import {
  createSession,
  invalidateAllSessions,
  invalidateSession,
  SESSION_COOKIE,
  SESSION_TTL_MS,
  type Person,
} from '../auth/session.ts';
import { hashPassword, verifyPassword } from '../auth/password.ts';
import { limitSignIn } from '../auth/sign-in-limit.ts';
import { ACCESS_STATE_MESSAGES, accessState } from '../people/access-window.ts';
import { activityInsert, appendActivity } from '../activity/log.ts';
import { personFactsChange } from '../people/facts.ts';
import { tupleWriteStatements } from '../../db/authz/tuple-write-statements.ts';
import type { Store } from '../../db/store.ts';
import type { BatchItem } from 'drizzle-orm/batch';

/** Consecutive failures that lock an account (R5) unless the workspace sets its own. */
export const DEFAULT_LOCKOUT_THRESHOLD = 5;

const SignIn = z.object({
  login: z.string().trim().min(1, 'enter your email or access id').max(320),
  password: z.string().min(1, 'enter your password').max(1024),
  /** Required after a reinstatement: the password just used was a one-time password (R5). */
  newPassword: z.string().min(10, 'at least 10 characters').max(1024).optional(),
});

/** What the UI needs about the signed-in person; never the hash or the counters. */
export function publicPerson(p: Person) {
  return { id: p.id, workspaceId: p.workspaceId, name: p.name, email: p.email, title: p.title, level: p.level };
}

/* Responses (declared once: validated in development and tests, typed in the UI's client). */
const SessionGet200 = z.object({
  person: z.object({
    id: z.string(),
    workspaceId: z.string(),
    name: z.string(),
    email: z.string(),
    title: z.string().nullable(),
    level: z.enum(['master', 'outlet_admin', 'normal', 'no_access', 'api_only']),
  }),
  csrfToken: z.string(),
});
const SessionPost201 = z.object({
  person: z.object({
    id: z.string(),
    workspaceId: z.string(),
    name: z.string(),
    email: z.string(),
    title: z.string().nullable(),
    level: z.enum(['master', 'outlet_admin', 'normal', 'no_access', 'api_only']),
  }),
  csrfToken: z.string(),
  expiresAt: z.number(),
});

const create = createRoute({
  method: 'post',
  path: '/',
  tags: ['Session'],
  request: { body: json(SignIn) },
  responses: { 201: ok(SessionPost201), ...errors },
});
const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['Session'],
  middleware: [requireSession()] as const,
  responses: { 200: ok(SessionGet200), ...errors },
});
const removeRoot = createRoute({
  method: 'delete',
  path: '/',
  tags: ['Session'],
  middleware: [requireSession()] as const,
  request: { query: z.object({ everywhere: z.enum(['true', 'false']).optional() }) },
  responses: { 204: other('done'), ...errors },
});

export const session = routes<AppEnv & { Variables: Partial<SessionVariables> }>()
  /** Sign in with email or access id + password; sets the session cookie. */
  .openapi(create, async (c) => {
    const { login, password, newPassword } = c.req.valid('json');
    // Login CSRF: another site may not sign a browser in (to an account of its choosing).
    const origin = c.req.header('origin');
    if (origin && origin !== new URL(c.req.url).origin) throw new ApiError('forbidden', 'cross-origin sign-in refused');
    const store = c.get('store');
    const now = Date.now();
    const key = login.toLowerCase();
    const [person] = await store.db
      .select()
      .from(people)
      .where(or(eq(people.email, key), eq(people.accessId, login)))
      .limit(1);
    await limitSignIn(
      { binding: c.env?.SIGN_IN_RATE_LIMIT, client: c.req.header('cf-connecting-ip') },
      store,
      key,
      person,
      now,
    );
    // The KDF runs whether or not the account exists, so timing does not reveal accounts.
    const matches = await verifyPassword(password, person?.passwordHash ?? null);
    if (!person || !matches) {
      if (person && signsInWithPassword(person)) await recordFailure(store, person, now);
      else if (person) await recordUncounted(store, person, now);
      throw new ApiError('unauthenticated', 'wrong email, access id or password');
    }
    const state = accessState(person, now);
    if (state !== 'active') {
      await appendActivity(
        store.db,
        {
          workspaceId: person.workspaceId,
          actorId: person.id,
          action: 'sign_in_failed',
          subject: `person:${person.id}`,
          after: { reason: state },
        },
        now,
      );
      const [ws] = await store.db
        .select({ threshold: workspaces.lockoutThreshold })
        .from(workspaces)
        .where(eq(workspaces.id, person.workspaceId));
      const locked = state === 'resigned' && person.failedSignIns >= (ws?.threshold ?? DEFAULT_LOCKOUT_THRESHOLD);
      throw new ApiError(
        'forbidden',
        locked
          ? 'this account is no longer active: it was locked after too many failed sign-ins; an administrator can reinstate it'
          : ACCESS_STATE_MESSAGES[state],
      );
    }
    const [reset] = await store.db.select().from(passwordResets).where(eq(passwordResets.personId, person.id));
    const statements: BatchItem<'sqlite'>[] = [];
    if (reset) {
      if (!newPassword)
        throw new ApiError(
          'forbidden',
          'this was a one-time password: choose a new password and send it as `newPassword`',
          { field: 'newPassword' },
        );
      if (newPassword === password)
        throw new ApiError(
          'validation_error',
          'field `newPassword`: choose a password other than the one-time password',
          { field: 'newPassword' },
        );
      statements.push(
        store.db
          .update(people)
          .set({ passwordHash: await hashPassword(newPassword) })
          .where(eq(people.id, person.id)),
        store.db.delete(passwordResets).where(eq(passwordResets.personId, person.id)),
        activityInsert(
          store.db,
          {
            workspaceId: person.workspaceId,
            actorId: person.id,
            action: 'password_changed',
            subject: `person:${person.id}`,
            before: { password: 'one-time' },
            after: { password: 'chosen by the person' },
          },
          now,
        ),
      );
    }
    if (person.failedSignIns !== 0)
      statements.push(store.db.update(people).set({ failedSignIns: 0 }).where(eq(people.id, person.id)));
    statements.push(
      activityInsert(
        store.db,
        {
          workspaceId: person.workspaceId,
          actorId: person.id,
          action: 'sign_in',
          subject: `person:${person.id}`,
          ...(person.failedSignIns ? { before: { failedSignIns: person.failedSignIns } } : {}),
        },
        now,
      ),
    );
    await store.batch(statements as [(typeof statements)[0], ...typeof statements]);
    // Session fixation: the token this browser held before (whatever it was) ends here; the new one is fresh.
    const previous = getCookie(c, SESSION_COOKIE);
    if (previous) await invalidateSession(store, previous);
    const created = await createSession(store, person, now);
    setCookie(c, SESSION_COOKIE, created.token, {
      httpOnly: true,
      secure: true,
      sameSite: 'Lax',
      path: '/',
      maxAge: SESSION_TTL_MS / 1000,
    });
    return c.json({ person: publicPerson(person), csrfToken: created.csrfToken, expiresAt: created.expiresAt }, 201);
  })
  .openapi(list, (c) => c.json({ person: publicPerson(c.get('person')!), csrfToken: c.get('session')!.csrfToken }, 200))
  /** Sign out this browser; `?everywhere=true` ends every session of the person. */
  .openapi(removeRoot, async (c) => {
    const store = c.get('store');
    if (c.req.query('everywhere') === 'true') await invalidateAllSessions(store, c.get('person')!.id);
    else await invalidateSession(store, c.get('sessionToken')!);
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true });
    return c.body(null, 204);
  });

/**
 * Whether a password can sign this account in (R3): not an API-only account, and one that has a
 * password. Only then does a wrong password count towards the lockout (R5): a failure against an
 * account nobody can sign in to with a password guesses nothing, and counting it would let anyone
 * who knows an integration's login switch it off (docs/people.md, "Sign-in, lockout").
 */
function signsInWithPassword(person: Pick<Person, 'level' | 'passwordHash'>): boolean {
  return person.level !== 'api_only' && person.passwordHash !== null;
}

/**
 * A failed sign-in against an account that has no password sign-in: logged (the admin sees
 * it, and on Node the sign-in rate limit counts these rows), never counted.
 */
async function recordUncounted(store: Store, person: Person, now: number): Promise<void> {
  await appendActivity(
    store.db,
    {
      workspaceId: person.workspaceId,
      actorId: null,
      action: 'sign_in_failed',
      subject: `person:${person.id}`,
      after: { reason: 'no_password_sign_in', counted: false },
    },
    now,
  );
}

/**
 * Counts a failed sign-in and logs it; the workspace's Nth consecutive one locks the account by
 * resigning it now (R5), and then rewrites the person's member tuple in the same batch as the
 * lockout's log entry, so the store agrees with the row (R8).
 */
async function recordFailure(store: Store, person: Person, now: number): Promise<void> {
  const threshold = sql`COALESCE((SELECT ${workspaces.lockoutThreshold} FROM ${workspaces} WHERE ${workspaces.id} = ${people.workspaceId}), ${DEFAULT_LOCKOUT_THRESHOLD})`;
  const locks = sql`${people.failedSignIns} + 1 >= ${threshold} AND (${people.resignedAt} IS NULL OR ${people.resignedAt} > ${now})`;
  const [after] = await store.db
    .update(people)
    .set({
      failedSignIns: sql`${people.failedSignIns} + 1`,
      resignedAt: sql`CASE WHEN ${locks} THEN ${now} ELSE ${people.resignedAt} END`,
      // A lockout changes the person's access: an admin's edit read before it is stale (409).
      revision: sql`CASE WHEN ${locks} THEN ${people.revision} + 1 ELSE ${people.revision} END`,
    })
    .where(eq(people.id, person.id))
    .returning();
  const entry = { workspaceId: person.workspaceId, actorId: null, subject: `person:${person.id}` };
  const failed = activityInsert(
    store.db,
    { ...entry, action: 'sign_in_failed', after: { failedSignIns: after?.failedSignIns ?? null } },
    now,
  );
  if (!after || after.resignedAt !== now) {
    await failed;
    return;
  }
  const [ws] = await store.db
    .select({ storeId: workspaces.storeId })
    .from(workspaces)
    .where(eq(workspaces.id, person.workspaceId));
  const tuples = ws?.storeId
    ? await personFactsChange(store.db, ws.storeId, person.workspaceId, person, after)
    : { writes: [], deletes: [] };
  await store.batch([
    failed,
    activityInsert(
      store.db,
      {
        ...entry,
        action: 'lockout',
        before: { resignedAt: person.resignedAt },
        after: { resignedAt: now, failedSignIns: after.failedSignIns },
      },
      now,
    ),
    ...(ws?.storeId ? tupleWriteStatements(store.db, ws.storeId, tuples, now) : []),
  ]);
}
