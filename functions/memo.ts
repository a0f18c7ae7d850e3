/**
 * The per-request memo of (object, relation) → result, as a generation-stamped open-addressing
 * table: starting a request is one increment (no clearing, no allocation), and a lookup is a
 * couple of typed-array reads instead of a Map probe on a boxed key. One table is reused by
 * whichever evaluator ran last; an evaluator that finds the table taken starts a fresh
 * generation, so sharing can cost speed but never correctness.
 */
export class MemoTable {
  private objs: Int32Array;
  private rels: Int32Array;
  private vals: Int32Array;
  private stamps: Int32Array;
  private mask: number;
  private gen = 0;
  private used = 0;
  owner: object | null = null;

  constructor(capacity = 1024) {
    this.objs = new Int32Array(capacity);
    this.rels = new Int32Array(capacity);
    this.vals = new Int32Array(capacity);
    this.stamps = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  /** Starts an empty memo for `owner`. */
  begin(owner: object): void {
    this.owner = owner;
    this.used = 0;
    if (++this.gen === 0x7fffffff) {
      this.stamps.fill(0);
      this.gen = 1;
    }
  }

  private slot(o: number, r: number): number {
    let h = Math.imul(o ^ Math.imul(r, 0x9e3779b1), 0x85ebca77);
    h ^= h >>> 13;
    let i = h & this.mask;
    const g = this.gen;
    for (;;) {
      if (this.stamps[i] !== g || (this.objs[i] === o && this.rels[i] === r)) return i;
      i = (i + 1) & this.mask;
    }
  }

  /** The value stored for (o, r), or -1. */
  get(o: number, r: number): number {
    const i = this.slot(o, r);
    return this.stamps[i] === this.gen ? (this.vals[i] as number) : -1;
  }

  /** Slot of the last claim, valid while `version` is unchanged. */
  last = 0;
  /** Bumped when the table grows (slots move). */
  version = 0;

  /**
   * The value stored for (o, r); when there is none, stores `v` and returns -1 (one probe
   * instead of a get and a set). `last` then names the slot, for `write`.
   */
  claim(o: number, r: number, v: number): number {
    let i = this.slot(o, r);
    if (this.stamps[i] === this.gen) {
      const have = this.vals[i] as number;
      if (have !== -1) return have;
    } else {
      if ((this.used + 1) * 2 > this.mask + 1) {
        this.grow();
        i = this.slot(o, r);
      }
      this.used++;
      this.stamps[i] = this.gen;
      this.objs[i] = o;
      this.rels[i] = r;
    }
    this.vals[i] = v;
    this.last = i;
    return -1;
  }

  /** Overwrites a slot returned by `claim` (if the table has not grown since). */
  write(slot: number, version: number, o: number, r: number, v: number): void {
    if (version === this.version) this.vals[slot] = v;
    else this.set(o, r, v);
  }

  /** Stores a value (-1 erases, leaving the slot claimed so probing stays valid). */
  set(o: number, r: number, v: number): void {
    const i = this.slot(o, r);
    if (this.stamps[i] !== this.gen) {
      if ((this.used + 1) * 2 > this.mask + 1) {
        this.grow();
        this.set(o, r, v);
        return;
      }
      this.used++;
      this.stamps[i] = this.gen;
      this.objs[i] = o;
      this.rels[i] = r;
    }
    this.vals[i] = v;
  }

  private grow(): void {
    const { objs, rels, vals, stamps, gen } = this;
    const cap = (this.mask + 1) * 2;
    this.objs = new Int32Array(cap);
    this.rels = new Int32Array(cap);
    this.vals = new Int32Array(cap);
    this.stamps = new Int32Array(cap);
    this.mask = cap - 1;
    this.used = 0;
    this.version++;
    for (let i = 0; i < stamps.length; i++)
      if (stamps[i] === gen) this.set(objs[i] as number, rels[i] as number, vals[i] as number);
  }
}

/** Scratch shared by evaluators that run one after another (evaluation never awaits). */
export const sharedMemo = new MemoTable();
