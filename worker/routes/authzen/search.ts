/**
 * AuthZEN search: subjects (list users), resources (list objects) and actions (a check of every
 * relation of the resource's type that the store's setting calls an action — all of them when
 * the setting does not list the type; `actions.ts`). Results are complete, sorted, and paged with opaque tokens
 * that name the last result returned; `next_token: ""` marks the last page.
 */
import { createRoute } from '@hono/zod-openapi';
import { errors, json, ok, routes } from '../declare.ts';
import { check, listObjects, listUsers } from '../../../functions/index.ts';
import { readAuthzenActions } from '../../../db/authz/authzen-actions.ts';
import { loadView } from '../../authz/load.ts';
import { edgeRequest, type EdgeEnv } from '../../middleware/api-key.ts';
import { ApiError } from '../../errors.ts';
import { decodePage, encodePage } from '../openfga/mapping.ts';
import { authzenStore, mergedContext } from './mapping.ts';
import {
  ActionSearchRequest,
  ActionSearchResponse,
  EntitySearchResponse,
  ResourceSearchRequest,
  SubjectSearchRequest,
} from './schemas.ts';

const isAfter = (v: unknown): v is { after: string } => typeof (v as { after?: unknown })?.after === 'string';

/** One page of a sorted list of names, after the token's name. */
function pageOf<T>(
  sorted: T[],
  name: (t: T) => string,
  page: { token?: string | undefined; limit?: number | undefined } | undefined,
) {
  let token: { after: string } | undefined;
  try {
    token = decodePage(page?.token, isAfter);
  } catch {
    throw new ApiError('validation_error', 'invalid page token', { field: 'page.token' });
  }
  const start = token ? sorted.findIndex((t) => name(t) > token.after) : 0;
  const rest = start < 0 ? [] : sorted.slice(start);
  const limit = page?.limit ?? rest.length;
  const results = rest.slice(0, limit);
  const more = rest.length > limit && results.length > 0;
  return {
    results,
    page: { next_token: more ? encodePage({ after: name(results[results.length - 1]!) }) : '', count: results.length },
  };
}

const failure = (error: { name: string; message: string }) =>
  new ApiError('validation_error', `${error.name}: ${error.message}`);

const postSearchSubject = createRoute({
  method: 'post',
  path: '/search/subject',
  tags: ['AuthZEN'],
  summary: 'Subjects of a type that may do the action on the resource',
  request: { body: json(SubjectSearchRequest) },
  responses: { 200: ok(EntitySearchResponse), ...errors },
});
const postSearchResource = createRoute({
  method: 'post',
  path: '/search/resource',
  tags: ['AuthZEN'],
  summary: 'Resources of a type the subject may do the action on',
  request: { body: json(ResourceSearchRequest) },
  responses: { 200: ok(EntitySearchResponse), ...errors },
});
const postSearchAction = createRoute({
  method: 'post',
  path: '/search/action',
  tags: ['AuthZEN'],
  summary: 'Actions the subject may do on the resource',
  request: { body: json(ActionSearchRequest) },
  responses: { 200: ok(ActionSearchResponse), ...errors },
});

export const search = routes<EdgeEnv>()
  .openapi(postSearchSubject, async (c) => {
    const storeId = authzenStore(c);
    const body = c.req.valid('json');
    const view = await loadView(edgeRequest(c), storeId, { modelId: c.req.header('openfga-authorization-model-id') });
    const result = await view.evaluate((source) =>
      listUsers(view.model, source, {
        object: `${body.resource.type}:${body.resource.id}`,
        relation: body.action.name,
        userFilters: [{ type: body.subject.type }],
        context: mergedContext(body),
        now: Date.now(),
      }),
    );
    if (result.error) throw failure(result.error);
    const subjects = result.users
      .map((u) => ('object' in u ? u.object : 'wildcard' in u ? { type: u.wildcard.type, id: '*' } : undefined))
      .filter((u): u is { type: string; id: string } => u !== undefined)
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return c.json(
      pageOf(subjects, (s) => `${s.type}:${s.id}`, body.page),
      200,
    );
  })
  .openapi(postSearchResource, async (c) => {
    const storeId = authzenStore(c);
    const body = c.req.valid('json');
    const view = await loadView(edgeRequest(c), storeId, { modelId: c.req.header('openfga-authorization-model-id') });
    const result = await view.evaluate(
      (source) =>
        listObjects(view.model, source, {
          user: `${body.subject.type}:${body.subject.id}`,
          relation: body.action.name,
          type: body.resource.type,
          context: mergedContext(body),
          now: Date.now(),
          ...(body.page?.limit ? { pageSize: body.page.limit } : {}),
          ...(body.page?.token ? { cursor: body.page.token } : {}),
        }),
      { listing: [`${body.subject.type}:${body.subject.id}`] },
    );
    if (result.error) throw failure(result.error);
    const results = result.objects.map((o) => ({ type: body.resource.type, id: o.slice(o.indexOf(':') + 1) }));
    return c.json({ results, page: { next_token: result.cursor ?? '', count: results.length } }, 200);
  })
  .openapi(postSearchAction, async (c) => {
    const storeId = authzenStore(c);
    const body = c.req.valid('json');
    const view = await loadView(edgeRequest(c), storeId, { modelId: c.req.header('openfga-authorization-model-id') });
    const typeIndex = view.model.typeIndex.get(body.resource.type);
    if (typeIndex === undefined)
      throw new ApiError('validation_error', `type \`${body.resource.type}\` not found`, { field: 'resource.type' });
    const setting = await c.get('roundTrips').run(readAuthzenActions(c.get('store').db, storeId));
    const names = setting?.[body.resource.type];
    const relations = [...(view.model.relIndex[typeIndex]?.keys() ?? [])]
      .filter((relation) => !names || names.includes(relation))
      .sort();
    const now = Date.now();
    const allowed = await view.evaluate(
      (source) =>
        relations.filter(
          (relation) =>
            check(view.model, source, {
              user: `${body.subject.type}:${body.subject.id}`,
              relation,
              object: `${body.resource.type}:${body.resource.id}`,
              context: mergedContext(body),
              now,
            }).allowed,
        ),
      {
        checks: [
          { user: `${body.subject.type}:${body.subject.id}`, object: `${body.resource.type}:${body.resource.id}` },
        ],
      },
    );
    return c.json(
      pageOf(
        allowed.map((name) => ({ name })),
        (a) => a.name,
        body.page,
      ),
      200,
    );
  });
