import { ApiError } from '../errors.ts';
import type { Relation } from '../../model/relations.ts';
import type { Authorizer } from './authorizer.ts';

/**
 * Resolves a record the reader must be able to see, and a further permission on it. Not
 * seeing it is a 404 (no probing, R1); seeing it without the permission is a 403.
 */
export async function requireOn(
  authz: Authorizer,
  object: string,
  relation: Relation,
  what: string,
  denied: string,
): Promise<void> {
  const [visible, allowed] = await authz.canAll([
    ['can_view', object],
    [relation, object],
  ]);
  if (!visible) throw new ApiError('not_found', `${what} not found`);
  if (!allowed) throw new ApiError('forbidden', denied);
}
