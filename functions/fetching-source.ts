/**
 * The fetching source: answers from what it has loaded and records what it lacks. The driver
 * `withFetching` runs an evaluation, fetches every key recorded as missing in ONE call (one SQL
 * query), loads the answer and runs again, until a run misses nothing. Each fetch is a round;
 * the count is returned so a Worker can report its database round trips.
 *
 * Keys (see FetchKey): forward `(objectType, objectId, relation)` (every tuple on that
 * object#relation) and reverse `(objectType, relation, user)` (every tuple of that type and
 * relation whose user is exactly `user`). Both map to one `WHERE (...) IN (VALUES ...)`.
 * Only what a request touches is ever loaded, so a store of millions of tuples is answerable in
 * a 128 MB isolate; create one source per request (it is a per-request cache).
 */
import { MemoryTupleIndex } from './memory-index.ts';
import type { TupleSource } from './source.ts';
import type { FetchKey, FetchTuples } from './types.ts';

export class FetchingTupleSource implements TupleSource {
  readonly loaded = new MemoryTupleIndex();
  readonly complete = false;
  /** Keys asked for but not loaded, by identity, since the last fetch. */
  readonly missing = new Map<string, FetchKey>();
  private readonly have = new Set<string>();

  constructor(readonly fetch: FetchTuples) {}

  wantForward(o: number, r: number): boolean {
    const id = `f${o}:${r}`;
    if (this.have.has(id)) return true;
    if (!this.missing.has(id)) {
      const s = this.loaded.symbols;
      const object = s.termName(o);
      const colon = object.indexOf(':');
      this.missing.set(id, {
        kind: 'forward',
        objectType: object.slice(0, colon),
        objectId: object.slice(colon + 1),
        relation: s.relName(r),
      });
    }
    return false;
  }

  wantReverse(u: number, r: number): boolean {
    const id = `r${u}:${r}`;
    if (this.have.has(id)) return true;
    if (!this.missing.has(id)) {
      const s = this.loaded.symbols;
      this.missing.set(id, {
        kind: 'reverse',
        objectType: s.typeName(s.names.relType[r] as number),
        relation: s.relName(r),
        user: s.termName(u),
      });
    }
    return false;
  }

  /** Fetches every missing key in one call and loads the answer. */
  async fetchMissing(): Promise<void> {
    const batch = [...this.missing];
    this.missing.clear();
    const tuples = await this.fetch(batch.map(([, k]) => k));
    for (const t of tuples) this.loaded.add(t);
    for (const [id] of batch) this.have.add(id);
  }
}

/**
 * Runs `run` (a synchronous engine call over `source`) until it needs nothing more.
 * `complete` is false only when `maxRounds` was reached, and then the value may be wrong.
 * @example
 * const src = new FetchingTupleSource((keys) => store.tuplesFor(keys));
 * const { value, rounds } = await withFetching(src, () => check(model, src, req));
 */
export async function withFetching<T>(
  source: FetchingTupleSource,
  run: () => T,
  maxRounds = 64,
): Promise<{ value: T; rounds: number; complete: boolean }> {
  let rounds = 0;
  for (;;) {
    const value = run();
    if (source.missing.size === 0) return { value, rounds, complete: true };
    if (rounds >= maxRounds) return { value, rounds, complete: false };
    await source.fetchMissing();
    rounds++;
  }
}
