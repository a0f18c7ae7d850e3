/**
 * Files and folders (R22): reading an item for its reader, its folder chain, validating a
 * "who can access" list, and the "manage access" answer built from the engine.
 */
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { people, groups } from '../../db/identity/schema.ts';
import { artists } from '../../db/touring/schema.ts';
import { files, folders } from '../../db/collaboration/schema.ts';
import type { Db } from '../../db/store.ts';
import {
  ACCESS_LEVELS,
  LEVEL_RELATION,
  type AccessLevel,
  type DriveKind,
  type Grant,
} from '../../model/collab-tuples.ts';
import { ApiError } from '../errors.ts';
import type { Who } from '../collaboration/who-has-access.ts';

const Id = z.string().trim().min(1).max(100);
const Level = z.enum(ACCESS_LEVELS);
export const GrantInput = z.union([
  z.strictObject({ person: Id, level: Level }),
  z.strictObject({ group: Id, level: Level }),
  z.strictObject({ artist: Id, level: Level }),
]);
export const AccessInput = z.strictObject({ access: z.array(GrantInput).max(200) });
export const ItemName = z
  .string()
  .trim()
  .min(1)
  .max(200)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
  .refine((s) => !/[/\\\u0000-\u001f]/.test(s), 'no slashes or control characters');

/** Nested folders beyond this are refused (and a cycle can never be walked forever). */
export const MAX_DEPTH = 32;

export type FolderRow = typeof folders.$inferSelect;
export type FileRow = typeof files.$inferSelect;

export async function findFolder(db: Db, workspaceId: string, id: string): Promise<FolderRow | undefined> {
  return (
    await db
      .select()
      .from(folders)
      .where(and(eq(folders.id, id), eq(folders.workspaceId, workspaceId)))
  )[0];
}

export async function findFile(db: Db, workspaceId: string, id: string): Promise<FileRow | undefined> {
  return (
    await db
      .select()
      .from(files)
      .where(and(eq(files.id, id), eq(files.workspaceId, workspaceId)))
  )[0];
}

/** The folders above an item, nearest first. */
/**
 * A folder and every folder above it, in ONE statement (a recursive sub-select), for a batch:
 * order them with `chainOf`.
 */
export function folderChainQuery(db: Db, workspaceId: string, id: string | SQL) {
  return db
    .select()
    .from(folders)
    .where(
      and(
        eq(folders.workspaceId, workspaceId),
        sql`${folders.id} IN (WITH RECURSIVE up(id, depth) AS (SELECT ${id}, 0 UNION ALL SELECT f.parent_id, up.depth + 1 FROM up JOIN folders f ON f.id = up.id WHERE f.parent_id IS NOT NULL AND f.workspace_id = ${workspaceId} AND up.depth < ${MAX_DEPTH}) SELECT id FROM up)`,
      ),
    );
}

/** The folder `id` and its ancestors (nearest first) from `folderChainQuery`'s rows. */
export function chainOf(rows: FolderRow[], id: string): { folder: FolderRow | undefined; path: FolderRow[] } {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const folder = byId.get(id);
  const path: FolderRow[] = [];
  for (let next = folder?.parentId ?? null; next !== null && path.length < MAX_DEPTH; ) {
    const up = byId.get(next);
    if (!up) break;
    path.push(up);
    next = up.parentId;
  }
  return { folder, path };
}

export async function ancestors(db: Db, workspaceId: string, parentId: string | null): Promise<FolderRow[]> {
  const chain: FolderRow[] = [];
  for (let id = parentId; id !== null && chain.length < MAX_DEPTH; ) {
    const folder = await findFolder(db, workspaceId, id);
    if (!folder) break;
    chain.push(folder);
    id = folder.parentId;
  }
  return chain;
}

/** Every person, group and artist a list names must be of this workspace (R1): else 400. */
export async function checkGrantees(db: Db, workspaceId: string, grants: readonly Grant[]): Promise<void> {
  const named = (key: 'person' | 'group' | 'artist') =>
    grants.flatMap((g) => (key in g ? [(g as Record<string, string>)[key]!] : []));
  const [p, g, a] = await Promise.all([
    named('person').length
      ? db
          .select({ id: people.id })
          .from(people)
          .where(and(eq(people.workspaceId, workspaceId), inArray(people.id, named('person'))))
      : [],
    named('group').length
      ? db
          .select({ id: groups.id })
          .from(groups)
          .where(and(eq(groups.workspaceId, workspaceId), inArray(groups.id, named('group'))))
      : [],
    named('artist').length
      ? db
          .select({ id: artists.id })
          .from(artists)
          .where(and(eq(artists.workspaceId, workspaceId), inArray(artists.id, named('artist'))))
      : [],
  ]);
  const known = new Set([...p, ...g, ...a].map((r) => r.id));
  grants.forEach((grant, i) => {
    const [key, id] = Object.entries(grant).find(([k]) => k !== 'level')!;
    if (!known.has(id as string))
      throw new ApiError(
        'validation_error',
        `field \`access.${i}.${key}\`: \`${id}\` is not a ${key} of this workspace`,
        { field: `access.${i}.${key}` },
      );
  });
}

