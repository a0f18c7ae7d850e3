/** `/stores/{id}/authorization-models`: write (validated, immutable, new id), list newest first, get. */
import { createRoute } from '@hono/zod-openapi';
import { errors, json, ok, pathParams, routes } from '../declare.ts';
import { validateModel } from '../../../functions/index.ts';
import { findModel, insertModel, listModels, type ModelRow } from '../../../db/authz/models.ts';
import { findStore } from '../../../db/authz/stores.ts';
import { ApiError } from '../../errors.ts';
import { authorizeStore, type EdgeEnv } from '../../middleware/api-key.ts';
import { decodePage, encodePage } from './mapping.ts';
import {
  AuthorizationModel,
  PageQuery,
  ReadAuthorizationModelsResponse,
  WriteAuthorizationModelResponse,
} from './schemas.ts';
import { z } from 'zod';

const modelJson = (row: ModelRow) => ({ id: row.id, ...row.model });
const isBefore = (v: unknown): v is { before: string } => typeof (v as { before?: unknown })?.before === 'string';

const postByStoreIdAuthorizationModels = createRoute({
  method: 'post',
  path: '/{store_id}/authorization-models',
  tags: ['Models'],
  summary: 'Write an authorization model (a new immutable version)',
  request: { params: pathParams('store_id'), body: json(AuthorizationModel) },
  responses: { 201: ok(WriteAuthorizationModelResponse), ...errors },
});
const getByStoreIdAuthorizationModels = createRoute({
  method: 'get',
  path: '/{store_id}/authorization-models',
  tags: ['Models'],
  summary: 'List models, newest first',
  request: { params: pathParams('store_id'), query: PageQuery },
  responses: { 200: ok(ReadAuthorizationModelsResponse), ...errors },
});
const getByStoreIdAuthorizationModelsById = createRoute({
  method: 'get',
  path: '/{store_id}/authorization-models/{id}',
  tags: ['Models'],
  summary: 'Read one model',
  request: { params: pathParams('store_id', 'id') },
  responses: { 200: ok(z.object({ authorization_model: AuthorizationModel })), ...errors },
});

export const models = routes<EdgeEnv>()
  .openapi(postByStoreIdAuthorizationModels, async (c) => {
    const storeId = c.req.param('store_id');
    authorizeStore(c, storeId, 'write');
    const body = c.req.valid('json');
    const parsed = validateModel({
      schema_version: body.schema_version,
      type_definitions: body.type_definitions,
      ...(body.conditions ? { conditions: body.conditions } : {}),
    });
    if (!parsed.ok)
      throw new ApiError(
        'validation_error',
        `invalid authorization model: ${parsed.errors.map((e) => e.message).join('; ')}`,
      );
    const db = c.get('store').db;
    const meter = c.get('roundTrips');
    if (!(await meter.run(findStore(db, storeId)))) throw new ApiError('not_found', `store \`${storeId}\` not found`);
    const id = await meter.run(insertModel(db, storeId, parsed.model, Date.now()));
    return c.json({ authorization_model_id: id }, 201);
  })
  .openapi(getByStoreIdAuthorizationModels, async (c) => {
    const storeId = c.req.param('store_id');
    authorizeStore(c, storeId, 'read');
    const query = c.req.valid('query');
    const pageSize = query.page_size ?? 50;
    const before = decodePage(query.continuation_token, isBefore);
    const db = c.get('store').db;
    const meter = c.get('roundTrips');
    if (!(await meter.run(findStore(db, storeId)))) throw new ApiError('not_found', `store \`${storeId}\` not found`);
    const rows = await meter.run(listModels(db, storeId, pageSize, before?.before));
    const page = rows.slice(0, pageSize);
    return c.json(
      {
        authorization_models: page.map(modelJson),
        continuation_token: rows.length > pageSize ? encodePage({ before: page[page.length - 1]!.id }) : '',
      },
      200,
    );
  })
  .openapi(getByStoreIdAuthorizationModelsById, async (c) => {
    const storeId = c.req.param('store_id');
    authorizeStore(c, storeId, 'read');
    const row = await c.get('roundTrips').run(findModel(c.get('store').db, storeId, c.req.param('id')));
    if (!row) throw new ApiError('not_found', `authorization model \`${c.req.param('id')}\` not found`);
    return c.json({ authorization_model: modelJson(row) }, 200);
  });
