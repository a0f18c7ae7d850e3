/**
 * `?dryRun=true` on an access write (issue 15): the handler runs as usual — the same
 * validation, the same escalation guards (R9), the same `If-Match` — against a store that
 * refuses to write. The first write it attempts stops it, carrying the tuples it would have
 * written; the middleware (worker/middleware/dry-run.ts) then answers the impact preview
 * (worker/people/impact.ts) instead.
 * Nothing is written: the dry-run store's `batch` never reaches the database.
 */
import type { Store } from '../../db/store.ts';
import type { TupleWrite } from '../../db/authz/write.ts';

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

/** The stop the dry run's first write raised, if it attempted one. */
export const dryRunStopOf = (store: Store): DryRunStop | undefined => dryStores.get(store)?.stop;
