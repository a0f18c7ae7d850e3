/**
 * The check evaluator: a synchronous, memoised walk of the compiled rewrite programs over
 * integer tuple ids. One Evaluator serves one user within one request (list-objects reuses it
 * for every candidate, so the memo is shared). Results are three-valued like OpenFGA's:
 * ALLOW, DENY, or ERROR (a condition lacked parameters, or the walk got too deep); an ERROR
 * loses to an ALLOW in a union and to a DENY in an intersection, as in OpenFGA.
 */
import type { CompiledModel, CompiledRelation, Rewrite } from './compile.ts';
import { bind, type Binding } from './binding.ts';
import { evaluateCondition } from './conditions.ts';
import {
  FWD_HEAD_INFO,
  FWD_HEAD_NEXT,
  FWD_HEAD_USER,
  FWD_OTHERS,
  FWD_USERSETS,
  MemoryTupleIndex,
  REC_NEXT,
} from './memory-index.ts';
import { sharedMemo, type MemoTable } from './memo.ts';
import type { TupleSource } from './source.ts';
import type { Symbols } from './symbols.ts';
import { TERM_OBJECT, TERM_USERSET, TERM_WILDCARD } from './symbols.ts';
import type { Context, EngineError, TupleKey } from './types.ts';
import { engineError } from './errors.ts';
import type { ParsedUser } from './request.ts';

export const DENY = 0;
export const ALLOW = 1;
export const ERROR = 2;
/**
 * The walk came back to a node still being evaluated. It grants nothing, and like OpenFGA's
 * cycle flag it poisons a `but not` it reaches (so `x but not <cycle>` is false).
 */
export const CYCLE = 3;
/** Memo values at or above this mark a node still being evaluated, at depth v - IN_PROGRESS. */
const IN_PROGRESS = 16;
/** OpenFGA's default resolution depth. */
export const MAX_DEPTH = 25;

/** The tuples a request sees: the source's, plus the request's contextual tuples. */
/** A placeholder user (never evaluated: evaluatorForTerm resets it at once). */
const NO_USER: ParsedUser = { text: '', type: '', id: '', wildcard: false };

export class Frame {
  readonly base: MemoryTupleIndex;
  readonly overlay: MemoryTupleIndex | null;
  readonly symbols: Symbols;
  readonly binding: Binding;
  readonly nrels: number;

  constructor(
    readonly model: CompiledModel,
    readonly source: TupleSource,
    contextual: TupleKey[] | undefined,
    public context: Context | undefined,
    public now: number,
  ) {
    this.base = source.loaded;
    this.binding = bind(model, this.base.symbols);
    if (contextual && contextual.length > 0) {
      // a fetching source must be able to name every term it is asked about
      if (!source.complete)
        for (const t of contextual) this.base.symbols.internTerm(t.object), this.base.symbols.internTerm(t.user);
      const overlay = new MemoryTupleIndex(undefined, this.base.symbols);
      for (const t of contextual) overlay.add(t);
      this.overlay = overlay;
      this.symbols = overlay.symbols;
    } else {
      this.overlay = null;
      this.symbols = this.base.symbols;
    }
    this.nrels = model.rels.length;
  }

  /** The term id of a string, interning it when the source may still have to fetch it. */
  term(text: string): number {
    return this.source.complete ? this.symbols.term(text) : this.base.symbols.internTerm(text);
  }

  /** The term `type:*`, or -1 when no layer has one. */
  wildcardTerm(type: string): number {
    const t = this.symbols.type(type);
    return t < 0 ? -1 : this.symbols.wildcard(t);
  }

  /** Model type of a term, -1 when the type is not in the model. */
  termModelType(term: number): number {
    return this.binding.modelType(this.symbols.termType(term));
  }

