import { createRoute } from '@hono/zod-openapi';
import { errors, ok, routes } from './declare.ts';
import { z } from 'zod';
import { sql } from 'drizzle-orm';
import { authzChanges } from '../../db/authz/schema.ts';
import type { AppEnv } from '../env.ts';
import { version } from '../../package.json';

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['Health'],
  responses: {
    200: ok(z.object({ version: z.string(), store: z.enum(['d1', 'libsql']), revision: z.number() })),
    ...errors,
  },
});

/**
 * `GET /api/health`: `{ version, store, revision }`. `revision` is the database's data revision
 * (the newest change-log sequence number), so two answers with the same revision saw the same
 * authorization data.
 */
export const health = routes<AppEnv>().openapi(list, async (c) => {
  const store = c.get('store');
  const [row] = await store.db.select({ revision: sql<number | null>`max(${authzChanges.seq})` }).from(authzChanges);
  return c.json({ version, store: store.kind, revision: row?.revision ?? 0 }, 200);
});
