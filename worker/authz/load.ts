/**
 * Loads what an engine call needs at the store's CURRENT revision: the compiled model and a
 * tuple source. By default every request reads the revision from the database (no isolate
 * trusts its memory for freshness), so a revocation is seen by the very next request anywhere.
 *
 * Round trips, common case (counted in `RoundTrips`):
 * - issued key: the key lookup already joined the store's revision and newest model, and the
 *   change-log rows after this isolate's snapshot of the store the key used last (1); a key seen
 *   for the first time in an isolate whose snapshot is behind reads the delta after it (2).
 * - operator key: one statement reads the revision, the model and the delta together (1):
 *   db/authz/state.ts `readStateAndDelta`.
 * Stores up to `LAMINATE_SNAPSHOT_MAX_TUPLES` (50,000) are held as a MemoryTupleIndex, larger
 * ones up to the memory bound (`compactLimit`) as a compact snapshot, persisted so a cold
 * isolate loads it (worker/authz/compact-load.ts) — in the background: no request waits for a
 * load or a build. Above the bound, and while a snapshot is not (yet) held, checks and lists read their neighbourhood in one SQL statement; other calls go
 * through the engine's fetching source.
 */
import type { CompiledModel } from '../../functions/index.ts';
import { deltaQuery, lastSeqQuery, type ChangeRow } from '../../db/authz/changes.ts';
import { readStateAndDelta, stateQuery, type StoreState } from '../../db/authz/state.ts';
import { allTuplesQuery } from '../../db/authz/tuple-reads.ts';
import type { TupleRow } from '../../db/authz/codec.ts';
import { ApiError } from '../errors.ts';
import type { EdgeRequest } from '../middleware/api-key.ts';
import { knownModelOf, modelOfState } from './model-cache.ts';
import type { RoundTrips } from './meter.ts';
import type { Store } from '../../db/store.ts';
import {
  catchUp,
  compactLimit,
  dropSnapshot,
  getSnapshot,
  putSnapshot,
  snapshotLimit,
  type Snapshot,
} from './snapshots.ts';
import { foldIfLarge, startCompactLoad } from './compact-load.ts';
import { encodeToken, tokenRevision } from './consistency.ts';
import { fetchingEvaluator, snapshotEvaluator, type Evaluate } from './source.ts';
import { blobStoreFor, type BlobStore } from '../files/blob-store.ts';

export type LoadOptions = {
  modelId?: string | undefined;
  consistencyToken?: string | undefined;
  /** `LAMINATE_SNAPSHOT_MAX_TUPLES` as configured (a binding in workerd); default 50,000. */
  snapshotMaxTuples?: string | undefined;
  /** `LAMINATE_COMPACT_MAX_TUPLES`: the largest store held as a compact snapshot; default from memory, "0" = never. */
  compactMaxTuples?: string | undefined;
  /** Where compact snapshots are persisted (R2 / a local folder); without it they are built in memory only. */
  snapshotBlobs?: BlobStore | undefined;
  /**
   * Keeps work started by this request alive after its response (workerd: `ctx.waitUntil`):
   * a compact snapshot's load or fold. Without it the work simply runs on (Node).
   */
  background?: ((work: Promise<unknown>) => void) | undefined;
};

export type AuthzView = {
  storeId: string;
  revision: number;
  modelId: string;
  model: CompiledModel;
  /**
   * Runs an engine call over the store's tuples. Pass `questions` when the call only checks
   * those (object, user) pairs and has no contextual tuples: a large store then reads their
   * neighbourhood in one query instead of fetching round by round.
   */
  evaluate: Evaluate;
  /** The token of the revision this view read (to hand back to the caller). */
  token: string;
};

/** The edge API's view: an issued key's lookup already read its store's state (one round trip saved). */
export async function loadView(edge: EdgeRequest, storeId: string, options: LoadOptions = {}): Promise<AuthzView> {
  const principal = edge.principal;
  const known =
    principal.kind === 'key' && principal.storeId === storeId && !options.modelId ? principal.state : undefined;
  // the token may come in the body (OpenFGA routes) or a header (any route, AuthZEN, SDK headers)
  const consistencyToken = options.consistencyToken ?? edge.consistencyToken;
  return loadStoreView(
    edge.store,
    edge.meter,
    storeId,
    {
      ...options,
      consistencyToken,
      snapshotMaxTuples: edge.env?.LAMINATE_SNAPSHOT_MAX_TUPLES ?? processEnv('LAMINATE_SNAPSHOT_MAX_TUPLES'),
      compactMaxTuples: edge.env?.LAMINATE_COMPACT_MAX_TUPLES ?? processEnv('LAMINATE_COMPACT_MAX_TUPLES'),
      snapshotBlobs: blobStoreFor(edge.env),
      background: edge.background,
    },
    known,
  );
}

/**
 * A store's state read by the caller, optionally with the change-log rows after `afterSeq` read in
 * the same batch (for the isolate's snapshot at that seq: `getSnapshot(storeId)?.seq`).
 */
export type KnownState = StoreState & { delta?: { afterSeq: number; rows: ChangeRow[] } };

