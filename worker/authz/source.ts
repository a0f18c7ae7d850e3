/**
 * How an engine call runs over a store's tuples: synchronously over a snapshot; for checks on a
 * large store, over the check's neighbourhood read in one query; otherwise through the
 * engine's fetching source, which asks for every missing key of a round in one query.
 */
import {
  FetchingTupleSource,
  MemoryTupleIndex,
  neighbourhoodPlan,
  withFetching,
  type CompiledModel,
  type NeighbourhoodPlan,
  type NeighbourhoodSeed,
  type TupleSource,
} from '../../functions/index.ts';
import { fetchByKeys } from '../../db/authz/tuple-reads.ts';
import { listingNeighbourhoodQuery, neighbourhoodQuery, neighbourhoodTuples } from '../../db/authz/neighbourhood.ts';
import type { Store } from '../../db/store.ts';
import type { RoundTrips } from './meter.ts';
import { ApiError } from '../errors.ts';
import type { Snapshot } from './snapshots.ts';
import { evictOverBytes } from './byte-bound.ts';

/**
 * What an engine call will read, when the caller can say (and it has no contextual tuples):
 * `checks` — it only checks these (object, user) pairs; `listing` — it only lists objects for
 * these users. A large store then reads that neighbourhood in one query.
 */
export type Reach = { checks: readonly NeighbourhoodSeed[] } | { listing: readonly string[] };

/** Runs `run` over the store's tuples (see Reach). */
export type Evaluate = <T>(run: (source: TupleSource) => T, reach?: Reach) => Promise<T>;

/**
 * Over a snapshot: a small store's index, or a compact snapshot's working set (each call runs
 * synchronously, so no catch-up can interleave with it).
 */
export function snapshotEvaluator(snap: Snapshot): Evaluate {
  return async (run) => {
    if (snap.compact) return run(snap.compact.source());
    return run(snap.index as MemoryTupleIndex);
  };
}

/**
 * Listing neighbourhoods of this isolate, by store, revision and users: the pages of one list
 * (each a request) read the neighbourhood once. Keyed by the revision the request has just read,
 * so an entry can never answer a request at a newer revision; bounded by estimated bytes.
 */
const listings = new Map<string, MemoryTupleIndex>();
const LISTINGS_MAX_BYTES = 32 * 1024 * 1024;

export function fetchingEvaluator(
  store: Store,
  meter: RoundTrips,
  storeId: string,
  model: CompiledModel,
  revision: number,
): Evaluate {
  return async (run, reach) => {
    const plan = reach ? neighbourhoodPlan(model) : undefined;
    if (plan && reach) {
      const key = 'listing' in reach ? `${storeId}\n${revision}\n${reach.listing.join('\n')}` : undefined;
      let index = key === undefined ? undefined : listings.get(key);
      if (!index) {
        index = new MemoryTupleIndex();
        for (const t of neighbourhoodTuples(await meter.run(neighbourhoodRead(store, storeId, plan, reach))))
          index.add(t);
        if (key !== undefined) keepListing(key, index);
      }
      return run(index);
    }
    const source = new FetchingTupleSource((keys) => meter.run(fetchByKeys(store, storeId, keys)));
    const result = await withFetching(source, () => run(source));
    // the engine stops after its round limit; an answer from an incomplete load may be wrong
    if (!result.complete)
      throw new ApiError(
        'validation_error',
        'authorization_model_resolution_too_complex: the walk needed too many database rounds',
      );
    return result.value;
  };
}

function neighbourhoodRead(store: Store, storeId: string, plan: NeighbourhoodPlan, reach: Reach) {
  return 'checks' in reach
    ? neighbourhoodQuery(store.db, storeId, plan, reach.checks)
    : listingNeighbourhoodQuery(store.db, storeId, plan, reach.listing);
}

function keepListing(key: string, index: MemoryTupleIndex): void {
  listings.set(key, index);
  evictOverBytes(listings, LISTINGS_MAX_BYTES, (kept) => kept.bytesEstimate());
}
