import { $, createRoute } from '@hono/zod-openapi';
import { errors, json, ok, other, pathParams, routes } from '../declare.ts';
import type { Context } from 'hono';
import { setCookie } from 'hono/cookie';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { people, workspaces, invitations, outbox, type InvitationGrants } from '../../../db/identity/schema.ts';
import { ApiError } from '../../errors.ts';
import type { Db } from '../../../db/store.ts';
import { newId, randomToken, sha256Hex } from '../../auth/crypto.ts';
import { hashPassword } from '../../auth/password.ts';
import { createSession, SESSION_COOKIE, SESSION_TTL_MS } from '../../auth/session.ts';
import { actorOf, workspaceSession, type WorkspaceEnv } from '../../middleware/workspace.ts';
import { writeWithTuples } from '../../records/write-with-tuples.ts';
import { activityInsert } from '../../activity/log.ts';
import { invitationLink, invitationMail } from '../../mail/invitation.ts';
import { mailSettings, sendMail } from '../../mail/send.ts';
import { requireReach, type Reach } from '../../people/escalation.ts';
import { checkGrants, grantStatements, Grants } from '../../people/grants.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/* Responses (declared once: validated in development and tests, typed in the UI's client). */
const InvitationPostByIdResend200 = z.object({
  email_delivery: z.object({ transport: z.enum(['local', 'resend']), sent: z.boolean(), error: z.string().optional() }),
  id: z.string(),
  email: z.string(),
  name: z.string(),
  title: z.string().nullable(),
  status: z.enum(['pending', 'expired', 'accepted', 'revoked']),
  access: z.object({
    level: z.enum(['master', 'outlet_admin', 'normal']),
    outletId: z.string().nullable().optional(),
    role: z
      .object({
        roleId: z.string(),
        scopeType: z.enum(['workspace', 'outlet', 'artist', 'event']),
        scopeId: z.string(),
      })
      .nullable()
      .optional(),
    roles: z
      .array(
        z.object({
          roleId: z.string(),
          scopeType: z.enum(['workspace', 'outlet', 'artist', 'event']),
          scopeId: z.string(),
        }),
      )
      .optional(),
    groups: z.array(z.string()).optional(),
    settings: z.array(z.string()).optional(),
    artists: z
      .record(
        z.string(),
        z.object({
          level: z.enum(['full', 'none', 'read_only']).nullable().optional(),
          financial: z.boolean().optional(),
          socialSync: z.boolean().optional(),
          travel: z.boolean().optional(),
        }),
      )
      .optional(),
  }),
  invitedBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  lastSentAt: z.string(),
  sendCount: z.number(),
  personId: z.string().nullable(),
});
const InvitationGet200 = z.object({
  invitations: z.array(
    z.object({
      id: z.string(),
      email: z.string(),
      name: z.string(),
      title: z.string().nullable(),
      status: z.enum(['pending', 'expired', 'accepted', 'revoked']),
      access: z.object({
        level: z.enum(['master', 'outlet_admin', 'normal']),
        outletId: z.string().nullable().optional(),
        role: z
          .object({
            roleId: z.string(),
            scopeType: z.enum(['workspace', 'outlet', 'artist', 'event']),
            scopeId: z.string(),
          })
          .nullable()
          .optional(),
        roles: z
          .array(
            z.object({
              roleId: z.string(),
              scopeType: z.enum(['workspace', 'outlet', 'artist', 'event']),
              scopeId: z.string(),
            }),
          )
          .optional(),
        groups: z.array(z.string()).optional(),
        settings: z.array(z.string()).optional(),
        artists: z
          .record(
            z.string(),
            z.object({
              level: z.enum(['full', 'none', 'read_only']).nullable().optional(),
              financial: z.boolean().optional(),
              socialSync: z.boolean().optional(),
              travel: z.boolean().optional(),
            }),
          )
          .optional(),
      }),
      invitedBy: z.string(),
      createdAt: z.string(),
      expiresAt: z.string(),
      lastSentAt: z.string(),
      sendCount: z.number(),
      personId: z.string().nullable(),
    }),
  ),
});
const InvitationPostAccept201 = z.object({
  person: z.object({
    id: z.string(),
    workspaceId: z.string(),
    name: z.string(),
    email: z.string(),
    title: z.string().nullable(),
    level: z.enum(['master', 'outlet_admin', 'normal']),
  }),
  csrfToken: z.string(),
  expiresAt: z.number(),
});
const InvitationPostPreview200 = z.object({
  email: z.string(),
  name: z.string(),
  workspace: z.string(),
  expiresAt: z.string(),
});
const OutboxGet200 = z.object({
  messages: z.array(
    z.object({
      createdAt: z.string(),
      id: z.string(),
      to: z.string(),
      subject: z.string(),
      text: z.string().nullable(),
      transport: z.enum(['local', 'resend']),
      providerId: z.string().nullable(),
      error: z.string().nullable(),
    }),
  ),
});

