/**
 * Compiles an OpenFGA model into integer-indexed rewrite programs: one entry per
 * (type, relation), with its rewrite tree, its type restrictions as lookup tables, and the
 * reverse edges list-objects walks. Compile once per model version and share it: a
 * CompiledModel is immutable.
 */
import type { AuthorizationModel, Userset } from './types.ts';
import { compileCondition, type CompiledCondition } from './conditions.ts';

/** A rewrite program node. Relation and type numbers index CompiledModel.rels / .types. */
export type Rewrite =
  | { k: 'direct' }
  | { k: 'computed'; rel: number; name: string }
  | { k: 'ttu'; tupleset: number; tuplesetName: string; computed: string; byType: Int32Array }
  | { k: 'union' | 'intersection'; children: Rewrite[] }
  | { k: 'exclusion'; base: Rewrite; subtract: Rewrite };

/** Allowed conditions for one restriction; NO_CONDITION stands for "without a condition". */
export type CondSet = Set<number>;
export const NO_CONDITION = -1;

export type CompiledRelation = {
  id: number;
  type: number;
  name: string;
  rewrite: Rewrite;
  /** by user type: `[user]` / `[user with c]` */
  plain: (CondSet | undefined)[];
  /** by user type: `[user:*]` */
  wildcard: (CondSet | undefined)[];
  /** by userset relation id: `[group#member]` */
  userset: Map<number, CondSet>;
  /** Only direct tuples, none of them usersets: no recursion, so no memo or cycle check. */
  leaf: boolean;
  /** 1 where a tuple WITHOUT a condition fits: by user type (plain, wildcard), by userset relation. */
  plainFree: Uint8Array;
  wildcardFree: Uint8Array;
  usersetFree: Uint8Array;
};

/** Reverse edges: how finding `object#rel` for a user can grant other relations. */
export type ReverseEdges = {
  /** relations on the same type that include `rel` (computed userset, in a positive position) */
  computed: number[];
  /** `relation from tupleset` on other types whose computed relation is this one */
  ttu: { rel: number; tupleset: number }[];
  /** relations that accept `type#rel` usersets directly */
  userset: number[];
};

export type CompiledModel = {
  readonly model: AuthorizationModel;
  readonly types: string[];
  readonly typeIndex: ReadonlyMap<string, number>;
  readonly rels: CompiledRelation[];
  /** per type: relation name → relation id */
  readonly relIndex: ReadonlyMap<string, number>[];
  readonly conditions: CompiledCondition[];
  readonly conditionIndex: ReadonlyMap<string, number>;
  readonly reverse: ReverseEdges[];
  /** per user type: relations that accept it directly / as a wildcard */
  readonly directByUserType: number[][];
  readonly wildcardByUserType: number[][];
};

const NO_TYPES = new Int32Array(0);
/**
 * Every node gets every field, in one order, so the evaluator's property reads see a single
 * hidden class (monomorphic) whatever the node kind.
 */
function uniform(n: Rewrite): Rewrite {
  return Object.assign(
    {
      k: n.k,
      rel: -1,
      name: '',
      tupleset: -1,
      tuplesetName: '',
      computed: '',
      byType: NO_TYPES,
      children: [],
      base: null,
      subtract: null,
    },
    n,
  );
}

