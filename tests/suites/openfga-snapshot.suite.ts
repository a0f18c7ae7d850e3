import { beforeAll, describe, expect, it } from 'vitest';
import { compactLoadSettled, compactLoading, lastLoad, loadGate } from '../../worker/authz/compact-load.ts';
import { dropAllSnapshots, getSnapshot } from '../../worker/authz/snapshots.ts';
import { Api, modelJson, TEST_MODEL, TEST_TUPLES, type EdgeHarness } from './openfga-harness.ts';

const ben = { tuple_key: { user: 'user:ben', relation: 'can_read', object: 'document:setlist' } };
const benInCrew = { user: 'user:ben', relation: 'member', object: 'group:crew' };
/** Above the harness's LAMINATE_SNAPSHOT_MAX_TUPLES (100): the store is held as a compact snapshot. */
const FILLER = Array.from({ length: 400 }, (_, i) => ({
  user: `user:u${i}`,
  relation: 'viewer',
  object: `folder:f${i % 40}`,
}));

/**
 * R8 through the large-store path: a store above the small-snapshot bound (lowered to 100 by the
 * harness) is answered from a compact snapshot that is persisted, loaded cold, caught up from the
 * change log, and rebuilt when the log no longer reaches back to it.
 */
export function snapshotSuite(harness: EdgeHarness): void {
  describe(`compact snapshot on ${harness.store}`, () => {
    const admin = new Api(harness);
    let storeId = '';
    let key: Api;
    const check = async (api: Api, body: unknown = ben) => {
      const response = await api.call('POST', `/stores/${storeId}/check`, body);
      if (response.status !== 200) throw new Error(`check: ${response.status} ${await response.text()}`);
      return {
        allowed: ((await response.json()) as { allowed: boolean }).allowed,
        trips: Number(response.headers.get('laminate-db-round-trips')),
      };
    };

    beforeAll(async () => {
      ({ storeId } = await harness.seed(modelJson(TEST_MODEL), [...TEST_TUPLES, ...FILLER]));
      key = admin.as((await admin.newKey(storeId, 'write')).key);
    });

    const settled = () => compactLoadSettled(storeId);

    it('R8: while the compact snapshot is being built, checks answer from SQL at the current revision, and the build never delays them', async () => {
      let release = () => {};
      loadGate.hold = new Promise<void>((resolve) => {
        release = resolve;
      });
      try {
        const first = await check(key);
        expect(first.allowed).toBe(true);
        expect(first.trips).toBeLessThanOrEqual(2);
        expect(compactLoading(storeId)).toBe(true);
        expect(getSnapshot(storeId)).toBeUndefined();
        // a revocation during the build is seen by the next check (the neighbourhood is read afresh)
        await key.ok('POST', `/stores/${storeId}/write`, { deletes: { tuple_keys: [benInCrew] } });
        expect((await check(key)).allowed).toBe(false);
        await harness.writeDirect(storeId, [benInCrew], []);
        expect((await check(admin)).allowed).toBe(true);
        expect(getSnapshot(storeId)).toBeUndefined();
      } finally {
        loadGate.hold = undefined;
        release();
      }
      await settled();
      expect(compactLoading(storeId)).toBe(false);
      expect(getSnapshot(storeId)?.compact).toBeDefined();
      expect(lastLoad.get(storeId)?.how).toBe('built');
      expect(await check(key)).toEqual({ allowed: true, trips: 1 });
    });

    it('R8: a check on a store above the old in-memory limit is answered from the compact snapshot: ≤ 2 round trips cold, 1 warm', async () => {
      expect((await check(key)).allowed).toBe(true);
      await settled();
      expect(getSnapshot(storeId)?.compact).toBeDefined();
      const warm = await check(key);
      expect(warm).toEqual({ allowed: true, trips: 1 });
      // a cold isolate: the first check reads SQL while the persisted snapshot is loaded behind it
      dropAllSnapshots();
      lastLoad.delete(storeId);
      const cold = await check(key);
      expect(cold.allowed).toBe(true);
      expect(cold.trips).toBeLessThanOrEqual(2);
      await settled();
      expect(lastLoad.get(storeId)?.how).toBe('persisted');
      expect((await check(key)).trips).toBe(1);
    });

    it('R8: a revocation through the compact snapshot is seen by the next check (API write, and a write by another isolate)', async () => {
      expect((await check(key)).allowed).toBe(true);
      await key.ok('POST', `/stores/${storeId}/write`, { deletes: { tuple_keys: [benInCrew] } });
      const after = await check(key);
      expect(after.allowed).toBe(false);
      expect(after.trips).toBeLessThanOrEqual(2);
      await harness.writeDirect(storeId, [benInCrew], []);
      expect((await check(key)).allowed).toBe(true);
      await harness.writeDirect(storeId, [], [benInCrew]);
      expect((await check(admin)).allowed).toBe(false);
      await harness.writeDirect(storeId, [benInCrew], []);
      expect((await check(key)).allowed).toBe(true);
      // batch check and list objects read the same snapshot
      const listed = await key.ok<{ objects: string[] }>('POST', `/stores/${storeId}/list-objects`, {
        user: 'user:ben',
        relation: 'can_read',
        type: 'document',
      });
      expect(listed.objects).toEqual(['document:setlist']);
    });

    it('R8: a write between the pages of a list is seen by the next page', async () => {
      const list = (token?: string) =>
        key.ok<{ objects: string[]; continuation_token?: string }>('POST', `/stores/${storeId}/list-objects`, {
          user: 'user:u1',
          relation: 'viewer',
          type: 'folder',
          page_size: 1,
          ...(token ? { continuation_token: token } : {}),
        });
      await key.ok('POST', `/stores/${storeId}/write`, {
        writes: { tuple_keys: [{ user: 'user:u1', relation: 'viewer', object: 'folder:f2' }] },
      });
      const first = await list();
      expect(first.objects).toEqual(['folder:f1']);
      const second = await list(first.continuation_token);
      expect(second.objects).toEqual(['folder:f2']);
      // revoke f2 and ask for page 2 again: the kept list is of an older revision, never used
      await harness.writeDirect(storeId, [], [{ user: 'user:u1', relation: 'viewer', object: 'folder:f2' }]);
      const again = await list(first.continuation_token);
      expect(again.objects).toEqual(['folder:lobby']); // public, after f1 now that f2 is gone
    });

    it('R8: a snapshot older than the change log reaches is rebuilt, never trusted (in memory and persisted)', async () => {
      expect((await check(key)).allowed).toBe(true);
      // another isolate revokes, then the log is pruned past the revocation
      await harness.writeDirect(storeId, [], [benInCrew]);
      const state = await admin.ok<{ changes: unknown[]; continuation_token: string }>(
        'GET',
        `/stores/${storeId}/changes?page_size=100`,
      );
      expect(state.changes.length).toBeGreaterThan(0);
      await harness.pruneChanges(storeId, 1_000_000);
      // the in-memory snapshot cannot catch up: the next check sees the revocation (from SQL, while
      // the snapshot is rebuilt behind it) and so does the rebuilt snapshot
      lastLoad.delete(storeId);
      expect((await check(key)).allowed).toBe(false);
      await settled();
      expect(lastLoad.get(storeId)?.how).toBe('built');
      expect(await check(key)).toEqual({ allowed: false, trips: 1 });
      // the persisted copy now says "revoked"; another isolate grants again and the log is pruned:
      // a cold isolate must not trust the persisted copy (it would deny), it rebuilds and allows
      await harness.writeDirect(storeId, [benInCrew], []);
      await harness.pruneChanges(storeId, 1_000_000);
      dropAllSnapshots();
      lastLoad.delete(storeId);
      expect((await check(key)).allowed).toBe(true);
      await settled();
      expect(lastLoad.get(storeId)?.how).toBe('built');
      expect(await check(key)).toEqual({ allowed: true, trips: 1 });
    });
  });
}
