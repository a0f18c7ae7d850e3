/** Timing and memory helpers for the bench (run with `--expose-gc`; run.ts re-spawns itself so). */

/** The p-th percentile (0..100) of samples, by nearest rank. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}

export interface Latency {
  p50: number;
  p99: number;
  /** Calls per second over a loop without per-call timers. */
  perSecond: number;
  samples: number;
}

/**
 * Times `call(i)` for i in [0, count): once per call for p50/p99 (µs), over `rounds` rounds, and
 * once more as a bare loop for throughput. Callers warm up first (the agreement pass does).
 */
export function measureLatency(count: number, call: (i: number) => unknown, rounds = 1): Latency {
  const samples = new Float64Array(count * rounds);
  let k = 0;
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < count; i++) {
      const t = performance.now();
      call(i);
      samples[k++] = (performance.now() - t) * 1000;
    }
  }
  samples.sort();
  const started = performance.now();
  for (let i = 0; i < count; i++) call(i);
  const seconds = (performance.now() - started) / 1000;
  return {
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
    perSecond: count / seconds,
    samples: samples.length,
  };
}

/** The cost of the two performance.now() calls wrapped around each timed call, in µs (p50). */
export function timerOverhead(): number {
  return measureLatency(20_000, () => undefined).p50;
}

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with `node --expose-gc` to measure memory');
  gc();
  gc();
}

/** Heap plus off-heap (typed arrays) bytes, after a full collection. */
export function liveBytes(): number {
  collect();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

/** Builds something and reports how many live bytes it holds once garbage is collected. */
export function measureRetained<T>(build: () => T): { value: T; bytes: number; ms: number } {
  const before = liveBytes();
  const started = performance.now();
  const value = build();
  const ms = performance.now() - started;
  return { value, bytes: liveBytes() - before, ms };
}
