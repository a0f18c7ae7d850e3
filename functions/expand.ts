/**
 * Expand: one level of a relation's userset tree, in OpenFGA's shape. Leaves name the usersets
 * to expand next; direct leaves list the stored users that fit the model and have not expired
 * (conditions are not evaluated: expand shows what is granted, not to whom it applies now).
 */
import type { CompiledModel, CompiledRelation, Rewrite } from './compile.ts';
import { NO_CONDITION, relationId } from './compile.ts';
import { ALLOW, DENY, type Frame } from './evaluator.ts';
import { engineError } from './errors.ts';
import { prepareFrame } from './prepare.ts';
import { isEngineError, parseObject } from './request.ts';
import type { TupleSource } from './source.ts';
import { TERM_OBJECT, TERM_WILDCARD } from './symbols.ts';
import type { ExpandNode, ExpandRequest, ExpandResult } from './types.ts';

/** Every tuple on object#relation that counts apart from its condition, as user strings. */
function users(frame: Frame, o: number, rel: CompiledRelation, chain: 'all' | 'others'): number[] {
  const r = frame.binding.symRel[rel.id] as number;
  const out: number[] = [];
  for (let layer = 0; layer < 2; layer++) {
    const index = layer === 0 ? frame.base : frame.overlay;
    if (index === null) break;
    if (layer === 0 && !frame.source.complete && !frame.source.wantForward(o, r)) continue;
    const key = index.forwardKey(o, r);
    if (key < 0) continue;
    const heads = chain === 'all' ? [index.othersHead(key), index.usersetsHead(key)] : [index.othersHead(key)];
    for (const head of heads) {
      for (let t = head; t >= 0; t = index.nextOf(t)) {
        if (!index.isAlive(t)) continue;
        // conditions are not evaluated here: judge fit and expiry only
        if (fits(frame, index, t, rel) === ALLOW) out.push(index.userOf(t));
      }
    }
  }
  return out;
}

function fits(frame: Frame, index: Frame['base'], t: number, rel: CompiledRelation): number {
  const e = index.expiries.get(t);
  if (e !== undefined && e <= frame.now) return DENY;
  const s = frame.symbols;
  const u = index.userOf(t);
  const mt = frame.termModelType(u);
  if (mt < 0) return DENY;
  const c = index.conditions.get(t);
  const mc = c ? frame.binding.modelCond(c.cond) : NO_CONDITION;
  const kind = s.termKind(u);
  const allowed =
    kind === TERM_OBJECT
      ? rel.plain[mt]
      : kind === TERM_WILDCARD
        ? rel.wildcard[mt]
        : rel.userset.get(frame.binding.modelRel(s.usersetRelation(u)));
  return allowed?.has(mc) ? ALLOW : DENY;
}

function node(
  model: CompiledModel,
  frame: Frame,
  n: Rewrite,
  o: number,
  object: string,
  rel: CompiledRelation,
): ExpandNode {
  const name = `${object}#${rel.name}`;
  switch (n.k) {
    case 'direct':
      return { name, leaf: { users: { users: users(frame, o, rel, 'all').map((u) => frame.symbols.termName(u)) } } };
    case 'computed':
      return { name, leaf: { computed: { userset: `${object}#${n.name}` } } };
    case 'ttu': {
      const ts = model.rels[n.tupleset];
      const parents = o < 0 || !ts ? [] : users(frame, o, ts, 'others');
      const computed = parents
        .filter((p) => (n.byType[frame.termModelType(p)] ?? -1) >= 0)
        .map((p) => ({ userset: `${frame.symbols.termName(p)}#${n.computed}` }));
      return { name, leaf: { tupleToUserset: { tupleset: `${object}#${n.tuplesetName}`, computed } } };
    }
    case 'union':
      return { name, union: { nodes: n.children.map((c) => node(model, frame, c, o, object, rel)) } };
    case 'intersection':
      return { name, intersection: { nodes: n.children.map((c) => node(model, frame, c, o, object, rel)) } };
    case 'exclusion':
      return {
        name,
        difference: {
          base: node(model, frame, n.base, o, object, rel),
          subtract: node(model, frame, n.subtract, o, object, rel),
        },
      };
  }
}

/**
 * Expands object#relation one level.
 * @example
 * expand(model, index, { object: 'doc:1', relation: 'viewer', now })
 * // → { tree: { root: { name: 'doc:1#viewer', union: { nodes: [...] } } } }
 */
export function expand(model: CompiledModel, source: TupleSource, req: ExpandRequest): ExpandResult {
  const obj = parseObject(req.object);
  if (!obj) return { error: engineError('validation_error', `invalid object \`${req.object}\``) };
  if (!model.typeIndex.has(obj.type)) return { error: engineError('type_not_found', `type \`${obj.type}\` not found`) };
  const r = relationId(model, obj.type, req.relation);
  const rel = model.rels[r];
  if (!rel) return { error: engineError('relation_not_found', `relation \`${obj.type}#${req.relation}\` not found`) };
  const frame = prepareFrame(model, source, req);
  if (isEngineError(frame)) return { error: frame };
  return { tree: { root: node(model, frame, rel.rewrite, frame.term(req.object), req.object, rel) } };
}
