import type { MiddlewareHandler } from 'hono';
import { eq } from 'drizzle-orm';
import { workspaces } from '../../db/schema.ts';
import { ApiError } from '../errors.ts';
import type { AppEnv } from '../env.ts';
import { requireSession, type SessionVariables } from '../middleware/session.ts';
import { createAuthorizer, type Authorizer } from './authorizer.ts';

export type Workspace = typeof workspaces.$inferSelect & { storeId: string };
export type WorkspaceVariables = SessionVariables & { workspace: Workspace; authz: Authorizer };
export type WorkspaceEnv = AppEnv & { Variables: WorkspaceVariables };

/**
 * The signed-in person's workspace and an authorizer for them. Every `/api` route of the
 * workspace runs behind this: the workspace comes from the session, never from the request,
 * so ids of another workspace are simply not found (R1).
 */
export const workspaceSession = (): MiddlewareHandler<WorkspaceEnv>[] => [
  requireSession() as unknown as MiddlewareHandler<WorkspaceEnv>,
  async (c, next) => {
    const person = c.get('person');
    const [row] = await c.get('store').db.select().from(workspaces).where(eq(workspaces.id, person.workspaceId));
    if (!row?.storeId) throw new ApiError('not_found', 'this workspace has no authorization store');
    c.set('workspace', row as Workspace);
    c.set('authz', createAuthorizer(c as never, row.storeId, person.id));
    await next();
  },
];