/** The same rule as every password in Laminate. */
export const NewPassword = z.string().min(10, 'at least 10 characters').max(1024);

const InvitationCreate = z.object({
  email: z
    .email()
    .max(320)
    .transform((e) => e.toLowerCase()),
  name: z.string().trim().min(1).max(200),
  title: z.string().trim().max(200).nullable().default(null),
  /** Default: the workspace's invitation expiry setting (R7, worker/settings/workspace-settings.ts). */
  expiresInDays: z.number().int().min(1).max(30).optional(),
  access: Grants.default(Grants.parse({})),
});
const Token = z.object({ token: z.string().min(1).max(200) });
const Accept = z.object({ token: z.string().min(1).max(200), password: NewPassword });

type InvitationRow = typeof invitations.$inferSelect;
type Status = 'pending' | 'expired' | 'accepted' | 'revoked';
const statusOf = (i: InvitationRow, now: number): Status =>
  i.acceptedAt ? 'accepted' : i.revokedAt ? 'revoked' : i.expiresAt <= now ? 'expired' : 'pending';
const view = (i: InvitationRow, now: number) => ({
  id: i.id,
  email: i.email,
  name: i.name,
  title: i.title,
  status: statusOf(i, now),
  access: i.grants,
  invitedBy: i.invitedBy,
  createdAt: new Date(i.createdAt).toISOString(),
  expiresAt: new Date(i.expiresAt).toISOString(),
  lastSentAt: new Date(i.lastSentAt).toISOString(),
  sendCount: i.sendCount,
  personId: i.personId,
});

const postPreview = createRoute({
  method: 'post',
  path: '/preview',
  tags: ['Invitations'],
  request: { body: json(Token) },
  responses: { 200: ok(InvitationPostPreview200), ...errors },
});
const postAccept = createRoute({
  method: 'post',
  path: '/accept',
  tags: ['Invitations'],
  request: { body: json(Accept) },
  responses: { 201: ok(InvitationPostAccept201), ...errors },
});
const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['Invitations'],
  responses: { 200: ok(InvitationGet200), ...errors },
});
const create = createRoute({
  method: 'post',
  path: '/',
  tags: ['Invitations'],
  request: { body: json(InvitationCreate) },
  responses: { 201: ok(InvitationPostByIdResend200), ...errors },
});
const postByIdResend = createRoute({
  method: 'post',
  path: '/{id}/resend',
  tags: ['Invitations'],
  request: { params: pathParams('id') },
  responses: { 200: ok(InvitationPostByIdResend200), ...errors },
});
const removeById = createRoute({
  method: 'delete',
  path: '/{id}',
  tags: ['Invitations'],
  request: { params: pathParams('id') },
  responses: { 204: other('done'), ...errors },
});

