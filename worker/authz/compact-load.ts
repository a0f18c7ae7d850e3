/**
 * Loading a large store's compact snapshot: from its persisted copy (R2 in workerd, a local
 * folder on Node: worker/files/blob-store.ts) caught up from the change log, or — when there is
 * none, or the log no longer reaches back to it — built from the tuples, read in pages, and
 * persisted for the next cold isolate. Always off the request path (`startCompactLoad`): one load
 * per store at a time in this isolate, and no request waits for it.
 *
 * A build reads the store's revision and newest change-log `seq` first, then the pages. Rows
 * written meanwhile may already be in the pages; applying the change log after `seq` on top is
 * still exact (each change row's effect is idempotent, and the last one of a tuple decides).
 */
import { CompactTupleIndex } from '../../functions/index.ts';
import { deltaQuery, lastSeqQuery, type ChangeRow } from '../../db/authz/changes.ts';
import { fromRow } from '../../db/authz/codec.ts';
import { stateQuery, type StoreState } from '../../db/authz/state.ts';
import { readTuples, type ReadCursor } from '../../db/authz/tuple-reads.ts';
import type { Store } from '../../db/store.ts';
import type { BlobStore } from '../files/blob-store.ts';
import type { RoundTrips } from './meter.ts';
import { catchUp, keepSnapshot, type Snapshot } from './snapshots.ts';

/**
 * Rows a build reads per statement: 20,000 over a network (D1, a remote libSQL server: ~50 round
 * trips at 1M); 5,000 from a local libSQL file, which reads synchronously, so a page is also the
 * longest a waiting request can be held (~0.3–1 s for 20,000 rows on a loaded machine).
 */
const pageFor = (store: Store) => (store.local ? 5_000 : 20_000);
/** Rows added to a build between two yields to the event loop. */
const ADD_SLICE = 5_000;

/**
 * Lets waiting requests run. A local libSQL client answers synchronously, so a build's `await`s
 * alone would continue as microtasks and hold the event loop for the whole build (measured: a
 * check waited 28 s behind a 1M build on Node); a timer is a macrotask, after pending I/O.
 */
const yieldToRequests = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Fold the delta into a new (persisted) base once this many tuples changed since the base. */
const FOLD_AT = (size: number) => Math.max(5_000, Math.floor(size / 20));

const snapshotKey = (storeId: string) => `authz-snapshots/${storeId}`;

const building = new Map<string, { work: Promise<void>; startedAt: number }>();
/** A load still "under way" after this long is presumed lost (e.g. its `waitUntil` was cut off): another may start. */
const LOAD_LOST_MS = 300_000;
/** When a store's last background load failed: the next one waits a while (a failing build is not retried per request). */
const failedAt = new Map<string, number>();
const RETRY_AFTER_MS = 30_000;

/** What the last load of each store did (for the bench and tests): 'persisted' | 'built'. */
export const lastLoad = new Map<string, { how: 'persisted' | 'built'; ms: number }>();

/** Test hook: while set, a load waits for it before reading anything (a build "in progress"). */
export const loadGate: { hold?: Promise<void> | undefined } = {};

/**
 * Starts loading the compact snapshot of `storeId` in the background, unless one is already under
 * way in this isolate (one load per store at a time). The request that starts it does not wait:
 * it answers from the SQL neighbourhood path (every decision still reads the revision, R8), and so
 * do the requests after it until the snapshot is kept. `store` should be a handle of its own
 * (`forRequest()`): the load's round trips are not the request's. `background` keeps the work
 * alive after the response where the runtime needs telling (workerd: `ctx.waitUntil`).
 */
export function startCompactLoad(
  store: Store,
  storeId: string,
  state: StoreState,
  blobs: BlobStore | undefined,
  background?: (work: Promise<unknown>) => void,
): void {
  const under = building.get(storeId);
  if (under && Date.now() - under.startedAt < LOAD_LOST_MS) return;
  const failed = failedAt.get(storeId);
  if (failed !== undefined && Date.now() - failed < RETRY_AFTER_MS) return;
  const work = (async () => {
    if (loadGate.hold) await loadGate.hold;
    await load(store, store.meter, storeId, state, blobs);
    failedAt.delete(storeId);
  })()
    .catch(() => {
      failedAt.set(storeId, Date.now());
    })
    .finally(() => {
      if (building.get(storeId)?.work === work) building.delete(storeId);
    });
  building.set(storeId, { work, startedAt: Date.now() });
  background?.(work);
}

/** Test and bench hook: resolves when this isolate's load of `storeId` (if one is under way) has ended. */
export async function compactLoadSettled(storeId?: string): Promise<void> {
  if (storeId !== undefined) return building.get(storeId)?.work;
  await Promise.all([...building.values()].map((b) => b.work));
}

/** Is a load of `storeId` under way in this isolate? */
export const compactLoading = (storeId: string): boolean => building.has(storeId);

