/**
 * `GET /.well-known/authzen-configuration` (the root endpoints, where the API key picks the
 * store) and `/.well-known/authzen-configuration/{store_id}` (OpenFGA's per-store layout).
 * Public, as discovery documents are; the per-store one does not look the store up, so it
 * confirms nothing about which stores exist (R1).
 */
import { createRoute } from '@hono/zod-openapi';
import { errors, ok, pathParams, routes } from '../declare.ts';
import { isUlid } from '../../../db/authz/ids.ts';
import { ApiError } from '../../errors.ts';
import type { AppEnv } from '../../env.ts';
import { Configuration } from './schemas.ts';

function configuration(base: string) {
  return {
    policy_decision_point: base,
    access_evaluation_endpoint: `${base}/access/v1/evaluation`,
    access_evaluations_endpoint: `${base}/access/v1/evaluations`,
    search_subject_endpoint: `${base}/access/v1/search/subject`,
    search_resource_endpoint: `${base}/access/v1/search/resource`,
    search_action_endpoint: `${base}/access/v1/search/action`,
    /** Laminate: which relations action search answers (GET; POST to replace it, with a write key). */
    laminate_action_names_endpoint: `${base}/access/v1/actions`,
  };
}

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['AuthZEN'],
  summary: 'AuthZEN discovery (the API key picks the store)',
  security: [],
  responses: { 200: ok(Configuration), ...errors },
});
const getByStoreId = createRoute({
  method: 'get',
  path: '/{store_id}',
  tags: ['AuthZEN'],
  summary: 'AuthZEN discovery for one store',
  security: [],
  request: { params: pathParams('store_id') },
  responses: { 200: ok(Configuration), ...errors },
});

export const discovery = routes<AppEnv>()
  .openapi(list, (c) => c.json(configuration(new URL(c.req.url).origin), 200))
  .openapi(getByStoreId, (c) => {
    const storeId = c.req.param('store_id');
    if (!isUlid(storeId)) throw new ApiError('not_found', `store \`${storeId}\` not found`);
    return c.json(configuration(`${new URL(c.req.url).origin}/stores/${storeId}`), 200);
  });
