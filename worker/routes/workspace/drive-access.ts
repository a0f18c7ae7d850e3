/**
 * GET / PUT `/:id/access` for folders and files (R22): read "who can access" (managers only),
 * and replace the item's own list — its tuples, the item's access revision (compare-and-set,
 * `ETag` / `If-Match`) and an activity entry, in one batch. Also what the folder and file
 * routes hand to worker/files/manage.ts (`driveScope`).
 */
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { conflict, errors, json, ok, pathParams } from '../declare.ts';
import { and, eq, sql } from 'drizzle-orm';
import { files, folders } from '../../../db/collaboration/schema.ts';
import { diffTuples } from '../../../db/authz/workspace-tuples.ts';
import { activityInsert } from '../../activity/log.ts';
import { afterCompareAndSet, etagOf, writeIfCurrent } from '../../records/revision.ts';
import { conflictWith } from './conflict.ts';
import {
  grantSubject,
  LEVEL_RELATION,
  ACCESS_LEVELS,
  type DriveKind,
  type Grant,
} from '../../../model/collab-tuples.ts';
import type { TupleKey } from '../../../functions/index.ts';
import { ApiError } from '../../errors.ts';
import { z } from 'zod';
import { whoFor, type WorkspaceEnv } from '../../middleware/workspace.ts';
import { requireOn } from '../../authz/require-visible.ts';
import { writeWithTuples } from '../../records/write-with-tuples.ts';
import { blobStoreFor } from '../../files/blob-store.ts';
import type { DriveScope } from '../../files/manage.ts';
import {
  AccessInput,
  chainOf,
  checkGrantees,
  findFile,
  findFolder,
  folderChainQuery,
  namesFrom,
  namesQueries,
  readAccess,
} from '../../files/drive.ts';

/** A person, group or artist as the access answer names it. */
const Named = z.object({ id: z.string(), name: z.string() });
const Level = z.enum(ACCESS_LEVELS);

/** One entry of the answer: `subject` (`{ person }`, `{ group }` or `{ artist }`), its level and the folder it comes from. */
const accessEntry = <K extends 'person' | 'group' | 'artist'>(subject: K) =>
  z.object({ [subject]: Named } as { [P in K]: typeof Named }).extend({
    level: Level,
    inheritedFrom: z.object({ folder: Named }).optional(),
  });

/**
 * The "who can access" answer of a folder or a file (GET and PUT `/:id/access`, and the 409's
 * `current`): what `accessAnswer` / `getAccess` below produce. Declared once for both routes.
 */
export const AccessAnswer = z.object({
  entries: z.array(z.union([accessEntry('person'), accessEntry('group'), accessEntry('artist')])),
  people: z.array(Named.extend({ level: Level })),
  revision: z.number(),
});

/** The declarations of GET and PUT `/{id}/access` (the folder and file routes differ by their tag only). */
export const accessRoutes = <const T extends string>(tag: T) => ({
  get: createRoute({
    method: 'get',
    path: '/{id}/access',
    tags: [tag],
    request: { params: pathParams('id') },
    responses: { 200: ok(AccessAnswer), ...errors },
  }),
  put: createRoute({
    method: 'put',
    path: '/{id}/access',
    tags: [tag],
    request: { params: pathParams('id'), body: json(AccessInput) },
    responses: { 200: ok(AccessAnswer), ...errors, 409: conflict(AccessAnswer) },
  }),
});

/** What worker/files/manage.ts needs from this request (the clock: now). */
export function driveScope(c: Context<WorkspaceEnv>): DriveScope {
  const workspace = c.get('workspace');
  return {
    store: c.get('store'),
    workspace: { id: workspace.id, storeId: workspace.storeId },
    personId: c.get('person').id,
    authz: c.get('authz'),
    who: whoFor(c),
    blobs: blobStoreFor(c.env),
    now: Date.now(),
  };
}

/** What readAccess needs from this request. */
const accessScope = (c: Context<WorkspaceEnv>) => ({
  db: c.get('store').db,
  workspaceId: c.get('workspace').id,
  who: whoFor(c),
});

async function itemFor(c: Context<WorkspaceEnv>, kind: DriveKind) {
  const id = c.req.param('id')!;
  const db = c.get('store').db;
  const workspaceId = c.get('workspace').id;
  const row = kind === 'folder' ? await findFolder(db, workspaceId, id) : await findFile(db, workspaceId, id);
  if (!row) throw new ApiError('not_found', `${kind} \`${id}\` not found`);
  const parentId = 'parentId' in row ? row.parentId : row.folderId;
  return { id, name: row.name, parentId, revision: row.accessRevision };
}

type Item = Awaited<ReturnType<typeof itemFor>>;

/** The "manage access" answer; `revision` is what `If-Match` names (also the `ETag`). */
async function accessAnswer(c: Context<WorkspaceEnv>, kind: DriveKind, item: Item) {
  return {
    [kind]: { id: item.id, name: item.name },
    revision: item.revision,
    ...(await readAccess(accessScope(c), kind, item)),
  };
}

