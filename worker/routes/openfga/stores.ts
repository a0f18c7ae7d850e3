/** `/stores`: create (operator), list (a key sees its own store), get, delete (operator). */
import { createRoute } from '@hono/zod-openapi';
import { errors, json, ok, other, pathParams, routes } from '../declare.ts';
import { createStore, deleteStore, findStore, listStores, type StoreRow } from '../../../db/authz/stores.ts';
import { dropSnapshot } from '../../authz/snapshots.ts';
import { ApiError } from '../../errors.ts';
import { authorizeStore, type EdgeEnv } from '../../middleware/api-key.ts';
import { decodePage, encodePage, iso } from './mapping.ts';
import { CreateStoreRequest, ListStoresResponse, PageQuery, Store } from './schemas.ts';
import { z } from 'zod';

const storeJson = (row: StoreRow) => ({
  id: row.id,
  name: row.name,
  created_at: iso(row.createdAt),
  updated_at: iso(row.updatedAt),
});
const ListQuery = PageQuery.extend({ name: z.string().max(64).optional() });
const isAfter = (v: unknown): v is { after: string } => typeof (v as { after?: unknown })?.after === 'string';

const create = createRoute({
  method: 'post',
  path: '/',
  tags: ['Stores'],
  summary: 'Create a store (operator key)',
  request: { body: json(CreateStoreRequest) },
  responses: { 201: ok(Store), ...errors },
});
const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['Stores'],
  summary: 'List stores (an issued key sees only its own)',
  request: { query: ListQuery },
  responses: { 200: ok(ListStoresResponse), ...errors },
});
const getByStoreId = createRoute({
  method: 'get',
  path: '/{store_id}',
  tags: ['Stores'],
  summary: 'Get a store',
  request: { params: pathParams('store_id') },
  responses: { 200: ok(Store), ...errors },
});
const removeByStoreId = createRoute({
  method: 'delete',
  path: '/{store_id}',
  tags: ['Stores'],
  summary: 'Delete a store (operator key)',
  request: { params: pathParams('store_id') },
  responses: { 204: other('done'), ...errors },
});

export const stores = routes<EdgeEnv>()
  .openapi(create, async (c) => {
    if (c.get('principal').kind !== 'admin') throw new ApiError('forbidden', 'only the operator key may create stores');
    const body = c.req.valid('json');
    const row = await c.get('roundTrips').run(createStore(c.get('store').db, body.name, Date.now()));
    return c.json(storeJson(row), 201);
  })
  .openapi(list, async (c) => {
    const query = c.req.valid('query');
    const principal = c.get('principal');
    const pageSize = query.page_size ?? 50;
    const after = decodePage(query.continuation_token, isAfter);
    const rows = await c.get('roundTrips').run(
      listStores(c.get('store').db, {
        pageSize,
        ...(after ? { afterId: after.after } : {}),
        ...(query.name ? { name: query.name } : {}),
        ...(principal.kind === 'key' ? { onlyId: principal.storeId } : {}),
      }),
    );
    const page = rows.slice(0, pageSize);
    const more = rows.length > pageSize;
    return c.json(
      {
        stores: page.map(storeJson),
        continuation_token: more ? encodePage({ after: page[page.length - 1]!.id }) : '',
      },
      200,
    );
  })
  .openapi(getByStoreId, async (c) => {
    const storeId = c.req.param('store_id');
    authorizeStore(c, storeId, 'read');
    const row = await c.get('roundTrips').run(findStore(c.get('store').db, storeId));
    if (!row) throw new ApiError('not_found', `store \`${storeId}\` not found`);
    return c.json(storeJson(row), 200);
  })
  .openapi(removeByStoreId, async (c) => {
    const storeId = c.req.param('store_id');
    authorizeStore(c, storeId, 'admin');
    if (!(await c.get('roundTrips').run(deleteStore(c.get('store').db, storeId, Date.now()))))
      throw new ApiError('not_found', `store \`${storeId}\` not found`);
    dropSnapshot(storeId);
    return c.body(null, 204);
  });
