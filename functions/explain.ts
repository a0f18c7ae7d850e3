/**
 * Explain: the same walk as check (same order, memo, cycle and depth rules, so the verdicts
 * agree; a property test holds them together), recording what it saw. An allow comes back as
 * its proof: union nodes keep only the branch that held, direct nodes only the tuple that
 * granted. A deny comes back with every rule tried and what each lacked. Kept apart from the
 * evaluator so the hot path carries no tracing.
 */
import type { CompiledModel, CompiledRelation, Rewrite } from './compile.ts';
import { relationId } from './compile.ts';
import { ALLOW, CYCLE, DENY, ERROR, MAX_DEPTH, type Frame } from './evaluator.ts';
import { engineError } from './errors.ts';
import type { MemoryTupleIndex } from './memory-index.ts';
import { prepareFrame } from './prepare.ts';
import { isEngineError, parseObject, validateUser, type ParsedUser } from './request.ts';
import type { TupleSource } from './source.ts';
import { TERM_OBJECT, TERM_USERSET, TERM_WILDCARD } from './symbols.ts';
import type { CheckRequest, EngineError, ExplainNode, ExplainTuple, Explanation, Outcome } from './types.ts';

type Step = { v: number; node: ExplainNode };
const IN_PROGRESS = 16;
const outcome = (v: number): Outcome => (v === ALLOW ? 'allowed' : v === ERROR ? 'error' : 'denied');

class Explainer {
  private readonly memo = new Map<number, number>();
  private depth = 0;
  private lowest = Infinity;
  error: EngineError | undefined;
  private readonly uTerm: number;
  private readonly uKind: number;
  private readonly uType: number;
  private uWild = -1;
  private uObj = -1;
  private uRel = -1;
  private readonly onError = (m: string): void => {
    this.error ??= engineError('validation_error', m);
  };

  constructor(
    private readonly model: CompiledModel,
    private readonly frame: Frame,
    user: ParsedUser,
  ) {
    this.uType = model.typeIndex.get(user.type) ?? -1;
    this.uTerm = frame.term(user.text);
    this.uKind = user.wildcard ? TERM_WILDCARD : user.relation !== undefined ? TERM_USERSET : TERM_OBJECT;
    if (this.uKind === TERM_OBJECT) this.uWild = frame.term(`${user.type}:*`);
    if (this.uKind === TERM_USERSET) {
      this.uObj = frame.term(`${user.type}:${user.id}`);
      this.uRel = model.relIndex[this.uType]?.get(user.relation as string) ?? -1;
    }
  }

  private name(o: number): string {
    return o < 0 ? '' : this.frame.symbols.termName(o);
  }

  check(o: number, r: number, object: string): Step {
    const rel = this.model.rels[r] as CompiledRelation;
    const base = { kind: 'relation' as const, object, relation: rel.name };
    const empty: ExplainNode = { kind: 'direct', object, relation: rel.name, outcome: 'denied', tuples: [] };
    if (this.uKind === TERM_USERSET && o === this.uObj && r === this.uRel)
      return { v: ALLOW, node: { ...base, outcome: 'allowed', rule: { ...empty, outcome: 'allowed' } } };
    if (o < 0)
      return { v: DENY, node: { ...base, outcome: 'denied', rule: { ...empty, lacked: 'no tuples on this object' } } };
    const key = o * this.model.rels.length + r;
    const m = this.memo.get(key);
    if (m !== undefined) {
      if (m < IN_PROGRESS) return { v: m, node: { ...base, outcome: outcome(m), rule: empty, note: 'memoised' } };
      const d = m - IN_PROGRESS;
      if (d < this.lowest) this.lowest = d;
      return { v: CYCLE, node: { ...base, outcome: 'denied', rule: empty, note: 'cycle' } };
    }
    if (this.depth >= MAX_DEPTH) {
      this.error ??= engineError(
        'authorization_model_resolution_too_complex',
        'resolution too complex: the walk exceeded the maximum depth',
      );
      return { v: ERROR, node: { ...base, outcome: 'error', rule: empty, note: 'depth_exceeded' } };
    }
    const myDepth = this.depth++;
    const savedLowest = this.lowest;
    this.lowest = Infinity;
    this.memo.set(key, IN_PROGRESS + myDepth);
    const res = this.node(rel.rewrite, o, rel, object);
    this.depth--;
    if (this.lowest < myDepth) this.memo.delete(key);
    else this.memo.set(key, res.v);
    this.lowest = Math.min(savedLowest, this.lowest < myDepth ? this.lowest : Infinity);
    return { v: res.v, node: { ...base, outcome: outcome(res.v), rule: res.node } };
  }