/**
 * Invitations (R7): an admin invites by email with the access set up front; the link carries a
 * random token (only its SHA-256 is stored) that sets a password and signs the person in.
 * Pending until accepted; expires (15 days by default); re-sending gives a new token and kills
 * the old one; revoking kills it. Accepting is the only route here without a session.
 */
export const invitationRoutes = $(
  routes<WorkspaceEnv>()
    /** What the invitation page shows before the password is chosen. */
    .openapi(postPreview, async (c) => {
      const { token } = c.req.valid('json');
      const { invitation, workspaceName } = await redeemable(c.get('store').db, token, Date.now());
      return c.json(
        {
          email: invitation.email,
          name: invitation.name,
          workspace: workspaceName,
          expiresAt: new Date(invitation.expiresAt).toISOString(),
        },
        200,
      );
    })
    /** Accept: the person, their access and a session, in one batch with the invitation's end. */
    .openapi(postAccept, async (c) => {
      const body = c.req.valid('json');
      const store = c.get('store');
      const { db } = store;
      const now = Date.now();
      const { invitation, storeId } = await redeemable(db, body.token, now);
      const personId = newId('per');
      const grants = invitation.grants as InvitationGrants;
      const person = {
        id: personId,
        workspaceId: invitation.workspaceId,
        name: invitation.name,
        email: invitation.email,
        title: invitation.title,
        level: grants.level,
        outletId: grants.outletId ?? null,
        passwordHash: await hashPassword(body.password),
        hiredAt: null,
        resignedAt: null,
        failedSignIns: 0,
        createdAt: now,
      };
      const granted = await grantStatements(db, invitation.workspaceId, personId, grants, now);
      await writeWithTuples(
        store,
        storeId,
        [
          db.insert(people).values(person),
          // The WHERE makes a second acceptance racing this one update nothing; the email's
          // unique index then refuses its person, and the whole batch with it.
          db
            .update(invitations)
            .set({ acceptedAt: now, personId })
            .where(
              and(eq(invitations.id, invitation.id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)),
            ),
          ...granted.statements,
          activityInsert(
            db,
            {
              workspaceId: invitation.workspaceId,
              actorId: personId,
              action: 'invitation_accepted',
              subject: `invitation:${invitation.id}`,
              after: { personId, access: grants },
            },
            now,
          ),
        ],
        { writes: granted.tuples, deletes: [] },
        now,
      ).catch((error: unknown) => {
        if (error instanceof ApiError && error.code === 'conflict')
          throw new ApiError(
            'conflict',
            'this invitation has already been accepted (or the email now has an account): sign in instead',
            { cause: error },
          );
        throw error;
      });
      const [created] = await db.select().from(people).where(eq(people.id, personId));
      const session = await createSession(store, created!, now);
      setCookie(c, SESSION_COOKIE, session.token, {
        httpOnly: true,
        secure: true,
        sameSite: 'Lax',
        path: '/',
        maxAge: SESSION_TTL_MS / 1000,
      });
      return c.json(
        {
          person: {
            id: personId,
            workspaceId: person.workspaceId,
            name: person.name,
            email: person.email,
            title: person.title,
            level: person.level,
          },
          csrfToken: session.csrfToken,
          expiresAt: session.expiresAt,
        },
        201,
      );
    })
    .use('*', ...workspaceSession()),
)
  .openapi(list, async (c) => {
    const reach = await requireReach(actorOf(c));
    const rows = await c
      .get('store')
      .db.select()
      .from(invitations)
      .where(eq(invitations.workspaceId, c.get('workspace').id))
      .orderBy(desc(invitations.createdAt));
    const now = Date.now();
    return c.json({ invitations: rows.filter((i) => inReach(reach, i)).map((i) => view(i, now)) }, 200);
  })
  .openapi(create, async (c) => {
    const body = c.req.valid('json');
    const actor = actorOf(c);
    const reach = await requireReach(actor);
    const { db } = c.get('store');
    const workspace = c.get('workspace');
    const [existing] = await db.select({ id: people.id }).from(people).where(eq(people.email, body.email));
    if (existing) throw new ApiError('conflict', `\`${body.email}\` already has an account`, { field: 'email' });
    const [open] = await db
      .select({ id: invitations.id })
      .from(invitations)
      .where(
        and(
          eq(invitations.workspaceId, workspace.id),
          eq(invitations.email, body.email),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
          sql`${invitations.expiresAt} > ${Date.now()}`,
        ),
      );
    if (open)
      throw new ApiError(
        'conflict',
        `\`${body.email}\` already has a pending invitation (\`${open.id}\`): re-send it instead`,
        { field: 'email' },
      );
    const grants = await checkGrants(db, workspace.storeId, actor, reach, body.access);
    const now = Date.now();
    const token = randomToken(32);
    const row: InvitationRow = {
      id: newId('inv'),
      workspaceId: workspace.id,
      email: body.email,
      name: body.name,
      title: body.title,
      invitedBy: actor.id,
      tokenHash: await sha256Hex(token),
      grants,
      createdAt: now,
      expiresAt: now + (body.expiresInDays ?? workspace.invitationExpiryDays) * DAY_MS,
      lastSentAt: now,
      sendCount: 1,
      acceptedAt: null,
      personId: null,
      revokedAt: null,
    };
    await c.get('store').batch([
      db.insert(invitations).values(row),
      activityInsert(
        db,
        {
          workspaceId: workspace.id,
          actorId: actor.id,
          action: 'invitation_sent',
          subject: `invitation:${row.id}`,
          after: { email: row.email, access: grants, expiresAt: row.expiresAt },
        },
        now,
      ),
    ]);
    const mail = await sendMail(
      db,
      mailSettings(c.env),
      invitationMail(workspace, row.email, invitationLink(mailSettings(c.env), c.req.url, token), row.expiresAt),
    );
    return c.json({ ...view(row, now), email_delivery: mail }, 201);
  })
  .openapi(postByIdResend, async (c) => {
    const actor = actorOf(c);
    const reach = await requireReach(actor);
    const { db } = c.get('store');
    const workspace = c.get('workspace');
    const invitation = await findInvitation(c, reach, c.req.param('id'));
    const now = Date.now();
    const status = statusOf(invitation, now);
    if (status === 'accepted' || status === 'revoked')
      throw new ApiError('conflict', `this invitation was ${status}: it cannot be re-sent`);
    // Re-sending hands out the same access again: the re-sender must be able to grant it too (R9).
    const grants = invitation.grants as InvitationGrants;
    await checkGrants(db, workspace.storeId, actor, reach, {
      level: grants.level,
      outletId: grants.outletId ?? null,
      role: grants.role ?? null,
      roles: grants.roles ?? [],
      groups: grants.groups ?? [],
      settings: (grants.settings ?? []) as never,
      artists: (grants.artists ?? {}) as never,
    });
    const token = randomToken(32);
    const expiresAt = now + workspace.invitationExpiryDays * DAY_MS;
    await c.get('store').batch([
      db
        .update(invitations)
        .set({ tokenHash: await sha256Hex(token), expiresAt, lastSentAt: now, sendCount: invitation.sendCount + 1 })
        .where(eq(invitations.id, invitation.id)),
      activityInsert(
        db,
        {
          workspaceId: workspace.id,
          actorId: actor.id,
          action: 'invitation_resent',
          subject: `invitation:${invitation.id}`,
          before: { expiresAt: invitation.expiresAt, sendCount: invitation.sendCount },
          after: { expiresAt, sendCount: invitation.sendCount + 1 },
        },
        now,
      ),
    ]);
    const mail = await sendMail(
      db,
      mailSettings(c.env),
      invitationMail(workspace, invitation.email, invitationLink(mailSettings(c.env), c.req.url, token), expiresAt),
    );
    return c.json(
      {
        ...view({ ...invitation, expiresAt, lastSentAt: now, sendCount: invitation.sendCount + 1 }, now),
        email_delivery: mail,
      },
      200,
    );
  })
  .openapi(removeById, async (c) => {
    const actor = actorOf(c);
    const reach = await requireReach(actor);
    const { db } = c.get('store');
    const invitation = await findInvitation(c, reach, c.req.param('id'));
    if (invitation.acceptedAt)
      throw new ApiError('conflict', "this invitation was already accepted: change the person's access instead");
    if (invitation.revokedAt) return c.body(null, 204);
    const now = Date.now();
    await c.get('store').batch([
      db.update(invitations).set({ revokedAt: now }).where(eq(invitations.id, invitation.id)),
      activityInsert(
        db,
        {
          workspaceId: invitation.workspaceId,
          actorId: actor.id,
          action: 'invitation_revoked',
          subject: `invitation:${invitation.id}`,
          before: { email: invitation.email },
        },
        now,
      ),
    ]);
    return c.body(null, 204);
  });

