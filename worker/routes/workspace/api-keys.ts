import { createRoute } from '@hono/zod-openapi';
import { errors, json, ok, other, pathParams, routes } from '../declare.ts';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { personApiKeys } from '../../../db/identity/schema.ts';
import { ApiError } from '../../errors.ts';
import { newId } from '../../auth/crypto.ts';
import { generateApiKey } from '../../auth/api-keys.ts';
import { actorOf, authorizerFor, workspaceSession, type WorkspaceEnv } from '../../middleware/workspace.ts';
import { activityInsert } from '../../activity/log.ts';
import { findPerson } from '../../people/facts.ts';

const KeyCreate = z.object({
  name: z.string().trim().min(1).max(100),
  personId: z.string().min(1).max(100).optional(),
});

/* Responses (declared once: validated in development and tests, typed in the UI's client). */
const ApiKeyPost201 = z.object({
  id: z.string(),
  personId: z.string(),
  name: z.string(),
  key: z.string(),
  message: z.string(),
});
const ApiKeyGet200 = z.object({
  keys: z.array(
    z.object({
      id: z.string(),
      personId: z.string(),
      name: z.string(),
      createdBy: z.string(),
      createdAt: z.number(),
      revokedAt: z.number().nullable(),
    }),
  ),
});

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['Workspace API keys'],
  responses: { 200: ok(ApiKeyGet200), ...errors },
});
const create = createRoute({
  method: 'post',
  path: '/',
  tags: ['Workspace API keys'],
  request: { body: json(KeyCreate) },
  responses: { 201: ok(ApiKeyPost201), ...errors },
});
const removeById = createRoute({
  method: 'delete',
  path: '/{id}',
  tags: ['Workspace API keys'],
  request: { params: pathParams('id') },
  responses: { 204: other('done'), ...errors },
});

/**
 * API keys of people (R25): a key acts as one person on the workspace API, read-only, deciding
 * by that person's grants on every request. Shown once; only its SHA-256 is stored; revocable.
 *
 * R9: a key for yourself needs REST API access; a key for someone else only a master user may
 * make (it would let its maker read what that person reads, so only someone who holds
 * everything may), and only for a person with API access.
 */
export const apiKeyRoutes = routes<WorkspaceEnv>(...workspaceSession())
  .openapi(list, async (c) => {
    const actor = actorOf(c);
    const workspace = c.get('workspace');
    const master = await actor.authz.can('master_active', `workspace:${workspace.id}`);
    const rows = await c
      .get('store')
      .db.select({
        id: personApiKeys.id,
        personId: personApiKeys.personId,
        name: personApiKeys.name,
        createdBy: personApiKeys.createdBy,
        createdAt: personApiKeys.createdAt,
        revokedAt: personApiKeys.revokedAt,
      })
      .from(personApiKeys)
      .where(
        and(eq(personApiKeys.workspaceId, workspace.id), master ? undefined : eq(personApiKeys.personId, actor.id)),
      )
      .orderBy(desc(personApiKeys.createdAt));
    return c.json({ keys: rows }, 200);
  })
  .openapi(create, async (c) => {
    const body = c.req.valid('json');
    const actor = actorOf(c);
    const { db } = c.get('store');
    const workspace = c.get('workspace');
    const ws = `workspace:${workspace.id}`;
    const target = await findPerson(db, workspace.id, body.personId ?? actor.id);
    if (target.id !== actor.id && !(await actor.authz.can('master_active', ws)))
      throw new ApiError('forbidden', 'only a master user makes API keys for someone else');
    const theirs = target.id === actor.id ? actor.authz : authorizerFor(c, target.id);
    if (!(await theirs.can('can_use_api', ws)))
      throw new ApiError('forbidden', `\`${target.id}\` has no REST API access`);
    const now = Date.now();
    const { key, hash } = await generateApiKey();
    const row = {
      id: newId('pk'),
      workspaceId: workspace.id,
      personId: target.id,
      name: body.name,
      secretHash: hash,
      createdBy: actor.id,
      createdAt: now,
      revokedAt: null,
    };
    await c.get('store').batch([
      db.insert(personApiKeys).values(row),
      activityInsert(
        db,
        {
          workspaceId: workspace.id,
          actorId: actor.id,
          action: 'api_key_created',
          subject: `person:${target.id}`,
          after: { keyId: row.id, name: row.name },
        },
        now,
      ),
    ]);
    return c.json(
      { id: row.id, personId: target.id, name: row.name, key, message: 'copy the key now: it is shown only once' },
      201,
    );
  })
  .openapi(removeById, async (c) => {
    const actor = actorOf(c);
    const { db } = c.get('store');
    const workspace = c.get('workspace');
    const id = c.req.param('id');
    const [row] = await db
      .select()
      .from(personApiKeys)
      .where(and(eq(personApiKeys.id, id), eq(personApiKeys.workspaceId, workspace.id)));
    const master = await actor.authz.can('master_active', `workspace:${workspace.id}`);
    if (!row || (row.personId !== actor.id && !master)) throw new ApiError('not_found', `API key \`${id}\` not found`);
    if (row.revokedAt !== null) return c.body(null, 204);
    const now = Date.now();
    await c.get('store').batch([
      db
        .update(personApiKeys)
        .set({ revokedAt: now })
        .where(and(eq(personApiKeys.id, id), isNull(personApiKeys.revokedAt))),
      activityInsert(
        db,
        {
          workspaceId: workspace.id,
          actorId: actor.id,
          action: 'api_key_revoked',
          subject: `person:${row.personId}`,
          before: { keyId: id, name: row.name },
        },
        now,
      ),
    ]);
    return c.body(null, 204);
  });
