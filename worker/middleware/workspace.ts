import type { MiddlewareHandler } from 'hono';
import { and, eq } from 'drizzle-orm';
import type { workspaces } from '../../db/identity/schema.ts';
import { people } from '../../db/identity/schema.ts';
import { ApiError } from '../errors.ts';
import { encodeToken } from '../authz/consistency.ts';
import type { AppEnv } from '../env.ts';
import { requireSession, type SessionVariables } from './session.ts';
import { dryRun } from './dry-run.ts';
import { createAuthorizer, intersectAuthorizers, type Authorizer } from '../authz/authorizer.ts';
import { authzSource } from './workspace-values.ts';
import { setAnswerHeader } from './answer-headers.ts';

export type Workspace = typeof workspaces.$inferSelect & { storeId: string };
export type WorkspaceVariables = SessionVariables & {
  workspace: Workspace;
  /** Decides for the person whose view this request shows (the viewer, or whom they view as). */
  authz: Authorizer;
  /** Set when an admin views the workspace as someone else (read-only). */
  viewingAs?: { id: string; name: string };
};
export type WorkspaceEnv = AppEnv & { Variables: WorkspaceVariables };

/** `View-As: <person id>`: an admin sees exactly what that person sees, and changes nothing. */
export const VIEW_AS_HEADER = 'view-as';

// What handlers hand to the code below them (nothing below the routes takes a Context):
export { actorOf, authorizerFor, freshAuthz, whoFor } from './workspace-values.ts';

/**
 * The signed-in person's workspace and an authorizer. Every `/api` route of the workspace runs
 * behind this: the workspace comes from the session, never from the request, so ids of another
 * workspace are simply not found (R1).
 *
 * "View as" needs `can_manage_people` (R9: seeing others' access is for those who manage
 * people), only reads, only people of the same workspace, and shows what they see limited to
 * what the viewer may see — never more than the viewer holds.
 */
export const workspaceSession = (): MiddlewareHandler<WorkspaceEnv>[] => [
  requireSession() as unknown as MiddlewareHandler<WorkspaceEnv>,
  async (c, next) => {
    const person = c.get('person');
    const db = c.get('store').db;
    // read with the session, in its round trip (worker/auth/session.ts)
    const { workspace: row, state } = c.get('sessionRead');
    if (!row?.storeId) throw new ApiError('not_found', 'this workspace has no authorization store');
    c.set('workspace', row as Workspace);
    const own = createAuthorizer(authzSource(c), row.storeId, person.id, state);
    const target = c.req.header(VIEW_AS_HEADER);
    if (!target || target === person.id) {
      c.set('authz', own);
      await next();
      // Every write answers a consistency token: on D1 it carries the session's bookmark after the
      // write, so a read that sends it back starts at a replica that has the write (docs/edge-api.md).
      if (!['GET', 'HEAD', 'OPTIONS'].includes(c.req.method) && c.res.status < 400 && state)
        setAnswerHeader(
          c,
          'Laminate-Consistency-Token',
          encodeToken(row.storeId, state.revision, c.get('store').bookmark()),
        );
      return;
    }
    if (!(await own.can('can_manage_people', `workspace:${row.id}`)))
      throw new ApiError('forbidden', 'viewing as someone else needs the permission to manage people');
    if (!['GET', 'HEAD'].includes(c.req.method)) throw new ApiError('forbidden', '"view as" is read-only');
    const [other] = await db
      .select({ id: people.id, name: people.name })
      .from(people)
      .where(and(eq(people.id, target), eq(people.workspaceId, row.id)));
    if (!other) throw new ApiError('not_found', `person \`${target}\` not found`, { field: VIEW_AS_HEADER });
    c.set('viewingAs', other);
    c.set('authz', intersectAuthorizers(createAuthorizer(authzSource(c), row.storeId, other.id, state), own));
    c.header('View-As', other.id);
    await next();
  },
  dryRun,
];
