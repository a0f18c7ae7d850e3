/**
 * R9, no escalation: nobody grants what they do not hold. Every grant path (role create and
 * edit, assignment, level, dates, settings, artist access, group membership, invitations, API
 * keys) asks these guards first, with the granter's own authorizer: the engine decides what
 * the granter holds, these functions only compare. R2: an outlet administrator manages people
 * of their outlet only and can never make a master user.
 */
import type { PersonLevel } from '../../db/identity/schema.ts';
import type { PersonSettingKey } from '../../model/catalogue.ts';
import type { ArtistAccess } from '../../model/tuples.ts';
import type { Relation } from '../../model/relations.ts';
import { ApiError } from '../errors.ts';
import type { Authorizer } from '../authz/authorizer.ts';

export const LEVEL_RANK: Record<PersonLevel, number> = {
  master: 3,
  outlet_admin: 2,
  normal: 1,
  api_only: 0,
  no_access: 0,
};

export type Actor = { id: string; level: PersonLevel; outletId: string | null; workspaceId: string; authz: Authorizer };
export type Target = { id: string; level: PersonLevel; outletId: string | null };
/** Where an actor manages people: the whole workspace, or one outlet (R2). */
export type Reach = { kind: 'workspace' } | { kind: 'outlet'; outletId: string };

/** The actor's reach, or null when they may not manage people at all. */
export async function reachOf(actor: Actor): Promise<Reach | null> {
  if (await actor.authz.can('can_manage_people', `workspace:${actor.workspaceId}`)) return { kind: 'workspace' };
  if (
    actor.level === 'outlet_admin' &&
    actor.outletId &&
    (await actor.authz.can('edit_system_settings', `outlet:${actor.outletId}`))
  ) {
    return { kind: 'outlet', outletId: actor.outletId };
  }
  return null;
}

export async function requireReach(actor: Actor): Promise<Reach> {
  const reach = await reachOf(actor);
  if (!reach)
    throw new ApiError('forbidden', 'managing people needs the permission to manage people (Edit System Settings)');
  return reach;
}

/** May the actor change `target`'s access at all? */
export function assertManages(actor: Actor, reach: Reach, target: Target): void {
  if (target.id === actor.id && actor.level !== 'master')
    throw new ApiError('forbidden', 'nobody but a master user changes their own access');
  if (reach.kind === 'outlet' && target.outletId !== reach.outletId)
    throw new ApiError('forbidden', 'an outlet administrator manages only the people of their own outlet');
  if (LEVEL_RANK[target.level] > LEVEL_RANK[actor.level])
    throw new ApiError(
      'forbidden',
      `you cannot change the access of someone whose level (\`${target.level}\`) is above your own`,
    );
}

/** May the actor give `level` (in `outletId`)? */
export function assertLevel(actor: Actor, reach: Reach, level: PersonLevel, outletId: string | null): void {
  if (level === 'master' && actor.level !== 'master')
    throw new ApiError('forbidden', 'only a master user can make a master user');
  if (LEVEL_RANK[level] > LEVEL_RANK[actor.level])
    throw new ApiError('forbidden', `you cannot give a level (\`${level}\`) above your own`);
  if (level === 'outlet_admin' && !outletId)
    throw new ApiError('validation_error', 'field `outletId`: an outlet administrator needs an outlet', {
      field: 'outletId',
    });
  if (reach.kind === 'outlet' && outletId !== reach.outletId)
    throw new ApiError('forbidden', 'an outlet administrator creates people for their own outlet only');
}

