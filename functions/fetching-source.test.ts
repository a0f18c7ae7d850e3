import { describe, expect, it } from 'vitest';
import { check } from './check.ts';
import { FetchingTupleSource, withFetching } from './fetching-source.ts';
import { listObjects } from './list-objects.ts';
import { driveFixture, NOW } from './test-model.ts';
import type { FetchKey } from './types.ts';

const { model, index } = driveFixture();
const all = [...index.tuples()];

/** A store that answers a batch the way one SQL query would, and records each batch. */
function store() {
  const batches: FetchKey[][] = [];
  const src = new FetchingTupleSource(async (keys) => {
    batches.push(keys);
    return all.filter((t) =>
      keys.some((k) =>
        k.kind === 'forward'
          ? t.object === `${k.objectType}:${k.objectId}` && t.relation === k.relation
          : t.object.startsWith(`${k.objectType}:`) && t.relation === k.relation && t.user === k.user,
      ),
    );
  });
  return { src, batches };
}

describe('fetching source', () => {
  it('answers a check like the memory index, one batch per round', async () => {
    const { src, batches } = store();
    const r = await withFetching(src, () =>
      check(model, src, { user: 'user:anne', relation: 'viewer', object: 'doc:plan', now: NOW }),
    );
    expect(r.value).toEqual({ allowed: true });
    expect(r.complete).toBe(true);
    expect(r.rounds).toBe(batches.length);
    expect(src.loaded.size).toBeLessThanOrEqual(all.length);
  });

  it('asks forward keys by object and relation, reverse keys by type, relation and user', async () => {
    const { src, batches } = store();
    await withFetching(src, () =>
      listObjects(model, src, { user: 'user:anne', relation: 'viewer', type: 'doc', now: NOW }),
    );
    const keys = batches.flat();
    expect(keys).toContainEqual({ kind: 'reverse', objectType: 'group', relation: 'member', user: 'user:anne' });
    expect(keys).toContainEqual({ kind: 'forward', objectType: 'doc', objectId: 'plan', relation: 'parent' });
  });

  it('stops at maxRounds and says the answer is incomplete', async () => {
    const { src } = store();
    const r = await withFetching(
      src,
      () => check(model, src, { user: 'user:anne', relation: 'viewer', object: 'doc:plan', now: NOW }),
      1,
    );
    expect(r.complete).toBe(false);
  });
});
