/**
 * The read operations over the engine: check, batch check, list objects (paged and streamed),
 * list users, expand, and Laminate's explain. Each loads the store at its current revision
 * (worker/authz/load.ts) and asks the engine; none of them decides anything itself.
 */
import { createRoute } from '@hono/zod-openapi';
import { errors, json, ok, other, pathParams, routes } from '../declare.ts';
import type { Context } from 'hono';
import { batchCheck, check, expand, explain, listObjects, listUsers } from '../../../functions/index.ts';
import { pageOfSorted, type ListObjectsResult } from '../../../functions/index.ts';
import { decodeCursor } from '../../../functions/cursor.ts';
import { loadView, type AuthzView } from '../../authz/load.ts';
import { afterArrivals, keepList, keptList, listTicket, type ListQuestion } from '../../authz/list-pages.ts';
import { ApiError } from '../../errors.ts';
import { authorizeStore, edgeRequest, type EdgeEnv } from '../../middleware/api-key.ts';
import { engineFailure, toEngineTuple } from './mapping.ts';
import * as S from './schemas.ts';

/** Store access, body, and the store at its current revision (the token echoes that revision). */
async function prepare<
  T extends { authorization_model_id?: string | undefined; consistency_token?: string | undefined },
>(c: Context<EdgeEnv>, body: T): Promise<{ body: T; view: AuthzView }> {
  const storeId = c.req.param('store_id')!;
  authorizeStore(c, storeId, 'read');
  const view = await loadView(edgeRequest(c), storeId, {
    modelId: body.authorization_model_id,
    consistencyToken: body.consistency_token,
  });
  c.header('Laminate-Consistency-Token', view.token);
  c.header('Openfga-Authorization-Model-Id', view.modelId);
  return { body, view };
}

const postByStoreIdCheck = createRoute({
  method: 'post',
  path: '/{store_id}/check',
  tags: ['Queries'],
  summary: 'May the user have the relation on the object?',
  request: { params: pathParams('store_id'), body: json(S.CheckRequest) },
  responses: { 200: ok(S.CheckResponse), ...errors },
});
const postByStoreIdBatchCheck = createRoute({
  method: 'post',
  path: '/{store_id}/batch-check',
  tags: ['Queries'],
  summary: 'Many checks in one request (no small cap)',
  request: { params: pathParams('store_id'), body: json(S.BatchCheckRequest) },
  responses: { 200: ok(S.BatchCheckResponse), ...errors },
});
const postByStoreIdListObjects = createRoute({
  method: 'post',
  path: '/{store_id}/list-objects',
  tags: ['Queries'],
  summary: 'Every object of a type the user has the relation on (complete; paged on request)',
  request: { params: pathParams('store_id'), body: json(S.ListObjectsRequest) },
  responses: { 200: ok(S.ListObjectsResponse), ...errors },
});
const postByStoreIdStreamedListObjects = createRoute({
  method: 'post',
  path: '/{store_id}/streamed-list-objects',
  tags: ['Queries'],
  summary: 'List objects as newline-delimited JSON',
  request: { params: pathParams('store_id'), body: json(S.ListObjectsRequest) },
  responses: { 200: other('newline-delimited JSON: one `{ result: { object } }` a line'), ...errors },
});
const postByStoreIdListUsers = createRoute({
  method: 'post',
  path: '/{store_id}/list-users',
  tags: ['Queries'],
  summary: 'Every user (of a type) with the relation on the object',
  request: { params: pathParams('store_id'), body: json(S.ListUsersRequest) },
  responses: { 200: ok(S.ListUsersResponse), ...errors },
});
const postByStoreIdExpand = createRoute({
  method: 'post',
  path: '/{store_id}/expand',
  tags: ['Queries'],
  summary: 'One level of the userset tree of object#relation',
  request: { params: pathParams('store_id'), body: json(S.ExpandRequest) },
  responses: { 200: ok(S.ExpandResponse), ...errors },
});
const postByStoreIdExplain = createRoute({
  method: 'post',
  path: '/{store_id}/explain',
  tags: ['Queries'],
  summary: 'Laminate: why a check is allowed or denied',
  request: { params: pathParams('store_id'), body: json(S.CheckRequest) },
  responses: { 200: ok(S.ExplainResponse), ...errors },
});

