/**
 * The in-memory tuple index. A tuple is one 16-byte record (user, forward-next, object,
 * reverse-next) in one Int32Array, so following a chain costs one cache line per tuple; its
 * relation sits in a cold column (only rebuilding a TupleKey needs it). A deleted tuple keeps
 * its record with the user stored as ~user (negative): readers skip it.
 *
 * Forward chains answer "who is on object#relation": one open-addressing slot per
 * (object, relation) holds the key and both chain heads (usersets, which check must follow,
 * and the rest), so a lookup is one probe and the heads come with it. "Is this user on
 * object#relation" walks the short chain (most have one tuple: a parent, an owner); a chain
 * that grows past LONG_AT tuples is marked long and its tuples go into an exact
 * (object, relation, user) map instead. Reverse chains answer "on which objects does this user
 * have relation r", which list-objects walks. Conditions and expiries are rare, so they live in
 * sparse maps rather than a column every tuple pays for.
 */
import type { AuthorizationModel, Context, TupleKey } from './types.ts';
import { PairMap } from './pair-map.ts';
import { TripleMap } from './triple-map.ts';
import { growInt32 } from './typed-array-growth.ts';
import { LOCAL_BASE, Symbols, TERM_USERSET } from './symbols.ts';
import type { TupleSource } from './source.ts';

/** Record layout: rec[4t + REC_*]. */
export const REC_USER = 0;
export const REC_NEXT = 1;
export const REC_OBJ = 2;
export const REC_REV = 3;
/**
 * Forward slot layout: fwd[key + FWD_*] (a key is a slot offset, valid until the next add).
 * A slot is 8 words (half a cache line): besides the key and both chain heads it carries a copy
 * of the first non-userset tuple's user (~user once deleted), that user's type << 2 | kind,
 * and the next tuple after it, so the common one-tuple chain (a parent, an owner) is answered
 * from the slot without reading the tuple's record or the user's term.
 */
export const FWD_OBJ = 0;
export const FWD_REL = 1;
export const FWD_OTHERS = 2;
export const FWD_USERSETS = 3;
export const FWD_HEAD_USER = 4;
export const FWD_HEAD_INFO = 5;
export const FWD_HEAD_NEXT = 6;
const SLOT = 8;
const SLOT_SHIFT = 3;
/** Flag on fwd[key + FWD_REL]: the chain is long, look users up in the exact map. */
export const FWD_LONG = 1 << 30;
const REL_BITS = FWD_LONG - 1;
/** A forward chain longer than this gets exact-map entries. */
const LONG_AT = 8;

/**
 * Forward slots hash by object only: the slots of one object's relations (its parent, its
 * owner, ...) sit next to each other, so a check that visits several of them reads one or two
 * cache lines instead of one per relation.
 */
const fwdHash = (o: number): number => {
  const h = Math.imul(o, 0x9e3779b1);
  return h ^ (h >>> 15);
};

export type TupleCondition = { cond: number; context: Context | undefined };

export class MemoryTupleIndex implements TupleSource {
  readonly symbols: Symbols;
  readonly complete = true;
  /** Records: rec[4t] user (~user when deleted), rec[4t+1] next on the forward chain, rec[4t+2] object, rec[4t+3] next on the reverse chain. */
  rec = new Int32Array(0);
  /** Column: relation id (type#relation) of tuple t (cold). */
  rel = new Int32Array(0);
  /**
   * Per object term: a 32-bit summary of the relations it has tuples on (bit r mod 32). Most
   * (object, relation) pairs a check asks about are empty; one read of an L1-hot word answers
   * "certainly none" without probing the hash map.
   */
  relMask = new Int32Array(0);
  readonly conditions = new Map<number, TupleCondition>();
  readonly expiries = new Map<number, number>();
  /** (object, relation) slots: object, relation (| FWD_LONG), head of the non-userset chain, head of the userset chain; object -1 = empty. */
  fwd = new Int32Array(16 * SLOT).fill(-1);
  private fwdMask = 15;
  private fwdSize = 0;
  /** (object, relation, user) → tuple, for long chains only. */
  private readonly exactMap = new TripleMap();
  /** (user, relation) → reverse chain head. */
  private readonly rev = new PairMap();
  private count = 0;
  private live = 0;
  /** False when the term table is shared (a compact snapshot's delta and working sets): not counted here. */
  private readonly ownsSymbols: boolean;

  /**
   * @param model optional: pre-interns the model's names (ids then follow the model's order)
   * @param parent internal: layer a contextual-tuple overlay on a base index's symbols
   * @param shared internal: use this term table itself (the compact snapshot's delta and working
   *   sets number their terms like the snapshot's base)
   */
  constructor(model?: AuthorizationModel, parent?: Symbols, shared?: Symbols) {
    this.symbols = shared ?? new Symbols(parent ?? null);
    this.ownsSymbols = shared === undefined;
    for (const td of model?.type_definitions ?? []) {
      const t = this.symbols.internType(td.type);
      for (const r of Object.keys(td.relations ?? {})) this.symbols.internRel(t, r);
    }
  }

  get loaded(): MemoryTupleIndex {
    return this;
  }

