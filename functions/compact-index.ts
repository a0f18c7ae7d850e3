/**
 * The compact snapshot of a large store: every tuple in a frozen, sorted base of typed arrays
 * (CSR: per object the (relation, users) runs, per user the (relation, objects) runs, one int32
 * a tuple on each side) plus a small mutable delta for what changed since the base was built.
 * About 30–45 bytes a tuple with the term table, a third of a MemoryTupleIndex, so a
 * million-tuple store fits a 128 MB isolate with room to work (docs/engine.md, "Compact
 * snapshot"; docs/design.md, "Large stores from memory").
 *
 * The evaluator reads it through a TupleSource (`source()`): a working set, a MemoryTupleIndex
 * on the same term table, into which each forward key (object, relation) and reverse key
 * (user, relation) the evaluation asks for is copied from the base and the delta on first use,
 * synchronously. Nothing else in the engine changes. The working set is kept between calls
 * (changes are applied to it as to the delta) until it outgrows its byte bound.
 *
 * Changes: a write adds the tuple to the delta (and hides the base's copy when it replaces
 * one); a delete hides the base's copy or deletes the delta's. `compacted()` folds the delta
 * into a new base with a fresh term table. Term ids are shared by the base, the delta and the
 * working sets: a name first seen after the build is interned into the same table (and has no
 * base tuples).
 */
import { growInt32 } from './typed-array-growth.ts';
import { MemoryTupleIndex, REC_OBJ, REC_REV, REC_USER, type TupleCondition } from './memory-index.ts';
import { PairMap } from './pair-map.ts';
import type { TupleSource } from './source.ts';
import { Symbols, type SymbolParts } from './symbols.ts';
import type { TupleKey } from './types.ts';

type Extra = { condition?: TupleKey['condition']; expiresAt?: number };

/** Default bound of a working set (estimated bytes) before it is started afresh. */
const WORKING_SET_BYTES = 16 * 1024 * 1024;

/** Stable counting sort of `perm` by key[perm[i]] in [0, buckets). */
function countingSort(perm: Int32Array, key: Int32Array, buckets: number): Int32Array {
  const counts = new Int32Array(buckets + 1);
  for (let i = 0; i < perm.length; i++) {
    const b = (key[perm[i] as number] as number) + 1;
    counts[b] = (counts[b] as number) + 1;
  }
  for (let b = 0; b < buckets; b++) counts[b + 1] = (counts[b + 1] as number) + (counts[b] as number);
  const out = new Int32Array(perm.length);
  for (let i = 0; i < perm.length; i++) {
    const p = perm[i] as number;
    const k = key[p] as number;
    out[counts[k] as number] = p;
    counts[k] = (counts[k] as number) + 1;
  }
  return out;
}

/** One side of the base: per term the runs (relation, items), items sorted within a run. */
type Runs = {
  /** Per term t < terms: its runs are [start[t], start[t + 1]). */
  start: Int32Array;
  /** Per run: relation id. */
  rel: Int32Array;
  /** Per run (+1 sentinel): its items are [at[run], at[run + 1]). */
  at: Int32Array;
  /** Per tuple: the other side's term. */
  items: Int32Array;
};

function buildRuns(terms: number, by: Int32Array, rels: Int32Array, other: Int32Array, order: Int32Array): Runs {
  const n = order.length;
  const start = new Int32Array(terms + 1);
  let runs = 0;
  for (let i = 0; i < n; i++) {
    const p = order[i] as number;
    if (i === 0) runs++;
    else {
      const q = order[i - 1] as number;
      if (by[p] !== by[q] || rels[p] !== rels[q]) runs++;
    }
  }
  const rel = new Int32Array(runs);
  const at = new Int32Array(runs + 1);
  const items = new Int32Array(n);
  let run = -1;
  for (let i = 0; i < n; i++) {
    const p = order[i] as number;
    const q = i === 0 ? -1 : (order[i - 1] as number);
    if (q < 0 || by[p] !== by[q] || rels[p] !== rels[q]) {
      run++;
      rel[run] = rels[p] as number;
      at[run] = i;
      start[(by[p] as number) + 1] = run + 1;
    }
    items[i] = other[p] as number;
  }
  at[runs] = n;
  // terms without runs start where the previous term's runs end
  for (let t = 1; t <= terms; t++)
    if ((start[t] as number) < (start[t - 1] as number)) start[t] = start[t - 1] as number;
  return { start, rel, at, items };
}

