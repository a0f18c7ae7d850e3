/**
 * List users: a forward walk from object#relation down through usersets, computed relations
 * and `from` edges collecting every user that matches a filter (objects of a type, that
 * type's wildcard, or usersets `type#relation`), then a check of each candidate. The walk
 * over-approximates like list-objects' does; the check makes the answer agree with check.
 */
import type { CompiledModel, Rewrite } from './compile.ts';
import { relationId } from './compile.ts';
import { ALLOW, ERROR, Evaluator, type Frame } from './evaluator.ts';
import { engineError } from './errors.ts';
import { prepareFrame } from './prepare.ts';
import { isEngineError, parseObject, parseUser } from './request.ts';
import type { TupleSource } from './source.ts';
import { TERM_OBJECT, TERM_USERSET, TERM_WILDCARD } from './symbols.ts';
import type { ListedUser, ListUsersRequest, ListUsersResult } from './types.ts';

/**
 * Calls `each(tupleUserTerm)` for every tuple on object#relation in the frame's layers that
 * counts (fits the model, unexpired, condition met). A condition that cannot be evaluated is
 * reported through `onError`: list-users, like OpenFGA's, fails rather than guess.
 */
function forward(
  frame: Frame,
  o: number,
  modelRel: number,
  onError: (e: string) => void,
  each: (u: number) => void,
): void {
  const rel = frame.model.rels[modelRel];
  if (!rel) return;
  const r = frame.binding.symRel[modelRel] as number;
  for (let layer = 0; layer < 2; layer++) {
    const index = layer === 0 ? frame.base : frame.overlay;
    if (index === null) break;
    if (layer === 0 && !frame.source.complete && !frame.source.wantForward(o, r)) continue;
    const key = index.forwardKey(o, r);
    if (key < 0) continue;
    for (const head of [index.othersHead(key), index.usersetsHead(key)]) {
      for (let t = head; t >= 0; t = index.nextOf(t)) {
        if (index.isAlive(t) && frame.tupleResult(index, t, rel, onError) === ALLOW) each(index.userOf(t));
      }
    }
  }
}

function toListed(text: string): ListedUser {
  const u = parseUser(text);
  if (!u) return { object: { type: '', id: text } };
  if (u.wildcard) return { wildcard: { type: u.type } };
  if (u.relation !== undefined) return { userset: { type: u.type, id: u.id, relation: u.relation } };
  return { object: { type: u.type, id: u.id } };
}

/**
 * The users that have `relation` on `object`, filtered by type (and userset relation).
 * @example
 * listUsers(model, index, { object: 'doc:1', relation: 'viewer', userFilters: [{ type: 'user' }], now })
 * // → { users: [{ object: { type: 'user', id: 'anne' } }, { wildcard: { type: 'user' } }] }
 */
export function listUsers(model: CompiledModel, source: TupleSource, req: ListUsersRequest): ListUsersResult {
  const obj = parseObject(req.object);
  if (!obj) return { users: [], error: engineError('validation_error', `invalid object \`${req.object}\``) };
  if (!model.typeIndex.has(obj.type))
    return { users: [], error: engineError('type_not_found', `type \`${obj.type}\` not found`) };
  const target = relationId(model, obj.type, req.relation);
  if (target < 0)
    return {
      users: [],
      error: engineError('relation_not_found', `relation \`${obj.type}#${req.relation}\` not found`),
    };
  // filters: type → relation ids wanted (-1: plain objects and wildcards)
  const filters = new Map<number, Set<number>>();
  for (const f of req.userFilters) {
    const ft = model.typeIndex.get(f.type);
    if (ft === undefined) return { users: [], error: engineError('type_not_found', `type \`${f.type}\` not found`) };
    const fr = f.relation === undefined ? -1 : relationId(model, f.type, f.relation);
    if (f.relation !== undefined && fr < 0)
      return { users: [], error: engineError('relation_not_found', `relation \`${f.type}#${f.relation}\` not found`) };
    if (!filters.has(ft)) filters.set(ft, new Set());
    filters.get(ft)?.add(fr);
  }
  const frame = prepareFrame(model, source, req);
  if (isEngineError(frame)) return { users: [], error: frame };
  const s = frame.symbols;
  let failure: string | undefined;
  const onError = (e: string): void => {
    failure ??= e;
  };
  const nrels = model.rels.length;
  const seen = new Set<number>();
  const queue: number[] = [];
  const candidates = new Set<string>();
  const visit = (o: number, r: number): void => {
    if (o < 0 || r < 0) return;
    const key = o * nrels + r;
    if (seen.has(key)) return;
    seen.add(key);
    queue.push(o, r);
  };
  const wants = (type: number, rel: number): boolean => filters.get(type)?.has(rel) ?? false;
  const root = frame.term(req.object);
  // an object's own userset is among its users (OpenFGA: `group:x#member` is a member of group:x)
  if (root < 0 && wants(model.typeIndex.get(obj.type) as number, target))
    candidates.add(`${req.object}#${req.relation}`);
  visit(root, target);
  for (let q = 0; q < queue.length; q += 2) {
    const o = queue[q] as number;
    const r = queue[q + 1] as number;
    // every userset the walk passes through is itself a user of the root (its members are)
    if (wants(frame.termModelType(o), r)) candidates.add(`${s.termName(o)}#${model.rels[r]?.name ?? ''}`);
    const walk = (n: Rewrite): void => {
      switch (n.k) {
        case 'direct':
          forward(frame, o, r, onError, (u) => {
            const kind = s.termKind(u);
            const ut = frame.termModelType(u);
            if (ut < 0) return;
            if (kind === TERM_OBJECT || kind === TERM_WILDCARD) {
              if (wants(ut, -1)) candidates.add(s.termName(u));
            } else if (kind === TERM_USERSET) {
              const ur = frame.binding.modelRel(s.usersetRelation(u));
              if (wants(ut, ur)) candidates.add(s.termName(u));
              visit(s.usersetObject(u), ur);
            }
          });
          return;
        case 'computed':
          visit(o, n.rel);
          return;
        case 'ttu':
          if (n.tupleset < 0) return;
          forward(frame, o, n.tupleset, onError, (p) => {
            const pt = frame.termModelType(p);
            if (pt >= 0 && s.termKind(p) === TERM_OBJECT) visit(p, n.byType[pt] as number);
          });
          return;
        case 'union':
        case 'intersection':
          n.children.forEach(walk);
          return;
        case 'exclusion':
          walk(n.base);
          walk(n.subtract);
      }
    };
    const rel = model.rels[r];
    if (rel) walk(rel.rewrite);
  }
  if (failure !== undefined) return { users: [], error: engineError('validation_error', failure) };
  const users: ListedUser[] = [];
  for (const text of [...candidates].sort()) {
    const u = parseUser(text);
    if (!u) continue;
    const ev = new Evaluator(frame, u);
    const v = ev.check(root, target);
    if (v === ALLOW) users.push(toListed(text));
    else if (v === ERROR) return { users: [], error: ev.error ?? engineError('validation_error', 'evaluation failed') };
  }
  return { users };
}
