/** The fetching source: placeholder until implemented; the API is fixed. */
import { MemoryTupleIndex } from './memory-index.ts';
import type { TupleSource } from './source.ts';
import type { FetchKey, FetchTuples } from './types.ts';

export class FetchingTupleSource implements TupleSource {
  readonly loaded = new MemoryTupleIndex();
  readonly complete = false;
  readonly missing: FetchKey[] = [];
  constructor(readonly fetch: FetchTuples) {}
  wantForward(_o: number, _r: number): boolean {
    return false;
  }
  wantReverse(_u: number, _r: number): boolean {
    return false;
  }
}

export async function withFetching<T>(source: FetchingTupleSource, run: () => T): Promise<{ value: T; rounds: number }> {
  return { value: run(), rounds: source.missing.length };
}
