/**
 * Managing files and folders (R22, issue 16): what a reader may do with each item (`can`),
 * rename, move and delete. Each write is the row, its tuples and its activity entry in one
 * batch; a deleted file's stored contents are removed right after that batch commits.
 */
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { files, folders } from '../../db/collaboration/schema.ts';
import type { TupleKey } from '../../functions/index.ts';
import { ACCESS_LEVELS, driveItemTuples, LEVEL_RELATION, type DriveKind } from '../../model/collab-tuples.ts';
import { activityInsert } from '../activity/log.ts';
import type { Who } from '../collaboration/who-has-access.ts';
import { ApiError } from '../errors.ts';
import type { Authorizer } from '../authz/authorizer.ts';
import type { Store } from '../../db/store.ts';
import { requireOn } from '../authz/require-visible.ts';
import { writeWithTuples } from '../records/write-with-tuples.ts';
import type { BlobStore } from './blob-store.ts';
import { deleteBlobNow, pendingBlobDeletion } from './blob-cleanup.ts';
import { ancestors, findFile, findFolder, ItemName, MAX_DEPTH } from './drive.ts';

/** What the reader may do with an item; the UI shows a control only where its flag is true. */
export const Can = z.object({
  edit: z.boolean(),
  manage: z.boolean(),
  delete: z.boolean(),
  move: z.boolean(),
  manageAccess: z.boolean(),
});
export type CanFlags = z.infer<typeof Can>;

/** The flags from the two relations that decide them: rename/replace = edit; the rest = manage. */
export const flags = (edit: boolean, manage: boolean): CanFlags => ({
  edit,
  manage,
  delete: manage,
  move: manage,
  manageAccess: manage,
});

/** One batch check for every item: `can_edit` and `can_manage` of each. */
export async function canOf(authz: Authorizer, kind: DriveKind, ids: readonly string[]): Promise<CanFlags[]> {
  if (ids.length === 0) return [];
  const answers = await authz.canAll(
    ids.flatMap((id) => [['can_edit', `${kind}:${id}`] as const, ['can_manage', `${kind}:${id}`] as const]),
  );
  return ids.map((_, i) => flags(!!answers[2 * i], !!answers[2 * i + 1]));
}

/** Adds `can` to each row (one batch check for the whole list). */
export async function withCan<T extends { id: string }>(
  authz: Authorizer,
  kind: DriveKind,
  rows: readonly T[],
): Promise<(T & { can: CanFlags })[]> {
  const can = await canOf(
    authz,
    kind,
    rows.map((r) => r.id),
  );
  return rows.map((r, i) => ({ ...r, can: can[i]! }));
}

export const FilePatch = z
  .strictObject({
    name: ItemName.optional(),
    /** The folder to move into; `null` = the top level. */
    folderId: z.string().min(1).max(100).nullable().optional(),
  })
  .refine((b) => b.name !== undefined || b.folderId !== undefined, { message: 'name or folderId', path: ['name'] });
export const FolderPatch = z
  .strictObject({
    name: ItemName.optional(),
    /** The folder to move into; `null` = the top level. */
    parentId: z.string().min(1).max(100).nullable().optional(),
  })
  .refine((b) => b.name !== undefined || b.parentId !== undefined, { message: 'name or parentId', path: ['name'] });

/**
 * What a change to a drive item needs, handed down by its route: the request's store, the
 * workspace and its authorization store, the signed-in person and their authorizer, "who"
 * questions, where contents are stored, and the clock.
 */
export type DriveScope = {
  store: Store;
  workspace: { id: string; storeId: string };
  personId: string;
  authz: Authorizer;
  who: Who;
  blobs: BlobStore;
  now: number;
};

type Item = { kind: DriveKind; id: string; name: string; parentId: string | null; workspaceId: string };

async function itemOf(scope: DriveScope, kind: DriveKind, id: string): Promise<Item> {
  const db = scope.store.db;
  const workspaceId = scope.workspace.id;
  if (kind === 'folder') {
    const row = await findFolder(db, workspaceId, id);
    if (!row) throw new ApiError('not_found', `folder \`${id}\` not found`);
    return { kind, id, name: row.name, parentId: row.parentId, workspaceId };
  }
  const row = await findFile(db, workspaceId, id);
  if (!row) throw new ApiError('not_found', `file \`${id}\` not found`);
  return { kind, id, name: row.name, parentId: row.folderId, workspaceId };
}

/** The tuple that places an item: its parent folder, or the top level. */
const placeTuple = (item: Item, parentId: string | null): TupleKey =>
  driveItemTuples(item.workspaceId, item.kind, { id: item.id, parentId })[1]!;

/**
 * Checks a move of `item` into `target` (null = top level): the target must be manageable
 * (403 if seen but not managed, 404 if not seen), a folder never goes inside itself (400).
 */
async function checkTarget(scope: DriveScope, item: Item, target: string | null, field: string) {
  const db = scope.store.db;
  const authz = scope.authz;
  const workspaceId = scope.workspace.id;
  if (target === null) {
    if (!(await authz.can('manage_files', `workspace:${workspaceId}`)))
      throw new ApiError('forbidden', 'moving to the top level needs the Manage files permission');
    return;
  }
  if (!(await findFolder(db, workspaceId, target))) throw new ApiError('not_found', `folder \`${target}\` not found`);
  await requireOn(
    authz,
    `folder:${target}`,
    'can_manage',
    `folder \`${target}\``,
    'you may not move items into a folder you do not manage',
  );
  if (item.kind === 'folder') {
    const chain = await ancestors(db, workspaceId, target);
    if (target === item.id || chain.some((f) => f.id === item.id))
      throw new ApiError('validation_error', `field \`${field}\`: a folder cannot move inside itself`, { field });
    if (chain.length + 1 >= MAX_DEPTH)
      throw new ApiError('validation_error', `field \`${field}\`: folders nest at most ${MAX_DEPTH} deep`, { field });
  }
}

