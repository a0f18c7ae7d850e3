/**
 * List objects: a reverse walk from the user up through what it is a member of (usersets,
 * computed relations, `from` edges) to collect candidates, then a check of each candidate
 * with one evaluator, whose memo the candidates share. The walk over-approximates (it follows
 * intersections and exclusion bases as if they were unions); the check makes it exact, so
 * list-objects agrees with check by construction. Results are complete and sorted; pages are
 * cut by an opaque cursor, never by a deadline.
 */
import type { CompiledModel } from './compile.ts';
import { relationId } from './compile.ts';
import { ALLOW, ERROR, Evaluator, type Frame } from './evaluator.ts';
import { engineError } from './errors.ts';
import { prepareFrame } from './prepare.ts';
import { isEngineError, validateUser, type ParsedUser } from './request.ts';
import type { TupleSource } from './source.ts';
import { TERM_USERSET, TERM_WILDCARD } from './symbols.ts';
import type { EngineError, ListObjectsRequest, ListObjectsResult } from './types.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { REC_OBJ, REC_REV, REC_USER } from './memory-index.ts';

/** Calls `each(objectTerm)` for every tuple `?#rel@user` in the frame's layers. */
function reverse(frame: Frame, user: number, modelRel: number, each: (o: number) => void): void {
  if (user < 0) return;
  const r = frame.binding.symRel[modelRel] as number;
  for (let layer = 0; layer < 2; layer++) {
    const index = layer === 0 ? frame.base : frame.overlay;
    if (index === null) break;
    if (layer === 0 && !frame.source.complete && !frame.source.wantReverse(user, r)) continue;
    const rec = index.rec;
    for (let t = index.reverseHead(user, r); t >= 0; t = rec[(t << 2) + REC_REV] as number) {
      const k = t << 2;
      if ((rec[k + REC_USER] as number) >= 0) each(rec[k + REC_OBJ] as number);
    }
  }
}

/**
 * Every object of `type` on which the user has `relation`, in the frame. Returns the sorted
 * object names, or the first error a candidate's check met.
 */
export function listObjectsInFrame(
  model: CompiledModel,
  frame: Frame,
  user: ParsedUser,
  type: number,
  target: number,
): string[] | EngineError {
  const ev = new Evaluator(frame, user);
  const s = frame.symbols;
  const nrels = model.rels.length;
  const found = new Set<number>();
  const queue: number[] = [];
  const add = (o: number, r: number): void => {
    const key = o * nrels + r;
    if (found.has(key)) return;
    found.add(key);
    queue.push(o, r);
  };
  const ut = model.typeIndex.get(user.type) as number;
  const uTerm = frame.term(user.text);
  if (user.relation !== undefined) {
    add(frame.term(`${user.type}:${user.id}`), relationId(model, user.type, user.relation));
  } else {
    if (!user.wildcard) for (const r of model.directByUserType[ut] ?? []) reverse(frame, uTerm, r, (o) => add(o, r));
    const wild = user.wildcard ? uTerm : frame.term(`${user.type}:*`);
    for (const r of model.wildcardByUserType[ut] ?? []) reverse(frame, wild, r, (o) => add(o, r));
  }
  const candidates: number[] = [];
  for (let q = 0; q < queue.length; q += 2) {
    const o = queue[q] as number;
    const r = queue[q + 1] as number;
    if (o < 0) continue;
    if (r === target) candidates.push(o);
    const edges = model.reverse[r];
    if (!edges) continue;
    for (const r2 of edges.computed) add(o, r2);
    for (const e of edges.ttu) reverse(frame, o, e.tupleset, (x) => add(x, e.rel));
    if (edges.userset.length > 0 && s.termKind(o) !== TERM_USERSET && s.termKind(o) !== TERM_WILDCARD) {
      const us = frame.term(`${s.termName(o)}#${model.rels[r]?.name ?? ''}`);
      for (const r2 of edges.userset) reverse(frame, us, r2, (x) => add(x, r2));
    }
  }
  const out: string[] = [];
  for (const o of candidates) {
    if (frame.termModelType(o) !== type) continue;
    const v = ev.check(o, target);
    if (v === ALLOW) out.push(s.termName(o));
    else if (v === ERROR) return ev.error ?? engineError('validation_error', 'evaluation failed');
  }
  return out.sort();
}

/**
 * The objects of `type` the user has `relation` on.
 * @example
 * listObjects(model, index, { user: 'user:anne', relation: 'viewer', type: 'doc', now, pageSize: 100 })
 * // → { objects: ['doc:1', ...], cursor: '...' }
 */
export function listObjects(model: CompiledModel, source: TupleSource, req: ListObjectsRequest): ListObjectsResult {
  const type = model.typeIndex.get(req.type);
  if (type === undefined)
    return { objects: [], error: engineError('type_not_found', `type \`${req.type}\` not found`) };
  const target = relationId(model, req.type, req.relation);
  if (target < 0)
    return {
      objects: [],
      error: engineError('relation_not_found', `relation \`${req.type}#${req.relation}\` not found`),
    };
  const user = validateUser(model, req.user);
  if (isEngineError(user)) return { objects: [], error: user };
  let after: string | undefined;
  if (req.cursor !== undefined) {
    after = decodeCursor(req.cursor);
    if (after === undefined) return { objects: [], error: engineError('invalid_continuation_token', 'invalid cursor') };
  }
  const frame = prepareFrame(model, source, req);
  if (isEngineError(frame)) return { objects: [], error: frame };
  const all = listObjectsInFrame(model, frame, user, type, target);
  if (isEngineError(all)) return { objects: [], error: all };
  return pageOfSorted(all, after, req.pageSize);
}

/** Cuts one page from a sorted list; the cursor names the last object returned (also for a kept list: worker/authz/list-pages.ts). */
export function pageOfSorted(
  all: string[],
  after: string | undefined,
  pageSize: number | undefined,
): ListObjectsResult {
  let start = 0;
  if (after !== undefined) {
    let lo = 0;
    let hi = all.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((all[mid] as string) <= after) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  if (pageSize === undefined || pageSize <= 0 || start + pageSize >= all.length)
    return { objects: start === 0 ? all : all.slice(start) };
  const objects = all.slice(start, start + pageSize);
  return { objects, cursor: encodeCursor(objects[objects.length - 1] as string) };
}
