/**
 * The tuples that stand for workspace facts in the authorization store. Pure functions: the
 * workspace API and the demo seed both call them, and write the row and its tuples in one
 * batch, so the store never disagrees with the tables.
 */
import type { TupleKey } from '../functions/index.ts';
import type { PermissionKey, PersonSettingKey } from './catalogue.ts';

export type { TupleKey };

/** Ends of CEL's timestamp range: an open hired / resigned date (R4). */
export const OPEN_PAST = '0001-01-01T00:00:00Z';
export const OPEN_FUTURE = '9999-12-31T23:59:59Z';

const t = (object: string, relation: string, user: string): TupleKey => ({ object, relation, user });
const iso = (ms: number | null, open: string) =>
  ms === null ? open : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** R3–R5: membership with its hired / resigned window; masters also get `master`. */
export function personTuples(
  workspaceId: string,
  person: { id: string; level: string; hiredAt: number | null; resignedAt: number | null },
): TupleKey[] {
  if (person.level === 'no_access') return [];
  const user = `user:${person.id}`;
  const out: TupleKey[] = [
    {
      object: `workspace:${workspaceId}`,
      relation: 'member',
      user,
      condition: {
        name: 'active_window',
        context: { hired_at: iso(person.hiredAt, OPEN_PAST), resigned_at: iso(person.resignedAt, OPEN_FUTURE) },
      },
    },
    t(`user:${person.id}`, 'workspace', `workspace:${workspaceId}`),
  ];
  if (person.level === 'master') out.push(t(`workspace:${workspaceId}`, 'master', user));
  if (person.level === 'api_only') out.push(t(`workspace:${workspaceId}`, 'api_access', user));
  return out;
}

/** Person settings of 002 / 003 (R13, R18, R19, R21, R23, R25). */
export function settingTuples(workspaceId: string, personId: string, settings: Iterable<PersonSettingKey>): TupleKey[] {
  return [...settings].map((s) => t(`workspace:${workspaceId}`, s, `user:${personId}`));
}

/** R2: an outlet and its administrators. */
export function outletTuples(workspaceId: string, outletId: string, adminIds: Iterable<string> = []): TupleKey[] {
  return [
    t(`outlet:${outletId}`, 'workspace', `workspace:${workspaceId}`),
    ...[...adminIds].map((id) => t(`outlet:${outletId}`, 'admin', `user:${id}`)),
  ];
}

/** R20: a group, and membership written both ways. */
export function groupTuples(workspaceId: string, groupId: string): TupleKey[] {
  return [t(`group:${groupId}`, 'workspace', `workspace:${workspaceId}`)];
}
export function membershipTuples(groupId: string, personId: string): TupleKey[] {
  return [t(`group:${groupId}`, 'member', `user:${personId}`), t(`user:${personId}`, 'group', `group:${groupId}`)];
}

/** R10: a role's ticked boxes. */
export function roleTuples(workspaceId: string, roleId: string, permissions: Iterable<PermissionKey>): TupleKey[] {
  return [t(`role:${roleId}`, 'workspace', `workspace:${workspaceId}`), ...rolePermissionTuples(roleId, permissions)];
}
export function rolePermissionTuples(roleId: string, permissions: Iterable<PermissionKey>): TupleKey[] {
  return [...permissions].map((p) => t(`role:${roleId}`, p, 'user:*'));
}

/** R10, R12: a person holding a role at a scope. */
export function assignmentTuples(
  workspaceId: string,
  a: { id: string; roleId: string; personId: string; scopeType: string; scopeId: string },
): TupleKey[] {
  return [
    t(`assignment:${a.id}`, 'workspace', `workspace:${workspaceId}`),
    t(`assignment:${a.id}`, 'role', `role:${a.roleId}`),
    t(`assignment:${a.id}`, 'assignee', `user:${a.personId}`),
    t(`${a.scopeType}:${a.scopeId}`, 'assignment', `assignment:${a.id}`),
  ];
}

export type ArtistAccess = 'none' | 'read_only' | 'full';

