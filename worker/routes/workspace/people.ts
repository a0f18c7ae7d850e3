import { createRoute } from '@hono/zod-openapi';
import { conflict, errors, json, ok, pathParams, routes } from '../declare.ts';
import type { Context } from 'hono';
import { and, eq, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { z } from 'zod';
import {
  people,
  PERSON_LEVELS,
  outlets,
  roleAssignments,
  roles,
  emailChanges,
  passwordResets,
} from '../../../db/identity/schema.ts';
import { artists, events } from '../../../db/touring/schema.ts';
import { readTogether } from '../../../db/store.ts';
import { inIdList } from '../../../db/id-list.ts';
import { PERMISSION_KEYS, PERSON_SETTINGS, type PersonSettingKey } from '../../../model/catalogue.ts';
import { artistAccessTuples, settingTuples, type ArtistAccess } from '../../../model/tuples.ts';
import { ApiError } from '../../errors.ts';
import { newId, randomToken, sha256Hex } from '../../auth/crypto.ts';
import { mailSettings, sendMail } from '../../mail/send.ts';
import { emailChangeLink, emailChangeMail } from '../../mail/email-change.ts';
import { hashPassword } from '../../auth/password.ts';
import { actorOf, authorizerFor, workspaceSession, type WorkspaceEnv } from '../../middleware/workspace.ts';
import { intersectAuthorizers } from '../../authz/authorizer.ts';
import { writeWithTuples } from '../../records/write-with-tuples.ts';
import { activityInsert, type ActivityEntry } from '../../activity/log.ts';
import type { TupleWrite } from '../../../db/authz/tuple-write-statements.ts';
import { afterCompareAndSet, etagOf, writeIfCurrent } from '../../records/revision.ts';
import { conflictWith } from './conflict.ts';
import { collaboratorLabel } from '../../people/collaborator.ts';
import { Instant } from '../../people/dates.ts';
import {
  assertArtistAccess,
  assertLevel,
  assertManages,
  assertSettings,
  reachOf,
  requireReach,
  type ArtistGrant,
} from '../../people/escalation.ts';
import { findPerson, managedView, personFactsChange, publicView, type PersonRow } from '../../people/facts.ts';
import { diffTuples, readTuples } from '../../../db/authz/workspace-tuples.ts';
import { personAccessQueries, rolePermissionsQuery } from '../../../db/authz/workspace-reads.ts';
import { permissionsByRole } from '../../people/roles.ts';

const PersonPatch = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    title: z.string().trim().max(200).nullable().optional(),
    level: z.enum(PERSON_LEVELS).optional(),
    outletId: z.string().max(100).nullable().optional(),
    hiredAt: Instant.optional(),
    resignedAt: Instant.optional(),
  })
  .refine(
    (p) => Object.keys(p).length > 0,
    'send at least one of `name`, `title`, `level`, `outletId`, `hiredAt`, `resignedAt`',
  );

const SETTING_KEYS = PERSON_SETTINGS.map((s) => s.key) as [PersonSettingKey, ...PersonSettingKey[]];
const SettingsBody = z.object({ settings: z.array(z.enum(SETTING_KEYS)).max(SETTING_KEYS.length) });
const ArtistBody = z.object({
  level: z.enum(['none', 'read_only', 'full']).nullable(),
  financial: z.boolean().default(false),
  socialSync: z.boolean().default(false),
  /** R15 Travel: ticked by default; false writes `travel_off` (none of the artist's travel). */
  travel: z.boolean().default(true),
});
const ArtistGrantView = z.object({
  artistId: z.string(),
  level: z.enum(['none', 'read_only', 'full']).nullable().optional(),
  financial: z.boolean().optional(),
  socialSync: z.boolean().optional(),
  travel: z.boolean().optional(),
});
const ARTIST_RELATIONS = ['no_access', 'read_only', 'full', 'financial', 'social_sync', 'travel_off'] as const;