/** Every permission must be held by the actor on `object` (where the grant will apply). */
export async function assertHolds(authz: Authorizer, permissions: readonly Relation[], object: string): Promise<void> {
  const held = await authz.canAll(permissions.map((p) => [p, object] as const));
  const missing = permissions.filter((_, i) => !held[i]);
  if (missing.length)
    throw new ApiError(
      'forbidden',
      `you cannot grant permissions you do not hold on \`${object}\`: ${missing.map((p) => `\`${p}\``).join(', ')}`,
    );
}

/** Alternatives, any of which means the actor holds what a setting grants. */
const SETTING_HELD_BY: Partial<Record<PersonSettingKey, Relation[]>> = {
  administrator: ['administrator_active'],
  activity_log_access: ['can_read_activity_log'],
  export_access: ['can_export'],
  itinerary_access: ['can_use_itinerary'],
  tasks_unassigned: ['tasks_unassigned', 'tasks_all', 'administrator_active'],
  tasks_all: ['tasks_all', 'administrator_active'],
  api_access: ['can_use_api', 'master_active'],
};
/** Settings that take access away: lifting one is a grant, so the lifter must not be under it. */
const RESTRICTIONS = new Set<PersonSettingKey>([
  'read_only',
  'included_only_events',
  'included_only_messages',
  'barred_from_contacts',
  'barred_from_venues',
]);

export async function assertSettings(
  actor: Actor,
  added: readonly PersonSettingKey[],
  removed: readonly PersonSettingKey[],
): Promise<void> {
  const ws = `workspace:${actor.workspaceId}`;
  if (await actor.authz.can('master_active', ws)) return;
  const denied: string[] = [];
  for (const s of added) {
    const alternatives = SETTING_HELD_BY[s];
    if (!alternatives) continue;
    const held = await actor.authz.canAll(alternatives.map((r) => [r, ws] as const));
    if (!held.some(Boolean)) denied.push(s);
  }
  for (const s of removed) {
    if (RESTRICTIONS.has(s) && (await actor.authz.can(s, ws))) denied.push(s);
  }
  if (denied.length)
    throw new ApiError(
      'forbidden',
      `you cannot grant settings you do not hold yourself: ${denied.map((s) => `\`${s}\``).join(', ')}`,
    );
}

/** `travel` absent or true: ticked (no tuple); false: `travel_off` (R15 Travel unticked). */
export type ArtistGrant = { level?: ArtistAccess | null; financial?: boolean; socialSync?: boolean; travel?: boolean };

/**
 * R15: Full, Financial and Social-sync are grants; lifting None or Read Only is one too, and so
 * is ticking Travel again (it needs the editor's own travel of that artist).
 */
export async function assertArtistAccess(
  actor: Actor,
  artistId: string,
  before: ArtistGrant,
  after: ArtistGrant,
): Promise<void> {
  const artist = `artist:${artistId}`;
  const [visible, admin, master, full, financial, viewFinancial, socialSync, readOnly, viewTravel, travelHidden] =
    await actor.authz.canAll(
      (
        [
          'can_view',
          'administrator_active',
          'master_active',
          'full_active',
          'financial_active',
          'view_financial',
          'social_sync',
          'read_only',
          'view_travel',
          'travel_hidden',
        ] as const
      ).map((r) => [r, artist] as const),
    );
  if (!visible) throw new ApiError('not_found', `artist \`${artistId}\` not found`);
  if (master) return;
  const denied: string[] = [];
  if (after.level === 'full' && before.level !== 'full' && !(full || admin)) denied.push('full');
  if (after.financial && !before.financial && !(financial || viewFinancial)) denied.push('financial');
  if (after.socialSync && !before.socialSync && !(socialSync || admin)) denied.push('social_sync');
  if (before.travel === false && after.travel !== false && !((viewTravel && !travelHidden) || admin))
    denied.push('travel');
  if (before.level === 'read_only' && after.level !== 'read_only' && after.level !== 'none' && readOnly && !admin)
    denied.push('lifting read_only');
  if (denied.length)
    throw new ApiError(
      'forbidden',
      `you cannot grant artist access you do not hold: ${denied.map((s) => `\`${s}\``).join(', ')}`,
    );
}

/** R20: putting someone in a group shows them its members: only members of it, or administrators. */
export async function assertGroup(actor: Actor, groupId: string): Promise<void> {
  const [member, admin] = await actor.authz.canAll([
    ['member', `group:${groupId}`],
    ['administrator_active', `workspace:${actor.workspaceId}`],
  ]);
  if (!member && !admin)
    throw new ApiError('forbidden', `you cannot add people to a group you are not in (\`${groupId}\`)`);
}
