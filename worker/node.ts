/**
 * The same Hono app on Node, over libSQL (`LIBSQL_URL=file:...` or a libSQL server). workerd
 * cannot open local files, so a `file:` database is served from Node; a remote libSQL URL can
 * also be given to the Worker itself (wrangler var LIBSQL_URL).
 */
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { createApp } from './app.ts';
import { libsqlStore, type Store } from '../db/store.ts';
import { preparedFor } from '../db/prepared-reads.ts';
import type { AppEnv } from './env.ts';
import { blobStoreFor, type BlobStore } from './files/blob-store.ts';
import {
  describeHousekeeping,
  HOUSEKEEPING_EVERY_MS,
  housekeep,
  type HousekeepingReport,
} from './housekeeping/housekeep.ts';
import { setAnswerHeader } from './middleware/answer-headers.ts';

const API_PATHS = /^\/(api\/|stores(\/|$)|access\/|\.well-known\/|openapi\.json$|docs$)/;

export function createNodeApp(client: Client, options: { url?: string; staticRoot?: string } = {}) {
  const staticRoot = options.staticRoot ?? 'web/build';
  // a local file's hot reads through statements prepared once (db/prepared-reads.ts)
  const store = libsqlStore(client, options.url ? preparedFor(options.url) : {});
  const api = createApp(() => store);
  const app = new Hono<AppEnv>();
  // The UI's security headers (CSP, nosniff, ...), as Workers static assets apply them from the build's `_headers`.
  const headers = assetHeaders(staticRoot);
  app.use('*', async (c, next) => {
    await next();
    for (const [name, value] of headers) setAnswerHeader(c, name, value);
  });
  // Compressed and, for the hashed build output, cached for good — as Workers static assets
  // serve them (the day sheet's first paint on a slow phone connection, issue 16 Lighthouse).
  app.use('*', compress());
  app.use('/_app/immutable/*', async (c, next) => {
    await next();
    if (c.res.ok) setAnswerHeader(c, 'cache-control', 'public, max-age=31536000, immutable');
  });
  app.use('*', serveStatic({ root: staticRoot }));
  // Single-page app: unknown paths get the shell, like Workers' not_found_handling.
  app.get('*', serveStatic({ root: staticRoot, path: 'index.html' }));
  // As wrangler.toml's `run_worker_first`: these paths are the API's, everything else the UI's —
  // chosen before any Hono app runs, so an API request is dispatched once (not through a second
  // app's context, router and middleware chain: issue 17's per-request cost).
  const fetch = (request: Request, env?: unknown): Response | Promise<Response> =>
    API_PATHS.test(pathOf(request.url)) ? api.fetch(request, env as never) : app.fetch(request, env as never);
  return {
    fetch,
    /** As Hono's `app.request`: a path on localhost, for tests. */
    request: (path: string, init?: RequestInit) => fetch(new Request(new URL(path, 'http://localhost'), init)),
  };
}

/** The path of an absolute URL, without building a URL object, percent-decoded as Hono's router reads it. */
export function pathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('://') + 3);
  if (start < 0) return '/';
  const end = url.indexOf('?', start);
  const path = end < 0 ? url.slice(start) : url.slice(start, end);
  if (!path.includes('%')) return path;
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}

/** The `/*` block of `_headers` (written by the UI build, web/security-headers.ts) as name/value pairs. */
export function assetHeaders(staticRoot: string): [string, string][] {
  const file = join(staticRoot, '_headers');
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split('\n');
  const start = lines.indexOf('/*');
  const block: [string, string][] = [];
  for (const line of start < 0 ? [] : lines.slice(start + 1)) {
    const match = /^\s+([\w-]+):\s*(.+)$/.exec(line);
    if (!match) break;
    block.push([match[1]!, match[2]!]);
  }
  return block;
}

/**
 * The Node server's housekeeping job (the Worker's cron does the same, worker/index.ts): one run
 * at `clock()`; a failure is logged (its class only) and the next run tries again.
 */
export function housekeepingJob(
  store: Store,
  clock: () => number = Date.now,
  blobs: BlobStore = blobStoreFor(undefined),
) {
  return {
    async run(): Promise<HousekeepingReport | undefined> {
      try {
        const report = await housekeep(store, clock(), blobs);
        console.log(describeHousekeeping(report));
        return report;
      } catch (error) {
        console.error(`housekeeping failed: ${error instanceof Error ? error.name : 'error'}`);
        return undefined;
      }
    },
  };
}

/**
 * Laminate on Node over libSQL, with housekeeping once at start and then hourly; the timer
 * never keeps the process alive, and closing the server stops it.
 */
export function startNodeServer(options: { url: string; authToken?: string; port: number; hostname?: string }) {
  const client = createClient({ url: options.url, ...(options.authToken ? { authToken: options.authToken } : {}) });
  const app = createNodeApp(client, { url: options.url });
  const job = housekeepingJob(libsqlStore(client));
  void job.run();
  const timer = setInterval(() => void job.run(), HOUSEKEEPING_EVERY_MS).unref();
  const server = serve({ fetch: app.fetch, port: options.port, hostname: options.hostname ?? '127.0.0.1' });
  server.on('close', () => clearInterval(timer));
  return server;
}
