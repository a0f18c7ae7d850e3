import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batchCheck, check } from './check.ts';
import { CompactTupleIndex } from './compact-index.ts';
import { expand } from './expand.ts';
import { listObjects } from './list-objects.ts';
import { listUsers } from './list-users.ts';
import { MemoryTupleIndex } from './memory-index.ts';
import type { TupleSource } from './source.ts';
import { driveFixture, NOW } from './test-model.ts';
import type { TupleKey } from './types.ts';

const { model } = driveFixture();
const users = ['user:ana', 'user:ben', 'user:cara', 'user:dan'];
const groups = ['group:crew', 'group:band', 'group:staff'];
const folders = ['folder:root', 'folder:a', 'folder:b', 'folder:c'];
const docs = ['doc:1', 'doc:2', 'doc:3', 'doc:4'];

const tupleArb: fc.Arbitrary<TupleKey> = fc.oneof(
  fc.record({
    object: fc.constantFrom(...groups),
    relation: fc.constant('member'),
    user: fc.constantFrom(...users, ...groups.map((g) => `${g}#member`)),
  }),
  fc.record({
    object: fc.constantFrom(...folders),
    relation: fc.constant('parent'),
    user: fc.constantFrom(...folders),
  }),
  fc.record({ object: fc.constantFrom(...folders), relation: fc.constant('owner'), user: fc.constantFrom(...users) }),
  fc.record({
    object: fc.constantFrom(...folders),
    relation: fc.constantFrom('editor', 'viewer'),
    user: fc.constantFrom(...users, ...groups.map((g) => `${g}#member`)),
  }),
  fc.record({ object: fc.constantFrom(...folders), relation: fc.constant('viewer'), user: fc.constant('user:*') }),
  fc
    .record({
      object: fc.constantFrom(...folders),
      user: fc.constantFrom(...users),
      until: fc.constantFrom(NOW - 1000, NOW + 1000),
    })
    .map(({ object, user, until }) => ({
      object,
      relation: 'viewer',
      user,
      condition: { name: 'before', context: { until: new Date(until).toISOString() } },
    })),
  fc
    .record({ object: fc.constantFrom(...folders), relation: fc.constant('owner'), user: fc.constantFrom(...users) })
    .map((t) => ({ ...t, expiresAt: NOW - 1 })),
  fc.record({ object: fc.constantFrom(...docs), relation: fc.constant('parent'), user: fc.constantFrom(...folders) }),
  fc.record({
    object: fc.constantFrom(...docs),
    relation: fc.constantFrom('viewer', 'blocked'),
    user: fc.constantFrom(...users),
  }),
);

const change = fc.record({ write: fc.boolean(), tuple: tupleArb });
const key = (t: TupleKey) => `${t.object}|${t.relation}|${t.user}`;

/** Arrays sorted, deeply: expand and list users do not promise an order (chains keep insertion order). */
const canonical = (x: unknown): unknown =>
  Array.isArray(x)
    ? x.map(canonical).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1))
    : x && typeof x === 'object'
      ? Object.fromEntries(Object.entries(x).map(([k, v]) => [k, canonical(v)]))
      : x;

/** Every answer the engine gives over `source`, for comparison. */
function answers(source: () => TupleSource) {
  const out: unknown[] = [];
  const now = NOW;
  for (const u of users)
    for (const o of [...folders, ...docs])
      for (const relation of o.startsWith('doc') ? ['viewer'] : ['viewer', 'editor'])
        out.push(check(model, source(), { user: u, relation, object: o, now }).allowed);
  out.push(
    batchCheck(model, source(), {
      checks: docs.map((object, i) => ({
        user: users[i % users.length] as string,
        relation: 'viewer',
        object,
        correlationId: `${i}`,
      })),
      now,
    }),
  );
  for (const u of [...users, 'group:crew#member'])
    for (const type of ['folder', 'doc'])
      out.push(listObjects(model, source(), { user: u, relation: 'viewer', type, now, pageSize: 100 }));
  for (const f of folders) {
    out.push(listUsers(model, source(), { object: f, relation: 'viewer', userFilters: [{ type: 'user' }], now }));
    out.push(expand(model, source(), { object: f, relation: 'editor', now }));
  }
  // contextual tuples layered over the compact source
  out.push(
    check(model, source(), {
      user: 'user:dan',
      relation: 'viewer',
      object: 'doc:1',
      now,
      contextualTuples: [
        { object: 'doc:1', relation: 'parent', user: 'folder:new' },
        { object: 'folder:new', relation: 'owner', user: 'user:dan' },
      ],
    }),
  );
  return canonical(out);
}

