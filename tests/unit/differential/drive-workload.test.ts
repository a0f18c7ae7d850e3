import { describe, expect, it } from 'vitest';
import { check, compileModel, listObjects, MemoryTupleIndex, parseModel } from '../../../functions/index.ts';
import { generateDrive } from '../../bench/drive/generate.ts';
import { buildDriveWorkload, DRIVE_MODEL, driveTuples, questionAt } from '../../bench/drive/index.ts';
import { referenceCheck } from '../../bench/drive/oracle.ts';
import { buildIndexes } from '../../bench/drive/indexes.ts';

const parsed = parseModel(DRIVE_MODEL);
if (!parsed.ok) throw new Error(`drive model does not parse: ${parsed.errors[0]?.message}`);
const model = compileModel(parsed.model);

describe('drive workload (docs/bench.md › The workload)', () => {
  it.each([10_000, 100_000])('lands within 5%% of %i tuples, each distinct', (target) => {
    const store = generateDrive(target, 42);
    const keys = new Set([...driveTuples(store)].map((t) => `${t.object}#${t.relation}@${t.user}`));
    expect(keys.size).toBe(store.tupleCount);
    expect(Math.abs(store.tupleCount - target) / target).toBeLessThan(0.05);
  });

  it('keeps folder fan-out ≤ 8, depth ≤ 6 and group nesting ≤ 3 deep', () => {
    const store = generateDrive(100_000, 42);
    const ix = buildIndexes(store);
    for (let f = 0; f < store.folders; f++) {
      const children =
        ix.folderChildren.start[f + 1]! -
        ix.folderChildren.start[f]! +
        ix.folderDocuments.start[f + 1]! -
        ix.folderDocuments.start[f]!;
      expect(children).toBeLessThanOrEqual(8);
      expect(store.folderDepth[f]).toBeLessThan(6);
    }
    for (let g = 0; g < store.groups; g++) {
      let depth = 0;
      for (let p = store.groupParent[g]!; p >= 0; p = store.groupParent[p]!) depth++;
      expect(depth).toBeLessThan(3);
    }
  });

  it('is the same store and questions for the same seed, another for another seed', () => {
    const a = buildDriveWorkload(10_000, 42, 500);
    const b = buildDriveWorkload(10_000, 42, 500);
    const c = buildDriveWorkload(10_000, 43, 500);
    expect(questionAt(a, 777)).toEqual(questionAt(b, 777));
    expect(a.store.documentOwner).toEqual(b.store.documentOwner);
    expect(a.store.documentOwner).not.toEqual(c.store.documentOwner);
  });

  it('Laminate agrees with the reference answers, 30–60% allowed, and lists the top user exactly', () => {
    const w = buildDriveWorkload(10_000, 42, 2_000);
    const ix = buildIndexes(w.store);
    const index = new MemoryTupleIndex(parsed.model);
    for (const t of driveTuples(w.store)) index.add(t);
    let allowed = 0;
    for (let i = 0; i < w.questions.count; i++) {
      const ours = check(model, index, { ...questionAt(w, i), now: 0 });
      const expected = referenceCheck(
        w.store,
        ix,
        w.questions.user[i]!,
        w.questions.relation[i]!,
        w.questions.document[i]!,
      );
      expect({ i, allowed: ours.allowed }).toEqual({ i, allowed: expected });
      if (ours.allowed) allowed++;
    }
    expect(allowed / w.questions.count).toBeGreaterThanOrEqual(0.3);
    expect(allowed / w.questions.count).toBeLessThanOrEqual(0.6);
    const { user, relation, type, documents } = w.listObjects;
    expect(listObjects(model, index, { user, relation, type, now: 0 }).objects).toHaveLength(documents);
  });
});
