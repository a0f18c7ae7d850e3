/**
 * The same Hono app on Node, over libSQL (`LIBSQL_URL=file:...` or a libSQL server). workerd
 * cannot open local files, so a `file:` database is served from Node; a remote libSQL URL can
 * also be given to the Worker itself (wrangler var LIBSQL_URL).
 */
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { createClient, type Client } from '@libsql/client';
import { Hono } from 'hono';
import { createApp } from './app.ts';
import { libsqlStore } from '../db/store.ts';
import type { AppEnv } from './env.ts';

export function createNodeApp(client: Client, staticRoot = 'web/build') {
  const store = libsqlStore(client);
  const api = createApp(() => store);
  const app = new Hono<AppEnv>();
  app.route('/', api);
  app.use('*', serveStatic({ root: staticRoot }));
  // Single-page app: unknown paths get the shell, like Workers' not_found_handling.
  app.get('*', serveStatic({ root: staticRoot, path: 'index.html' }));
  return app;
}

export function startNodeServer(options: { url: string; authToken?: string; port: number; hostname?: string }) {
  const client = createClient({ url: options.url, ...(options.authToken ? { authToken: options.authToken } : {}) });
  const app = createNodeApp(client);
  return serve({ fetch: app.fetch, port: options.port, hostname: options.hostname ?? '127.0.0.1' });
}