type Subject =
  | { person: { id: string; name: string } }
  | { group: { id: string; name: string } }
  | { artist: { id: string; name: string } };
export type AccessEntry = Subject & { level: AccessLevel; inheritedFrom?: { folder: { id: string; name: string } } };

/**
 * "Who can access this?" (R22): the entries written on the item and on every folder above it
 * (expand, one level), each saying where it comes from, and the people the engine finds hold
 * view, edit or manage on the item now (list users) — closed folders above already applied.
 */
export async function readAccess(
  { db, workspaceId, who }: { db: Db; workspaceId: string; who: Who },
  kind: DriveKind,
  item: { id: string; parentId: string | null },
  /** Read by the caller already, in its batch (issue 17). */
  known?: { ancestors: FolderRow[]; names: Names },
) {
  const chain = [
    { kind, id: item.id, folder: undefined as FolderRow | undefined },
    ...(known?.ancestors ?? (await ancestors(db, workspaceId, item.parentId))).map((f) => ({
      kind: 'folder' as const,
      id: f.id,
      folder: f,
    })),
  ];
  const direct = await Promise.all(
    chain.flatMap((link) =>
      ACCESS_LEVELS.map(async (level) => ({
        link,
        level,
        users: await who.direct(`${link.kind}:${link.id}`, LEVEL_RELATION[level]),
      })),
    ),
  );
  const object = `${kind}:${item.id}`;
  const [viewers, editors, managers] = await Promise.all(
    ['can_view', 'can_edit', 'can_manage'].map((r) => who.people(object, r)),
  );
  const names = known?.names ?? (await namesOf(db, workspaceId));
  const entries: AccessEntry[] = direct.flatMap(({ link, level, users }) =>
    users.flatMap((u) => {
      const subject = subjectOf(u, names);
      if (!subject) return [];
      return [
        {
          ...subject,
          level,
          ...(link.folder ? { inheritedFrom: { folder: { id: link.folder.id, name: link.folder.name } } } : {}),
        },
      ];
    }),
  );
  const level = (id: string): AccessLevel =>
    managers!.includes(id) ? 'manage' : editors!.includes(id) ? 'edit' : 'view';
  return {
    entries,
    people: viewers!
      .map((id) => ({ id, name: names.person.get(id) ?? id, level: level(id) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

export type Names = { person: Map<string, string>; group: Map<string, string>; artist: Map<string, string> };

/** The names a "who can access" answer shows: people, groups, artists of the workspace (three statements, for a batch). */
export function namesQueries(db: Db, workspaceId: string) {
  return [
    db.select({ id: people.id, name: people.name }).from(people).where(eq(people.workspaceId, workspaceId)),
    db.select({ id: groups.id, name: groups.name }).from(groups).where(eq(groups.workspaceId, workspaceId)),
    db.select({ id: artists.id, name: artists.name }).from(artists).where(eq(artists.workspaceId, workspaceId)),
  ] as const;
}

type NameRows = { id: string; name: string }[];
export function namesFrom(p: NameRows, g: NameRows, a: NameRows): Names {
  const map = (rows: NameRows) => new Map(rows.map((r) => [r.id, r.name]));
  return { person: map(p), group: map(g), artist: map(a) };
}

async function namesOf(db: Db, workspaceId: string): Promise<Names> {
  const [p, g, a] = await Promise.all(namesQueries(db, workspaceId));
  return namesFrom(p, g, a);
}

function subjectOf(user: string, names: Names): Subject | undefined {
  const match = /^(user|group|artist):([^#]+)(?:#.+)?$/.exec(user);
  if (!match) return undefined;
  const [, type, id] = match as unknown as [string, 'user' | 'group' | 'artist', string];
  if (type === 'user') return { person: { id, name: names.person.get(id) ?? id } };
  if (type === 'group') return { group: { id, name: names.group.get(id) ?? id } };
  return { artist: { id, name: names.artist.get(id) ?? id } };
}
