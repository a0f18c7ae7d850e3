/**
 * `/stores/{id}/api-keys` (Laminate, R25): the operator issues, lists and revokes a store's
 * keys. The key text is in the creation answer only; the database keeps its SHA-256.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { insertApiKey, listApiKeys, revokeApiKey, type ApiKeyView } from '../../../db/authz/api-keys.ts';
import { findStore } from '../../../db/authz/stores.ts';
import { generateApiKey } from '../../auth/api-keys.ts';
import { newId } from '../../auth/crypto.ts';
import { ApiError } from '../../errors.ts';
import { readJson } from '../../middleware/json-body.ts';
import { authorizeStore, type EdgeEnv } from '../../middleware/api-key.ts';
import { operation } from '../docs/registry.ts';
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

operation({
  method: 'post',
  path: '/stores/{store_id}/api-keys',
  tag: 'API keys',
  summary: 'Issue an API key for the store (operator key)',
  body: CreateApiKeyRequest,
  response: CreatedApiKey,
  status: 201,
});
operation({
  method: 'get',
  path: '/stores/{store_id}/api-keys',
  tag: 'API keys',
  summary: "List the store's keys (never their secrets)",
  response: z.object({ api_keys: z.array(ApiKey) }),
});
operation({
  method: 'delete',
  path: '/stores/{store_id}/api-keys/{key_id}',
  tag: 'API keys',
  summary: 'Revoke a key: refused from the next request on',
  response: z.object({}),
  status: 204,
});

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

export const apiKeyRoutes = new Hono<EdgeEnv>()
  .post('/:store_id/api-keys', async (c) => {
    const storeId = c.req.param('store_id');
    authorizeStore(c, storeId, 'admin');
    const body = await readJson(c, CreateApiKeyRequest);
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
  .get('/:store_id/api-keys', async (c) => {
    const storeId = c.req.param('store_id');
    authorizeStore(c, storeId, 'admin');
    const rows = await c.get('roundTrips').run(listApiKeys(c.get('store').db, storeId));
    return c.json({ api_keys: rows.map(keyJson) });
  })
  .delete('/:store_id/api-keys/:key_id', async (c) => {
    const storeId = c.req.param('store_id');
    authorizeStore(c, storeId, 'admin');
    if (!(await c.get('roundTrips').run(revokeApiKey(c.get('store').db, storeId, c.req.param('key_id'), Date.now()))))
      throw new ApiError('not_found', `API key \`${c.req.param('key_id')}\` not found`);
    return c.body(null, 204);
  });
