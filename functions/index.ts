/**
 * Laminate's authorization engine: OpenFGA semantics as pure functions. Callers load the model
 * and the tuples and pass them in; nothing here does I/O or reads a clock.
 *
 * @example
 * const parsed = parseModel(dsl);
 * if (!parsed.ok) throw new Error(parsed.errors[0]?.message);
 * const model = compileModel(parsed.model);
 * const index = new MemoryTupleIndex();
 * index.add({ object: 'doc:1', relation: 'viewer', user: 'user:anne' });
 * check(model, index, { user: 'user:anne', relation: 'viewer', object: 'doc:1', now: Date.now() });
 */
export type * from './types.ts';
export { ErrorCode } from './types.ts';
export { parseModel, parseModularModel, validateModel } from './parse.ts';
export { compileModel, type CompiledModel } from './compile.ts';
export { MemoryTupleIndex } from './memory-index.ts';
export { CompactTupleIndex } from './compact-index.ts';
export type { TupleSource } from './source.ts';
export { FetchingTupleSource, withFetching } from './fetching-source.ts';
export {
  neighbourhoodPlan,
  neighbourhoodSeeds,
  type NeighbourhoodPlan,
  type NeighbourhoodSeed,
} from './neighbourhood.ts';
export { check, batchCheck } from './check.ts';
export { listObjects, pageOfSorted } from './list-objects.ts';
export { listUsers } from './list-users.ts';
export { expand } from './expand.ts';
export { explain } from './explain.ts';
export { validateTuple } from './request.ts';
