/** explain: not implemented yet (API fixed so other code can be written against it). */
import type { CompiledModel } from './compile.ts';
import type { TupleSource } from './source.ts';
import type { CheckRequest, Explanation } from './types.ts';
import { engineError } from './errors.ts';

export function explain(_model: CompiledModel, _source: TupleSource, _req: CheckRequest): Explanation {
  return { error: engineError('validation_error', 'not implemented') } as unknown as Explanation;
}
