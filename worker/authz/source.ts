/**
 * How an engine call runs over a store's tuples: synchronously over a snapshot; for checks on a
 * large store, over the check's neighbourhood read in one query; otherwise through the
 * engine's fetching source, which asks for every missing key of a round in one query.
 */
import { FetchingTupleSource, MemoryTupleIndex, neighbourhoodPlan, withFetching, type CompiledModel, type NeighbourhoodSeed, type TupleSource } from '../../functions/index.ts';
import { fetchByKeys } from '../../db/authz/tuples.ts';
import { neighbourhoodQuery, neighbourhoodTuples } from '../../db/authz/neighbourhood.ts';
import type { Store } from '../../db/store.ts';
import type { RoundTrips } from './meter.ts';
import { ApiError } from '../errors.ts';
import type { Snapshot } from './snapshots.ts';

/**
 * Runs `run` over the store's tuples. `questions`: the checks `run` will ask, when it asks
 * nothing else and carries no contextual tuples (the neighbourhood covers exactly those).
 */
export type Evaluate = <T>(run: (source: TupleSource) => T, questions?: readonly NeighbourhoodSeed[]) => Promise<T>;

export function snapshotEvaluator(snap: Snapshot): Evaluate {
  return async (run) => run(snap.index);
}

export function fetchingEvaluator(store: Store, meter: RoundTrips, storeId: string, model: CompiledModel): Evaluate {
  return async (run, questions) => {
    const plan = questions && questions.length > 0 ? neighbourhoodPlan(model) : undefined;
    if (plan && questions) {
      const index = new MemoryTupleIndex();
      for (const t of neighbourhoodTuples(await meter.run(neighbourhoodQuery(store.db, storeId, plan, questions)))) index.add(t);
      return run(index);
    }
    const source = new FetchingTupleSource((keys) => meter.run(fetchByKeys(store, storeId, keys)));
    const result = await withFetching(source, () => run(source));
    // the engine stops after its round limit; an answer from an incomplete load may be wrong
    if (!result.complete) throw new ApiError('validation_error', 'authorization_model_resolution_too_complex: the walk needed too many database rounds');
    return result.value;
  };
}