  /** Number of live tuples. */
  get size(): number {
    return this.live;
  }

  /** The forward slot of (o, r) whatever the relation summary says, or -1. */
  private findKey(o: number, r: number): number {
    const s = this.fwd;
    let i = fwdHash(o) & this.fwdMask;
    for (;;) {
      const k = i << SLOT_SHIFT;
      const ko = s[k] as number;
      if (ko === -1) return -1;
      if (ko === o && ((s[k + 1] as number) & REL_BITS) === r) return k;
      i = (i + 1) & this.fwdMask;
    }
  }

  /** A new, empty forward slot for (o, r) (which must not have one). */
  private newKey(o: number, r: number): number {
    if ((this.fwdSize + 1) * 4 > (this.fwdMask + 1) * 3) this.growFwd();
    this.fwdSize++;
    const s = this.fwd;
    let i = fwdHash(o) & this.fwdMask;
    while (s[i << SLOT_SHIFT] !== -1) i = (i + 1) & this.fwdMask;
    const k = i << SLOT_SHIFT;
    s[k] = o;
    s[k + 1] = r;
    return k;
  }

  private growFwd(): void {
    const old = this.fwd;
    const cap = (this.fwdMask + 1) * 2;
    const s = (this.fwd = new Int32Array(cap * SLOT).fill(-1));
    this.fwdMask = cap - 1;
    for (let j = 0; j < old.length; j += SLOT) {
      if (old[j] === -1) continue;
      let i = fwdHash(old[j] as number) & this.fwdMask;
      while (s[i << SLOT_SHIFT] !== -1) i = (i + 1) & this.fwdMask;
      s.set(old.subarray(j, j + SLOT), i << SLOT_SHIFT);
    }
  }

  /** Adds a tuple, or replaces the condition and expiry of an existing one. */
  add(t: TupleKey): void {
    const s = this.symbols;
    const o = s.internTerm(t.object);
    const r = s.internRel(s.termType(o), t.relation);
    const u = s.internTerm(t.user);
    this.addTerms(o, r, u, t.condition, t.expiresAt);
  }

  /** `add` for interned terms: object o, relation id r (of o's type), user u. */
  addTerms(o: number, r: number, u: number, condition?: TupleKey['condition'], expiresAt?: number): void {
    const s = this.symbols;
    if (o < LOCAL_BASE) {
      this.relMask = growInt32(this.relMask, o + 1);
      this.relMask[o] = (this.relMask[o] as number) | (1 << (r & 31));
    }
    let key = this.findKey(o, r);
    if (key < 0) key = this.newKey(o, r);
    const kind = s.termKind(u);
    const head = key + (kind === TERM_USERSET ? FWD_USERSETS : FWD_OTHERS);
    const long = ((this.fwd[key + FWD_REL] as number) & FWD_LONG) !== 0;
    let i = -1;
    let length = 0;
    if (long) i = this.exactMap.get(o, r, u);
    else {
      const rec = this.rec;
      for (let x = this.fwd[head] as number; x >= 0; x = rec[(x << 2) + REC_NEXT] as number, length++) {
        if (rec[x << 2] === u) {
          i = x;
          break;
        }
      }
    }
    if (i < 0) {
      i = this.count++;
      this.grow(this.count);
      const rec = this.rec;
      const k = i << 2;
      rec[k + REC_USER] = u;
      rec[k + REC_NEXT] = this.fwd[head] as number;
      rec[k + REC_OBJ] = o;
      rec[k + REC_REV] = this.rev.get(u, r);
      if (kind !== TERM_USERSET) {
        const f = this.fwd;
        f[key + FWD_HEAD_NEXT] = f[head] as number;
        f[key + FWD_HEAD_USER] = u;
        f[key + FWD_HEAD_INFO] = (s.termType(u) << 2) | kind;
      }
      this.fwd[head] = i;
      this.rel[i] = r;
      this.rev.set(u, r, i);
      this.live++;
      if (long) this.exactMap.set(o, r, u, i);
      else if (length + 1 > LONG_AT) this.makeLong(key);
    }
    if (condition) this.conditions.set(i, { cond: s.internCond(condition.name), context: condition.context });
    else this.conditions.delete(i);
    if (expiresAt !== undefined) this.expiries.set(i, expiresAt);
    else this.expiries.delete(i);
  }

  /** Moves a chain that grew long to exact-map lookups. */
  private makeLong(key: number): void {
    const f = this.fwd;
    const o = f[key + FWD_OBJ] as number;
    const r = f[key + FWD_REL] as number;
    const rec = this.rec;
    for (const head of [f[key + FWD_OTHERS] as number, f[key + FWD_USERSETS] as number]) {
      for (let t = head; t >= 0; t = rec[(t << 2) + REC_NEXT] as number) {
        const u = rec[t << 2] as number;
        if (u >= 0) this.exactMap.set(o, r, u, t);
      }
    }
    f[key + FWD_REL] = r | FWD_LONG;
  }