  /**
   * Does tuple `t` of `index` count for relation `rel`? It must fit the relation's type
   * restrictions under the current model (stored tuples written under an older model are
   * ignored, as OpenFGA does), be unexpired, and its condition must hold.
   */
  tupleResult(index: MemoryTupleIndex, t: number, rel: CompiledRelation, onError: (e: string) => void): number {
    const s = this.symbols;
    const u = index.rec[t << 2] as number;
    const kind = s.termKind(u);
    const mt = this.binding.modelType(s.termType(u));
    if (mt < 0) return DENY;
    const c = index.conditions.size === 0 ? undefined : index.conditions.get(t);
    if (c === undefined) {
      // the common case: no condition, so a byte table decides the fit
      const ur = kind === TERM_USERSET ? this.binding.modelRel(s.usersetRelation(u)) : -1;
      const fits =
        kind === TERM_OBJECT
          ? rel.plainFree[mt]
          : kind === TERM_WILDCARD
            ? rel.wildcardFree[mt]
            : ur < 0
              ? 0
              : rel.usersetFree[ur];
      if (fits !== 1) return DENY;
      return this.expired(index, t) ? DENY : ALLOW;
    }
    const allowed =
      kind === TERM_OBJECT
        ? rel.plain[mt]
        : kind === TERM_WILDCARD
          ? rel.wildcard[mt]
          : rel.userset.get(this.binding.modelRel(s.usersetRelation(u)));
    const mc = this.binding.modelCond(c.cond);
    if (allowed === undefined || mc < 0 || !allowed.has(mc)) return DENY;
    if (this.expired(index, t)) return DENY;
    const out = evaluateCondition(
      this.model.conditions[mc] as NonNullable<CompiledModel['conditions'][number]>,
      c.context,
      this.context,
    );
    if (out.error !== undefined) {
      onError(out.error);
      return ERROR;
    }
    return out.met ? ALLOW : DENY;
  }

  private expired(index: MemoryTupleIndex, t: number): boolean {
    if (index.expiries.size === 0) return false;
    const e = index.expiries.get(t);
    return e !== undefined && e <= this.now;
  }

  /** The evaluator reused for plain checks on this frame (evaluation never interleaves). */
  private reusable: Evaluator | undefined;
  evaluatorFor(user: ParsedUser): Evaluator {
    if (this.reusable === undefined) this.reusable = new Evaluator(this, user);
    else this.reusable.reset(user);
    return this.reusable;
  }

  /** The same, for a plain user already resolved: its term, model type and `type:*` term. */
  evaluatorForTerm(term: number, modelType: number, wildcard: number): Evaluator {
    if (this.reusable === undefined) this.reusable = new Evaluator(this, NO_USER);
    this.reusable.resetTerm(term, modelType, wildcard);
    return this.reusable;
  }
}

export class Evaluator {
  readonly frame: Frame;
  private readonly rels: CompiledRelation[];
  private readonly memo: MemoTable = sharedMemo;
  private depth = 0;
  private lowest = Infinity;
  /** The first error met (reported when the answer is ERROR). */
  error: EngineError | undefined;
  // the user, as terms
  private uTerm = -1;
  private uKind = TERM_OBJECT;
  private uWild = -1;
  private uType = -1;
  private uObj = -1;
  private uRel = -1;
  /** Bound once: tupleResult reports condition errors through it. */
  private readonly onError: (message: string) => void;

  constructor(frame: Frame, user: ParsedUser) {
    this.frame = frame;
    this.rels = frame.model.rels;
    this.onError = this.recordError.bind(this);
    this.reset(user);
  }

  /** Points this evaluator at another user (same frame) with an empty memo. */
  reset(user: ParsedUser): void {
    const frame = this.frame;
    this.error = undefined;
    this.depth = 0;
    this.lowest = Infinity;
    this.uWild = -1;
    this.uObj = -1;
    this.uRel = -1;
    this.memo.begin(this);
    this.uType = frame.model.typeIndex.get(user.type) ?? -1;
    this.uTerm = frame.term(user.text);
    this.uKind = user.wildcard ? TERM_WILDCARD : user.relation !== undefined ? TERM_USERSET : TERM_OBJECT;
    if (this.uKind === TERM_OBJECT)
      this.uWild = frame.source.complete ? frame.wildcardTerm(user.type) : frame.term(`${user.type}:*`);
    if (this.uKind === TERM_USERSET) {
      this.uObj = frame.term(`${user.type}:${user.id}`);
      this.uRel = frame.model.relIndex[this.uType]?.get(user.relation as string) ?? -1;
    }
  }

