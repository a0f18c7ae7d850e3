import { createRoute } from '@hono/zod-openapi';
import { errors, json, ok, other, pathParams, routes } from '../declare.ts';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { files, folders } from '../../../db/collaboration/schema.ts';
import { inIdList } from '../../../db/id-list.ts';
import { driveItemTuples, type Grant } from '../../../model/collab-tuples.ts';
import { newId } from '../../auth/crypto.ts';
import { ApiError } from '../../errors.ts';
import { freshAuthz, workspaceSession, type WorkspaceEnv } from '../../middleware/workspace.ts';
import { requireOn } from '../../authz/require-visible.ts';
import { writeWithTuples } from '../../records/write-with-tuples.ts';
import {
  ancestors,
  chainOf,
  checkGrantees,
  findFolder,
  folderChainQuery,
  GrantInput,
  ItemName,
  MAX_DEPTH,
} from '../../files/drive.ts';
import { readTogether } from '../../../db/store.ts';
import { accessRoutes, driveScope, getAccess, putAccess } from './drive-access.ts';
import { FileView, fileView } from '../../files/view.ts';
import { Can, canOf, deleteItem, flags, FolderPatch, patchItem, withCan } from '../../files/manage.ts';

const ListQuery = z.object({ parentId: z.string().min(1).max(100).optional() });
const NewFolder = z.strictObject({
  name: ItemName,
  parentId: z.string().min(1).max(100).optional(),
  access: z.array(GrantInput).max(200).default([]),
});

const folderView = (f: Omit<typeof folders.$inferSelect, 'accessRevision'>) => ({
  id: f.id,
  name: f.name,
  parentId: f.parentId,
  createdAt: f.createdAt,
});

/* Responses (declared once: validated in development and tests, typed in the UI's client). */
/** `folderView`'s answer. */
const FolderView = z.object({
  id: z.string(),
  name: z.string(),
  parentId: z.string().nullable(),
  createdAt: z.number(),
});
/** One folder and what the reader may do with it: create and rename answer the same. */
const FolderAnswer = z.object({ folder: FolderView, can: Can });
const FolderGetById200 = FolderAnswer.extend({
  path: z.array(z.object({ id: z.string(), name: z.string() })),
  folders: z.array(FolderView.extend({ can: Can })),
  files: z.array(FileView.extend({ can: Can })),
});
const FolderGet200 = z.object({
  folders: z.array(FolderView.extend({ can: Can })),
  /** May the reader create (and move things) at the top level? (the Manage files permission) */
  topLevel: z.object({ create: z.boolean() }),
});

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['Folders'],
  request: { query: ListQuery },
  responses: { 200: ok(FolderGet200), ...errors },
});
const create = createRoute({
  method: 'post',
  path: '/',
  tags: ['Folders'],
  request: { body: json(NewFolder) },
  responses: { 201: ok(FolderAnswer), ...errors },
});
const getById = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['Folders'],
  request: { params: pathParams('id') },
  responses: { 200: ok(FolderGetById200), ...errors },
});
const patchById = createRoute({
  method: 'patch',
  path: '/{id}',
  tags: ['Folders'],
  request: { params: pathParams('id'), body: json(FolderPatch) },
  responses: { 200: ok(FolderAnswer), ...errors },
});
const removeById = createRoute({
  method: 'delete',
  path: '/{id}',
  tags: ['Folders'],
  request: { params: pathParams('id') },
  responses: { 204: other('deleted (an empty folder only: else 409)'), ...errors },
});
const access = accessRoutes('Folders');

/**
 * Folders (R22): lists are the engine's list-objects answer feeding the query, so a folder
 * behind a closed one is never read; creating one needs edit on its parent (or, at the top
 * level, the Manage files permission); its creator manages it.
 */
