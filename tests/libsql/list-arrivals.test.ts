/**
 * Issue 17 (bench list ×64: connections reset). On Node over a local libSQL file a request's
 * database reads resolve as microtasks, so a request ran to its end — list included — before the
 * next socket's request was even parsed: identical lists arriving together were computed once
 * each, in one long stretch of the event loop. Each arrival here is its own macrotask, as a
 * socket's data is; the `engine` entry of Server-Timing is non-zero only on the request that
 * computed the list (a shared list is cut, not evaluated).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Api, modelJson, TEST_MODEL } from '../suites/openfga-harness.ts';
import { libsqlEdge } from './openfga-harness.ts';

const harness = await libsqlEdge();
const FOLDERS = Array.from({ length: 300 }, (_, i) => ({
  user: 'user:ana',
  relation: 'viewer',
  object: `folder:f${i}`,
}));

describe('list objects on libsql: requests that arrive together', () => {
  const admin = new Api(harness);
  let storeId = '';
  beforeAll(async () => {
    ({ storeId } = await harness.seed(modelJson(TEST_MODEL), FOLDERS));
    // the store's snapshot is loaded by this first request, not by the ones below
    await admin.ok('POST', `/stores/${storeId}/check`, {
      tuple_key: { user: 'user:ana', relation: 'viewer', object: 'folder:f1' },
    });
  });

  it('R8: identical first pages received together share one computed list, and each gets the whole answer', async () => {
    const arrive = () =>
      new Promise<Response>((resolve) =>
        setImmediate(() =>
          resolve(
            admin.call('POST', `/stores/${storeId}/list-objects`, {
              user: 'user:ana',
              relation: 'viewer',
              type: 'folder',
            }),
          ),
        ),
      );
    const answers = await Promise.all(Array.from({ length: 8 }, arrive));
    const engineMs = answers.map((r) => Number(/engine;dur=([\d.]+)/.exec(r.headers.get('server-timing') ?? '')?.[1]));
    const lists = await Promise.all(answers.map(async (r) => ((await r.json()) as { objects: string[] }).objects));
    for (const objects of lists) expect(objects).toEqual(FOLDERS.map((t) => t.object).sort());
    expect(engineMs.every(Number.isFinite)).toBe(true);
    expect(engineMs.filter((ms) => ms > 0)).toHaveLength(1);
  });
});
