/**
 * One HTTP request of the mixed load: a timeout, the failure classes the load counts, and the
 * `wrangler dev` reload rule of the HTTP section (tests/bench/sections/http/clients.ts): a
 * request cut because someone edited worker/ (503 "restarted mid-request") is sent again once
 * and counted as a restart. Every write the load sends is safe to send twice.
 */
import type { Failure, LoadStats } from './stats.ts';

export const TIMEOUT_MS = 30_000;

/** A request that got no usable answer: its failure class and what happened. */
export class RequestFailed extends Error {
  constructor(
    readonly failure: Failure,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface Answer {
  status: number;
  text: string;
}

/**
 * Sends `init()` (called again for the one retry, so an edge request can take a fresh key) and
 * returns a 2xx answer; throws RequestFailed for a 4xx/5xx, a network error or a timeout.
 */
export async function send(stats: LoadStats, url: string, init: () => RequestInit): Promise<Answer> {
  for (let attempt = 0; ; attempt++) {
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, { ...init(), signal: AbortSignal.timeout(TIMEOUT_MS) });
      text = await response.text();
    } catch (e) {
      const error = e as Error;
      if (error.name === 'TimeoutError')
        throw new RequestFailed('timeout', `no answer within ${TIMEOUT_MS / 1000} s: ${url}`);
      throw new RequestFailed(
        'network',
        `${url}: ${error.message}${error.cause ? ` (${(error.cause as Error).message ?? error.cause})` : ''}`,
      );
    }
    if (response.status === 503 && attempt === 0 && text.includes('restarted mid-request')) {
      stats.restarts++;
      continue;
    }
    if (response.status >= 200 && response.status < 300) return { status: response.status, text };
    throw new RequestFailed(
      response.status >= 500 ? '5xx' : '4xx',
      `${init().method ?? 'GET'} ${new URL(url).pathname}: ${response.status} ${text.slice(0, 200)}`,
      response.status,
    );
  }
}

/**
 * Issued API keys, each used for at most `budget` requests in the whole run, so that no key can
 * reach the per-key limit (API_RATE_LIMIT: 1,000 per 60 s) however fast the run goes: a 429
 * would then be a real refusal, and it is counted as a failure, not hidden.
 */
export class KeyPool {
  private used = 0;
  constructor(
    readonly keys: string[],
    readonly budget: number,
  ) {}

  take(): string {
    const key = this.keys[Math.floor(this.used++ / this.budget)];
    if (key === undefined)
      throw new RequestFailed(
        'network',
        `bench: all ${this.keys.length} API keys used ${this.budget} times (issue more)`,
      );
    return key;
  }

  get taken(): number {
    return this.used;
  }
}
