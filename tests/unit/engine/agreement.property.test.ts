/**
 * Property: on random models and tuples, check, list-objects, list-users, explain and the
 * fetching source all agree. Models are drawn from a grammar covering direct types, wildcards,
 * usersets, computed relations, `from`, `or`, `and`, `but not`, recursion through `parent`
 * (cycles included), conditions and expiring tuples.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  check,
  compileModel,
  explain,
  FetchingTupleSource,
  listObjects,
  listUsers,
  MemoryTupleIndex,
  parseModel,
  validateTuple,
  withFetching,
} from '../../../functions/index.ts';
import type { TupleKey } from '../../../functions/index.ts';

const USERS = ['user:u0', 'user:u1', 'user:u2'];
const FRESH = 'user:fresh'; // in no tuple: reaches objects only through wildcards
const OBJECTS: Record<string, string[]> = {
  group: ['group:g0', 'group:g1'],
  folder: ['folder:f0', 'folder:f1', 'folder:f2'],
  doc: ['doc:d0', 'doc:d1'],
};
const NOW = 1_000_000;

const direct = fc.constantFrom(
  '[user]',
  '[user, user:*]',
  '[user, group#member]',
  '[user with small]',
  '[user, folder#r0]',
  '[group#member, user:*]',
);
/** A rewrite for relation r{i} of a type: direct types, possibly combined with an earlier relation or a parent's. */
const rewrite = (i: number, hasParent: boolean) =>
  fc
    .tuple(direct, fc.constantFrom('', ' or ', ' and ', ' but not '), fc.nat(9), fc.boolean())
    .map(([d, op, k, viaParent]) => {
      if (op === '' || i === 0) return viaParent && hasParent && i === 0 ? `${d} or r0 from parent` : d;
      const other = viaParent && hasParent ? `r${k % 3} from parent` : `r${k % i}`;
      return `${d}${op}${other}`;
    });

const modelArb = fc
  .tuple(fc.boolean(), rewrite(0, true), rewrite(1, true), rewrite(2, true), rewrite(0, true), rewrite(1, true))
  .map(([groupWild, f0, f1, f2, d0, d1]) =>
    [
      'model',
      '  schema 1.1',
      'type user',
      'type group',
      '  relations',
      `    define member: [user, ${groupWild ? 'user:*, ' : ''}group#member]`,
      'type folder',
      '  relations',
      '    define parent: [folder]',
      `    define r0: ${f0}`,
      `    define r1: ${f1}`,
      `    define r2: ${f2}`,
      'type doc',
      '  relations',
      '    define parent: [folder]',
      `    define r0: ${d0.replace('folder#r0', 'group#member')}`,
      `    define r1: ${d1.replace('folder#r0', 'group#member')}`,
      'condition small(x: int) {',
      '  x < 10',
      '}',
      '',
    ].join('\n'),
  );

const userArb = fc.constantFrom(
  ...USERS,
  'user:*',
  'group:g0#member',
  'group:g1#member',
  'folder:f0#r0',
  'folder:f1#r0',
  'folder:f0',
  'folder:f1',
  'folder:f2',
  'group:g0',
  'group:g1',
);
const tupleArb = fc.record({
  object: fc.constantFrom(...Object.values(OBJECTS).flat()),
  relation: fc.constantFrom('member', 'parent', 'r0', 'r1', 'r2'),
  user: userArb,
  x: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
  expired: fc.integer({ min: 0, max: 9 }),
});

describe('check, list objects, list users, explain and the fetching source agree', () => {
  it('on 1,000 random models and stores', async () => {
    let models = 0;
    await fc.assert(
      fc.asyncProperty(
        modelArb,
        fc.array(tupleArb, { maxLength: 25 }),
        fc.integer({ min: 0, max: 20 }),
        async (dsl, raw, x) => {
          const parsed = parseModel(dsl);
          fc.pre(parsed.ok);
          if (!parsed.ok) return;
          models++;
          const model = compileModel(parsed.model);
          const index = new MemoryTupleIndex();
          const tuples: TupleKey[] = [];
          for (const r of raw) {
            const t: TupleKey = { object: r.object, relation: r.relation, user: r.user };
            if (r.x !== undefined) t.condition = { name: 'small', context: { x: r.x } };
            if (r.expired === 0) t.expiresAt = NOW - 1;
            else if (r.expired === 1) t.expiresAt = NOW + 1;
            if (validateTuple(model, t) === undefined) tuples.push(t);
          }
          for (const t of tuples) index.add(t);
          const context = { x };
          for (const type of ['folder', 'doc']) {
            for (const relation of ['r0', 'r1', 'r2']) {
              if (type === 'doc' && relation === 'r2') continue;
              const objects = OBJECTS[type] as string[];
              for (const user of [...USERS, FRESH]) {
                const listed = listObjects(model, index, { user, relation, type, context, now: NOW });
                expect(listed.error).toBeUndefined();
                for (const object of objects) {
                  const req = { user, relation, object, context, now: NOW };
                  const c = check(model, index, req);
                  expect(c.error).toBeUndefined();
                  expect(listed.objects.includes(object), `${user} ${relation} ${object} list-objects vs check`).toBe(
                    c.allowed,
                  );
                  expect(explain(model, index, req).allowed, `explain ${user} ${relation} ${object}`).toBe(c.allowed);
                }
              }
              for (const object of objects) {
                const lu = listUsers(model, index, {
                  object,
                  relation,
                  userFilters: [{ type: 'user' }],
                  context,
                  now: NOW,
                });
                expect(lu.error).toBeUndefined();
                const named = new Set(lu.users.flatMap((u) => ('object' in u ? [`user:${u.object.id}`] : [])));
                const wildcard = lu.users.some((u) => 'wildcard' in u);
                for (const user of USERS) {
                  const allowed = check(model, index, { user, relation, object, context, now: NOW }).allowed;
                  // listed by name ⇒ allowed; allowed ⇒ listed by name or through the wildcard
                  if (named.has(user)) expect(allowed, `${user} listed on ${object}#${relation}`).toBe(true);
                  if (allowed)
                    expect(named.has(user) || wildcard, `${user} allowed on ${object}#${relation}`).toBe(true);
                }
                // a user in no tuple is allowed exactly when the wildcard is listed
                expect(check(model, index, { user: FRESH, relation, object, context, now: NOW }).allowed).toBe(
                  wildcard,
                );
              }
            }
          }
          // the fetching source, on one question per store
          const src = new FetchingTupleSource(async (keys) =>
            [...index.tuples()].filter((t) =>
              keys.some((k) =>
                k.kind === 'forward'
                  ? t.object === `${k.objectType}:${k.objectId}` && t.relation === k.relation
                  : t.object.startsWith(`${k.objectType}:`) && t.relation === k.relation && t.user === k.user,
              ),
            ),
          );
          const req = { user: 'user:u0', relation: 'r1', type: 'folder', context, now: NOW };
          const fetched = await withFetching(src, () => listObjects(model, src, req));
          expect(fetched.value).toEqual(listObjects(model, index, req));
        },
      ),
      { numRuns: 1000 },
    );
    expect(models).toBeGreaterThan(500);
  });
});
