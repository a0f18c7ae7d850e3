import { env } from 'cloudflare:test';
import app from '../../worker/index.ts';
import { d1Store } from '../../db/store.ts';
import type { Harness } from '../suites/harness.ts';

/** The Worker in workerd over the test's local D1 (migrated and seeded by setup.ts). */
export function d1Harness(): Harness {
  return { store: 'd1', db: d1Store(env.DB), request: async (path, init) => app.request(path, init, env) };
}