/* Responses (declared once: validated in development and tests, typed in the UI's client). */
const PeopleGetByIdAccess200 = z.object({
  person: z.object({
    level: z.enum(['master', 'outlet_admin', 'normal', 'no_access', 'api_only']),
    outletId: z.string().nullable(),
    hiredAt: z.string().nullable(),
    resignedAt: z.string().nullable(),
    failedSignIns: z.number(),
    status: z.string(),
    revision: z.number(),
    id: z.string(),
    name: z.string(),
    title: z.string().nullable(),
    email: z.string(),
  }),
  settings: z.array(z.string()),
  groups: z.array(z.string()),
  artists: z.record(
    z.string(),
    z.object({
      level: z.enum(['full', 'none', 'read_only']).nullable().optional(),
      financial: z.boolean().optional(),
      socialSync: z.boolean().optional(),
      travel: z.boolean().optional(),
    }),
  ),
  assignments: z.array(
    z.object({
      id: z.string(),
      roleId: z.string(),
      roleName: z.string(),
      scopeType: z.enum(['workspace', 'outlet', 'artist', 'event']),
      scopeId: z.string(),
    }),
  ),
  permissions: z.array(z.string()),
  /** R14: the shows switched off for this person (`event#hidden_from`). */
  switchedOff: z.array(z.string()),
  collaboration: z.enum(['collaborator', 'view_only']),
  /** R11: where a manage permission is held (worker/people/collaborator.ts). */
  collaborator: z.object({
    label: z.enum(['collaborator', 'view_only']),
    everywhere: z.boolean(),
    scopes: z.array(
      z.object({
        type: z.enum(['workspace', 'outlet', 'artist', 'event']),
        id: z.string(),
        name: z.string(),
        permissions: z.array(z.string()),
      }),
    ),
    text: z.string(),
  }),
});
/** What anyone who may see the person reads (R20: people/facts.ts publicView). */
const PublicPerson = z.object({ id: z.string(), name: z.string(), title: z.string().nullable(), email: z.string() });
/** What those who manage people read besides (R9: people/facts.ts managedView). */
const ManagedPerson = PublicPerson.extend({
  level: z.enum(PERSON_LEVELS),
  outletId: z.string().nullable(),
  hiredAt: z.string().nullable(),
  resignedAt: z.string().nullable(),
  failedSignIns: z.number(),
  status: z.string(),
  revision: z.number(),
});
const PeopleGetById200 = z.union([ManagedPerson, PublicPerson]);
const PeopleGet200 = z.object({ people: z.array(z.union([ManagedPerson, PublicPerson])) });
const Conflict = conflict(PeopleGetByIdAccess200);

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['People'],
  responses: { 200: ok(PeopleGet200), ...errors },
});
const getById = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['People'],
  request: { params: pathParams('id') },
  responses: { 200: ok(PeopleGetById200), ...errors },
});
const getByIdAccess = createRoute({
  method: 'get',
  path: '/{id}/access',
  tags: ['People'],
  request: { params: pathParams('id') },
  responses: { 200: ok(PeopleGetByIdAccess200), ...errors },
});
const patchById = createRoute({
  method: 'patch',
  path: '/{id}',
  tags: ['People'],
  request: { params: pathParams('id'), body: json(PersonPatch) },
  responses: { 200: ok(ManagedPerson), ...errors, 409: Conflict },
});
const putByIdSettings = createRoute({
  method: 'put',
  path: '/{id}/settings',
  tags: ['People'],
  request: { params: pathParams('id'), body: json(SettingsBody) },
  responses: { 200: ok(z.object({ settings: z.array(z.string()) })), ...errors, 409: Conflict },
});
const putByIdArtistsByArtistId = createRoute({
  method: 'put',
  path: '/{id}/artists/{artistId}',
  tags: ['People'],
  request: { params: pathParams('id', 'artistId'), body: json(ArtistBody) },
  responses: { 200: ok(ArtistGrantView), ...errors, 409: Conflict },
});
const VISIBLE_TYPES = ['show_day', 'event', 'file', 'folder', 'contact', 'thread', 'task', 'artist'] as const;
const getByIdVisible = createRoute({
  method: 'get',
  path: '/{id}/visible',
  tags: ['People'],
  request: { params: pathParams('id') },
  responses: {
    200: ok(z.object({ counts: z.record(z.enum(VISIBLE_TYPES), z.number()), asSeenBy: z.string() })),
    ...errors,
  },
});
const Grantable = z.object({ allowed: z.boolean(), reason: z.string().nullable() });
const getByIdGrantable = createRoute({
  method: 'get',
  path: '/{id}/grantable',
  tags: ['People'],
  request: { params: pathParams('id') },
  responses: {
    200: ok(
      z.object({
        manage: Grantable,
        roles: z.array(
          z.object({ id: z.string(), name: z.string(), missing: z.array(z.string()) }).extend(Grantable.shape),
        ),
        artists: z.array(
          z.object({ id: z.string(), full: Grantable, financial: Grantable, socialSync: Grantable, travel: Grantable }),
        ),
        settings: z.array(z.object({ key: z.string() }).extend(Grantable.shape)),
      }),
    ),
    ...errors,
  },
});
const ShowToggle = z.object({ on: z.boolean() });
const putByIdShowsByEventId = createRoute({
  method: 'put',
  path: '/{id}/shows/{eventId}',
  tags: ['People'],
  request: { params: pathParams('id', 'eventId'), body: json(ShowToggle) },
  responses: { 200: ok(z.object({ eventId: z.string(), on: z.boolean() })), ...errors, 409: Conflict },
});
/** An email-change link is good for a day. */
const EMAIL_CHANGE_TTL_MS = 24 * 60 * 60 * 1000;
const postByIdEmail = createRoute({
  method: 'post',
  path: '/{id}/email',
  tags: ['People'],
  request: {
    params: pathParams('id'),
    body: json(z.object({ email: z.string().trim().toLowerCase().email().max(320) })),
  },
  responses: {
    202: ok(
      z.object({ email: z.string(), expiresAt: z.string(), message: z.string() }),
      'a confirmation is on its way to the new address',
    ),
    ...errors,
  },
});
const postByIdReinstate = createRoute({
  method: 'post',
  path: '/{id}/reinstate',
  tags: ['People'],
  request: { params: pathParams('id') },
  responses: {
    200: ok(z.object({ person: ManagedPerson, oneTimePassword: z.string().nullable(), message: z.string() })),
    ...errors,
    409: Conflict,
  },
});

