import { describe, expect, it } from 'vitest';
import { Api, modelJson, TEST_MODEL, type EdgeHarness } from './openfga-harness.ts';

/** The bulk-load path benchmarks use: thousands of tuples through the repositories, then the API answers. */
export function bulkSuite(harness: EdgeHarness, mode = 'snapshots'): void {
  describe(`bulk-loaded store on ${harness.store}, ${mode}`, () => {
    it('R8: 5,000 tuples loaded by seedStore answer checks and list objects within the round-trip budget, and a revocation shows in the next list', async () => {
      const tuples = Array.from({ length: 5000 }, (_, i) => ({
        user: `user:u${i % 500}`,
        relation: 'viewer',
        object: `folder:f${Math.floor(i / 500)}`,
      }));
      tuples.push({ user: 'folder:f3', relation: 'parent', object: 'document:d1' } as never);
      const { storeId } = await harness.seed(modelJson(TEST_MODEL), tuples);
      const admin = new Api(harness);
      const key = admin.as((await admin.newKey(storeId, 'read')).key);
      const yes = await key.call('POST', `/stores/${storeId}/check`, {
        tuple_key: { user: 'user:u42', relation: 'can_read', object: 'document:d1' },
      });
      expect(await yes.json()).toEqual({ allowed: true, resolution: '' });
      const warm = await key.call('POST', `/stores/${storeId}/check`, {
        tuple_key: { user: 'user:u42', relation: 'viewer', object: 'folder:f9' },
      });
      expect(await warm.json()).toEqual({ allowed: true, resolution: '' });
      // the key lookup reads the store's state; a snapshot answers from memory, a large store
      // reads the check's neighbourhood in one query (functions/neighbourhood.ts)
      expect(warm.headers.get('laminate-db-round-trips')).toBe(mode === 'snapshots' ? '1' : '2');
      const batch = await key.call('POST', `/stores/${storeId}/batch-check`, {
        checks: [
          { tuple_key: { user: 'user:u42', relation: 'can_read', object: 'document:d1' }, correlation_id: 'a' },
          { tuple_key: { user: 'user:nobody', relation: 'can_read', object: 'document:d1' }, correlation_id: 'b' },
          { tuple_key: { user: 'user:u42', relation: 'viewer', object: 'folder:f0' }, correlation_id: 'c' },
        ],
      });
      expect(await batch.json()).toEqual({
        result: { a: { allowed: true }, b: { allowed: false }, c: { allowed: true } },
      });
      expect(batch.headers.get('laminate-db-round-trips')).toBe(mode === 'snapshots' ? '1' : '2');
      const listing = await key.call('POST', `/stores/${storeId}/list-objects`, {
        type: 'folder',
        relation: 'viewer',
        user: 'user:u7',
      });
      expect(((await listing.json()) as { objects: string[] }).objects).toHaveLength(10);
      expect(listing.headers.get('laminate-db-round-trips')).toBe(mode === 'snapshots' ? '1' : '2');
      // a second page of the same list reuses the neighbourhood read at this revision (one
      // round trip: the revision); a write moves the revision, so a revocation shows at once
      const paged = await key.call('POST', `/stores/${storeId}/list-objects`, {
        type: 'folder',
        relation: 'viewer',
        user: 'user:u7',
        page_size: 5,
      });
      expect(((await paged.json()) as { objects: string[] }).objects).toEqual([
        'folder:f0',
        'folder:f1',
        'folder:f2',
        'folder:f3',
        'folder:f4',
      ]);
      expect(paged.headers.get('laminate-db-round-trips')).toBe('1');
      const writer = admin.as((await admin.newKey(storeId, 'write')).key);
      await writer.ok('POST', `/stores/${storeId}/write`, {
        deletes: { tuple_keys: [{ user: 'user:u7', relation: 'viewer', object: 'folder:f0' }] },
      });
      const after = await key.ok<{ objects: string[] }>('POST', `/stores/${storeId}/list-objects`, {
        type: 'folder',
        relation: 'viewer',
        user: 'user:u7',
      });
      expect(after.objects).toHaveLength(9);
      expect(after.objects).not.toContain('folder:f0');
      const changes = await key.ok<{ changes: unknown[] }>('GET', `/stores/${storeId}/changes?page_size=100`);
      expect(changes.changes).toHaveLength(100);
    });
  });
}
