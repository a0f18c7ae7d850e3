/**
 * Compiled models per isolate, keyed by model id. Models are immutable, so a cached entry can
 * never be stale; the bound only limits memory (least recently used goes first).
 */
import { compileModel, type AuthorizationModel, type CompiledModel } from '../../functions/index.ts';

const MAX_MODELS = 64;
const compiled = new Map<string, CompiledModel>();

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
