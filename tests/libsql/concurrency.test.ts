import { libsqlStore } from '../../db/store.ts';
import { concurrencySuite } from '../suites/concurrency.suite.ts';
import { WriteGate } from '../suites/write-gate.ts';
import { libsqlHarness } from './harness.ts';
import { libsqlEdge } from './openfga-harness.ts';

// Both apps' write batches pass the gate: the workspace app's per-request stores, the edge app's libSQL client.
const gate = new WriteGate();
const harness = await libsqlHarness();
const store = harness.db as { forRequest: typeof harness.db.forRequest };
const forRequest = store.forRequest;
store.forRequest = (options) => {
  const perRequest = forRequest(options);
  const batch = gate.wrapWrites(
    perRequest.batch as unknown as (s: { toSQL?: () => { sql: string } }[]) => Promise<unknown>,
    (s) => s.toSQL?.().sql,
  );
  return { ...perRequest, batch: batch as unknown as typeof perRequest.batch };
};
const edge = await libsqlEdge();
edge.client.batch = gate.wrap(edge.client.batch.bind(edge.client));

concurrencySuite(harness, edge, libsqlStore(edge.client), gate);
