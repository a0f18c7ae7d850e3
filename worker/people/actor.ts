import type { Context } from 'hono';
import { ApiError } from '../errors.ts';
import type { WorkspaceEnv } from '../workspace/context.ts';
import type { Actor } from './escalation.ts';

/** The signed-in person as a granter (R9). "View as" is read-only, so it never grants. */
export function actorOf(c: Context<WorkspaceEnv>): Actor {
  if (c.get('viewingAs')) throw new ApiError('forbidden', '"view as" is read-only');
  const p = c.get('person');
  return { id: p.id, level: p.level, outletId: p.outletId, workspaceId: c.get('workspace').id, authz: c.get('authz') };
}