/**
 * PATCH: rename (edit) and/or move (manage on the item and on the target). Moving rewrites the
 * item's place tuple, so access follows the new place at once: grants of the old folders stop,
 * those of the new one reach it.
 */
export async function patchItem(
  scope: DriveScope,
  kind: DriveKind,
  id: string,
  body: { name?: string; target?: string | null },
) {
  const item = await itemOf(scope, kind, id);
  const authz = scope.authz;
  const object = `${kind}:${item.id}`;
  const moving = body.target !== undefined && body.target !== item.parentId;
  await requireOn(
    authz,
    object,
    moving ? 'can_manage' : 'can_edit',
    `${kind} \`${item.id}\``,
    `you may not change this ${kind}`,
  );
  if (body.name !== undefined && moving)
    await requireOn(authz, object, 'can_edit', `${kind} \`${item.id}\``, `you may not rename this ${kind}`);
  const target = moving ? (body.target as string | null) : item.parentId;
  if (moving) await checkTarget(scope, item, target, kind === 'folder' ? 'parentId' : 'folderId');
  const db = scope.store.db;
  const { now } = scope;
  const name = body.name ?? item.name;
  const update =
    kind === 'folder'
      ? db.update(folders).set({ name, parentId: target }).where(eq(folders.id, item.id))
      : db.update(files).set({ name, folderId: target, updatedAt: now }).where(eq(files.id, item.id));
  const entries = [
    ...(name !== item.name
      ? [
          activityInsert(
            db,
            {
              workspaceId: item.workspaceId,
              actorId: scope.personId,
              action: 'drive_item_renamed',
              subject: object,
              before: { name: item.name },
              after: { name },
            },
            now,
          ),
        ]
      : []),
    ...(moving
      ? [
          activityInsert(
            db,
            {
              workspaceId: item.workspaceId,
              actorId: scope.personId,
              action: 'drive_item_moved',
              subject: object,
              before: { parentId: item.parentId },
              after: { parentId: target },
            },
            now,
          ),
        ]
      : []),
  ];
  await writeWithTuples(
    scope.store,
    scope.workspace.storeId,
    [update, ...entries],
    moving
      ? { writes: [placeTuple(item, target)], deletes: [placeTuple(item, item.parentId)] }
      : { writes: [], deletes: [] },
    now,
  );
  return { name, parentId: target };
}

/** Every tuple written on the item: workspace, place and its own grants. */
async function tuplesOf(who: Who, item: Item): Promise<TupleKey[]> {
  const object = `${item.kind}:${item.id}`;
  const grants = await Promise.all(
    ACCESS_LEVELS.map(async (level) =>
      (await who.direct(object, LEVEL_RELATION[level])).map((user) => ({
        object,
        relation: LEVEL_RELATION[level],
        user,
      })),
    ),
  );
  return [...driveItemTuples(item.workspaceId, item.kind, { id: item.id, parentId: item.parentId }), ...grants.flat()];
}

/**
 * DELETE (manage): the row, its tuples, the activity entry and the tracked deletion of the
 * stored contents in one batch; then the contents (or, if that fails, the hourly sweep). A folder must be empty (409), so nothing inside it is left without a place.
 */
export async function deleteItem(scope: DriveScope, kind: DriveKind, id: string): Promise<void> {
  const item = await itemOf(scope, kind, id);
  const object = `${kind}:${item.id}`;
  await requireOn(scope.authz, object, 'can_manage', `${kind} \`${item.id}\``, `you may not delete this ${kind}`);
  const db = scope.store.db;
  const { now } = scope;
  let blobKey: string | null = null;
  if (kind === 'folder') {
    const [inside] = await db
      .select({
        n: sql<number>`(select count(*) from ${folders} where ${folders.parentId} = ${item.id}) + (select count(*) from ${files} where ${files.folderId} = ${item.id})`,
      })
      .from(folders)
      .where(eq(folders.id, item.id));
    if ((inside?.n ?? 0) > 0)
      throw new ApiError('conflict', 'the folder is not empty: move or delete what is inside first');
  } else {
    blobKey = (await findFile(db, item.workspaceId, item.id))?.blobKey ?? null;
  }
  const remove =
    kind === 'folder'
      ? db.delete(folders).where(and(eq(folders.id, item.id), eq(folders.workspaceId, item.workspaceId)))
      : db.delete(files).where(and(eq(files.id, item.id), eq(files.workspaceId, item.workspaceId)));
  await writeWithTuples(
    scope.store,
    scope.workspace.storeId,
    [
      remove,
      // The stored object is tracked in the same batch: gone now, or swept hourly if that fails.
      ...(blobKey ? [pendingBlobDeletion(db, blobKey, item.workspaceId, now)] : []),
      activityInsert(
        db,
        {
          workspaceId: item.workspaceId,
          actorId: scope.personId,
          action: 'drive_item_deleted',
          subject: object,
          before: { name: item.name, parentId: item.parentId },
        },
        now,
      ),
    ],
    { writes: [], deletes: await tuplesOf(scope.who, item) },
    now,
  );
  if (blobKey) await deleteBlobNow(scope.store, scope.blobs, blobKey);
}