export const folderRoutes = routes<WorkspaceEnv>(...workspaceSession())
  .openapi(list, async (c) => {
    const { parentId } = c.req.valid('query');
    const ids = await c.get('authz').list('folder', 'can_view');
    const rows = ids.length
      ? await c
          .get('store')
          .db.select()
          .from(folders)
          .where(
            and(
              eq(folders.workspaceId, c.get('workspace').id),
              inIdList(folders.id, ids),
              parentId === undefined
                ? undefined
                : parentId === 'root'
                  ? isNull(folders.parentId)
                  : eq(folders.parentId, parentId),
            ),
          )
          .orderBy(asc(folders.name), asc(folders.id))
      : [];
    const authz = c.get('authz');
    const [withFlags, create] = await Promise.all([
      withCan(authz, 'folder', rows.map(folderView)),
      authz.can('manage_files', `workspace:${c.get('workspace').id}`),
    ]);
    return c.json({ folders: withFlags, topLevel: { create } }, 200);
  })
  .openapi(create, async (c) => {
    const body = c.req.valid('json');
    const db = c.get('store').db;
    const workspace = c.get('workspace');
    const authz = c.get('authz');
    if (body.parentId) {
      if (!(await findFolder(db, workspace.id, body.parentId)))
        throw new ApiError('not_found', `folder \`${body.parentId}\` not found`);
      await requireOn(
        authz,
        `folder:${body.parentId}`,
        'can_edit',
        `folder \`${body.parentId}\``,
        'you may not add to this folder',
      );
      if ((await ancestors(db, workspace.id, body.parentId)).length >= MAX_DEPTH)
        throw new ApiError('validation_error', `field \`parentId\`: folders nest at most ${MAX_DEPTH} deep`, {
          field: 'parentId',
        });
    } else if (!(await authz.can('manage_files', `workspace:${workspace.id}`))) {
      throw new ApiError('forbidden', 'creating a top-level folder needs the Manage files permission');
    }
    await checkGrantees(db, workspace.id, body.access as Grant[]);
    const person = c.get('person').id;
    const row = {
      id: newId('fld'),
      workspaceId: workspace.id,
      parentId: body.parentId ?? null,
      name: body.name,
      createdBy: person,
      createdAt: Date.now(),
    };
    const grants: Grant[] = [
      { person, level: 'manage' },
      ...(body.access as Grant[]).filter((g) => !('person' in g && g.person === person)),
    ];
    await writeWithTuples(c.get('store'), workspace.storeId, [db.insert(folders).values(row)], {
      writes: driveItemTuples(workspace.id, 'folder', row, grants),
      deletes: [],
    });
    const [can] = await canOf(freshAuthz(c), 'folder', [row.id]);
    return c.json({ folder: folderView(row), can: can! }, 201);
  })
  /** A folder, the path to it and what inside it the reader may see. */
  .openapi(getById, async (c) => {
    const id = c.req.param('id');
    const store = c.get('store');
    const db = store.db;
    const workspace = c.get('workspace');
    const authz = c.get('authz');
    // the engine first (memory), then the folder with its path, subfolders and files in ONE round trip
    const [[visible, edit, manage], folderIds, fileIds] = await Promise.all([
      authz.canAll([
        ['can_view', `folder:${id}`],
        ['can_edit', `folder:${id}`],
        ['can_manage', `folder:${id}`],
      ]),
      authz.list('folder', 'can_view'),
      authz.list('file', 'can_view'),
    ]);
    if (!visible) throw new ApiError('not_found', `folder \`${id}\` not found`);
    const [chain, subfolders, contents] = await readTogether(store, [
      folderChainQuery(db, workspace.id, id),
      db
        .select()
        .from(folders)
        .where(and(eq(folders.parentId, id), inIdList(folders.id, folderIds)))
        .orderBy(asc(folders.name)),
      db
        .select()
        .from(files)
        .where(and(eq(files.folderId, id), inIdList(files.id, fileIds)))
        .orderBy(asc(files.name)),
    ]);
    const { folder, path } = chainOf(chain, id);
    if (!folder) throw new ApiError('not_found', `folder \`${id}\` not found`);
    return c.json(
      {
        folder: folderView(folder),
        path: path.reverse().map((f) => ({ id: f.id, name: f.name })),
        folders: await withCan(authz, 'folder', subfolders.map(folderView)),
        files: await withCan(authz, 'file', contents.map(fileView)),
        can: flags(!!edit, !!manage),
      },
      200,
    );
  })
  /** Rename (edit) and/or move (manage on the folder and on where it goes; never inside itself). */
  .openapi(patchById, async (c) => {
    const body = c.req.valid('json');
    await patchItem(driveScope(c), 'folder', c.req.param('id')!, { name: body.name, target: body.parentId });
    const row = (await findFolder(c.get('store').db, c.get('workspace').id, c.req.param('id')))!;
    const [can] = await canOf(freshAuthz(c), 'folder', [row.id]);
    return c.json({ folder: folderView(row), can: can! }, 200);
  })
  /** Delete an empty folder (manage). */
  .openapi(removeById, async (c) => {
    await deleteItem(driveScope(c), 'folder', c.req.param('id')!);
    return c.body(null, 204);
  })
  .openapi(access.get, (c) => getAccess(c, 'folder'))
  .openapi(access.put, (c) => putAccess(c, 'folder', c.req.valid('json')));
