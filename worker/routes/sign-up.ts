/**
 * A new workspace by sign-up (docs/people.md, "Sign-up"): `POST /api/sign-up` reserves a
 * workspace (its row, with no authorization store: nobody can use it) and mails a confirmation
 * link through the invitations' mail path; `POST /api/sign-up/confirm` with the link's token
 * creates the store, the model, the Default group, the predefined roles and the owner as master
 * user in one batch, and signs the owner in.
 *
 * `ALLOW_SIGN_UP` ("true" to allow; a binding, or the environment on Node): off unless set, so
 * a deployed Worker is invitation-only until its operator says otherwise; `npm start` turns it on.
 *
 * Whether an address has an account is not revealed: the answer to a valid sign-up is the same
 * 202 either way, and an address that already has an account gets a mail saying so instead of a
 * link. (Sign-in reveals no more: it answers "wrong email, access id or password" alike.)
 */
import { createRoute } from '@hono/zod-openapi';
import { errors, json, ok, routes } from './declare.ts';
import type { Context } from 'hono';
import { setCookie } from 'hono/cookie';
import { and, count, eq, gt, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { people, workspaces, signUps } from '../../db/identity/schema.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';
import { activityInsert } from '../activity/log.ts';
import { newId, randomToken, sha256Hex } from '../auth/crypto.ts';
import { hashPassword } from '../auth/password.ts';
import { createSession, SESSION_COOKIE, SESSION_TTL_MS } from '../auth/session.ts';
import { SIGN_IN_ATTEMPTS, SIGN_IN_WINDOW_MS } from '../auth/sign-in-limit.ts';
import { mailSettings, sendMail } from '../mail/send.ts';
import { alreadyRegisteredMail, signUpLink, signUpMail } from '../mail/sign-up.ts';
import { workspaceStatements } from '../settings/create-workspace.ts';
import { isTimeZone } from '../settings/workspace-settings.ts';
import { writeWithTuples } from '../records/write-with-tuples.ts';
import { NewPassword } from './workspace/invitations.ts';
import { publicPerson } from './session.ts';

/** A confirmation link is good for a day. */
const SIGN_UP_TTL_MS = 24 * 60 * 60 * 1000;
/** Node: sign-ups a minute across the installation (the database is the only shared state). */
const SIGN_UPS_PER_MINUTE = 30;

/** Whether this installation lets anyone start a workspace. */
export function signUpAllowed(env: unknown): boolean {
  const bound = (env as Record<string, unknown> | undefined)?.ALLOW_SIGN_UP;
  const value =
    typeof bound === 'string'
      ? bound
      : (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.ALLOW_SIGN_UP;
  return value === 'true' || value === '1';
}

const SignUp = z.object({
  workspaceName: z.string().trim().min(1, 'name your workspace').max(200),
  name: z.string().trim().min(1, 'your name').max(200),
  email: z
    .email()
    .max(320)
    .transform((e) => e.toLowerCase()),
  password: NewPassword,
  timezone: z.string().trim().max(100).refine(isTimeZone, 'an IANA time zone such as `Europe/Berlin`').default('UTC'),
});
const Confirm = z.object({ token: z.string().min(1).max(200) });

const Accepted202 = z.object({ message: z.string() });
const Confirmed201 = z.object({
  person: z.object({
    id: z.string(),
    workspaceId: z.string(),
    name: z.string(),
    email: z.string(),
    title: z.string().nullable(),
    level: z.enum(['master', 'outlet_admin', 'normal', 'no_access', 'api_only']),
  }),
  workspace: z.object({ id: z.string(), name: z.string() }),
  csrfToken: z.string(),
  expiresAt: z.number(),
});

const create = createRoute({
  method: 'post',
  path: '/',
  tags: ['Session'],
  request: { body: json(SignUp) },
  responses: {
    202: ok(Accepted202, 'a confirmation mail is on its way (whether or not the address has an account)'),
    ...errors,
  },
});
const confirm = createRoute({
  method: 'post',
  path: '/confirm',
  tags: ['Session'],
  request: { body: json(Confirm) },
  responses: { 201: ok(Confirmed201), ...errors },
});

const MESSAGE = 'check your mail: the link in it confirms the address and creates the workspace';

function requireAllowed(c: Context<AppEnv>): void {
  if (!signUpAllowed(c.env))
    throw new ApiError('forbidden', 'sign-up is switched off on this installation: ask for an invitation');
}

/** Like sign-in (worker/auth/sign-in-limit.ts): the binding on workerd; on Node, sign-up rows in the database. */
async function limitSignUp(c: Context<AppEnv>, email: string, now: number): Promise<void> {
  const binding = c.env?.SIGN_IN_RATE_LIMIT;
  const refuse = (): never => {
    throw new ApiError('rate_limited', 'too many sign-ups: try again in a minute', {
      headers: { 'Retry-After': String(SIGN_IN_WINDOW_MS / 1000) },
    });
  };
  if (binding) {
    const client = c.req.header('cf-connecting-ip') ?? '-';
    const { success } = await binding.limit({ key: await sha256Hex(`sign-up|${client}`) });
    if (!success) refuse();
    return;
  }
  const since = now - SIGN_IN_WINDOW_MS;
  const { db } = c.get('store');
  const [all] = await db.select({ n: count() }).from(signUps).where(gt(signUps.createdAt, since));
  const [mine] = await db
    .select({ n: count() })
    .from(signUps)
    .where(and(eq(signUps.email, email), gt(signUps.createdAt, since)));
  if ((all?.n ?? 0) >= SIGN_UPS_PER_MINUTE || (mine?.n ?? 0) >= SIGN_IN_ATTEMPTS) refuse();
}

export const signUp = routes<AppEnv>()
  .openapi(create, async (c) => {
    requireAllowed(c);
    const origin = c.req.header('origin');
    if (origin && origin !== new URL(c.req.url).origin) throw new ApiError('forbidden', 'cross-origin sign-up refused');
    const body = c.req.valid('json');
    const now = Date.now();
    await limitSignUp(c, body.email, now);
    const { db } = c.get('store');
    const setting = mailSettings(c.env);
    // The KDF runs either way, so the answer's timing does not tell whether the address is known.
    const passwordHash = await hashPassword(body.password);
    const [existing] = await db
      .select({ workspaceId: people.workspaceId })
      .from(people)
      .where(eq(people.email, body.email))
      .limit(1);
    if (existing) {
      const signIn = (setting('APP_URL') ?? new URL(c.req.url).origin).replace(/\/+$/, '');
      await sendMail(db, setting, alreadyRegisteredMail(existing.workspaceId, body.email, `${signIn}/`));
      return c.json({ message: MESSAGE }, 202);
    }
    const workspaceId = newId('ws');
    const token = randomToken(32);
    const expiresAt = now + SIGN_UP_TTL_MS;
    await c.get('store').batch([
      db
        .insert(workspaces)
        .values({ id: workspaceId, name: body.workspaceName, timezone: body.timezone, storeId: null, createdAt: now }),
      db.insert(signUps).values({
        id: newId('sgn'),
        workspaceId,
        email: body.email,
        name: body.name,
        passwordHash,
        tokenHash: await sha256Hex(token),
        createdAt: now,
        expiresAt,
      }),
    ]);
    await sendMail(
      db,
      setting,
      signUpMail(
        { id: workspaceId, name: body.workspaceName },
        body.email,
        signUpLink(setting, c.req.url, token),
        expiresAt,
      ),
    );
    return c.json({ message: MESSAGE }, 202);
  })
  .openapi(confirm, async (c) => {
    requireAllowed(c);
    const { token } = c.req.valid('json');
    const store = c.get('store');
    const { db } = store;
    const now = Date.now();
    const [pending] = await db
      .select({ signUp: signUps, workspace: workspaces })
      .from(signUps)
      .innerJoin(workspaces, eq(workspaces.id, signUps.workspaceId))
      .where(eq(signUps.tokenHash, await sha256Hex(token)));
    if (!pending || pending.signUp.confirmedAt !== null || pending.signUp.expiresAt <= now || pending.workspace.storeId)
      throw new ApiError('not_found', 'this confirmation link is not valid (used, expired or mistyped): sign up again');
    const { signUp: s, workspace } = pending;
    const owner = { id: newId('per'), name: s.name, email: s.email, passwordHash: s.passwordHash };
    const made = workspaceStatements(db, { workspaceId: workspace.id, workspaceName: workspace.name, owner }, now);
    await writeWithTuples(
      store,
      made.storeId,
      [
        // Compare-and-set: a second confirmation racing this one changes nothing, and the log
        // entry's NULL workspace then aborts its batch (worker/records/revision.ts).
        db
          .update(signUps)
          .set({ confirmedAt: now })
          .where(and(eq(signUps.id, s.id), isNull(signUps.confirmedAt))),
        activityInsert(
          db,
          {
            workspaceId: sql`(SELECT workspace_id FROM ${signUps} WHERE id = ${s.id} AND changes() = 1)`,
            actorId: null,
            action: 'workspace_created',
            subject: `workspace:${workspace.id}`,
            after: { name: workspace.name, timezone: workspace.timezone, owner: owner.id },
          },
          now,
        ),
        ...made.statements,
        db.update(workspaces).set({ storeId: made.storeId }).where(eq(workspaces.id, workspace.id)),
      ],
      { writes: [], deletes: [] },
      now,
    ).catch((error: unknown) => {
      if (error instanceof ApiError && error.code === 'conflict')
        throw new ApiError(
          'conflict',
          'this workspace was already confirmed (or the address now has an account): sign in instead',
          { cause: error },
        );
      throw error;
    });
    const [person] = await db.select().from(people).where(eq(people.id, owner.id));
    const session = await createSession(store, person!, now);
    setCookie(c, SESSION_COOKIE, session.token, {
      httpOnly: true,
      secure: true,
      sameSite: 'Lax',
      path: '/',
      maxAge: SESSION_TTL_MS / 1000,
    });
    return c.json(
      {
        person: publicPerson(person!),
        workspace: { id: workspace.id, name: workspace.name },
        csrfToken: session.csrfToken,
        expiresAt: session.expiresAt,
      },
      201,
    );
  });
