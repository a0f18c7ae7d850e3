/**
 * `?dryRun=true` on an access write (issue 15): the handler runs as usual — the same
 * validation, the same escalation guards (R9), the same `If-Match` — against the request's store
 * made read-only (`store.dryRun()`, db/store.ts: every write, a batch or a raw statement, throws
 * `DryRunStop`), and this answers the impact preview of the tuples its first
 * write would have written (worker/people/impact.ts). Nothing is written.
 */
import type { MiddlewareHandler } from 'hono';
import { DryRunStop } from '../../db/store.ts';
import { ApiError } from '../errors.ts';
import { loadStoreView } from '../authz/load.ts';
import { RoundTrips } from '../authz/meter.ts';
import { impactOf } from '../people/impact.ts';
import { backgroundOf } from './db-request.ts';
import type { WorkspaceEnv } from './workspace.ts';

/** The routes whose writes change access: only these take `dryRun`. */
const ACCESS_WRITES = [
  /^\/api\/people\/[^/]+(\/.*)?$/,
  /^\/api\/roles(\/.*)?$/,
  /^\/api\/groups(\/.*)?$/,
  /^\/api\/folders\/[^/]+\/access$/,
  /^\/api\/files\/[^/]+\/access$/,
  /^\/api\/events\/[^/]+$/,
];

/** The preview's header: the check-response middleware validates the preview's schema instead. */
export const DRY_RUN_HEADER = 'Laminate-Dry-Run';

export const dryRun: MiddlewareHandler<WorkspaceEnv> = async (c, next) => {
  const flag = c.req.query('dryRun') ?? c.req.header(DRY_RUN_HEADER);
  if (flag === undefined || flag === 'false' || ['GET', 'HEAD'].includes(c.req.method)) return next();
  if (flag !== 'true' && flag !== '1')
    throw new ApiError('validation_error', '`dryRun` is `true` or `false`', { field: 'dryRun' });
  if (!ACCESS_WRITES.some((r) => r.test(c.req.path)) || c.req.path.endsWith('/reinstate'))
    throw new ApiError('validation_error', '`dryRun` is offered on access writes only', { field: 'dryRun' });
  const real = c.get('store');
  const dry = real.dryRun();
  c.set('store', dry);
  try {
    await next();
  } catch (error) {
    // the stop, or what a layer made of it (drizzle wraps a refused raw query in its own error)
    if (!(error instanceof DryRunStop) && !dry.dry?.stop) throw error;
  }
  const stop = dry.dry?.stop;
  // A refusal (403, 404, 409 with the current state, 400) is answered as it is.
  if (!stop && c.res.status >= 400) return;
  const tuples = stop?.tuples ?? { writes: [], deletes: [] };
  const workspace = c.get('workspace');
  const view = await loadStoreView(real, new RoundTrips(), workspace.storeId, {
    snapshotMaxTuples: c.env?.LAMINATE_SNAPSHOT_MAX_TUPLES,
    background: backgroundOf(c),
  });
  const impact = await impactOf(real, workspace.storeId, workspace.id, view.model, tuples);
  c.res = undefined;
  c.res = c.json({ dryRun: true as const, changes: tuples, ...impact }, 200, { [DRY_RUN_HEADER]: 'preview' });
};
