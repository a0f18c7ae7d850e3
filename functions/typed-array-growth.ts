/** Typed-array growth by doubling: amortised O(1) appends without per-element objects. */
export function growInt32(a: Int32Array<ArrayBuffer>, need: number, fill = 0): Int32Array<ArrayBuffer> {
  if (need <= a.length) return a;
  let len = Math.max(16, a.length);
  while (len < need) len *= 2;
  const b = new Int32Array(len);
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}