  /** Deletes a tuple (matched on object, relation and user); false when it was not there. */
  delete(t: TupleKey): boolean {
    const s = this.symbols;
    const o = s.term(t.object);
    const u = s.term(t.user);
    if (o < 0 || u < 0) return false;
    const r = s.rel(s.termType(o), t.relation);
    const key = r < 0 ? -1 : this.findKey(o, r);
    const i = this.exact(key, u);
    if (i < 0) return false;
    // the record stays in its chains, dead: unlinking singly-linked chains would cost a walk
    this.rec[i << 2] = ~u;
    if (this.fwd[key + FWD_OTHERS] === i) this.fwd[key + FWD_HEAD_USER] = ~u;
    if (((this.fwd[key + FWD_REL] as number) & FWD_LONG) !== 0) this.exactMap.set(o, r, u, -1);
    this.conditions.delete(i);
    this.expiries.delete(i);
    this.live--;
    return true;
  }

  private grow(n: number): void {
    if (n <= this.rel.length && n * 4 <= this.rec.length) return;
    this.rec = growInt32(this.rec, n * 4);
    this.rel = growInt32(this.rel, n);
  }

  /** Forward key of (object term, relation), or -1. Valid until the next add. */
  forwardKey(o: number, r: number): number {
    if (o < LOCAL_BASE && ((o >= this.relMask.length ? 0 : (this.relMask[o] as number)) & (1 << (r & 31))) === 0)
      return -1;
    return this.findKey(o, r);
  }

  /** Head of the chain of non-userset tuples (objects, wildcards) of a forward key. */
  othersHead(key: number): number {
    return this.fwd[key + FWD_OTHERS] as number;
  }

  /** Head of the chain of userset tuples of a forward key. */
  usersetsHead(key: number): number {
    return this.fwd[key + FWD_USERSETS] as number;
  }

  /** Next tuple on the forward chain. */
  nextOf(t: number): number {
    return this.rec[(t << 2) + REC_NEXT] as number;
  }

  /** The user term of tuple t (negative when deleted). */
  userOf(t: number): number {
    return this.rec[t << 2] as number;
  }

  isAlive(t: number): boolean {
    return (this.rec[t << 2] as number) >= 0;
  }

  /**
   * The live tuple (object, relation, user) of a forward key, or -1. `userset` says whether u
   * is a userset term (which chain to walk); computed when not given.
   */
  exact(key: number, u: number, userset?: boolean): number {
    if (key < 0) return -1;
    const f = this.fwd;
    const r = f[key + FWD_REL] as number;
    if ((r & FWD_LONG) !== 0) return this.exactMap.get(f[key] as number, r & REL_BITS, u);
    const rec = this.rec;
    let t: number;
    if (userset ?? this.symbols.termKind(u) === TERM_USERSET) t = f[key + FWD_USERSETS] as number;
    else {
      if (f[key + FWD_HEAD_USER] === u) return f[key + FWD_OTHERS] as number;
      t = f[key + FWD_HEAD_NEXT] as number;
    }
    for (; t >= 0; t = rec[(t << 2) + REC_NEXT] as number) if (rec[t << 2] === u) return t;
    return -1;
  }

  /** Head of the reverse chain of (user term, relation), or -1. */
  reverseHead(u: number, r: number): number {
    return this.rev.get(u, r);
  }

  /** Forward keys are always complete in memory. */
  wantForward(): boolean {
    return true;
  }

  wantReverse(): boolean {
    return true;
  }

  /** Rebuilds a tuple as TupleKey (for explanations, reads and tests). */
  tupleKey(i: number): TupleKey {
    const s = this.symbols;
    const u = this.rec[i << 2] as number;
    const t: TupleKey = {
      object: s.termName(this.rec[(i << 2) + REC_OBJ] as number),
      relation: s.relName(this.rel[i] as number),
      user: s.termName(u < 0 ? ~u : u),
    };
    const c = this.conditions.get(i);
    if (c) t.condition = c.context ? { name: s.condName(c.cond), context: c.context } : { name: s.condName(c.cond) };
    const e = this.expiries.get(i);
    if (e !== undefined) t.expiresAt = e;
    return t;
  }

  /** Calls `each(t, object, relation, user)` for every live tuple t, in insertion order (terms). */
  forEachLive(each: (t: number, o: number, r: number, u: number) => void): void {
    for (let i = 0; i < this.count; i++) {
      const u = this.rec[i << 2] as number;
      if (u >= 0) each(i, this.rec[(i << 2) + REC_OBJ] as number, this.rel[i] as number, u);
    }
  }

  /** Every live tuple, in insertion order. */
  *tuples(): IterableIterator<TupleKey> {
    for (let i = 0; i < this.count; i++) if ((this.rec[i << 2] as number) >= 0) yield this.tupleKey(i);
  }

  /** Approximate heap bytes held by this index. */
  bytesEstimate(): number {
    const columns = this.relMask.byteLength + this.rec.byteLength + this.rel.byteLength;
    const maps = this.fwd.byteLength + this.exactMap.bytes + this.rev.bytes;
    const sparse = (this.conditions.size + this.expiries.size) * 64;
    return columns + maps + sparse + (this.ownsSymbols ? this.symbols.bytes : 0);
  }
}
