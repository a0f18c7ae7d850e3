import { expect, it } from 'vitest';
import { bulkSuite } from '../suites/openfga-bulk.suite.ts';
import { Api, modelJson, TEST_MODEL } from '../suites/openfga-harness.ts';
import { seedStoreSql } from '../../db/authz/bulk-sql.ts';
import { libsqlEdge } from './openfga-harness.ts';

bulkSuite(await libsqlEdge());
bulkSuite(await libsqlEdge({ LAMINATE_SNAPSHOT_MAX_TUPLES: '0', LAMINATE_COMPACT_MAX_TUPLES: '0' }), 'fetching source');

it('R8: a store seeded from one SQL script (the fast path for big benchmark stores) answers like one written through the API', async () => {
  const harness = await libsqlEdge();
  const tuples = Array.from({ length: 3000 }, (_, i) => ({
    user: `user:o'${i}`,
    relation: 'viewer',
    object: `folder:f${i % 30}`,
  }));
  const { storeId, sql } = seedStoreSql({
    name: 'scripted',
    model: modelJson(TEST_MODEL),
    tuples: [
      ...tuples,
      { user: 'user:cara', relation: 'editor', object: 'document:budget', condition: { name: 'before_noon' } },
    ],
  });
  await harness.client.executeMultiple(sql);
  const admin = new Api(harness);
  expect(
    (
      await admin.ok<{ allowed: boolean }>('POST', `/stores/${storeId}/check`, {
        tuple_key: { user: "user:o'31", relation: 'viewer', object: 'folder:f1' },
      })
    ).allowed,
  ).toBe(true);
  expect(
    (
      await admin.ok<{ allowed: boolean }>('POST', `/stores/${storeId}/check`, {
        tuple_key: { user: 'user:cara', relation: 'editor', object: 'document:budget' },
        context: { hour: 8 },
      })
    ).allowed,
  ).toBe(true);
  await admin.ok('POST', `/stores/${storeId}/write`, {
    deletes: { tuple_keys: [{ user: "user:o'31", relation: 'viewer', object: 'folder:f1' }] },
  });
  expect(
    (
      await admin.ok<{ allowed: boolean }>('POST', `/stores/${storeId}/check`, {
        tuple_key: { user: "user:o'31", relation: 'viewer', object: 'folder:f1' },
      })
    ).allowed,
  ).toBe(false);
  const changes = await admin.ok<{ changes: unknown[] }>('GET', `/stores/${storeId}/changes?page_size=100&type=folder`);
  expect(changes.changes).toHaveLength(100);
});