  /** Points this evaluator at a plain user given as terms (same frame), with an empty memo. */
  resetTerm(term: number, modelType: number, wildcard: number): void {
    this.error = undefined;
    this.depth = 0;
    this.lowest = Infinity;
    this.memo.begin(this);
    this.uTerm = term;
    this.uKind = TERM_OBJECT;
    this.uType = modelType;
    this.uWild = wildcard;
    this.uObj = -1;
    this.uRel = -1;
  }

  private recordError(message: string): void {
    this.error ??= engineError('validation_error', message);
  }

  /** Does the user have relation `r` (model relation id) on object term `o`? */
  check(o: number, r: number): number {
    if (this.uKind === TERM_USERSET && o === this.uObj && r === this.uRel) return ALLOW;
    if (o < 0) return DENY;
    const rel = this.rels[r] as CompiledRelation;
    // a leaf cannot recurse: no memo, no cycle bookkeeping
    if (rel.leaf) return this.direct(o, rel);
    const memo = this.memo;
    if (this.depth === 0 && memo.owner !== this) memo.begin(this);
    const myDepth = this.depth;
    const m = memo.claim(o, r, IN_PROGRESS + myDepth);
    if (m !== -1) {
      if (m < IN_PROGRESS) return m;
      // a cycle: this path adds nothing; remember how far up it reached
      const d = m - IN_PROGRESS;
      if (d < this.lowest) this.lowest = d;
      return CYCLE;
    }
    const slot = memo.last;
    const version = memo.version;
    if (myDepth >= MAX_DEPTH) {
      memo.write(slot, version, o, r, -1);
      this.error ??= engineError(
        'authorization_model_resolution_too_complex',
        'resolution too complex: the walk exceeded the maximum depth',
      );
      return ERROR;
    }
    this.depth++;
    const savedLowest = this.lowest;
    this.lowest = Infinity;
    const res = this.node(rel.rewrite, o, rel);
    this.depth--;
    // a result that leaned on an unfinished ancestor may change once that ancestor settles
    memo.write(slot, version, o, r, this.lowest < myDepth ? -1 : res);
    this.lowest = Math.min(savedLowest, this.lowest < myDepth ? this.lowest : Infinity);
    return res;
  }

  private node(n: Rewrite, o: number, rel: CompiledRelation): number {
    switch (n.k) {
      case 'direct':
        return this.direct(o, rel);
      case 'computed':
        return n.rel < 0 ? DENY : this.check(o, n.rel);
      case 'ttu':
        return this.ttu(n, o);
      case 'union': {
        let worst = DENY;
        for (const c of n.children) {
          const v = this.node(c, o, rel);
          if (v === ALLOW) return ALLOW;
          if (v === ERROR) worst = ERROR;
          else if (v === CYCLE && worst === DENY) worst = CYCLE;
        }
        return worst;
      }
      case 'intersection': {
        let worst = ALLOW;
        for (const c of n.children) {
          const v = this.node(c, o, rel);
          if (v === DENY) return DENY;
          if (v !== ALLOW && worst !== ERROR) worst = v;
        }
        return worst;
      }
      case 'exclusion': {
        const b = this.node(n.base, o, rel);
        if (b === DENY || b === CYCLE) return b;
        const s = this.node(n.subtract, o, rel);
        if (s === ALLOW) return DENY;
        if (s === CYCLE) return CYCLE;
        return b === ERROR || s === ERROR ? ERROR : ALLOW;
      }
    }
  }