/**
 * People (R3–R5, R9, R13, R15, R20): the list is the engine's list-objects answer (who the
 * reader may see) feeding the query; access is read and changed only by those who manage the
 * person, and every change is its row, its tuples and its activity entry in one batch (R8, R28).
 */
export const peopleRoutes = routes<WorkspaceEnv>(...workspaceSession())
  .openapi(list, async (c) => {
    const workspace = c.get('workspace');
    // The reader is always on their own list, even before they share a group with anyone.
    const ids = [...new Set([...(await c.get('authz').list('user', 'can_view')), c.get('authz').personId])];
    const rows = ids.length
      ? await c
          .get('store')
          .db.select()
          .from(people)
          .where(and(eq(people.workspaceId, workspace.id), inIdList(people.id, ids)))
          .orderBy(people.name)
      : [];
    const reach = c.get('viewingAs') ? null : await reachOf(actorOf(c));
    const now = Date.now();
    const managed = (p: PersonRow) => reach && (reach.kind === 'workspace' || p.outletId === reach.outletId);
    return c.json(
      {
        people: rows.map((p) => (managed(p) ? managedView(p, now, workspace.lockoutThreshold) : publicView(p))),
      },
      200,
    );
  })
  .openapi(getById, async (c) => {
    const target = await visiblePerson(c, c.req.param('id'));
    const reach = c.get('viewingAs') ? null : await reachOf(actorOf(c));
    const managed = reach && (reach.kind === 'workspace' || target.outletId === reach.outletId);
    if (managed) c.header('ETag', etagOf(target.revision));
    return c.json(
      managed ? managedView(target, Date.now(), c.get('workspace').lockoutThreshold) : publicView(target),
      200,
    );
  })
  /** R9: a person's access, for themselves and for those who manage them; nobody else. */
  .openapi(getByIdAccess, async (c) => {
    const id = c.req.param('id');
    const self = id === c.get('person').id;
    // the engine first (memory): may the reader see this person, and manage people at all?
    if (!self && !(await c.get('authz').can('can_view', `user:${id}`)))
      throw new ApiError('not_found', `person \`${id}\` not found`);
    const reach = self ? null : await requireReach(actorOf(c));
    const { target, view } = await accessView(c, id);
    if (reach?.kind === 'outlet' && target.outletId !== reach.outletId)
      throw new ApiError('forbidden', 'an outlet administrator sees the access of their own outlet only');
    c.header('ETag', etagOf(target.revision));
    return c.json(view, 200);
  })
  /** R3, R4: level, outlet and dates (and name, title); the member tuple is rewritten with the row. */
  .openapi(patchById, async (c) => {
    const patch = c.req.valid('json');
    const actor = actorOf(c);
    const reach = await requireReach(actor);
    const { db } = c.get('store');
    const workspace = c.get('workspace');
    const target = await findPerson(db, workspace.id, c.req.param('id'));
    const grantsAccess =
      patch.level !== undefined ||
      patch.outletId !== undefined ||
      patch.hiredAt !== undefined ||
      patch.resignedAt !== undefined;
    if (grantsAccess || target.id !== actor.id) assertManages(actor, reach, target);
    const next = {
      ...target,
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.title !== undefined ? { title: patch.title } : {}),
      ...(patch.level !== undefined ? { level: patch.level } : {}),
      ...(patch.outletId !== undefined ? { outletId: patch.outletId } : {}),
      ...(patch.hiredAt !== undefined ? { hiredAt: patch.hiredAt } : {}),
      ...(patch.resignedAt !== undefined ? { resignedAt: patch.resignedAt } : {}),
    };
    if (next.level !== target.level || next.outletId !== target.outletId)
      assertLevel(actor, reach, next.level, next.outletId);
    if (next.outletId && next.outletId !== target.outletId) await requireOutlet(c, next.outletId);
    const tuples = await personFactsChange(db, workspace.storeId, workspace.id, target, next);
    const outletAdmin = (p: PersonRow) =>
      p.level === 'outlet_admin' && p.outletId
        ? [{ object: `outlet:${p.outletId}`, relation: 'admin', user: `user:${p.id}` }]
        : [];
    const outlet = diffTuples(outletAdmin(target), outletAdmin(next));
    const now = Date.now();
    const pick = (p: PersonRow) => ({
      name: p.name,
      title: p.title,
      level: p.level,
      outletId: p.outletId,
      hiredAt: p.hiredAt,
      resignedAt: p.resignedAt,
    });
    const lost = await writePerson(
      c,
      target,
      pick(next),
      { action: 'person_changed', before: pick(target), after: pick(next) },
      { writes: [...tuples.writes, ...outlet.writes], deletes: [...tuples.deletes, ...outlet.deletes] },
      now,
    );
    if (lost) return lost;
    return c.json(managedView({ ...next, revision: target.revision + 1 }, now, workspace.lockoutThreshold), 200);
  })
  /** R13, R18, R19, R21, R23, R25: the person's settings, as the whole list. */
  .openapi(putByIdSettings, async (c) => {
    const body = c.req.valid('json');
    const actor = actorOf(c);
    const reach = await requireReach(actor);
    const { db } = c.get('store');
    const workspace = c.get('workspace');
    const target = await findPerson(db, workspace.id, c.req.param('id'));
    assertManages(actor, reach, target);
    // An API-only person's `api_access` comes with the level, not with a setting.
    const managed = SETTING_KEYS.filter((k) => !(k === 'api_access' && target.level === 'api_only'));
    const current = await readTuples(db, workspace.storeId, `workspace:${workspace.id}`, managed, `user:${target.id}`);
    const desired = settingTuples(workspace.id, target.id, new Set(body.settings.filter((s) => managed.includes(s))));
    const change = diffTuples(current, desired);
    await assertSettings(
      actor,
      change.writes.map((t) => t.relation as PersonSettingKey),
      change.deletes.map((t) => t.relation as PersonSettingKey),
    );
    const now = Date.now();
    const before = current.map((t) => t.relation).sort();
    const after = desired.map((t) => t.relation).sort();
    const lost = await writePerson(c, target, {}, { action: 'settings_changed', before, after }, change, now);
    if (lost) return lost;
    return c.json({ settings: after }, 200);
  })
  /** R15: None / Read Only / Full (null = the role decides), plus Financial, Social sync and Travel. */
  .openapi(putByIdArtistsByArtistId, async (c) => {
    const body = c.req.valid('json');
    const actor = actorOf(c);
    const reach = await requireReach(actor);
    const { db } = c.get('store');
    const workspace = c.get('workspace');
    const target = await findPerson(db, workspace.id, c.req.param('id'));
    const artistId = c.req.param('artistId');
    const [artist] = await db
      .select({ id: artists.id })
      .from(artists)
      .where(and(eq(artists.id, artistId), eq(artists.workspaceId, workspace.id)));
    if (!artist) throw new ApiError('not_found', `artist \`${artistId}\` not found`);
    assertManages(actor, reach, target);
    const current = await readTuples(
      db,
      workspace.storeId,
      `artist:${artistId}`,
      ARTIST_RELATIONS,
      `user:${target.id}`,
    );
    const before = grantOf(current);
    const after: ArtistGrant = {
      level: body.level,
      financial: body.financial,
      socialSync: body.socialSync,
      travel: body.travel,
    };
    await assertArtistAccess(actor, artistId, before, after);
    const desired = artistAccessTuples(artistId, target.id, {
      ...(body.level ? { level: body.level } : {}),
      financial: body.financial,
      socialSync: body.socialSync,
      travel: body.travel,
    });
    const now = Date.now();
    const lost = await writePerson(
      c,
      target,
      {},
      { action: 'artist_access_changed', before: { artistId, ...before }, after: { artistId, ...after } },
      diffTuples(current, desired),
      now,
    );
    if (lost) return lost;
    return c.json({ artistId, ...after }, 200);
  })
  /**
   * "What they can see now" (issue 15): how many of each kind the person sees — as "View as"
   * shows them, limited to what the reader may see (R9) — for those who manage them.
   */
  .openapi(getByIdVisible, async (c) => {
    const target = await visiblePerson(c, c.req.param('id'));
    const actor = actorOf(c);
    if (target.id !== actor.id) assertManages(actor, await requireReach(actor), target);
    // the state read with the session serves their authorizer too (no further round trip)
    const state = c.get('sessionRead')?.state;
    const theirs = intersectAuthorizers(authorizerFor(c, target.id, state), c.get('authz'));
    const counts = Object.fromEntries(
      await Promise.all(VISIBLE_TYPES.map(async (t) => [t, (await theirs.list(t, 'can_view')).length] as const)),
    ) as Record<(typeof VISIBLE_TYPES)[number], number>;
    return c.json({ counts, asSeenBy: c.get('person').id }, 200);
  })
  /**
   * R9 for the person page: what the reader may grant this person, and why not where not — the
   * same guards the writes run, asked in advance so the page shows a refused control disabled
   * with its reason. The writes still decide (403, nothing written).
   */
  .openapi(getByIdGrantable, async (c) => {
    const id = c.req.param('id');
    const actor = actorOf(c);
    const store = c.get('store');
    const workspace = c.get('workspace');
    // issue 17, ≤ 2 round trips: the visibility question needs only the URL's id (the engine,
    // from memory), then the person, the roles and their permissions in one batch
    if (id !== c.get('person').id && !(await c.get('authz').can('can_view', `user:${id}`)))
      throw new ApiError('not_found', `person \`${id}\` not found`);
    const [targets, permissionRows, roleRows] = await readTogether(store, [
      store.db
        .select()
        .from(people)
        .where(and(eq(people.id, id), eq(people.workspaceId, workspace.id))),
      rolePermissionsQuery(store.db, workspace.storeId),
      store.db
        .select({ id: roles.id, name: roles.name })
        .from(roles)
        .where(eq(roles.workspaceId, workspace.id))
        .orderBy(roles.name),
    ]);
    const target = targets[0];
    if (!target) throw new ApiError('not_found', `person \`${id}\` not found`);
    const reasonOf = async (check: () => Promise<unknown> | unknown) => {
      try {
        await check();
        return { allowed: true, reason: null };
      } catch (error) {
        if (error instanceof ApiError) return { allowed: false, reason: error.message };
        throw error;
      }
    };
    const manage = await reasonOf(async () => assertManages(actor, await requireReach(actor), target));
    const refuse = (r: { allowed: boolean; reason: string | null }) => (manage.allowed ? r : manage);
    const ws = `workspace:${workspace.id}`;
    const permissionsOf = permissionsByRole(permissionRows);
    const roleAnswers = [];
    for (const r of roleRows) {
      const permissions = permissionsOf.get(r.id) ?? [];
      const held = await actor.authz.canAll(permissions.map((p) => [p, ws] as const));
      const missing = permissions.filter((_, i) => !held[i]);
      roleAnswers.push({
        id: r.id,
        name: r.name,
        missing,
        ...refuse(
          missing.length
            ? { allowed: false, reason: `you do not hold every permission of this role: ${missing.join(', ')}` }
            : { allowed: true, reason: null },
        ),
      });
    }
    const artistIds = await actor.authz.list('artist', 'can_view');
    const artistAnswers = [];
    for (const id of artistIds.sort()) {
      const ask = (after: ArtistGrant) => reasonOf(() => assertArtistAccess(actor, id, { level: null }, after));
      artistAnswers.push({
        id,
        full: refuse(await ask({ level: 'full' })),
        financial: refuse(await ask({ financial: true })),
        socialSync: refuse(await ask({ socialSync: true })),
        // ticking Travel again, for someone who has it unticked
        travel: refuse(
          await reasonOf(() => assertArtistAccess(actor, id, { level: null, travel: false }, { travel: true })),
        ),
      });
    }
    const settingAnswers = [];
    for (const key of SETTING_KEYS)
      settingAnswers.push({ key, ...refuse(await reasonOf(() => assertSettings(actor, [key], [key]))) });
    return c.json({ manage, roles: roleAnswers, artists: artistAnswers, settings: settingAnswers }, 200);
  })
  /** R14: a show switched off (or on again) for this person: `event:E#hidden_from@user:P`. */
  .openapi(putByIdShowsByEventId, async (c) => {
    const { on } = c.req.valid('json');
    const actor = actorOf(c);
    const reach = await requireReach(actor);
    const { db } = c.get('store');
    const workspace = c.get('workspace');
    const target = await findPerson(db, workspace.id, c.req.param('id'));
    const eventId = c.req.param('eventId');
    const [event] = await db
      .select({ id: events.id })
      .from(events)
      .where(and(eq(events.id, eventId), eq(events.workspaceId, workspace.id)));
    // A show the editor cannot see is not found, like another workspace's (R1, R9).
    if (!event || !(await c.get('authz').can('can_view', `event:${eventId}`)))
      throw new ApiError('not_found', `event \`${eventId}\` not found`);
    assertManages(actor, reach, target);
    const current = await readTuples(db, workspace.storeId, `event:${eventId}`, ['hidden_from'], `user:${target.id}`);
    const desired = on ? [] : [{ object: `event:${eventId}`, relation: 'hidden_from', user: `user:${target.id}` }];
    const lost = await writePerson(
      c,
      target,
      {},
      { action: 'show_toggled', before: { eventId, on: current.length === 0 }, after: { eventId, on } },
      diffTuples(current, desired),
      Date.now(),
    );
    if (lost) return lost;
    return c.json({ eventId, on }, 200);
  })
  /**
   * R5: reinstating clears the resigned date and the counter and sets a one-time password,
   * shown once here; the person must choose a new password at their next sign-in.
   */
  .openapi(postByIdReinstate, async (c) => {
    const actor = actorOf(c);
    const reach = await requireReach(actor);
    const { db } = c.get('store');
    const workspace = c.get('workspace');
    const target = await findPerson(db, workspace.id, c.req.param('id'));
    assertManages(actor, reach, target);
    if (target.resignedAt === null && target.failedSignIns === 0)
      throw new ApiError('conflict', 'this person is neither resigned nor locked out: nothing to reinstate');
    const now = Date.now();
    const interactive = target.level !== 'api_only' && target.level !== 'no_access';
    const oneTimePassword = interactive ? randomToken(12) : null;
    const next = { ...target, resignedAt: null, failedSignIns: 0 };
    const tuples = await personFactsChange(db, workspace.storeId, workspace.id, target, next);
    const lost = await writePerson(
      c,
      target,
      {
        resignedAt: null,
        failedSignIns: 0,
        ...(oneTimePassword ? { passwordHash: await hashPassword(oneTimePassword) } : {}),
      },
      {
        action: 'reinstatement',
        before: { resignedAt: target.resignedAt, failedSignIns: target.failedSignIns },
        after: { resignedAt: null, failedSignIns: 0, oneTimePassword: oneTimePassword !== null },
      },
      tuples,
      now,
      oneTimePassword
        ? [
            db
              .insert(passwordResets)
              .values({ personId: target.id, workspaceId: workspace.id, createdBy: actor.id, createdAt: now })
              .onConflictDoUpdate({ target: passwordResets.personId, set: { createdBy: actor.id, createdAt: now } }),
          ]
        : [],
    );
    if (lost) return lost;
    return c.json(
      {
        person: managedView({ ...next, revision: target.revision + 1 }, now, workspace.lockoutThreshold),
        oneTimePassword,
        message: oneTimePassword
          ? 'give this one-time password to the person: it is shown only now, and they must choose a new password when they sign in'
          : 'reinstated',
      },
      200,
    );
  })
  /**
   * Issue 15: an email change, confirmed by mail. A confirmation goes to the NEW address (the
   * invitations' mail path); the email changes only when its link is followed
   * (`POST /api/email-change/confirm`). The person may ask for their own; managers for those
   * they manage (R9). The request and its log entry are one batch; only the token's hash is kept.
   */
  .openapi(postByIdEmail, async (c) => {
    const { email } = c.req.valid('json');
    const actor = actorOf(c);
    const target = await visiblePerson(c, c.req.param('id'));
    if (target.id !== actor.id) assertManages(actor, await requireReach(actor), target);
    const store = c.get('store');
    const { db } = store;
    const workspace = c.get('workspace');
    if (email === target.email.toLowerCase())
      throw new ApiError('validation_error', 'field `email`: this is already their address', { field: 'email' });
    const [taken] = await db.select({ id: people.id }).from(people).where(sql`lower(${people.email}) = ${email}`);
    if (taken) throw new ApiError('conflict', `\`${email}\` already belongs to an account`, { field: 'email' });
    const now = Date.now();
    const token = randomToken(32);
    const row = {
      id: newId('emc'),
      workspaceId: workspace.id,
      personId: target.id,
      email,
      tokenHash: await sha256Hex(token),
      requestedBy: actor.id,
      createdAt: now,
      expiresAt: now + EMAIL_CHANGE_TTL_MS,
      confirmedAt: null,
    };
    await store.batch([
      db.insert(emailChanges).values(row),
      activityInsert(
        db,
        {
          workspaceId: workspace.id,
          actorId: actor.id,
          action: 'email_change_requested',
          subject: `person:${target.id}`,
          before: { email: target.email },
          after: { email, expiresAt: new Date(row.expiresAt).toISOString() },
        },
        now,
      ),
    ]);
    await sendMail(
      db,
      mailSettings(c.env),
      emailChangeMail(workspace, email, emailChangeLink(mailSettings(c.env), c.req.url, token), row.expiresAt),
    );
    return c.json(
      {
        email,
        expiresAt: new Date(row.expiresAt).toISOString(),
        message: `a confirmation was sent to ${email}: the address changes when its link is followed`,
      },
      202,
    );
  });

