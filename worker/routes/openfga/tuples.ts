/** `/stores/{id}/write`, `/read` and `/changes`: tuples in, tuples and the change log out. */
import { createRoute } from '@hono/zod-openapi';
import { readTuples, type ReadCursor } from '../../../db/authz/tuple-reads.ts';
import { readChanges } from '../../../db/authz/changes.ts';
import { findStore } from '../../../db/authz/stores.ts';
import { fromRow, splitObject, splitUser, withExtras } from '../../../db/authz/codec.ts';
import { writeTuples } from '../../authz/write-tuples.ts';
import { ApiError } from '../../errors.ts';
import { authorizeStore, edgeRequest, type EdgeEnv } from '../../middleware/api-key.ts';
import { errors, json, ok, pathParams, routes } from '../declare.ts';
import { decodePage, encodePage, iso, toEngineTuple, toTupleJson } from './mapping.ts';
import {
  ChangesQuery,
  ReadChangesResponse,
  ReadRequest,
  ReadResponse,
  WriteRequest,
  WriteResponse,
} from './schemas.ts';

const isCursor = (v: unknown): v is ReadCursor =>
  Array.isArray(v) && v.length === 6 && v.every((x) => typeof x === 'string');
const isSeq = (v: unknown): v is { seq: number } => Number.isSafeInteger((v as { seq?: unknown })?.seq);

const store = pathParams('store_id');

const postByStoreIdWrite = createRoute({
  method: 'post',
  path: '/{store_id}/write',
  tags: ['Tuples'],
  summary: 'Write and delete tuples, atomically',
  description:
    'All or nothing. `on_duplicate: ignore` skips tuples that exist with the same condition; `on_missing: ignore` skips deletes of absent tuples. The answer carries a consistency token (also in the `Laminate-Consistency-Token` header).',
  request: { params: store, body: json(WriteRequest) },
  responses: { 200: ok(WriteResponse), ...errors },
});
const postByStoreIdRead = createRoute({
  method: 'post',
  path: '/{store_id}/read',
  tags: ['Tuples'],
  summary: 'Read tuples matching a filter',
  request: { params: store, body: json(ReadRequest) },
  responses: { 200: ok(ReadResponse), ...errors },
});
const getByStoreIdChanges = createRoute({
  method: 'get',
  path: '/{store_id}/changes',
  tags: ['Tuples'],
  summary: 'Read the change log, oldest first',
  request: { params: store, query: ChangesQuery },
  responses: { 200: ok(ReadChangesResponse), ...errors },
});

export const tuples = routes<EdgeEnv>()
  .openapi(postByStoreIdWrite, async (c) => {
    const storeId = c.req.param('store_id');
    authorizeStore(c, storeId, 'write');
    const body = c.req.valid('json');
    const result = await writeTuples(
      edgeRequest(c),
      storeId,
      {
        writes: (body.writes?.tuple_keys ?? []).map(toEngineTuple),
        deletes: (body.deletes?.tuple_keys ?? []).map(toEngineTuple),
        onDuplicate: body.writes?.on_duplicate ?? 'error',
        onMissing: body.deletes?.on_missing ?? 'error',
        modelId: body.authorization_model_id,
      },
      Date.now(),
    );
    c.header('Laminate-Consistency-Token', result.token);
    return c.json({ consistency_token: result.token }, 200);
  })
  .openapi(postByStoreIdRead, async (c) => {
    const storeId = c.req.param('store_id');
    authorizeStore(c, storeId, 'read');
    const body = c.req.valid('json');
    const key = body.tuple_key ?? {};
    const filter: Parameters<typeof readTuples>[2] = {};
    if (key.object) {
      const o = splitObject(key.object);
      filter.objectType = o.type;
      if (o.id) filter.objectId = o.id;
    }
    if (key.relation) filter.relation = key.relation;
    if (key.user) {
      const u = splitUser(key.user);
      filter.userType = u.type;
      if (u.id) filter.userId = u.id;
      if (u.id) filter.userRelation = u.relation;
    }
    if (!key.object && (key.user || key.relation))
      throw new ApiError(
        'validation_error',
        'the `object` field (at least its type) is required when `user` or `relation` is given',
        { field: 'tuple_key.object' },
      );
    const pageSize = body.page_size ?? 50;
    const after = decodePage(body.continuation_token, isCursor);
    const db = c.get('store').db;
    const meter = c.get('roundTrips');
    if (!(await meter.run(findStore(db, storeId)))) throw new ApiError('not_found', `store \`${storeId}\` not found`);
    const rows = await meter.run(readTuples(db, storeId, filter, pageSize, after));
    const page = rows.slice(0, pageSize);
    const last = page[page.length - 1];
    const token =
      rows.length > pageSize && last
        ? encodePage([last.objectType, last.objectId, last.relation, last.userType, last.userId, last.userRelation])
        : '';
    return c.json(
      {
        tuples: page.map((row) => ({ key: toTupleJson(fromRow(row)), timestamp: iso(row.createdAt) })),
        continuation_token: token,
      },
      200,
    );
  })
  .openapi(getByStoreIdChanges, async (c) => {
    const storeId = c.req.param('store_id');
    authorizeStore(c, storeId, 'read');
    const query = c.req.valid('query');
    const pageSize = query.page_size ?? 50;
    const after = decodePage(query.continuation_token, isSeq);
    const db = c.get('store').db;
    const meter = c.get('roundTrips');
    if (!(await meter.run(findStore(db, storeId)))) throw new ApiError('not_found', `store \`${storeId}\` not found`);
    const rows = await meter.run(
      readChanges(db, storeId, {
        pageSize,
        ...(after ? { afterSeq: after.seq } : {}),
        ...(query.type ? { objectType: query.type } : {}),
        ...(query.start_time ? { since: Date.parse(query.start_time) } : {}),
      }),
    );
    const page = rows.slice(0, pageSize);
    const last = page[page.length - 1];
    const changes = page.map((row) => ({
      tuple_key: toTupleJson(
        withExtras({ object: `${row.objectType}:${row.objectId}`, relation: row.relation, user: row.user }, row),
      ),
      operation: row.operation === 'write' ? ('TUPLE_OPERATION_WRITE' as const) : ('TUPLE_OPERATION_DELETE' as const),
      timestamp: iso(row.createdAt),
    }));
    // OpenFGA hands back a token even on the last page, so a poller can resume from it later
    return c.json(
      {
        changes,
        continuation_token: last ? encodePage({ seq: last.seq }) : (query.continuation_token ?? ''),
      },
      200,
    );
  });
