import fc from 'fast-check';
import type { Tuple } from '../../bench/drive/model.ts';

/**
 * Small random stores of the drive model for differential tests: a few users, groups, folders
 * and documents with arbitrary memberships, owners, grants, public folders and several parents
 * per object. Group nesting and folder parents only point to a lower index, because Cedar
 * refuses a cyclic entity hierarchy (OpenFGA allows cyclic groups; the translation does not
 * try to collapse cycles).
 */
export interface SmallStore {
  users: number;
  folders: number;
  documents: number;
  tuples: Tuple[];
}

const pick = (n: number) => fc.integer({ min: 0, max: n - 1 });

export const smallStore: fc.Arbitrary<SmallStore> = fc
  .record({
    users: fc.integer({ min: 1, max: 5 }),
    groups: fc.integer({ min: 0, max: 4 }),
    folders: fc.integer({ min: 1, max: 5 }),
    documents: fc.integer({ min: 1, max: 4 }),
  })
  .chain(({ users, groups, folders, documents }) => {
    const objects = folders + documents;
    const objectName = (i: number) => (i < folders ? `folder:f${i}` : `document:d${i - folders}`);
    const subject = fc.oneof(
      pick(users).map((u) => `user:u${u}`),
      ...(groups > 0 ? [pick(groups).map((g) => `group:g${g}#member`)] : []),
    );
    const membership =
      groups > 0
        ? fc
            .tuple(
              pick(groups),
              fc.oneof(
                pick(users).map((u) => `user:u${u}`),
                pick(groups).map((g) => -1 - g),
              ),
            )
            .filter(([g, s]) => typeof s === 'string' || -1 - s > g)
            .map(
              ([g, s]): Tuple => ({
                object: `group:g${g}`,
                relation: 'member',
                user: typeof s === 'string' ? s : `group:g${-1 - s}#member`,
              }),
            )
        : fc.constant(null);
    const parent = fc
      .tuple(pick(objects), pick(folders))
      .filter(([o, f]) => o >= folders || f < o)
      .map(([o, f]): Tuple => ({ object: objectName(o), relation: 'parent', user: `folder:f${f}` }));
    const owner = fc
      .tuple(pick(objects), pick(users))
      .map(([o, u]): Tuple => ({ object: objectName(o), relation: 'owner', user: `user:u${u}` }));
    const grant = fc
      .tuple(pick(objects), fc.constantFrom('viewer', 'editor'), subject)
      .map(([o, relation, user]): Tuple => ({ object: objectName(o), relation, user }));
    const publicFolder = pick(folders).map(
      (f): Tuple => ({ object: `folder:f${f}`, relation: 'viewer', user: 'user:*' }),
    );
    const tuples = fc
      .tuple(
        fc.array(membership, { maxLength: 8 }),
        fc.array(parent, { maxLength: 10 }),
        fc.array(owner, { maxLength: 6 }),
        fc.array(grant, { maxLength: 8 }),
        fc.array(publicFolder, { maxLength: 1 }),
      )
      .map((lists) => dedupe(lists.flat().filter((t): t is Tuple => t !== null)));
    return tuples.map((list) => ({ users, folders, documents, tuples: list }));
  });

function dedupe(tuples: Tuple[]): Tuple[] {
  const seen = new Map<string, Tuple>();
  for (const t of tuples) seen.set(`${t.object}#${t.relation}@${t.user}`, t);
  return [...seen.values()];
}
