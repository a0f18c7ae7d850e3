/**
 * Counts the database round trips of one request and their time, for the `Server-Timing` and
 * `Laminate-DB-Round-Trips` response headers. The store adapter (db/store.ts) records every call
 * it sends to D1 or libSQL — a `batch` of several statements is one — so nothing a handler, a
 * repository or the engine's fetching source does can escape the count.
 */
export class RoundTrips {
  /** Round trips sent. */
  count = 0;
  /** Milliseconds spent waiting for them (summed: two in parallel count twice). */
  ms = 0;
  /** Milliseconds spent in the engine (evaluations, minus the round trips they made). */
  engineMs = 0;
  /** When the request started (for `total`). */
  readonly startedAt = performance.now();
  /**
   * Time spent outside the database, by phase (ms): `snapshot` = building, loading (decoding)
   * or catching up a tuple snapshot, CPU only (its database reads are in `ms`).
   */
  readonly phases = new Map<string, number>();

  /** Runs synchronous work and adds its time to `phase`. */
  timed<T>(phase: string, work: () => T): T {
    const start = performance.now();
    try {
      return work();
    } finally {
      this.phases.set(phase, (this.phases.get(phase) ?? 0) + performance.now() - start);
    }
  }

  /** Called by the store adapter around every call it sends. */
  record(ms: number): void {
    this.count++;
    this.ms += ms;
  }

  /**
   * Kept for callers written before the adapter counted: awaits `work` and counts nothing
   * (the adapter already counts the round trip `work` sends).
   */
  async run<T>(work: Promise<T>): Promise<T> {
    return work;
  }

  /** Times an engine call, less the round trips made inside it. */
  async engine<T>(work: () => Promise<T>): Promise<T> {
    const start = performance.now();
    const dbBefore = this.ms;
    try {
      return await work();
    } finally {
      this.engineMs += Math.max(0, performance.now() - start - (this.ms - dbBefore));
    }
  }

  /** `Server-Timing` (W3C): db (with the count), engine, any phases (snapshot) and total, durations in milliseconds. */
  serverTiming(now = performance.now()): string {
    return [
      `db;desc="${this.count} round trips";dur=${this.ms.toFixed(2)}`,
      `engine;dur=${this.engineMs.toFixed(2)}`,
      ...[...this.phases].map(([phase, ms]) => `${phase};dur=${ms.toFixed(2)}`),
      `total;dur=${(now - this.startedAt).toFixed(2)}`,
    ].join(', ');
  }
}
