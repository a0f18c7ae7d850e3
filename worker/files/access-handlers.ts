/**
 * GET / PUT `/:id/access` for folders and files (R22): read "who can access" (managers only),
 * and replace the item's own list — its tuples, in one batch.
 */
import type { Context } from 'hono';
import { grantSubject, LEVEL_RELATION, ACCESS_LEVELS, type DriveKind, type Grant } from '../../model/collab-tuples.ts';
import type { TupleKey } from '../../functions/index.ts';
import { ApiError } from '../errors.ts';
import { readJson } from '../middleware/json-body.ts';
import type { WorkspaceEnv } from '../workspace/context.ts';
import { requireOn } from '../workspace/visible.ts';
import { writeWithTuples } from '../workspace/write.ts';
import { whoFor } from '../collab/who.ts';
import { AccessInput, checkGrantees, findFile, findFolder, readAccess } from './drive.ts';

async function itemFor(c: Context<WorkspaceEnv>, kind: DriveKind) {
  const id = c.req.param('id')!;
  const db = c.get('store').db;
  const workspaceId = c.get('workspace').id;
  const row = kind === 'folder' ? await findFolder(db, workspaceId, id) : await findFile(db, workspaceId, id);
  if (!row) throw new ApiError('not_found', `${kind} \`${id}\` not found`);
  const parentId = 'parentId' in row ? row.parentId : row.folderId;
  return { id, name: row.name, parentId };
}

export async function getAccess(c: Context<WorkspaceEnv>, kind: DriveKind) {
  const item = await itemFor(c, kind);
  await requireOn(c.get('authz'), `${kind}:${item.id}`, 'can_manage', `${kind} \`${item.id}\``, `you may not manage access to this ${kind}`);
  return c.json({ [kind]: { id: item.id, name: item.name }, ...(await readAccess(c, kind, item)) });
}

export async function putAccess(c: Context<WorkspaceEnv>, kind: DriveKind) {
  const { access } = await readJson(c, AccessInput);
  const item = await itemFor(c, kind);
  const object = `${kind}:${item.id}`;
  await requireOn(c.get('authz'), object, 'can_manage', `${kind} \`${item.id}\``, `you may not manage access to this ${kind}`);
  await checkGrantees(c.get('store').db, c.get('workspace').id, access as Grant[]);
  const who = whoFor(c);
  const current = (await Promise.all(ACCESS_LEVELS.map(async (level) => (await who.direct(object, LEVEL_RELATION[level])).map((user) => ({ object, relation: LEVEL_RELATION[level], user }))))).flat();
  const wanted: TupleKey[] = (access as Grant[]).map((g) => ({ object, relation: LEVEL_RELATION[g.level], user: grantSubject(g) }));
  const key = (t: TupleKey) => `${t.relation}@${t.user}`;
  const have = new Set(current.map(key));
  const want = new Set(wanted.map(key));
  const writes = wanted.filter((t, i) => !have.has(key(t)) && wanted.findIndex((u) => key(u) === key(t)) === i);
  const deletes = current.filter((t) => !want.has(key(t)));
  await writeWithTuples(c.get('store'), c.get('workspace').storeId, [], { writes, deletes });
  return c.json({ [kind]: { id: item.id, name: item.name }, ...(await readAccess(c, kind, item)) });
}
