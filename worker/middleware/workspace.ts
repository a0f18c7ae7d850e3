/**
 * The workspace's door: the session middleware that sets the workspace, the person and their
 * authorizer, and the helpers through which route handlers hand plain values (store, workspace
 * id, person, authorizer, clock) to the code below them — nothing below the routes takes a
 * Hono `Context` (tests/unit/worker/context-boundary.test.ts).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { and, eq } from 'drizzle-orm';
import type { workspaces } from '../../db/schema.ts';
import { people } from '../../db/schema.ts';
import { ApiError } from '../errors.ts';
import { encodeToken } from '../authz/consistency.ts';
import type { KnownState } from '../authz/load.ts';
import type { AppEnv } from '../env.ts';
import { requireSession, type SessionVariables } from './session.ts';
import { dryRun } from './dry-run.ts';
import { createAuthorizer, intersectAuthorizers, type Authorizer, type AuthzSource } from '../workspace/authorizer.ts';
import { whoIn, type Who } from '../collab/who.ts';
import { freshAuthz as freshAuthorizer } from '../collab/fresh.ts';
import { granter } from '../people/actor.ts';
import type { Actor } from '../people/escalation.ts';
import { backgroundOf } from './db-request.ts';

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
        c.header('Laminate-Consistency-Token', encodeToken(row.storeId, state.revision, c.get('store').bookmark()));
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

/** What an authorizer reads, from this request: its store, settings, consistency token and the clock. */
export function authzSource(c: Context<WorkspaceEnv>, now = Date.now()): AuthzSource {
  return {
    store: c.get('store'),
    snapshotMaxTuples: c.env?.LAMINATE_SNAPSHOT_MAX_TUPLES,
    background: backgroundOf(c),
    consistencyToken: c.req.header('laminate-consistency-token'),
    now,
  };
}

/**
 * The store's state read with the session (issue 17), for reads only: a write request asks
 * after its own write, which must read the store again.
 */
export function readState(c: Context<WorkspaceEnv>): KnownState | undefined {
  return ['GET', 'HEAD'].includes(c.req.method) ? c.get('sessionRead')?.state : undefined;
}

/** An authorizer for `personId` in this request's workspace (`state`: read by the caller already). */
export const authorizerFor = (c: Context<WorkspaceEnv>, personId: string, state?: KnownState): Authorizer =>
  createAuthorizer(authzSource(c), c.get('workspace').storeId, personId, state);

/** "Who" questions about this request's workspace (worker/collab/who.ts). */
export const whoFor = (c: Context<WorkspaceEnv>): Who =>
  whoIn(authzSource(c), c.get('workspace').storeId, readState(c));

/** An authorizer of the signed-in person that reads the store again (after this request's own write). */
export const freshAuthz = (c: Context<WorkspaceEnv>): Authorizer =>
  freshAuthorizer(authzSource(c), c.get('workspace').storeId, c.get('person').id);

/** The signed-in person as a granter (R9); refused while viewing as someone else. */
export const actorOf = (c: Context<WorkspaceEnv>): Actor =>
  granter(c.get('person'), c.get('workspace').id, c.get('authz'), c.get('viewingAs'));
