/** `GET /openapi.json` and `GET /docs`: public, generated from the routes' declarations. */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import type { AppEnv } from '../../env.ts';
import { ok, other, routes } from '../declare.ts';
import { openApiDocument } from './openapi.ts';
import { docsPage } from './page.ts';

const getOpenapiJson = createRoute({
  method: 'get',
  path: '/openapi.json',
  tags: ['Docs'],
  summary: 'This document',
  security: [],
  responses: { 200: ok(z.record(z.string(), z.unknown()), 'the OpenAPI 3.1 document') },
});
const getDocs = createRoute({
  method: 'get',
  path: '/docs',
  tags: ['Docs'],
  summary: 'The API reference, as HTML',
  security: [],
  responses: { 200: other('HTML') },
});

/** `api`: the whole app, whose declarations the document describes. */
// biome-ignore lint/suspicious/noExplicitAny: any app's registry
export const docs = (api: () => OpenAPIHono<any, any, any>) =>
  routes<AppEnv>()
    .openapi(getOpenapiJson, (c) => c.json(openApiDocument(api(), new URL(c.req.url).origin), 200))
    .openapi(getDocs, (c) => c.html(docsPage(openApiDocument(api(), new URL(c.req.url).origin))));
