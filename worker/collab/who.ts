/**
 * "Who" questions for the workspace's store — the direct entries of a relation (expand) and
 * every person holding a relation (list users) — at the store's current revision and the
 * server's clock, like the request's authorizer. Used by "manage access" (R22) and the
 * included lists of threads (R19).
 */
import type { Context } from 'hono';
import { expand, listUsers } from '../../functions/index.ts';
import { backgroundOf, loadStoreView } from '../authz/load.ts';
import type { WorkspaceEnv } from '../workspace/context.ts';

export type Who = {
  /** The tuple users written on `object#relation` (`user:u`, `group:g#member`, …). */
  direct(object: string, relation: string): Promise<string[]>;
  /** Ids of people holding `relation` on `object`, decided like check. */
  people(object: string, relation: string): Promise<string[]>;
};

export function whoFor(c: Context<WorkspaceEnv>): Who {
  const storeId = c.get('workspace').storeId;
  // the state read with the session (issue 17): no round trip of its own when the snapshot is current.
  // Only for reads: a write request asks after its own write, which must read the store again.
  const known = ['GET', 'HEAD'].includes(c.req.method) ? c.get('sessionRead')?.state : undefined;
  const view = loadStoreView(
    c.get('store'),
    c.get('store').meter,
    storeId,
    {
      snapshotMaxTuples: c.env?.LAMINATE_SNAPSHOT_MAX_TUPLES,
      consistencyToken: c.req.header('laminate-consistency-token'),
      background: backgroundOf(c),
    },
    known?.storeId === storeId ? known : undefined,
  );
  const now = Date.now();
  const context = { current_time: new Date(now).toISOString() };
  return {
    async direct(object, relation) {
      const v = await view;
      const result = await v.evaluate((source) => expand(v.model, source, { object, relation, now }));
      if (result.error) throw new Error(`expand failed: ${result.error.message}`);
      return result.tree?.root.leaf && 'users' in result.tree.root.leaf ? result.tree.root.leaf.users.users : [];
    },
    async people(object, relation) {
      const v = await view;
      const result = await v.evaluate((source) =>
        listUsers(v.model, source, { object, relation, userFilters: [{ type: 'user' }], context, now }),
      );
      if (result.error) throw new Error(`list users failed: ${result.error.message}`);
      return result.users.flatMap((u) => ('object' in u ? [u.object.id] : []));
    },
  };
}
