/**
 * The access an invitation sets up front (R7), checked against the inviter (R9) when it is sent
 * and re-sent, and turned into rows and tuples, in one batch, when it is accepted.
 */
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { BatchItem } from 'drizzle-orm/batch';
import { artists } from '../../db/touring/schema.ts';
import { groups, outlets, roleAssignments, roles, SCOPE_TYPES } from '../../db/identity/schema.ts';
import type { InvitationGrants } from '../../db/identity/schema.ts';
import type { Db } from '../../db/store.ts';
import { PERSON_SETTINGS, type PersonSettingKey } from '../../model/catalogue.ts';
import {
  artistAccessTuples,
  assignmentTuples,
  membershipTuples,
  settingTuples,
  type TupleKey,
} from '../../model/tuples.ts';
import { ApiError } from '../errors.ts';
import { newId } from '../auth/crypto.ts';
import {
  assertArtistAccess,
  assertGroup,
  assertHolds,
  assertLevel,
  assertSettings,
  type Actor,
  type Reach,
} from './escalation.ts';
import { personFacts } from './facts.ts';
import { requireScope, rolePermissions } from './roles.ts';

const SETTING_KEYS = PERSON_SETTINGS.map((s) => s.key) as [PersonSettingKey, ...PersonSettingKey[]];

export const Grants = z.object({
  level: z.enum(['master', 'outlet_admin', 'normal']).default('normal'),
  outletId: z.string().min(1).max(100).nullable().default(null),
  role: z
    .object({ roleId: z.string().min(1).max(100), scopeType: z.enum(SCOPE_TYPES), scopeId: z.string().min(1).max(100) })
    .nullable()
    .default(null),
  /** Issue 15: every role with its scope, as on the person page (beside the single `role`). */
  roles: z
    .array(
      z.object({
        roleId: z.string().min(1).max(100),
        scopeType: z.enum(SCOPE_TYPES),
        scopeId: z.string().min(1).max(100),
      }),
    )
    .max(50)
    .default([]),
  groups: z.array(z.string().min(1).max(100)).max(50).default([]),
  settings: z.array(z.enum(SETTING_KEYS)).max(SETTING_KEYS.length).default([]),
  artists: z
    .record(
      z.string().min(1).max(100),
      z.object({
        level: z.enum(['none', 'read_only', 'full']).nullable().default(null),
        financial: z.boolean().default(false),
        socialSync: z.boolean().default(false),
        travel: z.boolean().default(true),
      }),
    )
    .default({}),
});
export type GrantsInput = z.infer<typeof Grants>;

/** R9 / R2: every part of the invitation must be something the inviter could grant. */
export async function checkGrants(
  db: Db,
  storeId: string,
  actor: Actor,
  reach: Reach,
  g: GrantsInput,
): Promise<InvitationGrants> {
  const ws = actor.workspaceId;
  const outletId = g.outletId ?? (reach.kind === 'outlet' ? reach.outletId : null);
  assertLevel(actor, reach, g.level, outletId);
  if (outletId) {
    const [o] = await db
      .select({ id: outlets.id })
      .from(outlets)
      .where(and(eq(outlets.id, outletId), eq(outlets.workspaceId, ws)));
    if (!o) throw new ApiError('not_found', `outlet \`${outletId}\` not found`);
  }
  for (const wanted of [...(g.role ? [g.role] : []), ...g.roles]) {
    const [role] = await db
      .select({ id: roles.id })
      .from(roles)
      .where(and(eq(roles.id, wanted.roleId), eq(roles.workspaceId, ws)));
    if (!role) throw new ApiError('not_found', `role \`${wanted.roleId}\` not found`);
    await requireScope(db, ws, wanted.scopeType, wanted.scopeId);
    await assertHolds(
      actor.authz,
      (await rolePermissions(db, storeId)).get(role.id) ?? [],
      `${wanted.scopeType}:${wanted.scopeId}`,
    );
  }
  for (const id of new Set(g.groups)) {
    const [group] = await db
      .select({ id: groups.id })
      .from(groups)
      .where(and(eq(groups.id, id), eq(groups.workspaceId, ws)));
    if (!group) throw new ApiError('not_found', `group \`${id}\` not found`);
    await assertGroup(actor, id);
  }
  await assertSettings(actor, g.settings, []);
  for (const [artistId, access] of Object.entries(g.artists)) {
    const [artist] = await db
      .select({ id: artists.id })
      .from(artists)
      .where(and(eq(artists.id, artistId), eq(artists.workspaceId, ws)));
    if (!artist) throw new ApiError('not_found', `artist \`${artistId}\` not found`);
    await assertArtistAccess(actor, artistId, {}, access);
  }
  return {
    level: g.level as InvitationGrants['level'],
    outletId,
    role: g.role,
    roles: g.roles,
    groups: [...new Set(g.groups)],
    settings: g.settings,
    artists: g.artists,
  };
}

/** The rows and tuples of a person created by accepting (Default group included, R20). */
export async function grantStatements(
  db: Db,
  workspaceId: string,
  personId: string,
  g: InvitationGrants,
  now: number,
): Promise<{ statements: BatchItem<'sqlite'>[]; tuples: TupleKey[] }> {
  const level = g.level as 'master' | 'outlet_admin' | 'normal';
  const tuples: TupleKey[] = personFacts(workspaceId, { id: personId, level, hiredAt: null, resignedAt: null });
  if (level === 'outlet_admin' && g.outletId)
    tuples.push({ object: `outlet:${g.outletId}`, relation: 'admin', user: `user:${personId}` });
  const groupRows = await db
    .select({ id: groups.id, isDefault: groups.isDefault })
    .from(groups)
    .where(eq(groups.workspaceId, workspaceId));
  const existing = new Set(groupRows.map((r) => r.id));
  const memberOf = new Set([
    ...groupRows.filter((r) => r.isDefault).map((r) => r.id),
    ...(g.groups ?? []).filter((id) => existing.has(id)),
  ]);
  for (const id of memberOf) tuples.push(...membershipTuples(id, personId));
  tuples.push(...settingTuples(workspaceId, personId, new Set((g.settings ?? []) as PersonSettingKey[])));
  for (const [artistId, access] of Object.entries(g.artists ?? {}))
    tuples.push(
      ...artistAccessTuples(artistId, personId, {
        ...(access.level ? { level: access.level } : {}),
        financial: access.financial ?? false,
        socialSync: access.socialSync ?? false,
        travel: access.travel ?? true,
      }),
    );
  const statements: BatchItem<'sqlite'>[] = [];
  for (const wanted of [...(g.role ? [g.role] : []), ...(g.roles ?? [])]) {
    const [role] = await db
      .select({ id: roles.id })
      .from(roles)
      .where(and(eq(roles.id, wanted.roleId), eq(roles.workspaceId, workspaceId)));
    if (role) {
      const row = {
        id: newId('as'),
        workspaceId,
        roleId: role.id,
        personId,
        scopeType: wanted.scopeType,
        scopeId: wanted.scopeId,
        createdAt: now,
      };
      statements.push(db.insert(roleAssignments).values(row));
      tuples.push(...assignmentTuples(workspaceId, row));
    }
  }
  return { statements, tuples };
}
