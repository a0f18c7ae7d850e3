/**
 * Makes a race deterministic: while held, the app's write batches wait for each other, so every
 * request of the race has done its reads before any of them writes. Without it, a runtime may
 * run one request's read and write back to back (Node + libSQL `file:` runs a handler's
 * database calls without yielding to the next request), and a test of two concurrent writers
 * would pass on a JavaScript read-then-check alone. The test files put `pass()` in front of the
 * store's batch (a wrapped D1 binding, or the libSQL client's `batch`).
 */
export class WriteGate {
  private waiting: (() => void)[] = [];
  private expected = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Whether the last hold ended by its time limit (some request never reached its write). */
  timedOut = false;

  /** The next `count` batches wait until all `count` are waiting (or `ms` has passed). */
  hold(count: number, ms = 5000): void {
    this.release();
    this.expected = count;
    this.timedOut = false;
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.release();
    }, ms);
  }

  /** Where a batch waits its turn; at once when nothing is held. */
  pass(): Promise<void> {
    if (this.expected === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      if (this.waiting.length >= this.expected) this.release();
    });
  }

  private release(): void {
    clearTimeout(this.timer);
    this.expected = 0;
    for (const go of this.waiting.splice(0)) go();
  }

  /** `batch` with the gate in front of it. */
  wrap<A extends unknown[], R>(batch: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
    return async (...args) => {
      await this.pass();
      return batch(...args);
    };
  }

  /**
   * `batch` with the gate in front of it when it writes: read-only batches (a workspace request's
   * session read, a day sheet's rows) pass at once, so they do not take a writer's place in the race.
   * `sqlOf` gives a statement's SQL (undefined: unknown, counted as a write).
   */
  wrapWrites<S, R>(
    batch: (statements: S[], ...rest: unknown[]) => Promise<R>,
    sqlOf: (statement: S) => string | undefined,
  ): (statements: S[], ...rest: unknown[]) => Promise<R> {
    return async (statements, ...rest) => {
      if (statements.some((s) => !/^\s*select\s/i.test(sqlOf(s) ?? ''))) await this.pass();
      return batch(statements, ...rest);
    };
  }
}
