import { ApiError } from '../errors.ts';
import type { Authorizer } from '../authz/authorizer.ts';
import type { Actor } from './escalation.ts';

/**
 * The signed-in person as a granter (R9). "View as" is read-only, so it never grants:
 * `viewingAs` set refuses.
 */
export function granter(
  person: { id: string; level: Actor['level']; outletId: Actor['outletId'] },
  workspaceId: string,
  authz: Authorizer,
  viewingAs?: unknown,
): Actor {
  if (viewingAs) throw new ApiError('forbidden', '"view as" is read-only');
  return { id: person.id, level: person.level, outletId: person.outletId, workspaceId, authz };
}
