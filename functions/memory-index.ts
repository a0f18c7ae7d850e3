/**
 * The in-memory tuple index: columns of int32 (object, relation, user, chain links) plus three
 * integer hash maps. Forward chains answer "who is on object#relation" (split in two: usersets,
 * which check must follow, and the rest, which it can look up exactly); the exact map answers
 * "is this user on object#relation" in one probe; reverse chains answer "on which objects does
 * this user have relation r", which list-objects walks. Conditions and expiries are rare, so
 * they live in sparse maps rather than a column every tuple pays for.
 */
import type { AuthorizationModel, Context, TupleKey } from './types.ts';
import { PairMap } from './pair-map.ts';
import { growInt32, growUint8 } from './grow.ts';
import { LOCAL_BASE, Symbols, TERM_USERSET } from './symbols.ts';
import type { TupleSource } from './source.ts';

export type TupleCondition = { cond: number; context: Context | undefined };

export class MemoryTupleIndex implements TupleSource {
  readonly symbols: Symbols;
  readonly complete = true;
  /** Column: object term of tuple t. */
  obj = new Int32Array(0);
  /** Column: relation id (type#relation) of tuple t. */
  rel = new Int32Array(0);
  /** Column: user term of tuple t. */
  user = new Int32Array(0);
  fwdNext = new Int32Array(0);
  revNext = new Int32Array(0);
  alive = new Uint8Array(0);
  /**
   * Per object term: a 32-bit summary of the relations it has tuples on (bit r mod 32). Most
   * (object, relation) pairs a check asks about are empty; one read of an L1-hot word answers
   * "certainly none" without probing the hash map.
   */
  relMask = new Int32Array(0);
  readonly conditions = new Map<number, TupleCondition>();
  readonly expiries = new Map<number, number>();
  /** (object, relation) → forward key id. */
  private readonly fwd = new PairMap();
  /** Per forward key: chain heads for userset users and for the others. */
  headUsersets = new Int32Array(0);
  headOthers = new Int32Array(0);
  private fwdCount = 0;
  /** (forward key, user) → tuple. */
  private readonly exactMap = new PairMap();
  /** (user, relation) → reverse chain head. */
  private readonly rev = new PairMap();
  private count = 0;
  private live = 0;

  /**
   * @param model optional: pre-interns the model's names (ids then follow the model's order)
   * @param parent internal: layer a contextual-tuple overlay on a base index's symbols
   */
  constructor(model?: AuthorizationModel, parent?: Symbols) {
    this.symbols = new Symbols(parent ?? null);
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

  /** Adds a tuple, or replaces the condition and expiry of an existing one. */
  add(t: TupleKey): void {
    const s = this.symbols;
    const o = s.internTerm(t.object);
    const r = s.internRel(s.termType(o), t.relation);
    const u = s.internTerm(t.user);
    if (o < LOCAL_BASE) {
      this.relMask = growInt32(this.relMask, o + 1);
      this.relMask[o] = (this.relMask[o] as number) | (1 << (r & 31));
    }
    let key = this.fwd.get(o, r);
    if (key < 0) {
      key = this.fwdCount++;
      this.fwd.set(o, r, key);
      this.headUsersets = growInt32(this.headUsersets, this.fwdCount, -1);
      this.headOthers = growInt32(this.headOthers, this.fwdCount, -1);
      this.headUsersets[key] = -1;
      this.headOthers[key] = -1;
    }
    let i = this.exactMap.get(key, u);
    if (i < 0) {
      i = this.count++;
      this.grow(this.count);
      this.obj[i] = o;
      this.rel[i] = r;
      this.user[i] = u;
      this.alive[i] = 1;
      const heads = s.termKind(u) === TERM_USERSET ? this.headUsersets : this.headOthers;
      this.fwdNext[i] = heads[key] as number;
      heads[key] = i;
      this.revNext[i] = this.rev.get(u, r);
      this.rev.set(u, r, i);
      this.exactMap.set(key, u, i);
      this.live++;
    }
    if (t.condition) this.conditions.set(i, { cond: s.internCond(t.condition.name), context: t.condition.context });
    else this.conditions.delete(i);
    if (t.expiresAt !== undefined) this.expiries.set(i, t.expiresAt);
    else this.expiries.delete(i);
  }

  /** Deletes a tuple (matched on object, relation and user); false when it was not there. */
  delete(t: TupleKey): boolean {
    const s = this.symbols;
    const o = s.term(t.object);
    const u = s.term(t.user);
    if (o < 0 || u < 0) return false;
    const r = s.rel(s.termType(o), t.relation);
    const key = r < 0 ? -1 : this.fwd.get(o, r);
    const i = key < 0 ? -1 : this.exactMap.get(key, u);
    if (i < 0) return false;
    // the slot stays in its chains, dead: unlinking singly-linked chains would cost a walk
    this.alive[i] = 0;
    this.exactMap.set(key, u, -1);
    this.conditions.delete(i);
    this.expiries.delete(i);
    this.live--;
    return true;
  }

  private grow(n: number): void {
    if (n <= this.obj.length) return;
    this.obj = growInt32(this.obj, n);
    this.rel = growInt32(this.rel, n);
    this.user = growInt32(this.user, n);
    this.fwdNext = growInt32(this.fwdNext, n);
    this.revNext = growInt32(this.revNext, n);
    this.alive = growUint8(this.alive, n);
  }

  /** Forward key of (object term, relation), or -1. */
  forwardKey(o: number, r: number): number {
    if (o < LOCAL_BASE && ((o >= this.relMask.length ? 0 : (this.relMask[o] as number)) & (1 << (r & 31))) === 0) return -1;
    return this.fwd.get(o, r);
  }

  /** The live tuple (object, relation, user), or -1. */
  exact(key: number, u: number): number {
    return key < 0 ? -1 : this.exactMap.get(key, u);
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
    const t: TupleKey = { object: s.termName(this.obj[i] as number), relation: s.relName(this.rel[i] as number), user: s.termName(this.user[i] as number) };
    const c = this.conditions.get(i);
    if (c) t.condition = c.context ? { name: s.condName(c.cond), context: c.context } : { name: s.condName(c.cond) };
    const e = this.expiries.get(i);
    if (e !== undefined) t.expiresAt = e;
    return t;
  }

  /** Every live tuple, in insertion order. */
  *tuples(): IterableIterator<TupleKey> {
    for (let i = 0; i < this.count; i++) if (this.alive[i] === 1) yield this.tupleKey(i);
  }

  /** Approximate heap bytes held by this index. */
  bytesEstimate(): number {
    const columns = this.relMask.byteLength + this.obj.byteLength + this.rel.byteLength + this.user.byteLength + this.fwdNext.byteLength + this.revNext.byteLength + this.alive.byteLength;
    const heads = this.headUsersets.byteLength + this.headOthers.byteLength;
    const maps = this.fwd.bytes + this.exactMap.bytes + this.rev.bytes;
    const sparse = (this.conditions.size + this.expiries.size) * 64;
    return columns + heads + maps + sparse + this.symbols.bytes;
  }
}
