/**
 * Per-isolate tuple snapshots of small stores: every tuple of the store in a MemoryTupleIndex,
 * labelled with the newest change-log sequence number it includes (`seq`) and a revision it is
 * known to be at least as fresh as. A request that learns the store's current revision uses the
 * snapshot only when it is at that revision, and otherwise first applies the change-log rows
 * after `seq` (read in the same batch as the revision). Applying is idempotent and ordered by
 * `seq`, and only rows after the snapshot's current `seq` are applied, so concurrent requests
 * catching up the same snapshot cannot move it backwards.
 *
 * This is a cache, not shared state: losing it (another isolate, eviction) costs a reload,
 * never a wrong answer. Bounded by an estimate of its heap bytes.
 */
import { MemoryTupleIndex } from '../../functions/index.ts';
import type { ChangeRow } from '../../db/authz/changes.ts';
import { fromRow, splitObject, withExtras, type TupleRow } from '../../db/authz/codec.ts';
import { evictOverBytes } from './byte-bound.ts';

export type Snapshot = { storeId: string; revision: number; seq: number; index: MemoryTupleIndex };

/** Stores above this many tuples are read through the engine's fetching source instead. */
export const SNAPSHOT_MAX_TUPLES = 50_000;

/** The limit, or the `LAMINATE_SNAPSHOT_MAX_TUPLES` var (0 = always fetch: tests, benchmarks). */
export function snapshotLimit(configured: string | undefined): number {
  const n = configured === undefined || configured === '' ? NaN : Number(configured);
  return Number.isFinite(n) && n >= 0 ? n : SNAPSHOT_MAX_TUPLES;
}
const MAX_BYTES = 64 * 1024 * 1024;

const snapshots = new Map<string, Snapshot>();

export function getSnapshot(storeId: string): Snapshot | undefined {
  const snap = snapshots.get(storeId);
  if (snap) {
    snapshots.delete(storeId);
    snapshots.set(storeId, snap);
  }
  return snap;
}

/** A snapshot from a full load (rows and `seq` read in one batch). */
export function putSnapshot(storeId: string, revision: number, seq: number, rows: TupleRow[]): Snapshot {
  const existing = snapshots.get(storeId);
  if (existing && existing.seq >= seq) return existing;
  const index = new MemoryTupleIndex();
  for (const row of rows) index.add(fromRow(row));
  const snap = { storeId, revision, seq, index };
  snapshots.set(storeId, snap);
  evict();
  return snap;
}

/** Applies change-log rows newer than the snapshot, then raises its revision label. */
export function catchUp(snap: Snapshot, rows: ChangeRow[], atLeast: number): void {
  for (const row of rows) {
    if (row.seq <= snap.seq) continue;
    const { type, id } = splitObject(`${row.objectType}:${row.objectId}`);
    const key = { object: `${type}:${id}`, relation: row.relation, user: row.user };
    if (row.operation === 'write') snap.index.add(withExtras(key, row));
    else snap.index.delete(key);
    snap.seq = row.seq;
    snap.revision = Math.max(snap.revision, row.revision);
  }
  snap.revision = Math.max(snap.revision, atLeast);
}

export function dropSnapshot(storeId: string): void {
  snapshots.delete(storeId);
}

function evict(): void {
  evictOverBytes(snapshots, MAX_BYTES, (snap) => snap.index.bytesEstimate());
}