async function load(
  store: Store,
  meter: RoundTrips,
  storeId: string,
  state: StoreState,
  blobs: BlobStore | undefined,
): Promise<Snapshot> {
  const start = performance.now();
  // an unreadable or corrupt copy is as good as none: build from the tuples
  const persisted = blobs ? await readPersisted(blobs, storeId, meter).catch(() => undefined) : undefined;
  if (persisted) {
    const rows = (await meter.run(deltaQuery(store.db, storeId, persisted.seq))) as ChangeRow[];
    if (meter.timed('snapshot', () => catchUp(persisted, rows, state.revision))) {
      lastLoad.set(storeId, { how: 'persisted', ms: performance.now() - start });
      return keepSnapshot(persisted);
    }
    // the change log no longer reaches back to the persisted snapshot: never trust it
  }
  // the label (revision, seq) and the first page in one batch; further pages one by one
  const PAGE = pageFor(store);
  const [states, seqs, first] = (await meter.run(
    store.batch([
      stateQuery(store.db, storeId),
      lastSeqQuery(store.db, storeId),
      readTuples(store.db, storeId, {}, PAGE),
    ]),
  )) as [StoreState[], { seq: number | null }[], Awaited<ReturnType<typeof readTuples>>];
  const revision = states[0]?.revision ?? state.revision;
  const seq = seqs[0]?.seq ?? 0;
  const builder = CompactTupleIndex.builder();
  let rows = first;
  for (;;) {
    const page = rows.length > PAGE ? rows.slice(0, PAGE) : rows;
    for (let from = 0; from < page.length; from += ADD_SLICE) {
      meter.timed('snapshot', () => {
        for (const row of page.slice(from, from + ADD_SLICE)) builder.add(fromRow(row));
      });
      await yieldToRequests();
    }
    if (rows.length <= PAGE) break;
    const last = page[page.length - 1] as (typeof page)[number];
    const after: ReadCursor = [
      last.objectType,
      last.objectId,
      last.relation,
      last.userType,
      last.userId,
      last.userRelation,
    ];
    rows = await meter.run(readTuples(store.db, storeId, {}, PAGE, after));
  }
  await yieldToRequests();
  const snap: Snapshot = { storeId, revision, seq, compact: meter.timed('snapshot', () => builder.finish()) };
  await yieldToRequests();
  if (blobs) await persist(blobs, snap).catch(() => undefined); // answering does not depend on it
  lastLoad.set(storeId, { how: 'built', ms: performance.now() - start });
  return keepSnapshot(snap);
}

/**
 * After a catch-up: when the delta has grown past a twentieth of the store, fold it into a new
 * base (a fresh term table) and persist that, so a cold isolate replays a short log. The fold is
 * CPU work of the size of the store: it runs after the current request (a timer, kept alive by
 * `background`), never inside it, one at a time per snapshot. Requests meanwhile read the old
 * base and delta, which stay exact.
 */
export function foldIfLarge(
  snap: Snapshot,
  blobs: BlobStore | undefined,
  background?: (work: Promise<unknown>) => void,
): void {
  const compact = snap.compact;
  if (!compact || compact.changed < FOLD_AT(compact.size) || folding.has(snap)) return;
  folding.add(snap);
  const work = new Promise<void>((resolve) => setTimeout(resolve, 0))
    .then(async () => {
      const current = snap.compact;
      if (!current || current.changed < FOLD_AT(current.size)) return;
      // synchronous: no change can land between reading the old base and replacing it
      snap.compact = current.compacted();
      if (blobs) await persist(blobs, { ...snap });
    })
    .catch(() => undefined) // answering does not depend on it
    .finally(() => folding.delete(snap));
  background?.(work);
}
const folding = new WeakSet<Snapshot>();

async function persist(blobs: BlobStore, snap: Snapshot): Promise<void> {
  const compact = snap.compact as CompactTupleIndex;
  const body = compact.changed === 0 ? compact.serialize() : compact.compacted().serialize();
  const meta = new TextEncoder().encode(
    JSON.stringify({ storeId: snap.storeId, revision: snap.revision, seq: snap.seq }),
  );
  const out = new Uint8Array(4 + meta.length + body.length);
  new DataView(out.buffer).setUint32(0, meta.length, true);
  out.set(meta, 4);
  out.set(body, 4 + meta.length);
  await blobs.put(snapshotKey(snap.storeId), out.buffer, 'application/octet-stream');
}

async function readPersisted(blobs: BlobStore, storeId: string, meter: RoundTrips): Promise<Snapshot | undefined> {
  const blob = await blobs.get(snapshotKey(storeId));
  if (!blob) return undefined;
  const bytes = new Uint8Array(
    blob.body instanceof ArrayBuffer ? blob.body : await new Response(blob.body).arrayBuffer(),
  );
  const metaLength = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
  const meta = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + metaLength))) as {
    storeId: string;
    revision: number;
    seq: number;
  };
  if (meta.storeId !== storeId) return undefined;
  return {
    storeId,
    revision: meta.revision,
    seq: meta.seq,
    compact: meter.timed('snapshot', () => CompactTupleIndex.deserialize(bytes.subarray(4 + metaLength))),
  };
}
