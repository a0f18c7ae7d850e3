/**
 * `/stores/{id}/api-keys` (Laminate, R25): the operator issues, lists and revokes a store's
 * keys. The key text is in the creation answer only; the database keeps its SHA-256.
 */
import { createRoute } from '@hono/zod-openapi';
import { errors, json, ok, other, pathParams, routes } from '../declare.ts';
import { z } from 'zod';
import { insertApiKey, listApiKeys, revokeApiKey, type ApiKeyView } from '../../../db/authz/api-keys.ts';
import { findStore } from '../../../db/authz/stores.ts';
import { generateApiKey } from '../../auth/api-keys.ts';
import { newId } from '../../auth/crypto.ts';
import { ApiError } from '../../errors.ts';
import { authorizeStore, type EdgeEnv } from '../../middleware/api-key.ts';
import { iso } from './mapping.ts';

const CreateApiKeyRequest = z
  .object({ name: z.string().min(1).max(100), access: z.enum(['read', 'write']) })
  .meta({ id: 'CreateApiKeyRequest' });
const ApiKey = z
  .object({
    id: z.string(),
    store_id: z.string(),
    name: z.string(),
    access: z.enum(['read', 'write']),
    created_at: z.string(),
    last_used_at: z.string().optional(),
    revoked_at: z.string().optional(),
  })
  .meta({ id: 'ApiKey' });
const CreatedApiKey = ApiKey.extend({
  key: z.string().meta({ description: 'the secret: shown once, never again' }),
}).meta({ id: 'CreatedApiKey' });

function keyJson(k: ApiKeyView) {
  return {
    id: k.id,
    store_id: k.storeId,
    name: k.name,
    access: k.access,
    created_at: iso(k.createdAt),
    ...(k.lastUsedAt !== null ? { last_used_at: iso(k.lastUsedAt) } : {}),
    ...(k.revokedAt !== null ? { revoked_at: iso(k.revokedAt) } : {}),
  };
}

const postByStoreIdApiKeys = createRoute({
  method: 'post',
  path: '/{store_id}/api-keys',
  tags: ['API keys'],
  summary: 'Issue an API key for the store (operator key)',
  request: { params: pathParams('store_id'), body: json(CreateApiKeyRequest) },
  responses: { 201: ok(CreatedApiKey), ...errors },
});
const getByStoreIdApiKeys = createRoute({
  method: 'get',
  path: '/{store_id}/api-keys',
  tags: ['API keys'],
  request: { params: pathParams('store_id') },
  responses: { 200: ok(z.object({ api_keys: z.array(ApiKey) })), ...errors },
});
const removeByStoreIdApiKeysByKeyId = createRoute({
  method: 'delete',
  path: '/{store_id}/api-keys/{key_id}',
  tags: ['API keys'],
  summary: 'Revoke a key: refused from the next request on',
  request: { params: pathParams('store_id', 'key_id') },
  responses: { 204: other('done'), ...errors },
});

export const apiKeyRoutes = routes<EdgeEnv>()
  .openapi(postByStoreIdApiKeys, async (c) => {
    const storeId = c.req.param('store_id');
    authorizeStore(c, storeId, 'admin');
    const body = c.req.valid('json');
    const db = c.get('store').db;
    const meter = c.get('roundTrips');
    if (!(await meter.run(findStore(db, storeId)))) throw new ApiError('not_found', `store \`${storeId}\` not found`);
    const { key, hash } = await generateApiKey();
    const row = {
      id: newId('key'),
      storeId,
      name: body.name,
      secretHash: hash,
      access: body.access,
      createdAt: Date.now(),
      lastUsedAt: null,
      revokedAt: null,
    };
    await meter.run(insertApiKey(db, row));
    return c.json({ ...keyJson(row), key }, 201);
  })
  .openapi(getByStoreIdApiKeys, async (c) => {
    const storeId = c.req.param('store_id');
    authorizeStore(c, storeId, 'admin');
    const rows = await c.get('roundTrips').run(listApiKeys(c.get('store').db, storeId));
    return c.json({ api_keys: rows.map(keyJson) }, 200);
  })
  .openapi(removeByStoreIdApiKeysByKeyId, async (c) => {
    const storeId = c.req.param('store_id');
    authorizeStore(c, storeId, 'admin');
    if (!(await c.get('roundTrips').run(revokeApiKey(c.get('store').db, storeId, c.req.param('key_id'), Date.now()))))
      throw new ApiError('not_found', `API key \`${c.req.param('key_id')}\` not found`);
    return c.body(null, 204);
  });
