/**
 * Which relations are actions, for AuthZEN action search (Laminate's extension; the discovery
 * document advertises it as `laminate_action_names_endpoint`). A store's setting lists, per
 * resource type, the relations that are actions (`view`, `edit`, `delete` — not `owner` or
 * `parent`); action search then answers only those. A type the setting does not list answers
 * every relation (the default). `GET` with any key of the store; `POST` (replace it) with a write key (or the
 * operator key on the per-store path), checked against the store's newest model.
 */
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import { readAuthzenActions, writeAuthzenActions } from '../../../db/authz/authzen-actions.ts';
import { loadView } from '../../authz/load.ts';
import { authorizeStore, edgeRequest, type EdgeEnv } from '../../middleware/api-key.ts';
import { ApiError } from '../../errors.ts';
import { errors, json, ok, routes } from '../declare.ts';
import { authzenStore } from './mapping.ts';

const Name = z.string().min(1).max(50);
const ActionNames = z
  .object({
    actions: z
      .record(z.string().min(1).max(254), z.array(Name).max(500))
      .refine((a) => Object.keys(a).length <= 500, 'at most 500 types'),
  })
  .meta({ id: 'AuthzenActionNames' });

const getActions = createRoute({
  method: 'get',
  path: '/actions',
  tags: ['AuthZEN'],
  summary: 'Which relations action search answers, by resource type (Laminate)',
  responses: { 200: ok(ActionNames), ...errors },
});
const postActions = createRoute({
  method: 'post',
  path: '/actions',
  tags: ['AuthZEN'],
  summary: 'Set which relations are actions, by resource type (a type left out: every relation)',
  request: { body: json(ActionNames) },
  responses: { 200: ok(ActionNames), ...errors },
});

/** The store of an AuthZEN write: the path's (a write key of it, or the operator), or the key's own. */
function writableStore(c: Context<EdgeEnv>): string {
  const fromPath = c.req.param('store_id');
  if (fromPath) {
    authorizeStore(c, fromPath, 'write');
    return fromPath;
  }
  const storeId = authzenStore(c);
  authorizeStore(c, storeId, 'write');
  return storeId;
}

export const actions = routes<EdgeEnv>()
  .openapi(getActions, async (c) => {
    const storeId = authzenStore(c);
    const setting = await c.get('roundTrips').run(readAuthzenActions(c.get('store').db, storeId));
    if (!setting) throw new ApiError('not_found', `store \`${storeId}\` not found`);
    return c.json({ actions: setting }, 200);
  })
  .openapi(postActions, async (c) => {
    const storeId = writableStore(c);
    const body = c.req.valid('json');
    const view = await loadView(edgeRequest(c), storeId);
    for (const [type, names] of Object.entries(body.actions)) {
      const typeIndex = view.model.typeIndex.get(type);
      if (typeIndex === undefined)
        throw new ApiError('validation_error', `type \`${type}\` is not in the store's model`, {
          field: `actions.${type}`,
        });
      const relations = view.model.relIndex[typeIndex];
      const unknown = names.filter((n) => !relations?.has(n));
      if (unknown.length)
        throw new ApiError('validation_error', `\`${type}\` has no relation \`${unknown.join('`, `')}\``, {
          field: `actions.${type}`,
        });
    }
    const sorted = Object.fromEntries(
      Object.entries(body.actions)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([type, names]) => [type, [...new Set(names)].sort()]),
    );
    const written = await c.get('roundTrips').run(writeAuthzenActions(c.get('store').db, storeId, sorted, Date.now()));
    if (!written) throw new ApiError('not_found', `store \`${storeId}\` not found`);
    return c.json({ actions: sorted }, 200);
  });