/**
 * A change of the person's record or own access, compare-and-set on the revision `target` was
 * read at (worker/records/revision.ts): the row (with `set`) and its revision, the activity
 * entry guarded by it, `extra`, and the tuples — one batch. A stale `If-Match` or a lost race
 * answers 409 with the person's access now; `undefined` when the change landed.
 */
async function writePerson(
  c: Context<WorkspaceEnv>,
  target: PersonRow,
  set: Partial<PersonRow>,
  entry: Pick<ActivityEntry, 'action' | 'before' | 'after'>,
  tuples: TupleWrite,
  now: number,
  extra: BatchItem<'sqlite'>[] = [],
) {
  const { db } = c.get('store');
  const workspace = c.get('workspace');
  const lost = await writeIfCurrent(
    c.req.header('if-match'),
    target.revision,
    () =>
      writeWithTuples(
        c.get('store'),
        workspace.storeId,
        [
          db
            .update(people)
            .set({ ...set, revision: sql`${people.revision} + 1` })
            .where(and(eq(people.id, target.id), eq(people.revision, target.revision))),
          activityInsert(
            db,
            {
              ...entry,
              workspaceId: afterCompareAndSet(people, target.id),
              actorId: c.get('person').id,
              subject: `person:${target.id}`,
            },
            now,
          ),
          ...extra,
        ],
        tuples,
        now,
      ),
    async () => {
      const fresh = await findPerson(db, workspace.id, target.id);
      return conflictWith(c, 'this person', fresh.revision, (await accessView(c, fresh)).view);
    },
  );
  if (!lost) c.header('ETag', etagOf(target.revision + 1));
  return lost;
}

