/** `/stores/{id}/authorization-models`: write (validated, immutable, new id), list newest first, get. */
import { Hono } from 'hono';
import { validateModel } from '../../../functions/index.ts';
import { findModel, insertModel, listModels, type ModelRow } from '../../../db/authz/models.ts';
import { findStore } from '../../../db/authz/stores.ts';
import { ApiError } from '../../errors.ts';
import { readJson, validate } from '../../middleware/json-body.ts';
import { authorizeStore, type EdgeEnv } from '../../middleware/api-key.ts';
import { operation } from '../docs/registry.ts';
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

operation({
  method: 'post',
  path: '/stores/{store_id}/authorization-models',
  tag: 'Models',
  summary: 'Write an authorization model (a new immutable version)',
  body: AuthorizationModel,
  response: WriteAuthorizationModelResponse,
  status: 201,
});
operation({
  method: 'get',
  path: '/stores/{store_id}/authorization-models',
  tag: 'Models',
  summary: 'List models, newest first',
  query: PageQuery,
  response: ReadAuthorizationModelsResponse,
});
operation({
  method: 'get',
  path: '/stores/{store_id}/authorization-models/{id}',
  tag: 'Models',
  summary: 'Read one model',
  response: z.object({ authorization_model: AuthorizationModel }),
});

export const models = new Hono<EdgeEnv>()
  .post('/:store_id/authorization-models', async (c) => {
    const storeId = c.req.param('store_id');
    authorizeStore(c, storeId, 'write');
    const body = await readJson(c, AuthorizationModel);
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
  .get('/:store_id/authorization-models', async (c) => {
    const storeId = c.req.param('store_id');
    authorizeStore(c, storeId, 'read');
    const query = validate(PageQuery, c.req.query());
    const pageSize = query.page_size ?? 50;
    const before = decodePage(query.continuation_token, isBefore);
    const db = c.get('store').db;
    const meter = c.get('roundTrips');
    if (!(await meter.run(findStore(db, storeId)))) throw new ApiError('not_found', `store \`${storeId}\` not found`);
    const rows = await meter.run(listModels(db, storeId, pageSize, before?.before));
    const page = rows.slice(0, pageSize);
    return c.json({
      authorization_models: page.map(modelJson),
      continuation_token: rows.length > pageSize ? encodePage({ before: page[page.length - 1]!.id }) : '',
    });
  })
  .get('/:store_id/authorization-models/:id', async (c) => {
    const storeId = c.req.param('store_id');
    authorizeStore(c, storeId, 'read');
    const row = await c.get('roundTrips').run(findModel(c.get('store').db, storeId, c.req.param('id')));
    if (!row) throw new ApiError('not_found', `authorization model \`${c.req.param('id')}\` not found`);
    return c.json({ authorization_model: modelJson(row) });
  });
