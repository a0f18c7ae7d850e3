/** A bounded request loop: `concurrency` workers, at most `count` requests and `seconds` of issuing. */
import { percentile } from '../../lib/measure.ts';

export interface Run {
  /** Requests that completed without error. */
  count: number;
  errors: number;
  firstError?: string;
  perSecond: number;
  /** Milliseconds, successful requests only. */
  p50: number;
  p99: number;
  seconds: number;
}

export interface Bounds {
  count: number;
  seconds: number;
}

/**
 * Runs `request(i)` for i = 0, 1, … from `concurrency` workers until `count` requests were
 * issued or `seconds` have passed (requests in flight then still finish and count).
 */
export async function pool(
  concurrency: number,
  bounds: Bounds,
  request: (i: number) => Promise<unknown>,
): Promise<Run> {
  const samples: number[] = [];
  let next = 0;
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const deadline = started + bounds.seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bounds.count && performance.now() < deadline) {
        const i = next++;
        const t = performance.now();
        try {
          await request(i);
          samples.push(performance.now() - t);
        } catch (e) {
          errors++;
          firstError ??= e instanceof Error ? e.message : String(e);
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const sorted = Float64Array.from(samples).sort();
  return {
    count: samples.length,
    errors,
    ...(firstError ? { firstError } : {}),
    perSecond: samples.length / seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    seconds,
  };
}