/** Compiles a validated model. Throws only on models validation would have rejected. */
export function compileModel(model: AuthorizationModel): CompiledModel {
  const types = model.type_definitions.map((t) => t.type);
  const typeIndex = new Map(types.map((t, i) => [t, i]));
  const relIndex: Map<string, number>[] = types.map(() => new Map());
  const rels: CompiledRelation[] = [];
  model.type_definitions.forEach((td, ti) => {
    for (const name of Object.keys(td.relations ?? {})) {
      const id = rels.length;
      (relIndex[ti] as Map<string, number>).set(name, id);
      rels.push({
        id,
        type: ti,
        name,
        rewrite: uniform({ k: 'direct' }),
        plain: [],
        wildcard: [],
        userset: new Map(),
        leaf: false,
        plainFree: new Uint8Array(0),
        wildcardFree: new Uint8Array(0),
        usersetFree: new Uint8Array(0),
      });
    }
  });
  const conditionNames = Object.keys(model.conditions ?? {});
  const conditionIndex = new Map(conditionNames.map((n, i) => [n, i]));
  const conditions = conditionNames.map((n) =>
    compileCondition({ ...(model.conditions?.[n] as NonNullable<AuthorizationModel['conditions']>[string]), name: n }),
  );

  const relOf = (ti: number, name: string): number => relIndex[ti]?.get(name) ?? -1;
  const compileRewrite = (u: Userset, ti: number): Rewrite => {
    if ('this' in u) return uniform({ k: 'direct' });
    if ('computedUserset' in u)
      return uniform({ k: 'computed', rel: relOf(ti, u.computedUserset.relation), name: u.computedUserset.relation });
    if ('tupleToUserset' in u) {
      const computed = u.tupleToUserset.computedUserset.relation;
      const byType = Int32Array.from(types, (_, pt) => relOf(pt, computed));
      return uniform({
        k: 'ttu',
        tupleset: relOf(ti, u.tupleToUserset.tupleset.relation),
        tuplesetName: u.tupleToUserset.tupleset.relation,
        computed,
        byType,
      });
    }
    if ('union' in u) return uniform({ k: 'union', children: u.union.child.map((c) => compileRewrite(c, ti)) });
    if ('intersection' in u)
      return uniform({ k: 'intersection', children: u.intersection.child.map((c) => compileRewrite(c, ti)) });
    return uniform({
      k: 'exclusion',
      base: compileRewrite(u.difference.base, ti),
      subtract: compileRewrite(u.difference.subtract, ti),
    });
  };

  model.type_definitions.forEach((td, ti) => {
    for (const [name, rw] of Object.entries(td.relations ?? {})) {
      const rel = rels[relOf(ti, name)] as CompiledRelation;
      rel.rewrite = compileRewrite(rw, ti);
      for (const ref of td.metadata?.relations?.[name]?.directly_related_user_types ?? []) {
        const ut = typeIndex.get(ref.type);
        if (ut === undefined) continue;
        const cond = ref.condition ? (conditionIndex.get(ref.condition) ?? -2) : NO_CONDITION;
        let set: CondSet | undefined;
        if (ref.wildcard) set = rel.wildcard[ut] ??= new Set();
        else if (ref.relation) {
          const ur = relOf(ut, ref.relation);
          if (ur < 0) continue;
          set = rel.userset.get(ur) ?? new Set();
          rel.userset.set(ur, set);
        } else set = rel.plain[ut] ??= new Set();
        set.add(cond);
      }
    }
  });

  for (const rel of rels) {
    rel.leaf = rel.rewrite.k === 'direct' && rel.userset.size === 0;
    rel.plainFree = Uint8Array.from(types, (_, ut) => (rel.plain[ut]?.has(NO_CONDITION) ? 1 : 0));
    rel.wildcardFree = Uint8Array.from(types, (_, ut) => (rel.wildcard[ut]?.has(NO_CONDITION) ? 1 : 0));
    rel.usersetFree = Uint8Array.from(rels, (r) => (rel.userset.get(r.id)?.has(NO_CONDITION) ? 1 : 0));
  }
  const reverse: ReverseEdges[] = rels.map(() => ({ computed: [], ttu: [], userset: [] }));
  const directByUserType: number[][] = types.map(() => []);
  const wildcardByUserType: number[][] = types.map(() => []);
  for (const rel of rels) {
    // only positive positions produce candidates; subtracted branches can only remove
    const visit = (n: Rewrite): void => {
      switch (n.k) {
        case 'direct':
          rel.plain.forEach((s, ut) => s && directByUserType[ut]?.push(rel.id));
          rel.wildcard.forEach((s, ut) => s && wildcardByUserType[ut]?.push(rel.id));
          for (const ur of rel.userset.keys()) reverse[ur]?.userset.push(rel.id);
          return;
        case 'computed':
          if (n.rel >= 0) reverse[n.rel]?.computed.push(rel.id);
          return;
        case 'ttu':
          n.byType.forEach((target, pt) => {
            const ts = rels[n.tupleset];
            if (target >= 0 && ts && ts.plain[pt]) reverse[target]?.ttu.push({ rel: rel.id, tupleset: n.tupleset });
          });
          return;
        case 'union':
        case 'intersection':
          n.children.forEach(visit);
          return;
        case 'exclusion':
          visit(n.base);
      }
    };
    visit(rel.rewrite);
  }
  return {
    model,
    types,
    typeIndex,
    rels,
    relIndex,
    conditions,
    conditionIndex,
    reverse,
    directByUserType,
    wildcardByUserType,
  };
}

/** The relation id of `type#relation`, or -1. */
export function relationId(m: CompiledModel, type: string, relation: string): number {
  const t = m.typeIndex.get(type);
  return t === undefined ? -1 : (m.relIndex[t]?.get(relation) ?? -1);
}
