/**
 * Counts the database round trips of one request (a `store.batch` of several statements is one)
 * and their time, for the `Server-Timing` and `Laminate-DB-Round-Trips` response headers: the
 * consistency design promises at most two for a check in the common case, and tests hold it.
 */
export class RoundTrips {
  count = 0;
  ms = 0;
  /**
   * Time spent outside the database, by phase (ms): `snapshot` = building, loading (decoding)
   * or catching up a tuple snapshot, CPU only (its database reads are in `ms`). For the
   * `Server-Timing` header.
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

  /** Runs one round trip and counts it. */
  async run<T>(work: Promise<T>): Promise<T> {
    const start = performance.now();
    this.count++;
    try {
      return await work;
    } finally {
      this.ms += performance.now() - start;
    }
  }

  serverTiming(): string {
    return `db;desc="${this.count} round trips";dur=${this.ms.toFixed(1)}`;
  }
}