export const queries = routes<EdgeEnv>()
  .openapi(postByStoreIdCheck, async (c) => {
    const { body, view } = await prepare(c, c.req.valid('json'));
    const result = await view.evaluate(
      (source) =>
        check(view.model, source, {
          ...body.tuple_key,
          now: Date.now(),
          ...(body.context ? { context: body.context } : {}),
          ...(body.contextual_tuples ? { contextualTuples: body.contextual_tuples.tuple_keys.map(toEngineTuple) } : {}),
        }),
      body.contextual_tuples ? undefined : { checks: [body.tuple_key] },
    );
    if (result.error) throw engineFailure(result.error);
    return c.json({ allowed: result.allowed, resolution: '' }, 200);
  })
  .openapi(postByStoreIdBatchCheck, async (c) => {
    const { body, view } = await prepare(c, c.req.valid('json'));
    const ids = new Set(body.checks.map((item) => item.correlation_id));
    if (ids.size !== body.checks.length)
      throw new ApiError('validation_error', 'duplicate `correlation_id` in one batch', { field: 'checks' });
    const now = Date.now();
    const result: Record<string, { allowed: boolean; error?: { input_error: string; message: string } }> = {};
    await view.evaluate(
      (source) => {
        // items without contextual tuples share one frame (and its memo); contextual tuples are
        // per item in OpenFGA's batch check, so those items get a frame of their own
        const shared = body.checks.filter((item) => !item.contextual_tuples);
        const answers = new Map(
          batchCheck(view.model, source, {
            now,
            checks: shared.map((item) => ({
              ...item.tuple_key,
              correlationId: item.correlation_id,
              ...(item.context ? { context: item.context } : {}),
            })),
          }).results.map((r) => [r.correlationId!, r]),
        );
        for (const item of body.checks) {
          const answer =
            answers.get(item.correlation_id) ??
            check(view.model, source, {
              ...item.tuple_key,
              now,
              contextualTuples: item.contextual_tuples!.tuple_keys.map(toEngineTuple),
              ...(item.context ? { context: item.context } : {}),
            });
          result[item.correlation_id] = answer.error
            ? { allowed: false, error: { input_error: answer.error.name, message: answer.error.message } }
            : { allowed: answer.allowed };
        }
      },
      body.checks.some((item) => item.contextual_tuples)
        ? undefined
        : { checks: body.checks.map((item) => item.tuple_key) },
    );
    return c.json({ result }, 200);
  })
  .openapi(postByStoreIdListObjects, async (c) => {
    const ticket = listTicket();
    const { body, view } = await prepare(c, c.req.valid('json'));
    const result = await listPage(view, body, ticket);
    if (result.error) throw engineFailure(result.error);
    return c.json(
      result.cursor ? { objects: result.objects, continuation_token: result.cursor } : { objects: result.objects },
      200,
    );
  })
  .openapi(postByStoreIdStreamedListObjects, async (c) => {
    const { body, view } = await prepare(c, c.req.valid('json'));
    const result = await view.evaluate(
      (source) => listObjects(view.model, source, listObjectsRequest(body)),
      listingReach(body),
    );
    if (result.error) throw engineFailure(result.error);
    const lines = result.objects.map((object) => `${JSON.stringify({ result: { object } })}\n`).join('');
    return c.body(lines, 200, { 'Content-Type': 'application/x-ndjson' });
  })
  .openapi(postByStoreIdListUsers, async (c) => {
    const { body, view } = await prepare(c, c.req.valid('json'));
    const result = await view.evaluate((source) =>
      listUsers(view.model, source, {
        object: `${body.object.type}:${body.object.id}`,
        relation: body.relation,
        userFilters: body.user_filters.map((f) =>
          f.relation ? { type: f.type, relation: f.relation } : { type: f.type },
        ),
        now: Date.now(),
        ...(body.context ? { context: body.context } : {}),
        ...(body.contextual_tuples ? { contextualTuples: body.contextual_tuples.map(toEngineTuple) } : {}),
      }),
    );
    if (result.error) throw engineFailure(result.error);
    return c.json({ users: result.users }, 200);
  })
  .openapi(postByStoreIdExpand, async (c) => {
    const { body, view } = await prepare(c, c.req.valid('json'));
    const result = await view.evaluate((source) =>
      expand(view.model, source, {
        ...body.tuple_key,
        now: Date.now(),
        ...(body.contextual_tuples ? { contextualTuples: body.contextual_tuples.tuple_keys.map(toEngineTuple) } : {}),
      }),
    );
    if (result.error || !result.tree)
      throw engineFailure(result.error ?? { code: 2000, name: 'validation_error', message: 'expand failed' });
    return c.json({ tree: result.tree }, 200);
  })
  .openapi(postByStoreIdExplain, async (c) => {
    const { body, view } = await prepare(c, c.req.valid('json'));
    const result = await view.evaluate((source) =>
      explain(view.model, source, {
        ...body.tuple_key,
        now: Date.now(),
        ...(body.context ? { context: body.context } : {}),
        ...(body.contextual_tuples ? { contextualTuples: body.contextual_tuples.tuple_keys.map(toEngineTuple) } : {}),
      }),
    );
    return c.json(
      {
        allowed: result.allowed,
        ...(result.error ? { error: { code: result.error.name, message: result.error.message } } : {}),
        ...(result.root ? { explanation: result.root } : {}),
      },
      200,
    );
  });

