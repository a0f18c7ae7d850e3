/**
 * How an engine call runs over a store's tuples: synchronously over a snapshot, or through the
 * engine's fetching source, which asks for every missing key of a round in one query.
 */
import { FetchingTupleSource, withFetching, type TupleSource } from '../../functions/index.ts';
import { fetchByKeys } from '../../db/authz/tuples.ts';
import type { Store } from '../../db/store.ts';
import type { RoundTrips } from './meter.ts';
import { ApiError } from '../errors.ts';
import type { Snapshot } from './snapshots.ts';

export type Evaluate = <T>(run: (source: TupleSource) => T) => Promise<T>;

export function snapshotEvaluator(snap: Snapshot): Evaluate {
  return async (run) => run(snap.index);
}

export function fetchingEvaluator(store: Store, meter: RoundTrips, storeId: string): Evaluate {
  return async (run) => {
    const source = new FetchingTupleSource((keys) => meter.run(fetchByKeys(store, storeId, keys)));
    const result = await withFetching(source, () => run(source));
    // the engine stops after its round limit; an answer from an incomplete load may be wrong
    if (!result.complete) throw new ApiError('validation_error', 'authorization_model_resolution_too_complex: the walk needed too many database rounds');
    return result.value;
  };
}
