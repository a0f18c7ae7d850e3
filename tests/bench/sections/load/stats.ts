/**
 * What the mixed load counts, per request kind: latencies of answered requests and every way a
 * request can fail. A request "fails" when it gets a 4xx or 5xx, a network error, no answer
 * within the timeout, or an answer that contradicts what it must be (a wrong answer, or a stale
 * decision: allowed after a revocation's response had arrived).
 */
import { percentile } from '../../lib/measure.ts';

export const KINDS = [
  'check',
  'evaluation',
  'list objects',
  'tuple write',
  'revocation',
  'day list',
  'day sheet',
  'workspace list',
  'workspace edit',
] as const;
export type Kind = (typeof KINDS)[number];

export const FAILURES = ['4xx', '5xx', 'network', 'timeout', 'wrong', 'stale'] as const;
export type Failure = (typeof FAILURES)[number];

export class KindStats {
  /** Requests issued (each counted once, a retry after a restart included in it). */
  requests = 0;
  /** Milliseconds of each request answered 2xx. */
  samples: number[] = [];
  failures: Record<Failure, number> = { '4xx': 0, '5xx': 0, network: 0, timeout: 0, wrong: 0, stale: 0 };
  /** 429 answers (also counted in 4xx): the per-key rate limit. */
  rateLimited = 0;
  firstFailure?: string;

  fail(kind: Failure, detail: string): void {
    this.failures[kind]++;
    this.firstFailure ??= `${kind}: ${detail}`;
  }

  latency(): { p50: number; p99: number } {
    const sorted = Float64Array.from(this.samples).sort();
    return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
  }
}

/** Everything one run against one server counted. */
export class LoadStats {
  readonly kinds = new Map<Kind, KindStats>(KINDS.map((k) => [k, new KindStats()]));
  /** Requests cut by a `wrangler dev` reload (503 "restarted mid-request"), retried once. */
  restarts = 0;
  /** Checks, evaluations and lists of a tracked tuple that started after its delete's response. */
  afterRevocation = { schedule: 0, churn: 0 };
  /** Of those, how many said allowed (or listed the object): the stale decisions. */
  staleBy = { schedule: 0, churn: 0 };
  /** Churned grants whose delete answered (the revocations of the tuple writes). */
  churnDeletes = 0;
  /** Answers on a tracked tuple that had to be allowed (written, its delete not yet sent). */
  mustAllow = 0;
  seconds = 0;
  /** Set when the time cap stopped issuing before the planned count. */
  cappedAt?: number;

  of(kind: Kind): KindStats {
    return this.kinds.get(kind)!;
  }

  get requests(): number {
    let n = 0;
    for (const k of this.kinds.values()) n += k.requests;
    return n;
  }

  total(failure: Failure): number {
    let n = 0;
    for (const k of this.kinds.values()) n += k.failures[failure];
    return n;
  }

  get rateLimited(): number {
    let n = 0;
    for (const k of this.kinds.values()) n += k.rateLimited;
    return n;
  }

  /** 2xx latencies of every kind together. */
  overall(): { p50: number; p99: number } {
    const all: number[] = [];
    for (const k of this.kinds.values()) for (const s of k.samples) all.push(s);
    const sorted = Float64Array.from(all).sort();
    return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
  }
}
