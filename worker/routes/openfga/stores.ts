/** `/stores`: create (operator), list (a key sees its own store), get, delete (operator). */
import { Hono } from 'hono';
import { createStore, deleteStore, findStore, listStores, type StoreRow } from '../../../db/authz/stores.ts';
import { dropSnapshot } from '../../authz/snapshots.ts';
import { ApiError } from '../../errors.ts';
import { readJson, validate } from '../../middleware/json-body.ts';
import { authorizeStore, type EdgeEnv } from '../../middleware/api-key.ts';
import { operation } from '../docs/registry.ts';
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

operation({
  method: 'post',
  path: '/stores',
  tag: 'Stores',
  summary: 'Create a store (operator key)',
  body: CreateStoreRequest,
  response: Store,
  status: 201,
});
operation({
  method: 'get',
  path: '/stores',
  tag: 'Stores',
  summary: 'List stores (an issued key sees only its own)',
  query: ListQuery,
  response: ListStoresResponse,
});
operation({ method: 'get', path: '/stores/{store_id}', tag: 'Stores', summary: 'Get a store', response: Store });
operation({
  method: 'delete',
  path: '/stores/{store_id}',
  tag: 'Stores',
  summary: 'Delete a store (operator key)',
  response: z.object({}),
  status: 204,
});

export const stores = new Hono<EdgeEnv>()
  .post('/', async (c) => {
    if (c.get('principal').kind !== 'admin') throw new ApiError('forbidden', 'only the operator key may create stores');
    const body = await readJson(c, CreateStoreRequest);
    const row = await c.get('roundTrips').run(createStore(c.get('store').db, body.name, Date.now()));
    return c.json(storeJson(row), 201);
  })
  .get('/', async (c) => {
    const query = validate(ListQuery, c.req.query());
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
    return c.json({
      stores: page.map(storeJson),
      continuation_token: more ? encodePage({ after: page[page.length - 1]!.id }) : '',
    });
  })
  .get('/:store_id', async (c) => {
    const storeId = c.req.param('store_id');
    authorizeStore(c, storeId, 'read');
    const row = await c.get('roundTrips').run(findStore(c.get('store').db, storeId));
    if (!row) throw new ApiError('not_found', `store \`${storeId}\` not found`);
    return c.json(storeJson(row));
  })
  .delete('/:store_id', async (c) => {
    const storeId = c.req.param('store_id');
    authorizeStore(c, storeId, 'admin');
    if (!(await c.get('roundTrips').run(deleteStore(c.get('store').db, storeId, Date.now()))))
      throw new ApiError('not_found', `store \`${storeId}\` not found`);
    dropSnapshot(storeId);
    return c.body(null, 204);
  });
