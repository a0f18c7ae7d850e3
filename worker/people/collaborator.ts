/**
 * R11: "a role with any manage permission makes its holder a Collaborator" — at whatever scope
 * the role is held. A manage permission held on the workspace makes a Collaborator everywhere;
 * one held only through roles assigned at an outlet, artist or event makes a Collaborator
 * there, and the label says where ("Collaborator on Berlin 2026-05-02 and Berlin 2026-05-03").
 * Every answer is the engine's (the person's grants now, R4), asked about the scope itself.
 */
import { and, eq } from 'drizzle-orm';
import { artists, showDays, events } from '../../db/touring/schema.ts';
import { outlets, type ScopeType } from '../../db/identity/schema.ts';
import type { Db } from '../../db/store.ts';
import { isPermissionKey, permission, type PermissionKey } from '../../model/catalogue.ts';
import type { Authorizer } from '../authz/authorizer.ts';
import { rolePermissions } from './roles.ts';

type CollaboratorScope = { type: ScopeType; id: string; name: string; permissions: PermissionKey[] };

export type CollaboratorLabel = {
  label: 'collaborator' | 'view_only';
  /** A manage permission on the workspace itself: Collaborator everywhere. */
  everywhere: boolean;
  /** Where the manage permissions are held: the workspace, or the outlets, artists and events. */
  scopes: CollaboratorScope[];
  /** "Collaborator", "Collaborator on A and B", "View-only". */
  text: string;
};

const isManage = (key: string): key is PermissionKey => isPermissionKey(key) && permission(key).manage;
const ORDER: Record<ScopeType, number> = { workspace: 0, outlet: 1, artist: 2, event: 3 };

function joinNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * The label of a person whose workspace-level permissions are `workspacePermissions` (already
 * decided by the engine) and who holds `assignments`; `theirs` answers for that person.
 */
export async function collaboratorLabel(
  db: Db,
  theirs: Authorizer,
  workspace: { id: string; name: string; storeId: string },
  workspacePermissions: readonly string[],
  assignments: readonly { roleId: string; scopeType: string; scopeId: string }[],
): Promise<CollaboratorLabel> {
  const onWorkspace = workspacePermissions.filter(isManage);
  if (onWorkspace.length > 0)
    return {
      label: 'collaborator',
      everywhere: true,
      scopes: [{ type: 'workspace', id: workspace.id, name: workspace.name, permissions: onWorkspace }],
      text: 'Collaborator',
    };
  const scoped = assignments.filter((a) => a.scopeType !== 'workspace');
  const perms = scoped.length ? await rolePermissions(db, workspace.storeId) : new Map<string, PermissionKey[]>();
  const questions: [PermissionKey, ScopeType, string][] = [];
  for (const a of scoped)
    for (const p of (perms.get(a.roleId) ?? []).filter(isManage))
      questions.push([p, a.scopeType as ScopeType, a.scopeId]);
  const held = await theirs.canAll(questions.map(([p, type, id]) => [p, `${type}:${id}`] as const));
  const byScope = new Map<string, CollaboratorScope>();
  questions.forEach(([p, type, id], i) => {
    if (!held[i]) return;
    const key = `${type}:${id}`;
    const scope = byScope.get(key) ?? { type, id, name: id, permissions: [] };
    if (!scope.permissions.includes(p)) scope.permissions.push(p);
    byScope.set(key, scope);
  });
  const scopes = [...byScope.values()];
  if (scopes.length === 0) return { label: 'view_only', everywhere: false, scopes: [], text: 'View-only' };
  await nameScopes(db, workspace.id, scopes);
  scopes.sort((a, b) => ORDER[a.type] - ORDER[b.type] || a.name.localeCompare(b.name));
  for (const s of scopes) s.permissions.sort();
  return {
    label: 'collaborator',
    everywhere: false,
    scopes,
    text: `Collaborator on ${joinNames(scopes.map((s) => s.name))}`,
  };
}

/** Outlets and artists by name; events by their show day's city and date (titles repeat). */
async function nameScopes(db: Db, workspaceId: string, scopes: CollaboratorScope[]): Promise<void> {
  const names = new Map<string, string>();
  if (scopes.some((s) => s.type === 'outlet'))
    for (const o of await db
      .select({ id: outlets.id, name: outlets.name })
      .from(outlets)
      .where(eq(outlets.workspaceId, workspaceId)))
      names.set(`outlet:${o.id}`, o.name);
  if (scopes.some((s) => s.type === 'artist'))
    for (const a of await db
      .select({ id: artists.id, name: artists.name })
      .from(artists)
      .where(eq(artists.workspaceId, workspaceId)))
      names.set(`artist:${a.id}`, a.name);
  if (scopes.some((s) => s.type === 'event'))
    for (const e of await db
      .select({ id: events.id, city: showDays.city, date: showDays.date })
      .from(events)
      .innerJoin(showDays, eq(showDays.id, events.dayId))
      .where(and(eq(events.workspaceId, workspaceId))))
      names.set(`event:${e.id}`, `${e.city} ${e.date}`);
  for (const s of scopes) s.name = names.get(`${s.type}:${s.id}`) ?? s.id;
}
