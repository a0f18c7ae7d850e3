import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { check, compileModel, MemoryTupleIndex, parseModel } from '../../../functions/index.ts';
import { createCedarDrive } from '../../bench/cedar/authorizer.ts';
import { CEDAR_POLICIES, CEDAR_SCHEMA } from '../../bench/cedar/policies.ts';
import { generateDrive } from '../../bench/drive/generate.ts';
import { buildIndexes } from '../../bench/drive/indexes.ts';
import { DRIVE_MODEL, QUESTION_RELATIONS, type Tuple } from '../../bench/drive/model.ts';
import { drawQuestions } from '../../bench/drive/questions.ts';
import { driveTuples } from '../../bench/drive/tuples.ts';
import { smallStore } from './drive-store.ts';

const parsed = parseModel(DRIVE_MODEL);
if (!parsed.ok) throw new Error(`drive model does not parse: ${parsed.errors[0]?.message}`);
const authorizationModel = parsed.model;
const model = compileModel(authorizationModel);

interface Question {
  user: string;
  relation: string;
  object: string;
}

const tally = { asked: 0, allowed: 0 };

/** Asks both engines; returns the questions on which they differ, with both answers. */
function disagreements(tuples: Tuple[], questions: Iterable<Question>) {
  const index = new MemoryTupleIndex(authorizationModel);
  for (const t of tuples) index.add(t);
  const drive = createCedarDrive(tuples);
  const out: (Question & { laminate: boolean; cedar: boolean; note: string })[] = [];
  for (const q of questions) {
    const ours = check(model, index, { ...q, now: 0 });
    if (ours.allowed) tally.allowed++;
    tally.asked++;
    const theirs = drive.check(q.user, q.relation, q.object);
    // An allow must name the policy that gave it: the relation asked, or the public one.
    const reasonOk = !theirs.allowed || theirs.reasons.every((r) => r === q.relation || r === 'public-viewer');
    const errors = [ours.error?.message, ...theirs.errors].filter(Boolean).join('; ');
    if (ours.allowed !== theirs.allowed || !reasonOk || errors) {
      out.push({ ...q, laminate: ours.allowed, cedar: theirs.allowed, note: errors || theirs.reasons.join(',') });
    }
  }
  return out;
}

function* everyQuestion(users: number, folders: number, documents: number): Generator<Question> {
  const objects = [
    ...Array.from({ length: folders }, (_, i) => `folder:f${i}`),
    ...Array.from({ length: documents }, (_, i) => `document:d${i}`),
  ];
  for (let u = 0; u < users; u++) {
    for (const relation of QUESTION_RELATIONS)
      for (const object of objects) yield { user: `user:u${u}`, relation, object };
  }
}

describe('Cedar translation of the drive model', () => {
  afterAll(() => {
    // Enough questions, and enough of each answer for agreement to mean something.
    expect(tally.asked).toBeGreaterThanOrEqual(1_000);
    expect(tally.allowed / tally.asked).toBeGreaterThan(0.2);
    expect(tally.allowed / tally.asked).toBeLessThan(0.8);
  });

  it('the Cedar policies validate against the Cedar schema', () => {
    const answer = cedar.validate({ schema: CEDAR_SCHEMA, policies: { staticPolicies: CEDAR_POLICIES } });
    expect(answer).toMatchObject({ type: 'success', validationErrors: [] });
  });

  it('Laminate and Cedar give the same answer to every question on random small drive stores', () => {
    fc.assert(
      fc.property(smallStore, ({ users, folders, documents, tuples }) => {
        const questions = [...everyQuestion(users, folders, documents)];
        expect(disagreements(tuples, questions)).toEqual([]);
      }),
      { numRuns: 200, seed: 42 },
    );
  });

  it('Laminate and Cedar agree on the seeded drive workload (2k tuples, 2,000 questions)', () => {
    const store = generateDrive(2_000, 7);
    const q = drawQuestions(store, buildIndexes(store), 1_000);
    const questions = Array.from({ length: q.count }, (_, i) => ({
      user: `user:u${q.user[i]}`,
      relation: q.relation[i]!,
      object: `document:d${q.document[i]}`,
    }));
    expect(disagreements([...driveTuples(store)], questions)).toEqual([]);
  });
});
