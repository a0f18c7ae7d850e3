/**
 * An open-addressing hash map from a pair of non-negative int32 keys to an int32 value, kept in
 * one Int32Array: about 12 bytes a slot instead of the ~80 a JS Map entry with a composite
 * string key costs, and no allocation on lookup. Keys are never removed (the index marks
 * values dead instead), which keeps probing simple.
 */
export class PairMap {
  private slots: Int32Array;
  private mask: number;
  size = 0;

  constructor(capacity = 16) {
    let cap = 16;
    while (cap < capacity * 2) cap <<= 1;
    this.slots = new Int32Array(cap * 3).fill(-1);
    this.mask = cap - 1;
  }

  private static hash(a: number, b: number): number {
    let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77);
    h ^= h >>> 15;
    return Math.imul(h, 0x2c1b3c6d) ^ (h >>> 13);
  }

  /** The value for (a, b), or -1. */
  get(a: number, b: number): number {
    const s = this.slots;
    let i = PairMap.hash(a, b) & this.mask;
    for (;;) {
      const k = i * 3;
      const ka = s[k] as number;
      if (ka === -1) return -1;
      if (ka === a && s[k + 1] === b) return s[k + 2] as number;
      i = (i + 1) & this.mask;
    }
  }

  set(a: number, b: number, value: number): void {
    if ((this.size + 1) * 4 > (this.mask + 1) * 3) this.grow();
    const s = this.slots;
    let i = PairMap.hash(a, b) & this.mask;
    for (;;) {
      const k = i * 3;
      const ka = s[k] as number;
      if (ka === -1) {
        s[k] = a;
        s[k + 1] = b;
        s[k + 2] = value;
        this.size++;
        return;
      }
      if (ka === a && s[k + 1] === b) {
        s[k + 2] = value;
        return;
      }
      i = (i + 1) & this.mask;
    }
  }

  private grow(): void {
    const old = this.slots;
    const cap = (this.mask + 1) * 2;
    this.slots = new Int32Array(cap * 3).fill(-1);
    this.mask = cap - 1;
    this.size = 0;
    for (let k = 0; k < old.length; k += 3) {
      if (old[k] !== -1) this.set(old[k] as number, old[k + 1] as number, old[k + 2] as number);
    }
  }

  get bytes(): number {
    return this.slots.byteLength;
  }
}