  private node(n: Rewrite, o: number, rel: CompiledRelation, object: string): Step {
    switch (n.k) {
      case 'direct':
        return this.direct(o, rel, object);
      case 'computed': {
        if (n.rel < 0)
          return {
            v: DENY,
            node: {
              kind: 'computed',
              object,
              relation: n.name,
              outcome: 'denied',
              via: {
                kind: 'direct',
                object,
                relation: n.name,
                outcome: 'denied',
                tuples: [],
                lacked: 'relation not defined',
              },
            },
          };
        const s = this.check(o, n.rel, object);
        return { v: s.v, node: { kind: 'computed', object, relation: n.name, outcome: outcome(s.v), via: s.node } };
      }
      case 'ttu':
        return this.ttu(n, o, object);
      case 'union': {
        let worst = DENY;
        const children: ExplainNode[] = [];
        for (const c of n.children) {
          const s = this.node(c, o, rel, object);
          if (s.v === ALLOW) return { v: ALLOW, node: { kind: 'union', outcome: 'allowed', children: [s.node] } };
          children.push(s.node);
          if (s.v === ERROR) worst = ERROR;
          else if (s.v === CYCLE && worst === DENY) worst = CYCLE;
        }
        return { v: worst, node: { kind: 'union', outcome: outcome(worst), children } };
      }
      case 'intersection': {
        let worst = ALLOW;
        const children: ExplainNode[] = [];
        for (const c of n.children) {
          const s = this.node(c, o, rel, object);
          if (s.v === DENY) return { v: DENY, node: { kind: 'intersection', outcome: 'denied', children: [s.node] } };
          children.push(s.node);
          if (s.v !== ALLOW && worst !== ERROR) worst = s.v;
        }
        return { v: worst, node: { kind: 'intersection', outcome: outcome(worst), children } };
      }
      case 'exclusion': {
        const b = this.node(n.base, o, rel, object);
        if (b.v === DENY || b.v === CYCLE)
          return { v: b.v, node: { kind: 'exclusion', outcome: 'denied', base: b.node } };
        const s = this.node(n.subtract, o, rel, object);
        const v = s.v === ALLOW ? DENY : s.v === CYCLE ? CYCLE : b.v === ERROR || s.v === ERROR ? ERROR : ALLOW;
        return { v, node: { kind: 'exclusion', outcome: outcome(v), base: b.node, subtract: s.node } };
      }
    }
  }

  /** Judges one tuple as the evaluator does, with the reason when it does not count. */
  private judge(
    index: MemoryTupleIndex,
    t: number,
    rel: CompiledRelation,
  ): { v: number; item: ExplainTuple } | undefined {
    const v = this.frame.tupleResult(index, t, rel, this.onError);
    const tuple = index.tupleKey(t);
    if (v === ALLOW) return { v, item: { tuple, outcome: 'allowed' } };
    if (v === ERROR) return { v, item: { tuple, outcome: 'error', reason: 'condition_error' } };
    const e = index.expiries.get(t);
    if (e !== undefined && e <= this.frame.now) return { v, item: { tuple, outcome: 'denied', reason: 'expired' } };
    // a tuple the model does not allow is invisible, as it is to check
    if (tuple.condition && this.fitsIgnoringCondition(index, t, rel))
      return { v, item: { tuple, outcome: 'denied', reason: 'condition_false' } };
    return undefined;
  }

  private fitsIgnoringCondition(index: MemoryTupleIndex, t: number, rel: CompiledRelation): boolean {
    const s = this.frame.symbols;
    const u = index.userOf(t);
    const mt = this.frame.termModelType(u);
    const kind = s.termKind(u);
    const allowed =
      kind === TERM_OBJECT
        ? rel.plain[mt]
        : kind === TERM_WILDCARD
          ? rel.wildcard[mt]
          : rel.userset.get(this.frame.binding.modelRel(s.usersetRelation(u)));
    const c = index.conditions.get(t);
    return allowed !== undefined && c !== undefined && allowed.has(this.frame.binding.modelCond(c.cond));
  }

  private layers(o: number, r: number): MemoryTupleIndex[] {
    const f = this.frame;
    const out: MemoryTupleIndex[] = [];
    if (f.source.complete || f.source.wantForward(o, r)) out.push(f.base);
    if (f.overlay) out.push(f.overlay);
    return out;
  }