/**
 * The view of `storeId` at its current revision, for any caller (the edge API, the workspace's
 * per-person authorizer): `known` is the store's state when the caller has already read it.
 */
export async function loadStoreView(
  store: Store,
  meter: RoundTrips,
  storeId: string,
  options: LoadOptions = {},
  known?: KnownState,
): Promise<AuthzView> {
  let state: StoreState | undefined = known;
  let snap = getSnapshot(storeId);
  const limit = snapshotLimit(options.snapshotMaxTuples);
  const bound = Math.max(limit, await compactLimit(options.compactMaxTuples));
  const held = (s: StoreState) => s.tupleCount <= bound;
  // The caller read the change-log rows after the snapshot's seq with the state (the workspace's
  // session batch, an issued key's lookup): apply them, so no further round trip is needed —
  // nothing to do when none came and the snapshot is at the revision already.
  const delta = known?.delta;
  if (
    snap &&
    known &&
    delta &&
    (delta.rows.length > 0 || snap.revision < known.revision) &&
    delta.afterSeq <= snap.seq &&
    held(known)
  ) {
    const current = snap;
    if (!meter.timed('snapshot', () => catchUp(current, delta.rows, known.revision))) {
      // the change log no longer reaches back to this snapshot: never trust it, rebuild
      dropSnapshot(storeId);
      snap = undefined;
    }
  }

  if (snap && (!state || (held(state) && snap.revision < state.revision))) {
    let fresh = true;
    if (state) {
      // the caller read the state (an issued key's lookup): only the change log is missing
      const rows = await meter.run(deltaQuery(store.db, storeId, snap.seq));
      const at = state.revision;
      fresh = meter.timed('snapshot', () => catchUp(snap as Snapshot, rows, at));
    } else {
      // ONE statement, no batch transaction: the revision, the model and the change-log rows
      // after the snapshot (db/authz/state.ts; on D1 ~2 ms a local round trip against ~3 as a batch)
      const read = await readStateAndDelta(store, storeId, snap.seq, options.modelId, knownModelOf(storeId));
      state = found(read?.state, storeId);
      if (read && held(state)) {
        const at = state.revision;
        fresh = meter.timed('snapshot', () => catchUp(snap as Snapshot, read.delta, at));
      }
    }
    if (!fresh) {
      // the change log no longer reaches back to this snapshot: never trust it, rebuild
      dropSnapshot(storeId);
      snap = undefined;
    } else if (snap.compact) foldIfLarge(snap, options.snapshotBlobs, options.background);
  }
  if (snap?.compact?.polluted) {
    // requests naming unknown users and objects have filled its term table: load it afresh
    dropSnapshot(storeId);
    snap = undefined;
  }
  if (!snap) {
    state ??= found((await meter.run(stateQuery(store.db, storeId, options.modelId)))[0], storeId);
    if (state.tupleCount <= limit) {
      const [states, seqs, rows] = (await meter.run(
        store.batch([
          stateQuery(store.db, storeId),
          lastSeqQuery(store.db, storeId),
          allTuplesQuery(store.db, storeId),
        ]),
      )) as [StoreState[], { seq: number | null }[], TupleRow[]];
      const revision = states[0]?.revision ?? state.revision;
      snap = meter.timed('snapshot', () => putSnapshot(storeId, revision, seqs[0]?.seq ?? 0, rows));
    } else if (held(state)) {
      // never on the request path: the load (or build) runs in the background, once per store,
      // and this request — like every one until the snapshot is kept — reads its neighbourhood
      // with SQL at the revision it has just read (R8 unchanged)
      startCompactLoad(store.forRequest(), storeId, state, options.snapshotBlobs, options.background);
    }
  }
  state = found(state, storeId);
  const modelId = state.modelId;
  if (!modelId) {
    throw new ApiError(
      'validation_error',
      options.modelId
        ? `authorization model \`${options.modelId}\` not found`
        : 'the store has no authorization model yet: write one first',
      { field: 'authorization_model_id' },
    );
  }
  const token = options.consistencyToken;
  if (token !== undefined && tokenRevision(token, storeId) > state.revision) {
    throw new ApiError('conflict', 'the database has not reached the consistency token yet: retry');
  }
  const model = await modelOfState(store.db, { ...state, modelId });
  if (!held(state)) dropSnapshot(storeId);
  const evaluate =
    held(state) && snap && snap.revision >= state.revision
      ? snapshotEvaluator(snap)
      : fetchingEvaluator(store, meter, storeId, model, state.revision);
  return {
    storeId,
    revision: state.revision,
    modelId,
    model,
    // timed for Server-Timing's `engine` (less the round trips it makes)
    evaluate: (run, reach) => meter.engine(() => evaluate(run, reach)),
    // with the D1 bookmark of this request's session: a later read may start at a replica that has reached it
    token: encodeToken(storeId, state.revision, store.bookmark()),
  };
}

/** On Node the app has no bindings: the same names come from the process environment. */
const processEnv = (name: string): string | undefined =>
  (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];

function found(state: StoreState | undefined, storeId: string): StoreState {
  if (!state) throw new ApiError('not_found', `store \`${storeId}\` not found`);
  return state;
}