describe('compact snapshot', () => {
  it('R8: answers every check, batch check, list, expand and contextual check like the memory index, after writes and deletes on top of the base', () => {
    fc.assert(
      fc.property(fc.array(tupleArb, { maxLength: 40 }), fc.array(change, { maxLength: 20 }), (base, changes) => {
        const compact = CompactTupleIndex.build(base);
        const live = new Map<string, TupleKey>();
        for (const t of base) live.set(key(t), t);
        for (const c of changes) {
          if (c.write) {
            compact.write(c.tuple);
            live.set(key(c.tuple), c.tuple);
          } else {
            compact.delete(c.tuple);
            live.delete(key(c.tuple));
          }
        }
        const memory = new MemoryTupleIndex();
        for (const t of live.values()) memory.add(t);
        const expected = answers(() => memory);
        // a fresh source per call, the kept working set, and the folded base must all agree
        expect(answers(() => compact.freshSource())).toEqual(expected);
        expect(answers(() => compact.source())).toEqual(expected);
        const folded = compact.compacted();
        expect(folded.size).toBe(live.size);
        expect(answers(() => folded.source())).toEqual(expected);
        const loaded = CompactTupleIndex.deserialize(folded.serialize());
        expect(answers(() => loaded.source())).toEqual(expected);
        expect(new Set([...loaded.tuples()].map(key))).toEqual(new Set(live.keys()));
      }),
      { numRuns: 150, seed: 17 },
    );
  });

  it('names asked about but absent from the store are counted, so the holder can reload the snapshot afresh', () => {
    const compact = CompactTupleIndex.build([{ object: 'doc:1', relation: 'viewer', user: 'user:ana' }]);
    for (let i = 0; i < 70_000 && !compact.polluted; i++)
      check(model, compact.source(), { user: `user:stranger${i}`, relation: 'viewer', object: 'doc:1', now: NOW });
    expect(compact.polluted).toBe(true);
    const fresh = CompactTupleIndex.deserialize(compact.compacted().serialize());
    expect(fresh.polluted).toBe(false);
    expect(fresh.symbols.termCount).toBe(2); // doc:1 and user:ana: the strangers are shed
    expect(
      check(model, fresh.source(), { user: 'user:ana', relation: 'viewer', object: 'doc:1', now: NOW }).allowed,
    ).toBe(true);
  });

  it('R8: a change applied after a working set was filled is seen by the next call (revocation)', () => {
    const compact = CompactTupleIndex.build([
      { object: 'group:crew', relation: 'member', user: 'user:ben' },
      { object: 'folder:a', relation: 'viewer', user: 'group:crew#member' },
      { object: 'doc:1', relation: 'parent', user: 'folder:a' },
    ]);
    const q = { user: 'user:ben', relation: 'viewer', object: 'doc:1', now: NOW };
    expect(check(model, compact.source(), q).allowed).toBe(true);
    compact.delete({ object: 'group:crew', relation: 'member', user: 'user:ben' });
    expect(check(model, compact.source(), q).allowed).toBe(false);
    compact.write({ object: 'doc:1', relation: 'viewer', user: 'user:ben' });
    expect(check(model, compact.source(), q).allowed).toBe(true);
    compact.write({ object: 'doc:1', relation: 'blocked', user: 'user:ben' });
    expect(check(model, compact.source(), q).allowed).toBe(false);
  });
});
