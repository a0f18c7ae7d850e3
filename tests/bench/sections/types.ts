/** What every bench section receives from run.ts. */
export interface BenchContext {
  /** Target tuple counts, e.g. [10_000, 100_000, 1_000_000]. */
  scales: number[];
  seed: number;
  /** Questions per set (random and biased): docs/bench.md says 10,000. */
  questionsPerSet: number;
  /** How many questions Cedar is timed on per scale (all are asked of it for agreement). */
  cedarTimed: number;
  /** The mixed-load section: `--load-requests`, `--load-concurrency`, `--load-servers`, `--load-seconds`. */
  load: { requests: number; concurrency: number; servers: string[]; seconds: number };
  /** `--smoke`: every section at a tiny scale and a few requests per cell, to prove it still runs. */
  smoke: boolean;
  /** `--rtt N`: milliseconds added to every database round trip of the servers started (0 = none). */
  rtt: number;
  log: (line: string) => void;
  /** Prints the section's table (every section prints at least one; run.ts checks). */
  table: (text: string) => void;
  /** A failure that makes the run exit non-zero (a disagreement, a server that did not start, …). */
  problem: (message: string) => void;
}

/** One part of the benchmark (engine, HTTP, day sheet, …), selected with `--only <name>`. */
export interface Section {
  name: string;
  summary: string;
  run(ctx: BenchContext): Promise<void>;
}
