/**
 * The tuple source the evaluator reads. Evaluation is synchronous: a source answers from the
 * tuples it has loaded. A source that is not `complete` (the fetching source) records each key
 * it was asked for but has not loaded; its async driver fetches those in one batch and runs the
 * evaluation again, until nothing is missing. See docs/engine.md, "Fetching source".
 */
import type { MemoryTupleIndex } from './memory-index.ts';

export interface TupleSource {
  /** The tuples loaded so far. */
  readonly loaded: MemoryTupleIndex;
  /** True when `loaded` holds every tuple there is, so `want*` need not be asked. */
  readonly complete: boolean;
  /** Are all tuples on (object term, symbol relation) loaded? When not, the key is recorded. */
  wantForward(object: number, relation: number): boolean;
  /** Are all tuples (any object)#relation@user loaded? When not, the key is recorded. */
  wantReverse(user: number, relation: number): boolean;
}
