/**
 * Which store a credential (a session, an API key — by hash) used last in this isolate: a hint
 * for its next lookup, which then reads in the same statement what this isolate's copy of that
 * store is missing (the change log after its snapshot) and leaves out what it holds (the model's
 * text). A wrong or missing hint costs a read, never a wrong answer: the delta of another store
 * is dropped (`sinceDelta`), and a model's text is left out only for the model the store names.
 */
import type { Since } from '../../db/authz/state.ts';
import { knownModelOf } from './model-cache.ts';
import { getSnapshot } from './snapshots.ts';

export class StoreHints {
  private readonly stores = new Map<string, string>();

  constructor(private readonly max = 10_000) {}

  /** The credential used `storeId` (the oldest hint goes when there are `max`). */
  note(credential: string, storeId: string): void {
    if (this.stores.get(credential) === storeId) return;
    if (this.stores.size >= this.max) this.stores.delete(this.stores.keys().next().value!);
    this.stores.set(credential, storeId);
  }

  /** What this isolate holds of the credential's hinted store, or undefined without a hint. */
  since(credential: string): Since | undefined {
    const storeId = this.stores.get(credential);
    return storeId ? { storeId, afterSeq: getSnapshot(storeId)?.seq, knownModelId: knownModelOf(storeId) } : undefined;
  }
}
