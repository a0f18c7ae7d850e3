import { createRoute } from '@hono/zod-openapi';
import { errors, json, ok, other, pathParams, routes } from '../declare.ts';
import type { Context } from 'hono';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { files } from '../../../db/collaboration/schema.ts';
import { inIdList } from '../../../db/id-list.ts';
import { driveItemTuples } from '../../../model/collab-tuples.ts';
import { newId, randomToken } from '../../auth/crypto.ts';
import { ApiError } from '../../errors.ts';
import { validate } from '../../middleware/json-body.ts';
import { freshAuthz, workspaceSession, type WorkspaceEnv } from '../../middleware/workspace.ts';
import { requireOn } from '../../authz/require-visible.ts';
import { writeWithTuples } from '../../records/write-with-tuples.ts';
import { blobStoreFor } from '../../files/blob-store.ts';
import { deleteBlobNow, pendingBlobDeletion } from '../../files/blob-cleanup.ts';
import { findFile, findFolder, ItemName } from '../../files/drive.ts';
import { accessRoutes, driveScope, getAccess, putAccess } from './drive-access.ts';
import { FileView, fileView } from '../../files/view.ts';
import { Can, canOf, deleteItem, FilePatch, patchItem, withCan } from '../../files/manage.ts';
import type { RelationOf } from '../../../model/relations.ts';

/* Responses (declared once: validated in development and tests, typed in the UI's client). */
/** One file and what the reader may do with it: upload, read and rename answer the same. */
const FileAnswer = z.object({ file: FileView, can: Can });
const FileGet200 = z.object({ files: z.array(FileView.extend({ can: Can })) });

/** Uploads above this are refused (README "Limits"). */
export const MAX_FILE_BYTES = 25 * 1024 * 1024;

const ListQuery = z.object({
  q: z.string().trim().max(200).optional(),
  folderId: z.string().min(1).max(100).optional(),
});
const UploadQuery = z.object({ name: ItemName, folderId: z.string().min(1).max(100).optional() });
const ContentType = z
  .string()
  .trim()
  .max(200)
  .regex(/^[\w.+-]+\/[\w.+-]+(?:\s*;.*)?$/, 'a media type such as `application/pdf`');

async function readUpload(c: Context<WorkspaceEnv>): Promise<{ bytes: ArrayBuffer; contentType: string }> {
  const contentType = validate(z.object({ 'content-type': ContentType.default('application/octet-stream') }), {
    'content-type': c.req.header('content-type'),
  })['content-type'];
  if (Number(c.req.header('content-length') ?? '0') > MAX_FILE_BYTES)
    throw new ApiError('payload_too_large', `files are at most ${MAX_FILE_BYTES} bytes`);
  const bytes = await c.req.arrayBuffer();
  if (bytes.byteLength > MAX_FILE_BYTES)
    throw new ApiError('payload_too_large', `files are at most ${MAX_FILE_BYTES} bytes`);
  return { bytes, contentType };
}

/** Finds a file of the workspace the reader may see, and a further permission on it. */
async function visibleFile(
  c: Context<WorkspaceEnv>,
  relation: RelationOf<'file'> = 'can_view',
  denied = 'you may not change this file',
) {
  const id = c.req.param('id')!;
  const row = await findFile(c.get('store').db, c.get('workspace').id, id);
  if (!row) throw new ApiError('not_found', `file \`${id}\` not found`);
  await requireOn(c.get('authz'), `file:${id}`, relation, `file \`${id}\``, denied);
  return row;
}

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['Files'],
  request: { query: ListQuery },
  responses: { 200: ok(FileGet200), ...errors },
});
const create = createRoute({
  method: 'post',
  path: '/',
  tags: ['Files'],
  request: { query: UploadQuery },
  responses: { 201: ok(FileAnswer), ...errors },
});
const getById = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['Files'],
  request: { params: pathParams('id') },
  responses: { 200: ok(FileAnswer), ...errors },
});
const getByIdContent = createRoute({
  method: 'get',
  path: '/{id}/content',
  tags: ['Files'],
  request: { params: pathParams('id') },
  responses: { 200: other('the file (its own content type)'), ...errors },
});
const putByIdContent = createRoute({
  method: 'put',
  path: '/{id}/content',
  tags: ['Files'],
  request: { params: pathParams('id') },
  responses: { 200: ok(FileAnswer), ...errors },
});
const patchById = createRoute({
  method: 'patch',
  path: '/{id}',
  tags: ['Files'],
  request: { params: pathParams('id'), body: json(FilePatch) },
  responses: { 200: ok(FileAnswer), ...errors },
});
const removeById = createRoute({
  method: 'delete',
  path: '/{id}',
  tags: ['Files'],
  request: { params: pathParams('id') },
  responses: { 204: other('deleted, with its stored contents'), ...errors },
});
const access = accessRoutes('Files');

/**
 * Files (R22): list and search feed the engine's list-objects answer into the query, so a file
 * under a folder the reader cannot open is never read, listed or found; every download is
 * authorized on its own request, then streamed from the blob store.
 */
