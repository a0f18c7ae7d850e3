import { generateDrive } from './generate.ts';
import { buildIndexes } from './indexes.ts';
import { topViewer } from './oracle.ts';
import { drawQuestions, type Questions } from './questions.ts';
import { documentName, type DriveStore } from './store.ts';

export { DRIVE_MODEL, QUESTION_RELATIONS, type QuestionRelation, type Tuple } from './model.ts';
export { driveTuples } from './tuples.ts';
export type { DriveStore } from './store.ts';
export type { Questions } from './questions.ts';

/** One scale of the drive workload: the store, the check questions and the list-objects question. */
export interface DriveWorkload {
  store: DriveStore;
  questions: Questions;
  /** `viewer` documents for this user is the list-objects question; `documents` is the expected count. */
  listObjects: { user: string; relation: 'viewer'; type: 'document'; documents: number };
  /** Milliseconds to generate the store, the questions and pick the list-objects user. */
  generateMs: number;
}

/**
 * Builds the drive workload of docs/bench.md for a target of `target` tuples.
 *
 * @example
 * const w = buildDriveWorkload(100_000, 42);
 * const q = questionAt(w, 0); // { user: 'user:u…', relation: 'viewer', object: 'document:d…' }
 */
export function buildDriveWorkload(target: number, seed = 42, questionsPerSet = 10_000): DriveWorkload {
  const started = performance.now();
  const store = generateDrive(target, seed);
  const indexes = buildIndexes(store);
  const questions = drawQuestions(store, indexes, questionsPerSet);
  const top = topViewer(store, indexes);
  return {
    store,
    questions,
    listObjects: { user: `user:u${top.user}`, relation: 'viewer', type: 'document', documents: top.documents },
    generateMs: performance.now() - started,
  };
}

/** Question i as strings. */
export function questionAt(w: DriveWorkload, i: number): { user: string; relation: string; object: string } {
  const q = w.questions;
  return { user: `user:u${q.user[i]}`, relation: q.relation[i]!, object: documentName(q.document[i]!) };
}
