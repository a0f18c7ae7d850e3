import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { recordTuples } from '../../../model/collab-tuples.ts';
import type { TupleKey } from '../../../functions/index.ts';
import { diffTuples } from '../../../db/authz/workspace-tuples.ts';
import { newId } from '../../auth/crypto.ts';
import { ApiError } from '../../errors.ts';
import { errors, json, ok, pathParams, routes } from '../declare.ts';
import { freshAuthz, whoFor, workspaceSession, type WorkspaceEnv } from '../../middleware/workspace.ts';
import { requireOn } from '../../authz/require-visible.ts';
import { writeWithTuples } from '../../records/write-with-tuples.ts';
import {
  checkGroups,
  findRecord,
  readRecords,
  RECORD_KINDS,
  recordView,
  type RecordKind,
} from '../../collaboration/records.ts';
import type { RelationOf } from '../../../model/relations.ts';

const Groups = z.array(z.string().min(1).max(100)).max(50);
/** A contact or venue as listed (records.ts recordView: its kind's columns). */
const RecordView = z.record(z.string(), z.unknown());
/** One record: `{ contact: … }` or `{ venue: … }`. */
const OneRecord = z.record(
  z.string(),
  z.looseObject({ can: z.object({ edit: z.boolean() }), limitedToGroups: z.array(z.string()).optional() }),
);

/**
 * The routes of contacts or venues (R21): list and search what the engine lets the reader
 * see; one record, with the groups it is limited to for those who may edit it; create (the
 * Manage contacts / venues permission, not read-only, not barred) and edit (the engine's
 * `can_edit`), each the row and its tuples in one batch.
 */
export function recordRoutes(kind: RecordKind) {
  const def = RECORD_KINDS[kind];
  const fields = def.fields as Record<string, z.ZodType>;
  const New = z.strictObject({
    ...Object.fromEntries(
      Object.entries(fields).map(([k, v]) => [
        k,
        k === 'name' || (kind === 'venue' && (k === 'address' || k === 'city')) ? v : v.optional(),
      ]),
    ),
    limitedToGroups: Groups.default([]),
  });
  const Patch = z
    .strictObject({
      ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.optional()])),
      limitedToGroups: Groups.optional(),
    })
    .refine((p) => Object.keys(p).length > 0, 'send at least one field to change');

  async function limits(c: Context<WorkspaceEnv>, id: string): Promise<string[]> {
    const users = await whoFor(c).direct(`${kind}:${id}`, 'limited_to');
    return users.map((u) => u.slice('group:'.length, u.indexOf('#')));
  }

  async function visible(c: Context<WorkspaceEnv>, relation: RelationOf<RecordKind>) {
    const id = c.req.param('id')!;
    const row = await findRecord(c.get('store').db, c.get('workspace').id, kind, id);
    if (!row) throw new ApiError('not_found', `${def.label} \`${id}\` not found`);
    await requireOn(
      c.get('authz'),
      `${kind}:${id}`,
      relation,
      `${def.label} \`${id}\``,
      `you may not change this ${def.label}`,
    );
    return row;
  }

  async function respond<S extends 200 | 201 = 200>(
    c: Context<WorkspaceEnv>,
    row: Record<string, unknown>,
    status = 200 as S,
  ) {
    const id = row.id as string;
    const canEdit = await (c.req.method === 'GET' ? c.get('authz') : freshAuthz(c)).can('can_edit', `${kind}:${id}`);
    return c.json(
      {
        [kind]: {
          ...recordView(row),
          ...(canEdit ? { limitedToGroups: await limits(c, id) } : {}),
          can: { edit: canEdit },
        },
      },
      status,
    );
  }

  const tags = [`${def.label[0]!.toUpperCase()}${def.label.slice(1)}s`];
  const id = pathParams('id');
  const list = createRoute({
    method: 'get',
    path: '/',
    tags,
    request: { query: z.object({ q: z.string().trim().max(200).optional() }) },
    responses: { 200: ok(z.record(z.string(), z.array(RecordView))), ...errors },
  });
  const create = createRoute({
    method: 'post',
    path: '/',
    tags,
    request: { body: json(New) },
    responses: { 201: ok(OneRecord), ...errors },
  });
  const getById = createRoute({
    method: 'get',
    path: '/{id}',
    tags,
    request: { params: id },
    responses: { 200: ok(OneRecord), ...errors },
  });
  const patchById = createRoute({
    method: 'patch',
    path: '/{id}',
    tags,
    request: { params: id, body: json(Patch) },
    responses: { 200: ok(OneRecord), ...errors },
  });

  return routes<WorkspaceEnv>(...workspaceSession())
    .openapi(list, async (c) => {
      const { q } = c.req.valid('query');
      return c.json(
        {
          [`${kind}s`]: await readRecords(c.get('store').db, c.get('authz'), c.get('workspace').id, kind, q),
        },
        200,
      );
    })
    .openapi(create, async (c) => {
      const body = c.req.valid('json') as Record<string, unknown> & { limitedToGroups: string[] };
      const workspace = c.get('workspace');
      const [database, manage, readOnly] = await c.get('authz').canAll([
        [def.database, `workspace:${workspace.id}`],
        [def.manage, `workspace:${workspace.id}`],
        ['read_only', `workspace:${workspace.id}`],
      ]);
      if (!database || !manage || readOnly)
        throw new ApiError(
          'forbidden',
          `adding a ${def.label} needs the Manage ${def.label}s permission and access to the database`,
        );
      const store = c.get('store');
      await checkGroups(store.db, workspace.id, body.limitedToGroups);
      const { limitedToGroups, ...values } = body;
      const row = { id: newId(kind === 'contact' ? 'con' : 'ven'), workspaceId: workspace.id, ...values };
      await writeWithTuples(store, workspace.storeId, [store.db.insert(def.table).values(row as never)], {
        writes: recordTuples(workspace.id, kind, row.id, limitedToGroups),
        deletes: [],
      });
      return respond(c, row, 201);
    })
    .openapi(getById, async (c) => respond(c, await visible(c, 'can_view')))
    .openapi(patchById, async (c) => {
      const patch = c.req.valid('json') as Record<string, unknown> & { limitedToGroups?: string[] };
      const row = await visible(c, 'can_edit');
      const store = c.get('store');
      const workspace = c.get('workspace');
      const { limitedToGroups, ...values } = patch;
      let tuples: { writes: TupleKey[]; deletes: TupleKey[] } = { writes: [], deletes: [] };
      if (limitedToGroups) {
        await checkGroups(store.db, workspace.id, limitedToGroups);
        const before = recordTuples(workspace.id, kind, row.id as string, await limits(c, row.id as string)).slice(1);
        const after = recordTuples(workspace.id, kind, row.id as string, limitedToGroups).slice(1);
        tuples = diffTuples(before, after);
      }
      const statements = Object.keys(values).length
        ? [
            store.db
              .update(def.table)
              .set(values as never)
              .where(eq(def.table.id, row.id as string)),
          ]
        : [];
      await writeWithTuples(store, workspace.storeId, statements, tuples);
      return respond(c, { ...row, ...values });
    });
}