/** The run of (t, r) on one side, or -1. */
function findRun(side: Runs, terms: number, t: number, r: number): number {
  if (t < 0 || t >= terms) return -1;
  for (let x = side.start[t] as number, end = side.start[t + 1] as number; x < end; x++)
    if (side.rel[x] === r) return x;
  return -1;
}

/** Position of `item` in a sorted run, or -1. */
function findItem(side: Runs, run: number, item: number): number {
  let lo = side.at[run] as number;
  let hi = (side.at[run + 1] as number) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = side.items[mid] as number;
    if (v === item) return mid;
    if (v < item) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

export class CompactTupleIndex {
  readonly symbols: Symbols;
  /** Terms known when the base was built (base arrays cover ids below this). */
  private readonly terms: number;
  /** Forward: per object, (relation, users); tuple ids are positions in `fwd.items`. */
  private readonly fwd: Runs;
  /** Reverse: per user, (relation, objects). */
  private readonly rev: Runs;
  /** Conditions and expiries of base tuples, by forward position (rare). */
  private readonly extras: Map<number, Extra>;
  /** Base tuples deleted or replaced since the build, by forward position. */
  private readonly dead = new Set<number>();
  /** Tuples written since the build. */
  readonly delta: MemoryTupleIndex;
  private readonly baseCount: number;
  private working: CompactSource | undefined;
  /** Bound of the working set in estimated bytes. */
  workingSetBytes = WORKING_SET_BYTES;

  private constructor(symbols: Symbols, terms: number, fwd: Runs, rev: Runs, extras: Map<number, Extra>) {
    this.symbols = symbols;
    this.terms = terms;
    this.fwd = fwd;
    this.rev = rev;
    this.extras = extras;
    this.baseCount = fwd.items.length;
    this.delta = new MemoryTupleIndex(undefined, undefined, symbols);
  }

  /** Builds a compact index from tuples (any order; a duplicate keeps the last one's extras). */
  static build(tuples: Iterable<TupleKey>, symbols = new Symbols()): CompactTupleIndex {
    const builder = CompactTupleIndex.builder(symbols);
    for (const t of tuples) builder.add(t);
    return builder.finish();
  }

  /** Builds one tuple at a time (a load that reads pages). */
  static builder(symbols = new Symbols()): { add(t: TupleKey): void; finish(): CompactTupleIndex } {
    let o = new Int32Array(1024);
    let r = new Int32Array(1024);
    let u = new Int32Array(1024);
    const extras = new Map<number, Extra>();
    let n = 0;
    return {
      add(t) {
        const ot = symbols.internTerm(t.object);
        if (n >= o.length) {
          o = growInt32(o, n + 1);
          r = growInt32(r, n + 1);
          u = growInt32(u, n + 1);
        }
        o[n] = ot;
        r[n] = symbols.internRel(symbols.termType(ot), t.relation);
        u[n] = symbols.internTerm(t.user);
        if (t.condition || t.expiresAt !== undefined) extras.set(n, extraOf(t.condition, t.expiresAt));
        n++;
      },
      finish: () => CompactTupleIndex.fromTerms(symbols, o.subarray(0, n), r.subarray(0, n), u.subarray(0, n), extras),
    };
  }

  /** Builds from interned triples; `extras` keyed by the triple's index. */
  private static fromTerms(
    symbols: Symbols,
    o: Int32Array,
    r: Int32Array,
    u: Int32Array,
    extras: Map<number, Extra>,
  ): CompactTupleIndex {
    const terms = symbols.termCount;
    const rels = symbols.names.relName.length;
    let perm: Int32Array = new Int32Array(o.length);
    for (let i = 0; i < perm.length; i++) perm[i] = i;
    // forward order (o, r, u): sort by the least significant key first
    let f = countingSort(perm, u, terms);
    f = countingSort(f, r, rels);
    f = countingSort(f, o, terms);
    // drop duplicates (same o, r, u): keep the last one given
    let kept = 0;
    for (let i = 0; i < f.length; i++) {
      const p = f[i] as number;
      const next = i + 1 < f.length ? (f[i + 1] as number) : -1;
      if (next >= 0 && o[next] === o[p] && r[next] === r[p] && u[next] === u[p]) {
        if (extras.has(p) && !extras.has(next)) extras.delete(p);
        continue;
      }
      f[kept++] = p;
    }
    f = f.subarray(0, kept);
    const fwd = buildRuns(terms, o, r, u, f);
    const baseExtras = new Map<number, Extra>();
    for (let i = 0; i < f.length; i++) {
      const e = extras.get(f[i] as number);
      if (e) baseExtras.set(i, e);
    }
    perm = f;
    let v = countingSort(perm, o, terms);
    v = countingSort(v, r, rels);
    v = countingSort(v, u, terms);
    const rev = buildRuns(terms, u, r, o, v);
    symbols.trim();
    return new CompactTupleIndex(symbols, terms, fwd, rev, baseExtras);
  }

  /**
   * True once the shared term table holds many more names than the base was built with: an
   * evaluation over a source that is not `complete` interns every name it is asked about (users
   * and objects with no tuples, contextual tuples), so a stream of unknown names grows it. The
   * holder should then load the snapshot afresh (its persisted copy has only the store's names).
   */
  get polluted(): boolean {
    return this.symbols.termCount - this.terms > Math.max(65_536, this.terms >> 3);
  }

  /** Live tuples (base not deleted + delta). */
  get size(): number {
    return this.baseCount - this.dead.size + this.delta.size;
  }

  /** Tuples changed since the base was built (deleted base tuples and delta writes). */
  get changed(): number {
    return this.dead.size + this.delta.size;
  }

  /** Forward position of base tuple (o, r, u), or -1. */
  private basePosition(o: number, r: number, u: number): number {
    const run = findRun(this.fwd, this.terms, o, r);
    return run < 0 ? -1 : findItem(this.fwd, run, u);
  }

  /** Applies a written tuple (adds it, or replaces its condition and expiry). */
  write(t: TupleKey): void {
    const s = this.symbols;
    const o = s.internTerm(t.object);
    const r = s.internRel(s.termType(o), t.relation);
    const u = s.internTerm(t.user);
    const p = this.basePosition(o, r, u);
    if (p >= 0) this.dead.add(p);
    this.delta.addTerms(o, r, u, t.condition, t.expiresAt);
    const w = this.working;
    if (w && (w.hasForward(o, r) || w.hasReverse(u, r))) w.loaded.addTerms(o, r, u, t.condition, t.expiresAt);
  }

  /** Applies a deleted tuple. */
  delete(t: TupleKey): void {
    const s = this.symbols;
    const o = s.term(t.object);
    const u = s.term(t.user);
    if (o < 0 || u < 0) return;
    const r = s.rel(s.termType(o), t.relation);
    if (r < 0) return;
    const p = this.basePosition(o, r, u);
    if (p >= 0) this.dead.add(p);
    this.delta.delete(t);
    this.working?.loaded.delete(t);
  }

  /** Copies every live tuple on (o, r) into `into`. */
  loadForward(o: number, r: number, into: MemoryTupleIndex): void {
    const run = findRun(this.fwd, this.terms, o, r);
    if (run >= 0) {
      const items = this.fwd.items;
      const checkDead = this.dead.size > 0;
      const checkExtras = this.extras.size > 0;
      for (let p = this.fwd.at[run] as number, end = this.fwd.at[run + 1] as number; p < end; p++) {
        if (checkDead && this.dead.has(p)) continue;
        const e = checkExtras ? this.extras.get(p) : undefined;
        into.addTerms(o, r, items[p] as number, e?.condition, e?.expiresAt);
      }
    }
    const d = this.delta;
    if (d.size === 0) return;
    const key = d.forwardKey(o, r);
    if (key < 0) return;
    for (const head of [d.othersHead(key), d.usersetsHead(key)])
      for (let t = head; t >= 0; t = d.nextOf(t)) if (d.isAlive(t)) this.copyDelta(t, o, r, d.userOf(t), into);
  }

  /** Copies every live tuple (any object)#r@u into `into`. */
  loadReverse(u: number, r: number, into: MemoryTupleIndex): void {
    const run = findRun(this.rev, this.terms, u, r);
    if (run >= 0) {
      const items = this.rev.items;
      const checkOther = this.dead.size > 0 || this.extras.size > 0;
      for (let p = this.rev.at[run] as number, end = this.rev.at[run + 1] as number; p < end; p++) {
        const o = items[p] as number;
        if (!checkOther) {
          into.addTerms(o, r, u);
          continue;
        }
        const fp = this.basePosition(o, r, u);
        if (this.dead.has(fp)) continue;
        const e = this.extras.get(fp);
        into.addTerms(o, r, u, e?.condition, e?.expiresAt);
      }
    }
    const d = this.delta;
    if (d.size === 0) return;
    const rec = d.rec;
    for (let t = d.reverseHead(u, r); t >= 0; t = rec[(t << 2) + REC_REV] as number) {
      const k = t << 2;
      if ((rec[k + REC_USER] as number) >= 0) this.copyDelta(t, rec[k + REC_OBJ] as number, r, u, into);
    }
  }

  private copyDelta(t: number, o: number, r: number, u: number, into: MemoryTupleIndex): void {
    const d = this.delta;
    const c = d.conditions.size === 0 ? undefined : d.conditions.get(t);
    into.addTerms(o, r, u, this.conditionOf(c), d.expiries.size === 0 ? undefined : d.expiries.get(t));
  }

  private conditionOf(c: TupleCondition | undefined): TupleKey['condition'] {
    if (!c) return undefined;
    const name = this.symbols.condName(c.cond);
    return c.context ? { name, context: c.context } : { name };
  }

  /**
   * The tuple source of an engine call: the working set, kept from earlier calls unless it
   * outgrew its bound. Use it within one synchronous engine call.
   */
  source(): TupleSource {
    const w = this.working;
    if (w && w.loaded.bytesEstimate() <= this.workingSetBytes) return w;
    this.working = new CompactSource(this);
    return this.working;
  }

  /** A fresh source that is not kept (tests, or a caller that must not share the working set). */
  freshSource(): TupleSource {
    return new CompactSource(this);
  }

  /** Every live tuple. */
  *tuples(): IterableIterator<TupleKey> {
    const s = this.symbols;
    for (let o = 0; o < this.terms; o++) {
      for (let run = this.fwd.start[o] as number, end = this.fwd.start[o + 1] as number; run < end; run++) {
        const r = this.fwd.rel[run] as number;
        for (let p = this.fwd.at[run] as number, e = this.fwd.at[run + 1] as number; p < e; p++) {
          if (this.dead.has(p)) continue;
          const t: TupleKey = {
            object: s.termName(o),
            relation: s.relName(r),
            user: s.termName(this.fwd.items[p] as number),
          };
          const x = this.extras.get(p);
          if (x?.condition) t.condition = x.condition;
          if (x?.expiresAt !== undefined) t.expiresAt = x.expiresAt;
          yield t;
        }
      }
    }
    yield* this.delta.tuples();
  }

  /** A new base holding the delta, over a fresh term table (term ids change). */
  compacted(): CompactTupleIndex {
    const n = this.size;
    const o = new Int32Array(n);
    const r = new Int32Array(n);
    const u = new Int32Array(n);
    const extras = new Map<number, Extra>();
    let i = 0;
    for (let x = 0; x < this.terms; x++) {
      for (let run = this.fwd.start[x] as number, end = this.fwd.start[x + 1] as number; run < end; run++) {
        for (let p = this.fwd.at[run] as number, e = this.fwd.at[run + 1] as number; p < e; p++) {
          if (this.dead.has(p)) continue;
          o[i] = x;
          r[i] = this.fwd.rel[run] as number;
          u[i] = this.fwd.items[p] as number;
          const extra = this.extras.get(p);
          if (extra) extras.set(i, extra);
          i++;
        }
      }
    }
    const d = this.delta;
    d.forEachLive((t, to, tr, tu) => {
      o[i] = to;
      r[i] = tr;
      u[i] = tu;
      const c = d.conditions.get(t);
      const e = d.expiries.get(t);
      if (c || e !== undefined) extras.set(i, extraOf(this.conditionOf(c), e));
      i++;
    });
    // a fresh term table with only the names live tuples use (names asked about and never
    // written are shed); types, relations and conditions keep their ids
    const old = this.symbols;
    const symbols = new Symbols();
    for (const t of old.names.typeNames) symbols.internType(t);
    old.names.relName.forEach((name, id) => symbols.internRel(old.names.relType[id] as number, name));
    for (const c of old.names.condNames) symbols.internCond(c);
    const ids = new Int32Array(old.termCount).fill(-1);
    const remap = (t: number): number => {
      let id = ids[t] as number;
      if (id < 0) {
        id = symbols.internTerm(old.termName(t));
        ids[t] = id;
      }
      return id;
    };
    for (let k = 0; k < i; k++) {
      o[k] = remap(o[k] as number);
      u[k] = remap(u[k] as number);
    }
    return CompactTupleIndex.fromTerms(symbols, o.subarray(0, i), r.subarray(0, i), u.subarray(0, i), extras);
  }

  /** Approximate bytes held: the base, its term table, the delta and the working set. */
  bytesEstimate(): number {
    return (
      this.baseBytes() + this.delta.bytesEstimate() + this.dead.size * 40 + (this.working?.loaded.bytesEstimate() ?? 0)
    );
  }

  /** Bytes of the base and its term table only (what the bench reports per tuple). */
  baseBytes(): number {
    const side = (x: Runs) => x.start.byteLength + x.rel.byteLength + x.at.byteLength + x.items.byteLength;
    return side(this.fwd) + side(this.rev) + this.extras.size * 64 + this.symbols.bytes;
  }

  /**
   * The base as bytes (terms, names, runs), to persist. The delta is not included: the caller
   * persists `compacted()` and catches up from the change log after loading.
   */
  serialize(): Uint8Array {
    if (this.changed > 0) throw new Error('serialize a compacted index');
    const { chars, starts, info, usersets, table, ...names } = this.symbols.toParts();
    const header = JSON.stringify({ v: 2, terms: this.terms, names, extras: [...this.extras] });
    const head = new TextEncoder().encode(header);
    const arrays: (Int32Array | Uint8Array)[] = [
      chars,
      starts,
      info,
      usersets,
      table,
      ...[this.fwd, this.rev].flatMap((x) => [x.start, x.rel, x.at, x.items]),
    ];
    const padded = (n: number) => (n + 3) & ~3;
    let bytes = 8 + padded(head.length);
    for (const a of arrays) bytes += 4 + padded(a.byteLength);
    const out = new Uint8Array(bytes);
    const view = new DataView(out.buffer);
    view.setUint32(0, 0x4c4d4332); // "LMC2"
    view.setUint32(4, head.length, true);
    out.set(head, 8);
    let at = 8 + padded(head.length);
    for (const a of arrays) {
      view.setUint32(at, a.length, true);
      at += 4;
      out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
      at += padded(a.byteLength);
    }
    return out;
  }

  /** Reads `serialize()`'s bytes back: typed arrays copied as they are, no name re-interned. */
  static deserialize(bytes: Uint8Array): CompactTupleIndex {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (view.getUint32(0) !== 0x4c4d4332) throw new Error('not a compact snapshot');
    const headLength = view.getUint32(4, true);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headLength))) as {
      terms: number;
      names: Omit<SymbolParts, 'chars' | 'starts' | 'info' | 'usersets' | 'table'>;
      extras: [number, Extra][];
    };
    let at = 8 + ((headLength + 3) & ~3);
    const raw = (size: number): ArrayBuffer => {
      const n = view.getUint32(at, true);
      at += 4;
      const start = bytes.byteOffset + at;
      at += (n * size + 3) & ~3;
      return bytes.buffer.slice(start, start + n * size) as ArrayBuffer;
    };
    const int32 = () => new Int32Array(raw(4));
    const chars = new Uint8Array(raw(1));
    const symbols = Symbols.fromParts({
      ...header.names,
      chars,
      starts: int32(),
      info: int32(),
      usersets: int32(),
      table: int32(),
    });
    const side = (): Runs => ({ start: int32(), rel: int32(), at: int32(), items: int32() });
    const fwd = side();
    const rev = side();
    return new CompactTupleIndex(symbols, header.terms, fwd, rev, new Map(header.extras));
  }
}

