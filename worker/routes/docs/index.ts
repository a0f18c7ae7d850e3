/** `GET /openapi.json` and `GET /docs`: public, generated from the routes' own schemas. */
import { Hono } from 'hono';
import type { AppEnv } from '../../env.ts';
import { openApiDocument } from './openapi.ts';
import { docsPage } from './page.ts';

export const docs = new Hono<AppEnv>()
  .get('/openapi.json', (c) => c.json(openApiDocument(new URL(c.req.url).origin)))
  .get('/docs', (c) => c.html(docsPage(openApiDocument(new URL(c.req.url).origin))));