export async function getAccess(c: Context<WorkspaceEnv>, kind: DriveKind) {
  const id = c.req.param('id')!;
  const workspaceId = c.get('workspace').id;
  // the engine first (memory), then the item, the folders above it and the names in ONE round trip
  await requireOn(
    c.get('authz'),
    `${kind}:${id}`,
    'can_manage',
    `${kind} \`${id}\``,
    `you may not manage access to this ${kind}`,
  );
  const store = c.get('store');
  const { db } = store;
  const parent =
    kind === 'folder'
      ? sql`(SELECT parent_id FROM folders WHERE id = ${id} AND workspace_id = ${workspaceId})`
      : sql`(SELECT folder_id FROM files WHERE id = ${id} AND workspace_id = ${workspaceId})`;
  const [items, chain, p, g, a] = (await store.batch([
    kind === 'folder'
      ? db
          .select()
          .from(folders)
          .where(and(eq(folders.id, id), eq(folders.workspaceId, workspaceId)))
      : db
          .select()
          .from(files)
          .where(and(eq(files.id, id), eq(files.workspaceId, workspaceId))),
    folderChainQuery(db, workspaceId, parent),
    ...namesQueries(db, workspaceId),
  ])) as [
    (typeof folders.$inferSelect | typeof files.$inferSelect)[],
    (typeof folders.$inferSelect)[],
    { id: string; name: string }[],
    { id: string; name: string }[],
    { id: string; name: string }[],
  ];
  const row = items[0];
  if (!row) throw new ApiError('not_found', `${kind} \`${id}\` not found`);
  const parentId = 'parentId' in row ? row.parentId : row.folderId;
  const item = { id, name: row.name, parentId, revision: row.accessRevision };
  const above = parentId ? chainOf(chain, parentId) : { folder: undefined, path: [] };
  const ancestors = above.folder ? [above.folder, ...above.path] : [];
  c.header('ETag', etagOf(item.revision));
  return c.json(
    {
      [kind]: { id: item.id, name: item.name },
      revision: item.revision,
      ...(await readAccess(accessScope(c), kind, item, { ancestors, names: namesFrom(p, g, a) })),
    },
    200,
  );
}

/** `body`: the request's `AccessInput`, validated by the route's declaration. */
export async function putAccess(c: Context<WorkspaceEnv>, kind: DriveKind, { access }: z.infer<typeof AccessInput>) {
  const item = await itemFor(c, kind);
  const object = `${kind}:${item.id}`;
  await requireOn(
    c.get('authz'),
    object,
    'can_manage',
    `${kind} \`${item.id}\``,
    `you may not manage access to this ${kind}`,
  );
  await checkGrantees(c.get('store').db, c.get('workspace').id, access as Grant[]);
  const who = whoFor(c);
  const current = (
    await Promise.all(
      ACCESS_LEVELS.map(async (level) =>
        (
          await who.direct(object, LEVEL_RELATION[level])
        ).map((user) => ({ object, relation: LEVEL_RELATION[level], user })),
      ),
    )
  ).flat();
  const wanted: TupleKey[] = (access as Grant[]).map((g) => ({
    object,
    relation: LEVEL_RELATION[g.level],
    user: grantSubject(g),
  }));
  const key = (t: TupleKey) => `${t.relation}@${t.user}`;
  const want = new Set(wanted.map(key));
  const { writes, deletes } = diffTuples(current, wanted);
  const db = c.get('store').db;
  const table = kind === 'folder' ? folders : files;
  const now = Date.now();
  const lost = await writeIfCurrent(
    c.req.header('if-match'),
    item.revision,
    () =>
      writeWithTuples(
        c.get('store'),
        c.get('workspace').storeId,
        [
          kind === 'folder'
            ? db
                .update(folders)
                .set({ accessRevision: sql`${folders.accessRevision} + 1` })
                .where(and(eq(folders.id, item.id), eq(folders.accessRevision, item.revision)))
            : db
                .update(files)
                .set({ accessRevision: sql`${files.accessRevision} + 1` })
                .where(and(eq(files.id, item.id), eq(files.accessRevision, item.revision))),
          activityInsert(
            db,
            {
              workspaceId: afterCompareAndSet(table, item.id),
              actorId: c.get('person').id,
              action: 'access_changed',
              subject: object,
              before: current.map(key).sort(),
              after: [...want].sort(),
            },
            now,
          ),
        ],
        { writes, deletes },
        now,
      ),
    async () => {
      const fresh = await itemFor(c, kind);
      return conflictWith(c, `the access to this ${kind}`, fresh.revision, await accessAnswer(c, kind, fresh));
    },
  );
  if (lost) return lost;
  const updated = { ...item, revision: item.revision + 1 };
  c.header('ETag', etagOf(updated.revision));
  return c.json(await accessAnswer(c, kind, updated), 200);
}