const outboxList = createRoute({
  method: 'get',
  path: '/',
  tags: ['Invitations'],
  responses: { 200: ok(OutboxGet200), ...errors },
});

/** The local outbox (mail that went nowhere without RESEND_API_KEY): for those who manage people. */
export const outboxRoutes = routes<WorkspaceEnv>(...workspaceSession()).openapi(outboxList, async (c) => {
  const reach = await requireReach(actorOf(c));
  if (reach.kind !== 'workspace')
    throw new ApiError('forbidden', 'the outbox is for those who manage people of the whole workspace');
  const rows = await c
    .get('store')
    .db.select()
    .from(outbox)
    .where(eq(outbox.workspaceId, c.get('workspace').id))
    .orderBy(desc(outbox.createdAt))
    .limit(100);
  return c.json(
    {
      messages: rows.map(({ workspaceId: _, ...m }) => ({ ...m, createdAt: new Date(m.createdAt).toISOString() })),
    },
    200,
  );
});

const inReach = (reach: Reach, i: InvitationRow) =>
  reach.kind === 'workspace' || (i.grants as InvitationGrants).outletId === reach.outletId;

async function findInvitation(c: Context<WorkspaceEnv>, reach: Reach, id: string): Promise<InvitationRow> {
  const [row] = await c
    .get('store')
    .db.select()
    .from(invitations)
    .where(and(eq(invitations.id, id), eq(invitations.workspaceId, c.get('workspace').id)));
  if (!row || !inReach(reach, row)) throw new ApiError('not_found', `invitation \`${id}\` not found`);
  return row;
}

