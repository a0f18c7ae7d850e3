import { Hono, type Context } from 'hono';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { files } from '../../../db/collab-schema.ts';
import { inIdList } from '../../../db/id-list.ts';
import { driveItemTuples } from '../../../model/collab-tuples.ts';
import { newId, randomToken } from '../../auth/crypto.ts';
import { ApiError } from '../../errors.ts';
import { validate } from '../../middleware/json-body.ts';
import { workspaceSession, type WorkspaceEnv } from '../../workspace/context.ts';
import { requireOn } from '../../workspace/visible.ts';
import { writeWithTuples } from '../../workspace/write.ts';
import { blobStoreFor } from '../../files/blob-store.ts';
import { findFile, findFolder, ItemName } from '../../files/drive.ts';
import { getAccess, putAccess } from '../../files/access-handlers.ts';
import { fileView } from '../../files/view.ts';

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
async function visibleFile(c: Context<WorkspaceEnv>, relation = 'can_view', denied = 'you may not change this file') {
  const id = c.req.param('id')!;
  const row = await findFile(c.get('store').db, c.get('workspace').id, id);
  if (!row) throw new ApiError('not_found', `file \`${id}\` not found`);
  await requireOn(c.get('authz'), `file:${id}`, relation, `file \`${id}\``, denied);
  return row;
}

/**
 * Files (R22): list and search feed the engine's list-objects answer into the query, so a file
 * under a folder the reader cannot open is never read, listed or found; every download is
 * authorized on its own request, then streamed from the blob store.
 */
export const fileRoutes = new Hono<WorkspaceEnv>()
  .use('*', ...workspaceSession())
  .get('/', async (c) => {
    const { q, folderId } = validate(ListQuery, c.req.query());
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
    return c.json({ files: rows.map(fileView) });
  })
  /** Upload: the body is the file; `?name=` and `?folderId=` place it. */
  .post('/', async (c) => {
    const query = validate(UploadQuery, c.req.query());
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
    return c.json({ file: fileView(row) }, 201);
  })
  .get('/:id', async (c) => {
    const row = await visibleFile(c);
    const [edit, manage] = await c.get('authz').canAll([
      ['can_edit', `file:${row.id}`],
      ['can_manage', `file:${row.id}`],
    ]);
    return c.json({ file: fileView(row), can: { edit: !!edit, manage: !!manage } });
  })
  /** Download: decided on this request, never cached by browsers or proxies. */
  .get('/:id/content', async (c) => {
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
  .put('/:id/content', async (c) => {
    const row = await visibleFile(c, 'can_edit');
    const { bytes, contentType } = await readUpload(c);
    const blobs = blobStoreFor(c.env);
    const blobKey = `${row.workspaceId}/${row.id}/${randomToken(9)}`;
    await blobs.put(blobKey, bytes, contentType);
    const next = { ...row, blobKey, contentType, size: bytes.byteLength, updatedAt: Date.now() };
    await c
      .get('store')
      .db.update(files)
      .set({ blobKey, contentType, size: next.size, updatedAt: next.updatedAt })
      .where(eq(files.id, row.id));
    if (row.blobKey) await blobs.delete(row.blobKey);
    return c.json({ file: fileView(next) });
  })
  .get('/:id/access', (c) => getAccess(c, 'file'))
  .put('/:id/access', (c) => putAccess(c, 'file'));
