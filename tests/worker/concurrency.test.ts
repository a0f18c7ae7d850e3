import { env } from 'cloudflare:test';
import app from '../../worker/index.ts';
import { d1Store } from '../../db/store.ts';
import { concurrencySuite } from '../suites/concurrency.suite.ts';
import { WriteGate } from '../suites/write-gate.ts';
import { d1Edge } from './openfga-harness.ts';

// The app sees a D1 binding whose write batches pass the gate (also in the per-request
// Sessions API session); the test reads the same database.
const gate = new WriteGate();
/** workerd's prepared statements keep their SQL in `statement`. */
const sqlOf = (s: D1PreparedStatement) => (s as unknown as { statement?: string }).statement;
const gated = <T extends D1Database | D1DatabaseSession>(target: T): T =>
  new Proxy(target, {
    get(t, key) {
      if (key === 'batch')
        return gate.wrapWrites(t.batch.bind(t) as (s: D1PreparedStatement[]) => Promise<unknown>, sqlOf);
      if (key === 'withSession')
        return (start?: string) => gated((t as D1Database).withSession(start as D1SessionConstraint));
      const value = Reflect.get(t, key);
      return typeof value === 'function' ? value.bind(t) : value;
    },
  });
const DB = gated(env.DB);
const harness = {
  store: 'd1' as const,
  db: d1Store(env.DB),
  request: async (path: string, init?: RequestInit) => app.request(path, init, { ...env, DB }),
};

concurrencySuite(harness, d1Edge({ DB }), d1Store(env.DB), gate);
