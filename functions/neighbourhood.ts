/**
 * The neighbourhood of a check: the few tuples a check can read, derived from the model, so a
 * store of millions of tuples can answer `may U do r on X?` from ONE query instead of one
 * fetch round per model level (docs/engine.md, "Neighbourhood").
 *
 * A check reads, on each object it visits, the tuples of a relation (forward lookups only) and
 * follows two kinds of edges: tupleset tuples (`viewer from parent`: object → parent) and
 * userset tuples (`[group#member]`: object → group#member). A tuple whose user cannot lead to U
 * contributes nothing: every relation of an object with no U-related tuple evaluates to "no"
 * (union, intersection and exclusion of empty sets are empty). So the tuples that matter are:
 *
 * - **up**: the users that may stand for U — U, U's type wildcard, and `K#rel` / `K` for every
 *   object K of an *upward* type (a type that appears as a userset restriction, closed over the
 *   targets of its tuplesets) holding a tuple whose user is already in up. Recursively.
 * - **visited**: the asked object X and its tupleset ancestors (X → parent → parent …).
 * - the result: every tuple whose user is in up on an object of an upward type, plus every tuple
 *   of a visited object whose user is in up or whose relation is a tupleset.
 *
 * This set is a superset of what check reads that can affect its answer, made of real tuples,
 * so the answer over it equals the answer over the whole store, with two caveats that make the
 * plan refuse (undefined) or the caller fall back to the round-by-round fetching source:
 * - a model with a condition on a userset restriction (`[group#member with c]`): an unrelated
 *   conditioned userset tuple may turn a deny into a missing-parameter error;
 * - contextual tuples (they may add edges the query did not follow) — the caller's check.
 * A walk that would exceed the depth limit only through branches that cannot reach U answers
 * "deny" here, where the full walk reports `authorization_model_resolution_too_complex`.
 */
import type { CompiledModel } from './compile.ts';
import { NO_CONDITION } from './compile.ts';

export type NeighbourhoodPlan = {
  /** [type, relation]: a U-related tuple on an object K of `type` puts `K#relation` in up ('' = K itself). */
  readonly upward: readonly (readonly [string, string])[];
  /** [type, relation]: tupleset relations, followed from a visited object to its parents. */
  readonly tuplesets: readonly (readonly [string, string])[];
  /**
   * For list objects: [type, relation] — a tuple reached on an object O of `type` makes `O#relation`
   * ('' = O itself, for tupleset targets) a user whose tuples are read too (see listing below).
   */
  readonly downward: readonly (readonly [string, string])[];
};

/** One check question (a batch contributes one per item). */
export type NeighbourhoodSeed = { object: string; user: string };

const plans = new WeakMap<CompiledModel, NeighbourhoodPlan | null>();

/** The plan of a model (cached per compiled model); undefined when the model does not allow one. */
export function neighbourhoodPlan(model: CompiledModel): NeighbourhoodPlan | undefined {
  let plan = plans.get(model);
  if (plan === undefined) {
    plan = buildPlan(model);
    plans.set(model, plan);
  }
  return plan ?? undefined;
}

function buildPlan(model: CompiledModel): NeighbourhoodPlan | null {
  const tuplesetRels = new Set<number>();
  const upwardTypes = new Set<number>();
  for (const rel of model.rels) {
    for (const [usersetRel, conditions] of rel.userset) {
      if ([...conditions].some((c) => c !== NO_CONDITION)) return null;
      upwardTypes.add((model.rels[usersetRel] as (typeof model.rels)[number]).type);
    }
    collectTuplesets(rel.rewrite, tuplesetRels);
  }
  // close the upward types over their tupleset targets: `member from parent` on a group
  for (let grown = true; grown; ) {
    grown = false;
    for (const id of tuplesetRels) {
      const ts = model.rels[id] as (typeof model.rels)[number];
      if (!upwardTypes.has(ts.type)) continue;
      ts.plain.forEach((allowed, target) => {
        if (allowed && !upwardTypes.has(target)) {
          upwardTypes.add(target);
          grown = true;
        }
      });
    }
  }
  const usersetTypes = new Set<number>();
  const tuplesetTargets = new Set<number>();
  for (const rel of model.rels)
    for (const usersetRel of rel.userset.keys())
      usersetTypes.add((model.rels[usersetRel] as (typeof model.rels)[number]).type);
  for (const id of tuplesetRels)
    (model.rels[id] as (typeof model.rels)[number]).plain.forEach(
      (allowed, target) => allowed && tuplesetTargets.add(target),
    );
  const pairs = (types: Set<number>, plain: Set<number>, relations: Set<number>): [string, string][] => {
    const out: [string, string][] = [];
    for (const t of [...types].sort((a, b) => a - b)) {
      const type = model.types[t] as string;
      if (plain.has(t)) out.push([type, '']);
      if (relations.has(t)) for (const name of model.relIndex[t]?.keys() ?? []) out.push([type, name]);
    }
    return out;
  };
  const upward = pairs(upwardTypes, upwardTypes, upwardTypes);
  const downward = pairs(new Set([...usersetTypes, ...tuplesetTargets]), tuplesetTargets, usersetTypes);
  const tuplesets = [...tuplesetRels]
    .sort((a, b) => a - b)
    .map((id) => {
      const rel = model.rels[id] as (typeof model.rels)[number];
      return [model.types[rel.type] as string, rel.name] as const;
    });
  return { upward, tuplesets, downward };
}

function collectTuplesets(n: CompiledModel['rels'][number]['rewrite'], out: Set<number>): void {
  switch (n.k) {
    case 'ttu':
      if (n.tupleset >= 0) out.add(n.tupleset);
      return;
    case 'union':
    case 'intersection':
      for (const c of n.children) collectTuplesets(c, out);
      return;
    case 'exclusion':
      collectTuplesets(n.base, out);
      collectTuplesets(n.subtract, out);
      return;
    default:
      return;
  }
}

/**
 * Listing (list objects): the reverse walk from U reads `?#r@u` for users u it reaches — U, its
 * wildcard, `O#r` for objects O of userset types it found, and `O` for tupleset targets (the
 * children of a folder). **down** is that closure over the store; the tuples whose user is in
 * down are everything the walk and the checks of its candidates can read that matters (a
 * candidate's other tuples lead to objects the user cannot reach). Same refusal as for checks.
 *
 * The starting points of the query for some questions: each user as [type, id, relation]
 * (with its type's wildcard when it is a plain subject) and each object as [type, id].
 */
export function neighbourhoodSeeds(questions: readonly NeighbourhoodSeed[]): {
  users: [string, string, string][];
  objects: [string, string][];
} {
  const users = new Map<string, [string, string, string]>();
  const objects = new Map<string, [string, string]>();
  for (const q of questions) {
    const colon = q.user.indexOf(':');
    const hash = q.user.indexOf('#', colon);
    const type = q.user.slice(0, colon);
    const id = q.user.slice(colon + 1, hash < 0 ? undefined : hash);
    const relation = hash < 0 ? '' : q.user.slice(hash + 1);
    users.set(q.user, [type, id, relation]);
    if (relation === '' && id !== '*') users.set(`${type}:*`, [type, '*', '']);
    const oc = q.object.indexOf(':');
    objects.set(q.object, [q.object.slice(0, oc), q.object.slice(oc + 1)]);
  }
  return { users: [...users.values()], objects: [...objects.values()] };
}
