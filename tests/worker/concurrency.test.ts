import { env } from 'cloudflare:test';
import app from '../../worker/index.ts';
import { d1Store } from '../../db/store.ts';
import { concurrencySuite } from '../suites/concurrency.suite.ts';
import { WriteGate } from '../suites/write-gate.ts';
import { d1Edge } from './openfga-harness.ts';

// The app sees a D1 binding whose batches pass the gate; the test reads the same database.
const gate = new WriteGate();
const DB = new Proxy(env.DB, {
  get(target, key) {
    if (key === 'batch') return gate.wrap(target.batch.bind(target));
    const value = Reflect.get(target, key);
    return typeof value === 'function' ? value.bind(target) : value;
  },
});
const harness = {
  store: 'd1' as const,
  db: d1Store(env.DB),
  request: async (path: string, init?: RequestInit) => app.request(path, init, { ...env, DB }),
};

concurrencySuite(harness, d1Edge({ DB }), d1Store(env.DB), gate);
