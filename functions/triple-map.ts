/**
 * An open-addressing hash map from a triple of non-negative int32 keys to an int32 value, in one
 * Int32Array (16 bytes a slot). The index keeps only long forward chains here (see
 * memory-index.ts), so it stays small. Keys are never removed (values are set to -1).
 */
export class TripleMap {
  private slots: Int32Array;
  private mask: number;
  size = 0;

  constructor() {
    this.slots = new Int32Array(16 * 4).fill(-1);
    this.mask = 15;
  }

  private static hash(a: number, b: number, c: number): number {
    let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77) ^ Math.imul(c + 0x165667b1, 0xc2b2ae3d);
    h ^= h >>> 15;
    return Math.imul(h, 0x2c1b3c6d) ^ (h >>> 13);
  }

  /** The value for (a, b, c), or -1. */
  get(a: number, b: number, c: number): number {
    const s = this.slots;
    let i = TripleMap.hash(a, b, c) & this.mask;
    for (;;) {
      const k = i << 2;
      const ka = s[k] as number;
      if (ka === -1) return -1;
      if (ka === a && s[k + 1] === b && s[k + 2] === c) return s[k + 3] as number;
      i = (i + 1) & this.mask;
    }
  }

  set(a: number, b: number, c: number, value: number): void {
    if ((this.size + 1) * 4 > (this.mask + 1) * 3) this.grow();
    const s = this.slots;
    let i = TripleMap.hash(a, b, c) & this.mask;
    for (;;) {
      const k = i << 2;
      const ka = s[k] as number;
      if (ka === -1) {
        s[k] = a;
        s[k + 1] = b;
        s[k + 2] = c;
        s[k + 3] = value;
        this.size++;
        return;
      }
      if (ka === a && s[k + 1] === b && s[k + 2] === c) {
        s[k + 3] = value;
        return;
      }
      i = (i + 1) & this.mask;
    }
  }

  private grow(): void {
    const old = this.slots;
    const cap = (this.mask + 1) * 2;
    this.slots = new Int32Array(cap * 4).fill(-1);
    this.mask = cap - 1;
    this.size = 0;
    for (let k = 0; k < old.length; k += 4)
      if (old[k] !== -1) this.set(old[k] as number, old[k + 1] as number, old[k + 2] as number, old[k + 3] as number);
  }

  get bytes(): number {
    return this.slots.byteLength;
  }
}