function extraOf(condition: TupleKey['condition'] | undefined, expiresAt: number | undefined): Extra {
  const e: Extra = {};
  if (condition) e.condition = condition;
  if (expiresAt !== undefined) e.expiresAt = expiresAt;
  return e;
}

/**
 * A TupleSource over a compact index: not `complete`, so the evaluator asks before it reads a
 * key, and every key is copied into `loaded` on that first ask (synchronously: nothing is ever
 * missing, no fetch round).
 */
class CompactSource implements TupleSource {
  readonly complete = false;
  readonly loaded: MemoryTupleIndex;
  private readonly forward = new PairMap();
  private readonly reverse = new PairMap();

  constructor(private readonly compact: CompactTupleIndex) {
    this.loaded = new MemoryTupleIndex(undefined, undefined, compact.symbols);
  }

  hasForward(o: number, r: number): boolean {
    return this.forward.get(o, r) >= 0;
  }

  hasReverse(u: number, r: number): boolean {
    return this.reverse.get(u, r) >= 0;
  }

  wantForward(o: number, r: number): boolean {
    if (this.forward.get(o, r) < 0) {
      this.forward.set(o, r, 1);
      this.compact.loadForward(o, r, this.loaded);
    }
    return true;
  }

  wantReverse(u: number, r: number): boolean {
    if (this.reverse.get(u, r) < 0) {
      this.reverse.set(u, r, 1);
      this.compact.loadReverse(u, r, this.loaded);
    }
    return true;
  }
}
