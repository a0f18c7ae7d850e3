/**
 * "Who" questions for the workspace's store — the direct entries of a relation (expand) and
 * every person holding a relation (list users) — at the store's current revision and the
 * server's clock, like the request's authorizer. Used by "manage access" (R22) and the
 * included lists of threads (R19).
 */
import { expand, listUsers } from '../../functions/index.ts';
import type { KnownState } from '../authz/load.ts';
import { viewOf, type AuthzSource } from '../authz/authorizer.ts';

export type Who = {
  /** The tuple users written on `object#relation` (`user:u`, `group:g#member`, …). */
  direct(object: string, relation: string): Promise<string[]>;
  /** Ids of people holding `relation` on `object`, decided like check. */
  people(object: string, relation: string): Promise<string[]>;
};

/**
 * `known`: the state read with the session (issue 17), so no round trip of its own when the
 * snapshot is current — only for reads: a write request asks after its own write, which must
 * read the store again (the route layer decides: worker/middleware/workspace-values.ts `whoFor`).
 */
export function whoIn(source: AuthzSource, storeId: string, known?: KnownState): Who {
  const view = viewOf(source, storeId, known);
  const { now } = source;
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
