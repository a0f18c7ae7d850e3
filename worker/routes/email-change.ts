/**
 * `POST /api/email-change/confirm { token }` (issue 15): the link mailed to a person's new
 * address. No session is needed — the token is the credential, bound to one person of one
 * workspace; only its SHA-256 is stored; it works once (compare-and-set) and expires. The
 * email, the request's `confirmedAt` and the log entry change in one batch.
 */
import { createRoute } from '@hono/zod-openapi';
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import { people, emailChanges } from '../../db/identity/schema.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';
import { activityInsert } from '../activity/log.ts';
import { sha256Hex } from '../auth/crypto.ts';
import { errors, json, ok, routes } from './declare.ts';

const confirm = createRoute({
  method: 'post',
  path: '/confirm',
  tags: ['People'],
  request: { body: json(z.object({ token: z.string().min(1).max(200) })) },
  responses: { 200: ok(z.object({ personId: z.string(), email: z.string() })), ...errors },
});

export const emailChangeRoutes = routes<AppEnv>().openapi(confirm, async (c) => {
  const { token } = c.req.valid('json');
  const store = c.get('store');
  const { db } = store;
  const now = Date.now();
  const [change] = await db
    .select({ change: emailChanges, oldEmail: people.email })
    .from(emailChanges)
    .innerJoin(people, and(eq(people.id, emailChanges.personId), eq(people.workspaceId, emailChanges.workspaceId)))
    .where(eq(emailChanges.tokenHash, await sha256Hex(token)));
  if (!change || change.change.confirmedAt !== null || change.change.expiresAt <= now)
    throw new ApiError('not_found', 'this confirmation link is not valid (used, expired or mistyped)');
  const e = change.change;
  const [taken] = await db
    .select({ id: people.id })
    .from(people)
    .where(and(sql`lower(${people.email}) = lower(${e.email})`, ne(people.id, e.personId)));
  if (taken) throw new ApiError('conflict', `\`${e.email}\` now belongs to another account`);
  await store.batch([
    // Compare-and-set: a second use racing this one changes nothing, and the log entry's NULL
    // workspace then aborts its batch.
    db
      .update(emailChanges)
      .set({ confirmedAt: now })
      .where(and(eq(emailChanges.id, e.id), isNull(emailChanges.confirmedAt))),
    activityInsert(
      db,
      {
        workspaceId: sql`(SELECT workspace_id FROM ${emailChanges} WHERE id = ${e.id} AND changes() = 1)`,
        actorId: null,
        action: 'email_changed',
        subject: `person:${e.personId}`,
        before: { email: change.oldEmail },
        after: { email: e.email },
      },
      now,
    ),
    db
      .update(people)
      .set({ email: e.email, revision: sql`${people.revision} + 1` })
      .where(and(eq(people.id, e.personId), eq(people.workspaceId, e.workspaceId))),
  ]);
  return c.json({ personId: e.personId, email: e.email }, 200);
});