export const fileRoutes = routes<WorkspaceEnv>(...workspaceSession())
  .openapi(list, async (c) => {
    const { q, folderId } = c.req.valid('query');
    const ids = await c.get('authz').list('file', 'can_view');
    const rows = ids.length
      ? await c
          .get('store')
          .db.select()
          .from(files)
          .where(
            and(
              eq(files.workspaceId, c.get('workspace').id),
              inIdList(files.id, ids),
              folderId === undefined
                ? undefined
                : folderId === 'root'
                  ? isNull(files.folderId)
                  : eq(files.folderId, folderId),
              q ? sql`instr(lower(${files.name}), lower(${q})) > 0` : undefined,
            ),
          )
          .orderBy(asc(files.name), asc(files.id))
      : [];
    return c.json({ files: await withCan(c.get('authz'), 'file', rows.map(fileView)) }, 200);
  })
  /** Upload: the body is the file; `?name=` and `?folderId=` place it. */
  .openapi(create, async (c) => {
    const query = c.req.valid('query');
    const db = c.get('store').db;
    const workspace = c.get('workspace');
    const authz = c.get('authz');
    if (query.folderId) {
      if (!(await findFolder(db, workspace.id, query.folderId)))
        throw new ApiError('not_found', `folder \`${query.folderId}\` not found`);
      await requireOn(
        authz,
        `folder:${query.folderId}`,
        'can_edit',
        `folder \`${query.folderId}\``,
        'you may not add to this folder',
      );
    } else if (!(await authz.can('manage_files', `workspace:${workspace.id}`))) {
      throw new ApiError('forbidden', 'uploading a top-level file needs the Manage files permission');
    }
    const { bytes, contentType } = await readUpload(c);
    const now = Date.now();
    const person = c.get('person').id;
    const id = newId('fil');
    const row = {
      id,
      workspaceId: workspace.id,
      folderId: query.folderId ?? null,
      name: query.name,
      contentType,
      size: bytes.byteLength,
      blobKey: `${workspace.id}/${id}/${randomToken(9)}`,
      createdBy: person,
      createdAt: now,
      updatedAt: now,
    };
    const blobs = blobStoreFor(c.env);
    await blobs.put(row.blobKey, bytes, contentType);
    try {
      await writeWithTuples(c.get('store'), workspace.storeId, [db.insert(files).values(row)], {
        writes: driveItemTuples(workspace.id, 'file', { id, parentId: row.folderId }, [{ person, level: 'manage' }]),
        deletes: [],
      });
    } catch (cause) {
      await blobs.delete(row.blobKey);
      throw cause;
    }
    const [can] = await canOf(freshAuthz(c), 'file', [id]);
    return c.json({ file: fileView(row), can: can! }, 201);
  })
  .openapi(getById, async (c) => {
    const row = await visibleFile(c);
    const [can] = await canOf(c.get('authz'), 'file', [row.id]);
    return c.json({ file: fileView(row), can: can! }, 200);
  })
  /** Rename (edit) and/or move (manage on the file and on the folder it goes to). */
  .openapi(patchById, async (c) => {
    const body = c.req.valid('json');
    await patchItem(driveScope(c), 'file', c.req.param('id')!, { name: body.name, target: body.folderId });
    const row = (await findFile(c.get('store').db, c.get('workspace').id, c.req.param('id')))!;
    const [can] = await canOf(freshAuthz(c), 'file', [row.id]);
    return c.json({ file: fileView(row), can: can! }, 200);
  })
  /** Delete (manage): the row and tuples in one batch, then the stored contents. */
  .openapi(removeById, async (c) => {
    await deleteItem(driveScope(c), 'file', c.req.param('id')!);
    return c.body(null, 204);
  })
  /** Download: decided on this request, never cached by browsers or proxies. */
  .openapi(getByIdContent, async (c) => {
    const row = await visibleFile(c);
    const blob = row.blobKey ? await blobStoreFor(c.env).get(row.blobKey) : null;
    if (!blob) throw new ApiError('not_found', `file \`${row.id}\` has no contents`);
    return c.body(blob.body as ArrayBuffer, 200, {
      'content-type': row.contentType,
      'content-length': String(blob.size),
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(row.name)}`,
      'cache-control': 'private, no-store',
    });
  })
  /** Replace the contents (edit access). */
  .openapi(putByIdContent, async (c) => {
    const row = await visibleFile(c, 'can_edit');
    const { bytes, contentType } = await readUpload(c);
    const blobs = blobStoreFor(c.env);
    const blobKey = `${row.workspaceId}/${row.id}/${randomToken(9)}`;
    await blobs.put(blobKey, bytes, contentType);
    const next = { ...row, blobKey, contentType, size: bytes.byteLength, updatedAt: Date.now() };
    const store = c.get('store');
    // The replaced object is tracked in the update's batch: deleted now, or swept hourly.
    await store.batch([
      store.db
        .update(files)
        .set({ blobKey, contentType, size: next.size, updatedAt: next.updatedAt })
        .where(eq(files.id, row.id)),
      ...(row.blobKey ? [pendingBlobDeletion(store.db, row.blobKey, row.workspaceId, next.updatedAt)] : []),
    ]);
    if (row.blobKey) await deleteBlobNow(store, blobs, row.blobKey);
    const [can] = await canOf(freshAuthz(c), 'file', [row.id]);
    return c.json({ file: fileView(next), can: can! }, 200);
  })
  .openapi(access.get, (c) => getAccess(c, 'file'))
  .openapi(access.put, (c) => putAccess(c, 'file', c.req.valid('json')));
