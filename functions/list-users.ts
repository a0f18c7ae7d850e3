/** listUsers: not implemented yet (API fixed so other code can be written against it). */
import type { CompiledModel } from './compile.ts';
import type { TupleSource } from './source.ts';
import type { ListUsersRequest, ListUsersResult } from './types.ts';
import { engineError } from './errors.ts';

export function listUsers(_model: CompiledModel, _source: TupleSource, _req: ListUsersRequest): ListUsersResult {
  return { error: engineError('validation_error', 'not implemented') } as unknown as ListUsersResult;
}