/** R9: a person's access as those who manage them read it (`GET …/access`, and a 409's `current`). */
/**
 * A person's access in ONE round trip (issue 17): the person's row (unless the caller has it),
 * their setting, group and artist tuples, the workspace's artists and their role assignments;
 * their permissions come from the engine, over the state read with the session.
 */
async function accessView(c: Context<WorkspaceEnv>, known: PersonRow | string) {
  const store = c.get('store');
  const { db } = store;
  const workspace = c.get('workspace');
  const id = typeof known === 'string' ? known : known.id;
  const tuples = personAccessQueries(db, workspace.storeId, workspace.id, id, {
    settings: SETTING_KEYS,
    artist: ARTIST_RELATIONS,
  });
  const [personRows, settingRows, groupRows, artistTuples, artistRows, assignments, hidden] = await readTogether(
    store,
    [
      db
        .select()
        .from(people)
        .where(and(eq(people.id, id), eq(people.workspaceId, workspace.id))),
      tuples.settings,
      tuples.groups,
      tuples.artists,
      db.select({ id: artists.id }).from(artists).where(eq(artists.workspaceId, workspace.id)),
      db
        .select({
          id: roleAssignments.id,
          roleId: roleAssignments.roleId,
          roleName: roles.name,
          scopeType: roleAssignments.scopeType,
          scopeId: roleAssignments.scopeId,
        })
        .from(roleAssignments)
        .innerJoin(roles, eq(roles.id, roleAssignments.roleId))
        .where(and(eq(roleAssignments.workspaceId, workspace.id), eq(roleAssignments.personId, id))),
      tuples.hidden,
    ],
  );
  const target = typeof known === 'string' ? personRows[0] : known;
  if (!target) throw new ApiError('not_found', `person \`${id}\` not found`);
  const artistAccess: Record<string, ArtistGrant> = {};
  for (const a of artistRows) {
    const grant = grantOf(artistTuples.filter((t) => t.artistId === a.id));
    if (grant.level || grant.financial || grant.socialSync || !grant.travel) artistAccess[a.id] = grant;
  }
  // reads reuse the state read with the session; after a write (or a lost race) the store is read again
  const state = ['GET', 'HEAD'].includes(c.req.method) ? c.get('sessionRead')?.state : undefined;
  const theirs = authorizerFor(c, target.id, state);
  const held = await theirs.canAll(PERMISSION_KEYS.map((p) => [p, `workspace:${workspace.id}`] as const));
  const permissions = PERMISSION_KEYS.filter((_, i) => held[i]);
  const label = await collaboratorLabel(db, theirs, workspace, permissions, assignments);
  return {
    target,
    view: {
      person: managedView(target, Date.now(), workspace.lockoutThreshold),
      settings: settingRows.map((t) => t.relation),
      groups: groupRows.map((t) => t.groupId),
      artists: artistAccess,
      assignments,
      permissions,
      switchedOff: hidden.map((h) => h.objectId).sort(),
      // R11: a manage permission at any scope makes a Collaborator; `collaborator` says where.
      collaboration: label.label,
      collaborator: label,
    },
  };
}

