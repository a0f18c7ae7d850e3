import { beforeAll, describe, expect, it } from 'vitest';
import { encodeToken, tokenRevision } from '../../worker/authz/consistency.ts';
import { Api, expectError, TEST_TUPLES, type EdgeHarness } from './openfga-harness.ts';

const ben = { tuple_key: { user: 'user:ben', relation: 'can_read', object: 'document:setlist' } };
const benInCrew = { user: 'user:ben', relation: 'member', object: 'group:crew' };

/** R8: consistency tokens, freshness by default, and the database round trips a check costs. */
export function consistencySuite(harness: EdgeHarness): void {
  describe(`consistency on ${harness.store}`, () => {
    const admin = new Api(harness);
    let storeId = '';
    let key: Api;
    const trips = (r: Response) => Number(r.headers.get('laminate-db-round-trips'));
    const allowed = async (api: Api, body: unknown = ben) => {
      const response = await api.call('POST', `/stores/${storeId}/check`, body);
      if (response.status !== 200) throw new Error(`check: ${response.status} ${await response.text()}`);
      return {
        allowed: ((await response.json()) as { allowed: boolean }).allowed,
        trips: trips(response),
        timing: response.headers.get('server-timing'),
      };
    };

    beforeAll(async () => {
      ({ storeId } = await admin.newStore('consistency'));
      await admin.ok('POST', `/stores/${storeId}/write`, { writes: { tuple_keys: TEST_TUPLES } });
      key = admin.as((await admin.newKey(storeId, 'write')).key);
    });

    it('R8: every write answers a consistency token (body and header), naming a newer revision each time', async () => {
      const response = await key.call('POST', `/stores/${storeId}/write`, {
        writes: { tuple_keys: [{ user: 'user:zoe', relation: 'owner', object: 'document:z1' }] },
      });
      const first = ((await response.json()) as { consistency_token: string }).consistency_token;
      expect(response.headers.get('laminate-consistency-token')).toBe(first);
      const second = (
        await key.ok<{ consistency_token: string }>('POST', `/stores/${storeId}/write`, {
          writes: { tuple_keys: [{ user: 'user:zoe', relation: 'owner', object: 'document:z2' }] },
        })
      ).consistency_token;
      expect(second).not.toBe(first);
      const check = await key.call('POST', `/stores/${storeId}/check`, { ...ben, consistency_token: second });
      expect(check.status).toBe(200);
      // the same revision (on D1 the token also carries the session's bookmark, which may have moved on)
      expect(tokenRevision(check.headers.get('laminate-consistency-token')!, storeId)).toBe(
        tokenRevision(second, storeId),
      );
    });

    it('R8: a token of another store, or a forged one, is a 400; one from the future a 409', async () => {
      const { storeId: other } = await admin.newStore('other');
      await expectError(
        await key.call('POST', `/stores/${storeId}/check`, { ...ben, consistency_token: encodeToken(other, 1) }),
        400,
        'validation_error',
      );
      await expectError(
        await key.call('POST', `/stores/${storeId}/check`, { ...ben, consistency_token: 'lct1.garbage' }),
        400,
        'validation_error',
      );
      await expectError(
        await key.call('POST', `/stores/${storeId}/check`, {
          ...ben,
          consistency_token: encodeToken(storeId, 1_000_000),
        }),
        409,
        'conflict',
      );
    });

    it('R8: a revocation is denied by the very next check (issued key and operator key)', async () => {
      expect((await allowed(key)).allowed).toBe(true);
      await key.ok('POST', `/stores/${storeId}/write`, { deletes: { tuple_keys: [benInCrew] } });
      expect((await allowed(key)).allowed).toBe(false);
      expect((await allowed(admin)).allowed).toBe(false);
      await key.ok('POST', `/stores/${storeId}/write`, { writes: { tuple_keys: [benInCrew] } });
      expect((await allowed(admin)).allowed).toBe(true);
      expect((await allowed(key)).allowed).toBe(true);
    });

    it('R8: a write by another isolate (straight into the database) is seen by the next check', async () => {
      expect((await allowed(key)).allowed).toBe(true);
      await harness.writeDirect(storeId, [], [benInCrew]);
      expect((await allowed(key)).allowed).toBe(false);
      expect((await allowed(admin)).allowed).toBe(false);
      await harness.writeDirect(storeId, [benInCrew], []);
      expect((await allowed(key)).allowed).toBe(true);
    });

    it('R8: a warm check costs 1 database round trip, right after a write too (the change log comes with the revision); Server-Timing shows it', async () => {
      await allowed(key);
      const warm = await allowed(key);
      expect(warm.trips).toBe(1);
      expect(warm.timing).toMatch(/^db;desc="1 round trips";dur=[\d.]+, engine;dur=[\d.]+, total;dur=[\d.]+$/);
      await key.ok('POST', `/stores/${storeId}/write`, {
        writes: { tuple_keys: [{ user: 'user:zoe', relation: 'owner', object: 'document:z3' }] },
      });
      // an issued key's lookup carries the change log after its store's snapshot (same statement)
      expect((await allowed(key)).trips).toBe(1);
      expect((await allowed(key)).trips).toBe(1);
      expect((await allowed(admin)).trips).toBe(1);
      await key.ok('POST', `/stores/${storeId}/write`, {
        writes: { tuple_keys: [{ user: 'user:zoe', relation: 'owner', object: 'document:z4' }] },
      });
      // the operator key reads the revision, the model and the change log after its snapshot in
      // one statement on every store (db/authz/state.ts readStateAndDelta): 1, after a write too
      expect((await allowed(admin)).trips).toBe(1);
      expect((await allowed(admin)).trips).toBe(1);
    });

    it('R8: what the operator key catches up in its one statement keeps a condition with its context, and an expiry', async () => {
      const cara = (hour: number) => ({
        tuple_key: { user: 'user:cara2', relation: 'editor', object: 'document:budget' },
        context: { hour },
      });
      await allowed(admin, cara(9));
      expect((await allowed(admin, cara(9))).allowed).toBe(false);
      // written after the operator key's snapshot: reaches it as change-log rows (a JSON column)
      await harness.writeDirect(
        storeId,
        [
          {
            user: 'user:cara2',
            relation: 'editor',
            object: 'document:budget',
            condition: { name: 'before_noon', context: { hour: 10 } },
          },
          {
            user: 'user:gone',
            relation: 'viewer',
            object: 'document:budget',
            expiresAt: Date.now() - 60_000,
          },
        ],
        [],
      );
      const caught = await allowed(admin, cara(13));
      expect(caught.trips).toBe(1);
      // the stored context wins over the request's (OpenFGA): hour 10 < 12 whatever is sent
      expect(caught.allowed).toBe(true);
      const gone = { tuple_key: { user: 'user:gone', relation: 'viewer', object: 'document:budget' } };
      expect((await allowed(admin, gone)).allowed).toBe(false);
    });

    it('R8: a store read for the first time in an isolate costs 2 round trips', async () => {
      const { storeId: fresh } = await admin.newStore('cold');
      await admin.ok('POST', `/stores/${fresh}/write`, { writes: { tuple_keys: TEST_TUPLES } });
      const freshKey = admin.as((await admin.newKey(fresh, 'read')).key);
      const response = await freshKey.call('POST', `/stores/${fresh}/check`, ben);
      expect(await response.json()).toEqual({ allowed: true, resolution: '' });
      expect(trips(response)).toBeLessThanOrEqual(2);
    });

    it('R8: concurrent writes of one tuple: one wins, the other is refused whole, the log has one change', async () => {
      const t = { user: 'user:race', relation: 'owner', object: 'document:race' };
      const other = { user: 'user:race2', relation: 'owner', object: 'document:race' };
      const [a, b] = await Promise.all([
        key.call('POST', `/stores/${storeId}/write`, { writes: { tuple_keys: [t] } }),
        key.call('POST', `/stores/${storeId}/write`, { writes: { tuple_keys: [other, t] } }),
      ]);
      const statuses = [a.status, b.status].sort();
      expect(statuses[0]).toBe(200);
      expect([400, 409]).toContain(statuses[1]);
      const read = await key.ok<{ tuples: { key: { user: string } }[] }>('POST', `/stores/${storeId}/read`, {
        tuple_key: { object: 'document:race' },
      });
      const changes = await key.ok<{ changes: { tuple_key: { object: string } }[] }>(
        'GET',
        `/stores/${storeId}/changes?type=document&page_size=100`,
      );
      const logged = changes.changes.filter((c) => c.tuple_key.object === 'document:race').length;
      expect(logged).toBe(read.tuples.length);
      expect(read.tuples.filter((x) => x.key.user === 'user:race')).toHaveLength(1);
    });

    it('R8: expiring grants stop granting at their instant, with no write', async () => {
      const soon = new Date(Date.now() + 1500).toISOString();
      await key.ok('POST', `/stores/${storeId}/write`, {
        writes: { tuple_keys: [{ user: 'user:tmp', relation: 'viewer', object: 'document:budget', expires_at: soon }] },
      });
      const body = { tuple_key: { user: 'user:tmp', relation: 'viewer', object: 'document:budget' } };
      expect((await allowed(key, body)).allowed).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 1600));
      expect((await allowed(key, body)).allowed).toBe(false);
    });
  });
}
