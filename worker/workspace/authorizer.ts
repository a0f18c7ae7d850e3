/**
 * Asks the engine about one signed-in person, in their workspace's store, at the store's
 * current revision (R8) and with the server's clock as `current_time` (R4). Every workspace
 * read and write goes through here: handlers never decide access themselves.
 */
import type { Context } from 'hono';
import { batchCheck, check, explain, listObjects, type Explanation } from '../../functions/index.ts';
import { backgroundOf, loadStoreView, type AuthzView, type KnownState } from '../authz/load.ts';
import type { AppEnv } from '../env.ts';

export type Authorizer = {
  readonly personId: string;
  /** May the person hold `relation` on `object` (`type:id`)? */
  can(relation: string, object: string): Promise<boolean>;
  /** Many questions at once, answered in order. */
  canAll(questions: readonly (readonly [relation: string, object: string])[]): Promise<boolean[]>;
  /** Ids (without the type) of every `type` object on which the person holds `relation`. */
  list(type: string, relation: string): Promise<string[]>;
  /** Why the answer is what it is (for "Why?" and tests). */
  explain(relation: string, object: string, personId?: string): Promise<Explanation>;
};

/** `known`: the store's state read with the session (no round trip of its own, issue 17). */
export function createAuthorizer(
  c: Context<AppEnv>,
  storeId: string,
  personId: string,
  known?: KnownState,
): Authorizer {
  let view: Promise<AuthzView> | undefined;
  const now = Date.now();
  const context = { current_time: new Date(now).toISOString() };
  const user = `user:${personId}`;
  const load = () =>
    (view ??= loadStoreView(
      c.get('store'),
      c.get('store').meter,
      storeId,
      {
        snapshotMaxTuples: c.env?.LAMINATE_SNAPSHOT_MAX_TUPLES,
        consistencyToken: c.req.header('laminate-consistency-token'),
        background: backgroundOf(c),
      },
      known?.storeId === storeId ? known : undefined,
    ));
  return {
    personId,
    async can(relation, object) {
      const v = await load();
      const result = await v.evaluate((source) => check(v.model, source, { user, relation, object, context, now }), {
        checks: [{ object, user }],
      });
      return result.allowed;
    },
    async canAll(questions) {
      if (questions.length === 0) return [];
      const v = await load();
      const checks = questions.map(([relation, object]) => ({ user, relation, object }));
      const result = await v.evaluate((source) => batchCheck(v.model, source, { checks, context, now }), { checks });
      return result.results.map((r) => r.allowed);
    },
    async list(type, relation) {
      const v = await load();
      const result = await v.evaluate(
        (source) => listObjects(v.model, source, { user, relation, type, context, now }),
        { listing: [user] },
      );
      if (result.error) throw new Error(`list objects failed: ${result.error.message}`);
      const prefix = `${type}:`;
      return result.objects.map((o) => o.slice(prefix.length));
    },
    async explain(relation, object, who = personId) {
      const v = await load();
      return v.evaluate((source) => explain(v.model, source, { user: `user:${who}`, relation, object, context, now }));
    },
  };
}

/**
 * "View as" without escalation (R9): what `target` may see, limited to what `viewer` may see.
 * An administrator without the financial permission viewing as the owner still sees no money.
 */
export function intersectAuthorizers(target: Authorizer, viewer: Authorizer): Authorizer {
  return {
    personId: target.personId,
    async can(relation, object) {
      const [a, b] = await Promise.all([target.can(relation, object), viewer.can(relation, object)]);
      return a && b;
    },
    async canAll(questions) {
      const [a, b] = await Promise.all([target.canAll(questions), viewer.canAll(questions)]);
      return a.map((allowed, i) => allowed && b[i]!);
    },
    async list(type, relation) {
      const [a, b] = await Promise.all([target.list(type, relation), viewer.list(type, relation)]);
      const mine = new Set(b);
      return a.filter((id) => mine.has(id));
    },
    explain: (relation, object, who) => target.explain(relation, object, who),
  };
}
