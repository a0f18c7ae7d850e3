/**
 * Compiled models per isolate, keyed by model id. Models are immutable, so a cached entry can
 * never be stale; the bound only limits memory (least recently used goes first).
 */
import { compileModel, type AuthorizationModel, type CompiledModel } from '../../functions/index.ts';
import { findModel } from '../../db/authz/models.ts';
import type { Db } from '../../db/store.ts';

const MAX_MODELS = 64;
const compiled = new Map<string, CompiledModel>();
/** The model each store used last in this isolate (a hint: the id is only handed out while compiled). */
const byStore = new Map<string, string>();

/** The compiled model `id`, compiling `json` (the stored model text or object) on a miss. */
export function compiledModel(id: string, json: unknown): CompiledModel {
  let model = compiled.get(id);
  if (model) {
    compiled.delete(id);
  } else {
    const parsed = (typeof json === 'string' ? JSON.parse(json) : json) as AuthorizationModel;
    model = compileModel({ ...parsed, id });
    if (compiled.size >= MAX_MODELS) compiled.delete(compiled.keys().next().value as string);
  }
  compiled.set(id, model);
  return model;
}

/**
 * The model this isolate holds compiled for `storeId` (the one it used last), or undefined: a
 * state read given it leaves that model's text out (db/authz/state.ts `modelTextUnless`).
 */
export function knownModelOf(storeId: string): string | undefined {
  const id = byStore.get(storeId);
  return id !== undefined && compiled.has(id) ? id : undefined;
}

/**
 * The compiled model a state names. Its text is absent when the read was told this isolate holds
 * it (`knownModelOf`); should it have left the cache since (64 models later), it is read by id —
 * one more round trip, never a wrong model (an id names one immutable model).
 */
export async function modelOfState(
  db: Db,
  state: { storeId: string; modelId: string; modelJson: string | null },
): Promise<CompiledModel> {
  const stored =
    state.modelJson ??
    (compiled.has(state.modelId) ? null : (await findModel(db, state.storeId, state.modelId))?.model);
  if ((stored === null || stored === undefined) && !compiled.has(state.modelId))
    throw new Error(`model ${state.modelId} was not found`);
  const model = compiledModel(state.modelId, stored);
  if (byStore.size >= 10_000 && !byStore.has(state.storeId)) byStore.delete(byStore.keys().next().value as string);
  byStore.set(state.storeId, state.modelId);
  return model;
}
