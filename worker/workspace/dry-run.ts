/**
 * `?dryRun=true` on an access write (issue 15): the handler runs as usual — the same
 * validation, the same escalation guards (R9), the same `If-Match` — against a store that
 * refuses to write. The first write it attempts stops it, carrying the tuples it would have
 * written; the middleware then answers the impact preview (worker/people/impact.ts) instead.
 * Nothing is written: the dry-run store's `batch` never reaches the database.
 */
import type { MiddlewareHandler } from 'hono';
import type { Store } from '../../db/store.ts';
import type { TupleWrite } from '../../db/authz/write.ts';
import { ApiError } from '../errors.ts';
import { loadStoreView } from '../authz/load.ts';
import { RoundTrips } from '../authz/meter.ts';
import { impactOf } from '../people/impact.ts';
import type { WorkspaceEnv } from './context.ts';

/** Thrown by the first write of a dry run; never leaves the request. */
export class DryRunStop extends Error {
  override name = 'DryRunStop';
  constructor(readonly tuples: TupleWrite) {
    super('dry run: nothing written');
  }
}

/** Dry-run stores, and the stop their first write raised (whatever catches the error on the way). */
const dryStores = new WeakMap<Store, { stop?: DryRunStop }>();

/** A store whose writes stop the request instead of running. Reads go to the real database. */
export function dryRunStore(store: Store): Store {
  const dry: Store = {
    kind: store.kind,
    local: store.local,
    db: store.db,
    meter: store.meter,
    bookmark: () => store.bookmark(),
    forRequest: () => dry,
    // Reads in a batch (the authorizer reads the store's state and change log in one) go through.
    batch: async (statements) => {
      if (statements.every(isRead)) return store.batch(statements);
      throw stopDryRun(dry, { writes: [], deletes: [] });
    },
  };
  dryStores.set(dry, {});
  return dry;
}

function isRead(statement: unknown): boolean {
  const text = (statement as { toSQL?: () => { sql: string } }).toSQL?.().sql.trimStart().toLowerCase() ?? '';
  return text.startsWith('select') || text.startsWith('with');
}

export const isDryRun = (store: Store) => dryStores.has(store);

/** The stop of a dry run's first write, remembered for the middleware. */
export function stopDryRun(store: Store, tuples: TupleWrite): DryRunStop {
  const state = dryStores.get(store)!;
  state.stop ??= new DryRunStop(tuples);
  return state.stop;
}

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
  const dry = dryRunStore(real);
  c.set('store', dry);
  try {
    await next();
  } catch (error) {
    if (!(error instanceof DryRunStop)) throw error;
  }
  const stop = dryStores.get(dry)?.stop;
  // A refusal (403, 404, 409 with the current state, 400) is answered as it is.
  if (!stop && c.res.status >= 400) return;
  const tuples = stop?.tuples ?? { writes: [], deletes: [] };
  const workspace = c.get('workspace');
  const view = await loadStoreView(real, new RoundTrips(), workspace.storeId, {
    snapshotMaxTuples: c.env?.LAMINATE_SNAPSHOT_MAX_TUPLES,
  });
  const impact = await impactOf(real, workspace.storeId, workspace.id, view.model, tuples);
  c.res = undefined;
  c.res = c.json({ dryRun: true as const, changes: tuples, ...impact }, 200, { [DRY_RUN_HEADER]: 'preview' });
};