/**
 * One page of list-objects: the whole list is computed once; later pages of the same question
 * at the same revision, and identical requests that started before it was computed, are cut
 * from it (worker/authz/list-pages.ts).
 */
async function listPage(view: AuthzView, body: S.ListObjectsRequestJson, ticket: number): Promise<ListObjectsResult> {
  const req = listObjectsRequest(body);
  const after = req.cursor === undefined ? undefined : decodeCursor(req.cursor);
  if (req.cursor !== undefined && after === undefined)
    return view.evaluate((source) => listObjects(view.model, source, req)); // the engine names the bad cursor
  const question: ListQuestion | undefined = body.contextual_tuples
    ? undefined
    : {
        storeId: view.storeId,
        revision: view.revision,
        modelId: view.modelId,
        user: body.user,
        relation: body.relation,
        type: body.type,
        context: body.context,
      };
  let kept = question ? keptList(question, ticket, after !== undefined) : undefined;
  if (question && !kept) {
    // identical requests received with this one start first, then share the list computed next
    await afterArrivals();
    kept = keptList(question, ticket, after !== undefined);
  }
  if (kept) return pageOfSorted(kept, after, req.pageSize);
  const { cursor: _cursor, pageSize: _pageSize, ...whole } = req;
  const full = await view.evaluate((source) => listObjects(view.model, source, whole), listingReach(body));
  if (full.error) return full;
  if (question) keepList(question, full.objects);
  return pageOfSorted(full.objects, after, req.pageSize);
}

/** List objects reads the neighbourhood of its user, unless contextual tuples add edges. */
function listingReach(body: S.ListObjectsRequestJson) {
  return body.contextual_tuples ? undefined : { listing: [body.user] };
}

function listObjectsRequest(body: S.ListObjectsRequestJson) {
  return {
    user: body.user,
    relation: body.relation,
    type: body.type,
    now: Date.now(),
    ...(body.context ? { context: body.context } : {}),
    ...(body.contextual_tuples ? { contextualTuples: body.contextual_tuples.tuple_keys.map(toEngineTuple) } : {}),
    ...(body.page_size ? { pageSize: body.page_size } : {}),
    ...(body.continuation_token ? { cursor: body.continuation_token } : {}),
  };
}