  private direct(o: number, rel: CompiledRelation, object: string): Step {
    const f = this.frame;
    const s = f.symbols;
    const tuples: ExplainTuple[] = [];
    let err = false;
    let cycle = false;
    const done = (v: number, lacked?: string): Step => {
      const node: ExplainNode = {
        kind: 'direct',
        object,
        relation: rel.name,
        outcome: outcome(v),
        tuples: v === ALLOW ? tuples.slice(-1) : tuples,
      };
      if (lacked && v !== ALLOW) node.lacked = lacked;
      return { v, node };
    };
    for (const index of this.layers(o, f.binding.symRel[rel.id] as number)) {
      const key = index.forwardKey(o, f.binding.symRel[rel.id] as number);
      if (key < 0) continue;
      for (const u of [this.uTerm, rel.wildcard[this.uType] !== undefined ? this.uWild : -1]) {
        if (u < 0) continue;
        const t = index.exact(key, u);
        if (t < 0) continue;
        const j = this.judge(index, t, rel);
        if (!j) continue;
        tuples.push(j.item);
        if (j.v === ALLOW) return done(ALLOW);
        if (j.v === ERROR) err = true;
      }
      if (rel.userset.size === 0) continue;
      for (let t = index.usersetsHead(key); t >= 0; t = index.nextOf(t)) {
        if (!index.isAlive(t)) continue;
        const u = index.userOf(t);
        if (u === this.uTerm) continue;
        const j = this.judge(index, t, rel);
        if (!j) continue;
        tuples.push(j.item);
        if (j.v !== ALLOW) {
          if (j.v === ERROR) err = true;
          continue;
        }
        const x = s.usersetObject(u);
        const w = this.check(x, f.binding.modelRel(s.usersetRelation(u)), this.name(x));
        j.item.next = w.node;
        j.item.outcome = outcome(w.v);
        if (w.v === ALLOW) return done(ALLOW);
        if (w.v === ERROR) err = true;
        else if (w.v === CYCLE) cycle = true;
      }
    }
    const v = err ? ERROR : cycle ? CYCLE : DENY;
    return done(
      v,
      tuples.length === 0 ? `no tuple grants \`${object}#${rel.name}\` to the user` : 'no tuple granted it',
    );
  }

  private ttu(n: Extract<Rewrite, { k: 'ttu' }>, o: number, object: string): Step {
    const f = this.frame;
    const parents: ExplainTuple[] = [];
    const done = (v: number): Step => {
      const node: ExplainNode = {
        kind: 'tuple_to_userset',
        object,
        tupleset: n.tuplesetName,
        computedRelation: n.computed,
        outcome: outcome(v),
        parents: v === ALLOW ? parents.slice(-1) : parents,
      };
      if (v !== ALLOW)
        node.lacked =
          parents.length === 0
            ? `no \`${n.tuplesetName}\` of \`${object}\` has \`${n.computed}\``
            : `no \`${n.tuplesetName}\` granted \`${n.computed}\``;
      return { v, node };
    };
    if (n.tupleset < 0) return done(DENY);
    const tsRel = this.model.rels[n.tupleset] as CompiledRelation;
    const r = f.binding.symRel[n.tupleset] as number;
    let err = false;
    let cycle = false;
    for (const index of this.layers(o, r)) {
      const key = index.forwardKey(o, r);
      if (key < 0) continue;
      for (let t = index.othersHead(key); t >= 0; t = index.nextOf(t)) {
        if (!index.isAlive(t)) continue;
        const parent = index.userOf(t);
        const pt = f.termModelType(parent);
        if (pt < 0) continue;
        const target = n.byType[pt] as number;
        if (target < 0) continue;
        const j = this.judge(index, t, tsRel);
        if (!j) continue;
        parents.push(j.item);
        if (j.v !== ALLOW) {
          if (j.v === ERROR) err = true;
          continue;
        }
        const w = this.check(parent, target, this.name(parent));
        j.item.next = w.node;
        j.item.outcome = outcome(w.v);
        if (w.v === ALLOW) return done(ALLOW);
        if (w.v === ERROR) err = true;
        else if (w.v === CYCLE) cycle = true;
      }
    }
    return done(err ? ERROR : cycle ? CYCLE : DENY);
  }
}

/**
 * Why a check answers as it does.
 * @example
 * explain(model, index, { user: 'user:anne', relation: 'viewer', object: 'doc:1', now })
 * // → { allowed: true, root: { kind: 'relation', object: 'doc:1', relation: 'viewer', rule: ... } }
 */
export function explain(model: CompiledModel, source: TupleSource, req: CheckRequest): Explanation {
  const obj = parseObject(req.object);
  if (!obj) return { allowed: false, error: engineError('validation_error', `invalid object \`${req.object}\``) };
  const r = relationId(model, obj.type, req.relation);
  if (r < 0)
    return {
      allowed: false,
      error: engineError('validation_error', `relation \`${obj.type}#${req.relation}\` not found`),
    };
  const user = validateUser(model, req.user);
  if (isEngineError(user)) return { allowed: false, error: user };
  const frame = prepareFrame(model, source, req);
  if (isEngineError(frame)) return { allowed: false, error: frame };
  const ex = new Explainer(model, frame, user);
  const s = ex.check(frame.term(req.object), r, req.object);
  const out: Explanation = { allowed: s.v === ALLOW, root: s.node };
  if (s.v === ERROR) out.error = ex.error ?? engineError('validation_error', 'evaluation failed');
  return out;
}
