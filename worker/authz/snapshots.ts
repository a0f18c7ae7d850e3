/**
 * Per-isolate tuple snapshots: every tuple of a store in memory, labelled with the newest
 * change-log sequence number it includes (`seq`) and the revision it is at (`revision`). A
 * request that learns the store's current revision uses the snapshot only when it is at that
 * revision, and otherwise first applies the change-log rows after `seq` (read in the same batch
 * as the revision). Applying is idempotent and ordered by `seq`, and only rows after the
 * snapshot's current `seq` are applied, so concurrent requests catching up the same snapshot
 * cannot move it backwards.
 *
 * Two shapes: small stores (≤ `LAMINATE_SNAPSHOT_MAX_TUPLES`, 50,000) as a MemoryTupleIndex;
 * larger ones up to the memory bound (`compactLimit`) as a CompactTupleIndex (≤ 48 bytes a
 * tuple), persisted by revision so a cold isolate loads it instead of reading every row.
 *
 * The change log is trusted only while it reaches back to the snapshot: every revision bump
 * writes change rows under that revision (db/authz/tuple-write-statements.ts), so the rows after `seq` must
 * cover every revision from the snapshot's up to the store's. A gap (a pruned log) makes
 * `catchUp` refuse, and the caller rebuilds.
 *
 * This is a cache, not shared state: losing it (another isolate, eviction) costs a reload,
 * never a wrong answer. Bounded by an estimate of its bytes.
 */
import { type CompactTupleIndex, MemoryTupleIndex } from '../../functions/index.ts';
import type { ChangeRow } from '../../db/authz/changes.ts';
import { fromRow, splitObject, withExtras, type TupleRow } from '../../db/authz/codec.ts';
import { evictOverBytes } from './byte-bound.ts';

export type Snapshot = {
  storeId: string;
  revision: number;
  seq: number;
  /** Small stores. */
  index?: MemoryTupleIndex;
  /** Large stores (one of index / compact is set). */
  compact?: CompactTupleIndex;
};

/** Stores at or below this many tuples are held as a MemoryTupleIndex. */
export const SNAPSHOT_MAX_TUPLES = 50_000;
/** The compact snapshot's budget a tuple (measured ~30–45 B on the drive workload, docs/bench.md). */
const COMPACT_BYTES_PER_TUPLE = 48;
/** What the snapshots of one workerd isolate (128 MB) may hold: room for 1M tuples and a working set. */
const WORKERD_SNAPSHOT_BYTES = 80 * 1024 * 1024;

/** The limit, or the `LAMINATE_SNAPSHOT_MAX_TUPLES` var (0 = never a MemoryTupleIndex). */
export function snapshotLimit(configured: string | undefined): number {
  const n = configured === undefined || configured === '' ? Number.NaN : Number(configured);
  return Number.isFinite(n) && n >= 0 ? n : SNAPSHOT_MAX_TUPLES;
}

/**
 * Bytes this process may give its snapshots: in workerd a fixed share of the 128 MB isolate; on
 * Node half of V8's heap limit (`--max-old-space-size`, else V8's default for the machine),
 * read once.
 */
let budget: number | undefined;
async function snapshotBudget(): Promise<number> {
  if (budget !== undefined) return budget;
  budget = WORKERD_SNAPSHOT_BYTES;
  const isWorkerd = typeof navigator !== 'undefined' && navigator.userAgent === 'Cloudflare-Workers';
  if (!isWorkerd && typeof process !== 'undefined' && process.release?.name === 'node') {
    try {
      const v8 = await import('node:v8');
      budget = Math.max(WORKERD_SNAPSHOT_BYTES, Math.floor(v8.getHeapStatistics().heap_size_limit / 2));
    } catch {
      // not Node after all: keep the isolate's budget
    }
  }
  return budget;
}

/**
 * The largest store held as a compact snapshot: the budget at 48 bytes a tuple (1.7M in
 * workerd), or the `LAMINATE_COMPACT_MAX_TUPLES` var (0 = never: the SQL neighbourhood path).
 */
export async function compactLimit(configured: string | undefined): Promise<number> {
  const n = configured === undefined || configured === '' ? Number.NaN : Number(configured);
  if (Number.isFinite(n) && n >= 0) return n;
  return Math.floor((await snapshotBudget()) / COMPACT_BYTES_PER_TUPLE);
}

const snapshots = new Map<string, Snapshot>();

export function getSnapshot(storeId: string): Snapshot | undefined {
  const snap = snapshots.get(storeId);
  if (snap) {
    snapshots.delete(storeId);
    snapshots.set(storeId, snap);
  }
  return snap;
}

/** A snapshot from a full load (rows, revision and `seq` read in one batch). */
export function putSnapshot(storeId: string, revision: number, seq: number, rows: TupleRow[]): Snapshot {
  const existing = snapshots.get(storeId);
  if (existing && existing.seq >= seq) return existing;
  const index = new MemoryTupleIndex();
  for (const row of rows) index.add(fromRow(row));
  return keep({ storeId, revision, seq, index });
}

/** Keeps a (compact) snapshot unless a newer one is already held. */
export function keepSnapshot(snap: Snapshot): Snapshot {
  const existing = snapshots.get(snap.storeId);
  if (existing && existing.seq >= snap.seq && existing.revision >= snap.revision) return existing;
  return keep(snap);
}

function keep(snap: Snapshot): Snapshot {
  // the working set of a compact snapshot: 16 MB in an isolate, an eighth of the budget on Node
  if (snap.compact) snap.compact.workingSetBytes = Math.min(256 * 2 ** 20, Math.max(16 * 2 ** 20, (budget ?? 0) / 8));
  snapshots.set(snap.storeId, snap);
  evictOverBytes(snapshots, budget ?? WORKERD_SNAPSHOT_BYTES, bytesOf);
  return snap;
}

const bytesOf = (snap: Snapshot): number => snap.compact?.bytesEstimate() ?? snap.index?.bytesEstimate() ?? 0;

/**
 * Applies change-log rows newer than the snapshot and raises its revision to `atLeast`. False
 * when the rows do not reach back to the snapshot (a revision between the snapshot's and
 * `atLeast` has no row: the log was pruned): the snapshot must then be dropped and rebuilt.
 */
export function catchUp(snap: Snapshot, rows: ChangeRow[], atLeast: number): boolean {
  let revision = snap.revision;
  for (const row of rows) {
    if (row.seq <= snap.seq) continue;
    if (row.revision > revision + 1) return false;
    const { type, id } = splitObject(`${row.objectType}:${row.objectId}`);
    const key = { object: `${type}:${id}`, relation: row.relation, user: row.user };
    if (snap.compact) {
      if (row.operation === 'write') snap.compact.write(withExtras(key, row));
      else snap.compact.delete(key);
    } else if (snap.index) {
      if (row.operation === 'write') snap.index.add(withExtras(key, row));
      else snap.index.delete(key);
    }
    snap.seq = row.seq;
    revision = Math.max(revision, row.revision);
    snap.revision = revision;
  }
  return revision >= atLeast;
}

export function dropSnapshot(storeId: string): void {
  snapshots.delete(storeId);
}

/** Test hook: forget every snapshot of this isolate (a cold start). */
export function dropAllSnapshots(): void {
  snapshots.clear();
}
