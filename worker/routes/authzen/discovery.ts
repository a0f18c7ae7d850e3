/**
 * `GET /.well-known/authzen-configuration` (the root endpoints, where the API key picks the
 * store) and `/.well-known/authzen-configuration/{store_id}` (OpenFGA's per-store layout).
 * Public, as discovery documents are; the per-store one does not look the store up, so it
 * confirms nothing about which stores exist (R1).
 */
import { Hono } from 'hono';
import { isUlid } from '../../../db/authz/ids.ts';
import { ApiError } from '../../errors.ts';
import type { AppEnv } from '../../env.ts';
import { operation } from '../docs/registry.ts';
import { Configuration } from './schemas.ts';

operation({
  method: 'get',
  path: '/.well-known/authzen-configuration',
  tag: 'AuthZEN',
  summary: 'AuthZEN discovery (the API key picks the store)',
  response: Configuration,
  auth: false,
});
operation({
  method: 'get',
  path: '/.well-known/authzen-configuration/{store_id}',
  tag: 'AuthZEN',
  summary: 'AuthZEN discovery for one store',
  response: Configuration,
  auth: false,
});

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

export const discovery = new Hono<AppEnv>()
  .get('/', (c) => c.json(configuration(new URL(c.req.url).origin)))
  .get('/:store_id', (c) => {
    const storeId = c.req.param('store_id');
    if (!isUlid(storeId)) throw new ApiError('not_found', `store \`${storeId}\` not found`);
    return c.json(configuration(`${new URL(c.req.url).origin}/stores/${storeId}`));
  });