/** The invitation behind a token, if it can still be accepted; otherwise a 4xx that says why. */
async function redeemable(
  db: Db,
  token: string,
  now: number,
): Promise<{ invitation: InvitationRow; storeId: string; workspaceName: string }> {
  const [row] = await db
    .select({ invitation: invitations, storeId: workspaces.storeId, workspaceName: workspaces.name })
    .from(invitations)
    .innerJoin(workspaces, eq(workspaces.id, invitations.workspaceId))
    .where(eq(invitations.tokenHash, await sha256Hex(token)));
  if (!row?.storeId)
    throw new ApiError(
      'not_found',
      'this invitation link is not valid: it was mistyped, or replaced by a newer invitation; ask for a new one',
      { field: 'token' },
    );
  const status = statusOf(row.invitation, now);
  if (status === 'accepted')
    throw new ApiError('conflict', 'this invitation has already been accepted: sign in instead', { field: 'token' });
  if (status === 'revoked')
    throw new ApiError('conflict', 'this invitation was revoked: ask for a new one', { field: 'token' });
  if (status === 'expired')
    throw new ApiError(
      'conflict',
      `this invitation expired on ${new Date(row.invitation.expiresAt).toISOString().slice(0, 10)}: ask for it to be re-sent`,
      { field: 'token' },
    );
  return { invitation: row.invitation, storeId: row.storeId, workspaceName: row.workspaceName };
}