  private direct(o: number, rel: CompiledRelation): number {
    const f = this.frame;
    const r = f.binding.symRel[rel.id] as number;
    let err = false;
    let cycle = false;
    for (let layer = 0; layer < 2; layer++) {
      const index = layer === 0 ? f.base : f.overlay;
      if (index === null) break;
      if (layer === 0 && !f.source.complete && !f.source.wantForward(o, r)) continue;
      const key = index.forwardKey(o, r);
      if (key < 0) continue;
      if (this.uTerm >= 0) {
        const t = index.exact(key, this.uTerm, this.uKind === TERM_USERSET);
        if (t >= 0) {
          const v = f.tupleResult(index, t, rel, this.onError);
          if (v === ALLOW) return ALLOW;
          if (v === ERROR) err = true;
        }
      }
      if (this.uWild >= 0 && rel.wildcard[this.uType] !== undefined) {
        const t = index.exact(key, this.uWild, false);
        if (t >= 0) {
          const v = f.tupleResult(index, t, rel, this.onError);
          if (v === ALLOW) return ALLOW;
          if (v === ERROR) err = true;
        }
      }
      if (rel.userset.size === 0) continue;
      const rec = index.rec;
      const s = f.symbols;
      for (let t = index.fwd[key + FWD_USERSETS] as number; t >= 0; t = rec[(t << 2) + REC_NEXT] as number) {
        const u = rec[t << 2] as number;
        if (u < 0) continue; // deleted
        if (u === this.uTerm) continue; // settled by the exact lookup above
        const v = f.tupleResult(index, t, rel, this.onError);
        if (v === DENY) continue;
        if (v === ERROR) {
          err = true;
          continue;
        }
        const ur = f.binding.modelRel(s.usersetRelation(u));
        const w = this.check(s.usersetObject(u), ur);
        if (w === ALLOW) return ALLOW;
        if (w === ERROR) err = true;
        else if (w === CYCLE) cycle = true;
      }
    }
    return err ? ERROR : cycle ? CYCLE : DENY;
  }

  private ttu(n: Extract<Rewrite, { k: 'ttu' }>, o: number): number {
    if (n.tupleset < 0) return DENY;
    const f = this.frame;
    const tsRel = this.rels[n.tupleset] as CompiledRelation;
    const r = f.binding.symRel[n.tupleset] as number;
    let err = false;
    let cycle = false;
    for (let layer = 0; layer < 2; layer++) {
      const index = layer === 0 ? f.base : f.overlay;
      if (index === null) break;
      if (layer === 0 && !f.source.complete && !f.source.wantForward(o, r)) continue;
      const key = index.forwardKey(o, r);
      if (key < 0) continue;
      const rec = index.rec;
      const fw = index.fwd;
      // no conditions or expiries in this layer: a byte table decides each tuple's fit
      const plain = index.conditions.size === 0 && index.expiries.size === 0;
      // the first tuple comes from the slot (user, its type and kind, next) without its record
      let t = fw[key + FWD_OTHERS] as number;
      let parent = fw[key + FWD_HEAD_USER] as number;
      let info = fw[key + FWD_HEAD_INFO] as number;
      let next = fw[key + FWD_HEAD_NEXT] as number;
      while (t >= 0) {
        if (parent >= 0) {
          const pt = f.binding.modelType(info >> 2);
          // a parent type without the computed relation contributes nothing (OpenFGA skips it)
          const target = pt < 0 ? -1 : (n.byType[pt] as number);
          if (target >= 0) {
            const v = plain
              ? ((info & 3) === TERM_OBJECT ? tsRel.plainFree[pt] : tsRel.wildcardFree[pt]) === 1
                ? ALLOW
                : DENY
              : f.tupleResult(index, t, tsRel, this.onError);
            if (v === ERROR) err = true;
            else if (v === ALLOW) {
              const w = this.check(parent, target);
              if (w === ALLOW) return ALLOW;
              if (w === ERROR) err = true;
              else if (w === CYCLE) cycle = true;
            }
          }
        }
        t = next;
        if (t < 0) break;
        parent = rec[t << 2] as number;
        next = rec[(t << 2) + REC_NEXT] as number;
        if (parent >= 0) info = (f.symbols.termType(parent) << 2) | f.symbols.termKind(parent);
      }
    }
    return err ? ERROR : cycle ? CYCLE : DENY;
  }
}