/** R15: an artist in a workspace (and outlet). */
export function artistTuples(workspaceId: string, artist: { id: string; outletId: string | null }): TupleKey[] {
  const out = [t(`artist:${artist.id}`, 'workspace', `workspace:${workspaceId}`)];
  if (artist.outletId) out.push(t(`artist:${artist.id}`, 'outlet', `outlet:${artist.outletId}`));
  return out;
}
/** R15: one person's access to one artist; no tuple = the role decides (Travel: ticked). */
export function artistAccessTuples(
  artistId: string,
  personId: string,
  access: { level?: ArtistAccess; financial?: boolean; socialSync?: boolean; travel?: boolean },
): TupleKey[] {
  const user = `user:${personId}`;
  const out: TupleKey[] = [];
  if (access.level === 'none') out.push(t(`artist:${artistId}`, 'no_access', user));
  if (access.level === 'read_only') out.push(t(`artist:${artistId}`, 'read_only', user));
  if (access.level === 'full') out.push(t(`artist:${artistId}`, 'full', user));
  if (access.financial) out.push(t(`artist:${artistId}`, 'financial', user));
  if (access.socialSync) out.push(t(`artist:${artistId}`, 'social_sync', user));
  // Travel is ticked unless switched off: a negative tuple, so no one loses travel by default.
  if (access.travel === false) out.push(t(`artist:${artistId}`, 'travel_off', user));
  return out;
}

const KIND_RELATION: Record<string, string> = {
  performance: 'kind_performance',
  festival: 'kind_performance',
  special: 'kind_special',
  travel: 'kind_travel',
  hold: 'kind_hold',
  rehearsal: 'kind_rehearsal',
};

/** R17, R19, R14: an event, its kind and status as flags, who is included, group limits. */
export function eventTuples(e: {
  id: string;
  dayId: string;
  artistId: string;
  kind: string;
  status: string;
  createdBy: string | null;
  includedPeople?: string[];
  includedGroups?: string[];
  limitedToGroups?: string[];
}): TupleKey[] {
  const object = `event:${e.id}`;
  const out: TupleKey[] = [
    t(object, 'artist', `artist:${e.artistId}`),
    t(object, KIND_RELATION[e.kind] ?? 'kind_special', 'user:*'),
    t(`show_day:${e.dayId}`, 'event', object),
  ];
  if (e.status === 'confirmed') out.push(t(object, 'confirmed', 'user:*'));
  if (e.createdBy) out.push(t(object, 'creator', `user:${e.createdBy}`));
  for (const p of e.includedPeople ?? []) out.push(t(object, 'included', `user:${p}`));
  for (const g of e.includedGroups ?? []) out.push(t(object, 'included', `group:${g}#member`));
  if (e.limitedToGroups?.length) {
    out.push(t(object, 'limited', 'user:*'));
    for (const g of e.limitedToGroups) out.push(t(object, 'limited_to', `group:${g}#member`));
  }
  return out;
}

export function dayTuples(day: { id: string; artistId: string }): TupleKey[] {
  return [t(`show_day:${day.id}`, 'artist', `artist:${day.artistId}`)];
}

/** A journey: its day, passengers, and whether it is private to them. */
export function travelTuples(item: { id: string; dayId: string; private: boolean; passengers: string[] }): TupleKey[] {
  const object = `travel_item:${item.id}`;
  const out = [
    t(object, 'day', `show_day:${item.dayId}`),
    ...item.passengers.map((p) => t(object, 'passenger', `user:${p}`)),
  ];
  if (item.private) out.push(t(object, 'private', 'user:*'));
  return out;
}

/** A hotel stay: its day, and the groups it is limited to (the crew hotel). */
export function hotelTuples(stay: { id: string; dayId: string; limitedToGroups: string[] }): TupleKey[] {
  const object = `hotel_stay:${stay.id}`;
  const out = [t(object, 'day', `show_day:${stay.dayId}`)];
  if (stay.limitedToGroups.length) {
    out.push(t(object, 'limited', 'user:*'));
    for (const g of stay.limitedToGroups) out.push(t(object, 'limited_to', `group:${g}#member`));
  }
  return out;
}
