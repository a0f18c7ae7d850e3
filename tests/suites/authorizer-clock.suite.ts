/**
 * Issue 14: below the routes the clock is a value. The workspace authorizer decides at the `now`
 * it is given (R4: conditions see it as `current_time`; R8: an expiring grant counts only while
 * `now < expires_at`), so a test names a time instead of waiting for one.
 */
import { describe, expect, it } from 'vitest';
import { people, workspaces } from '../../db/identity/schema.ts';
import { RoundTrips } from '../../worker/authz/meter.ts';
import { writeTuples } from '../../worker/authz/write-tuples.ts';
import { createAuthorizer } from '../../worker/authz/authorizer.ts';
import type { Harness } from './harness.ts';

export function authorizerClockSuite(h: Harness) {
  describe(`the authorizer's clock on ${h.store}`, () => {
    it('R8: an expiring grant stops granting at its instant — decided at the clock passed in, no waiting', async () => {
      const store = h.db;
      const [ws] = await store.db.select({ storeId: workspaces.storeId }).from(workspaces).limit(1);
      const [person] = await store.db.select({ id: people.id }).from(people).limit(1);
      const storeId = ws!.storeId!;
      const t0 = Date.UTC(2030, 0, 1, 12);
      const expiresAt = t0 + 60 * 60_000;
      const object = `group:clock-${h.store}`;
      await writeTuples(
        { store, meter: new RoundTrips(), principal: { kind: 'admin' } },
        storeId,
        {
          writes: [{ object, relation: 'member', user: `user:${person!.id}`, expiresAt }],
          deletes: [],
          onDuplicate: 'error',
          onMissing: 'error',
        },
        t0,
      );
      const at = (now: number) => createAuthorizer({ store, now }, storeId, person!.id);
      expect(await at(t0).can('member', object)).toBe(true);
      expect(await at(expiresAt - 1).can('member', object)).toBe(true);
      expect(await at(expiresAt).can('member', object)).toBe(false);
      expect(await at(expiresAt + 24 * 60 * 60_000).canAll([['member', object]])).toEqual([false]);
    });
  });
}
