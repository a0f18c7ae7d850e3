import { libsqlStore } from '../../db/store.ts';
import { concurrencySuite } from '../suites/concurrency.suite.ts';
import { WriteGate } from '../suites/write-gate.ts';
import { libsqlHarness } from './harness.ts';
import { libsqlEdge } from './openfga-harness.ts';

// Both apps' batches pass the gate: the workspace app's store, the edge app's libSQL client.
const gate = new WriteGate();
const harness = await libsqlHarness();
const store = harness.db as { batch: typeof harness.db.batch };
store.batch = gate.wrap(store.batch);
const edge = await libsqlEdge();
edge.client.batch = gate.wrap(edge.client.batch.bind(edge.client));

concurrencySuite(harness, edge, libsqlStore(edge.client), gate);