/** The person, if the reader may see them (R20); otherwise 404, like another workspace's ids (R1). */
async function visiblePerson(c: Context<WorkspaceEnv>, id: string): Promise<PersonRow> {
  const target = await findPerson(c.get('store').db, c.get('workspace').id, id);
  if (target.id !== c.get('person').id && !(await c.get('authz').can('can_view', `user:${id}`)))
    throw new ApiError('not_found', `person \`${id}\` not found`);
  return target;
}

async function requireOutlet(c: Context<WorkspaceEnv>, outletId: string): Promise<void> {
  const [row] = await c
    .get('store')
    .db.select({ id: outlets.id })
    .from(outlets)
    .where(and(eq(outlets.id, outletId), eq(outlets.workspaceId, c.get('workspace').id)));
  if (!row) throw new ApiError('not_found', `outlet \`${outletId}\` not found`);
}

function grantOf(tuples: { relation: string }[]): ArtistGrant {
  const has = (r: string) => tuples.some((t) => t.relation === r);
  const level: ArtistAccess | null = has('no_access')
    ? 'none'
    : has('full')
      ? 'full'
      : has('read_only')
        ? 'read_only'
        : null;
  return { level, financial: has('financial'), socialSync: has('social_sync'), travel: !has('travel_off') };
}
