/**
 * The door's helpers: what route handlers read from a workspace request and hand to the code
 * below them as plain values (store, workspace id, person, authorizer, clock). Nothing below the
 * routes takes a Hono `Context` (tests/unit/worker/context-boundary.test.ts).
 */
import type { Context } from 'hono';
import type { KnownState } from '../authz/load.ts';
import { whoIn, type Who } from '../collaboration/who-has-access.ts';
import { freshAuthz as freshAuthorizer } from '../collaboration/fresh-authorizer.ts';
import { granter } from '../people/actor.ts';
import type { Actor } from '../people/escalation.ts';
import { createAuthorizer, type Authorizer, type AuthzSource } from '../authz/authorizer.ts';
import type { WorkspaceEnv } from './workspace.ts';
import { backgroundOf } from './db-request.ts';

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

/** "Who" questions about this request's workspace (worker/collaboration/who-has-access.ts). */
export const whoFor = (c: Context<WorkspaceEnv>): Who =>
  whoIn(authzSource(c), c.get('workspace').storeId, readState(c));

/** An authorizer of the signed-in person that reads the store again (after this request's own write). */
export const freshAuthz = (c: Context<WorkspaceEnv>): Authorizer =>
  freshAuthorizer(authzSource(c), c.get('workspace').storeId, c.get('person').id);

/** The signed-in person as a granter (R9); refused while viewing as someone else. */
export const actorOf = (c: Context<WorkspaceEnv>): Actor =>
  granter(c.get('person'), c.get('workspace').id, c.get('authz'), c.get('viewingAs'));
