/**
 * Loading a large store's compact snapshot: from its persisted copy (R2 in workerd, a local
 * folder on Node: worker/files/blob-store.ts) caught up from the change log, or — when there is
 * none, or the log no longer reaches back to it — built from the tuples, read in pages, and
 * persisted for the next cold isolate. One build per store at a time in this isolate: concurrent
 * requests wait for it.
 *
 * A build reads the store's revision and newest change-log `seq` first, then the pages. Rows
 * written meanwhile may already be in the pages; applying the change log after `seq` on top is
 * still exact (each change row's effect is idempotent, and the last one of a tuple decides).
 */
import { CompactTupleIndex } from '../../functions/index.ts';
import { deltaQuery, lastSeqQuery, type ChangeRow } from '../../db/authz/changes.ts';
import { fromRow } from '../../db/authz/codec.ts';
import { stateQuery, type StoreState } from '../../db/authz/state.ts';
import { readTuples, type ReadCursor } from '../../db/authz/tuples.ts';
import type { Store } from '../../db/store.ts';
import type { BlobStore } from '../files/blob-store.ts';
import type { RoundTrips } from './meter.ts';
import { catchUp, keepSnapshot, type Snapshot } from './snapshots.ts';

/** Rows a build reads per statement. */
const PAGE = 20_000;
/** Fold the delta into a new (persisted) base once this many tuples changed since the base. */
const FOLD_AT = (size: number) => Math.max(5_000, Math.floor(size / 20));

const snapshotKey = (storeId: string) => `authz-snapshots/${storeId}`;

const building = new Map<string, Promise<Snapshot>>();

/** What the last load of each store did (for the bench and tests): 'persisted' | 'built'. */
export const lastLoad = new Map<string, { how: 'persisted' | 'built'; ms: number }>();

/** The compact snapshot of `storeId` at `state.revision` or newer (see the file comment). */
export function loadCompact(
  store: Store,
  meter: RoundTrips,
  storeId: string,
  state: StoreState,
  blobs: BlobStore | undefined,
): Promise<Snapshot> {
  let pending = building.get(storeId);
  if (!pending) {
    pending = load(store, meter, storeId, state, blobs).finally(() => building.delete(storeId));
    building.set(storeId, pending);
  }
  return pending;
}

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
    meter.timed('snapshot', () => {
      for (const row of page) builder.add(fromRow(row));
    });
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
  const snap: Snapshot = { storeId, revision, seq, compact: meter.timed('snapshot', () => builder.finish()) };
  if (blobs) await persist(blobs, snap).catch(() => undefined); // answering does not depend on it
  lastLoad.set(storeId, { how: 'built', ms: performance.now() - start });
  return keepSnapshot(snap);
}

/**
 * After a catch-up: when the delta has grown past a twentieth of the store, fold it into a new
 * base (a fresh term table) and persist that, so a cold isolate replays a short log.
 */
export async function foldIfLarge(snap: Snapshot, blobs: BlobStore | undefined): Promise<void> {
  const compact = snap.compact;
  if (!compact || compact.changed < FOLD_AT(compact.size)) return;
  snap.compact = compact.compacted();
  if (blobs) await persist(blobs, { ...snap }).catch(() => undefined);
}

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
