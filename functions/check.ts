/**
 * Check and batch check. A check is default-deny; an error (invalid request, a condition
 * lacking parameters, too deep a walk) is a deny that is reported in `error`, never thrown.
 */
import type { CompiledModel } from './compile.ts';
import { relationId } from './compile.ts';
import { ALLOW, ERROR, type Frame } from './evaluator.ts';
import { engineError } from './errors.ts';
import { prepareFrame } from './prepare.ts';
import { isEngineError, parseObject, validateUser } from './request.ts';
import type { TupleSource } from './source.ts';
import { TERM_OBJECT } from './symbols.ts';
import type { BatchCheckRequest, BatchCheckResult, CheckRequest, CheckResult, Context } from './types.ts';

/**
 * True when `text` is a plain ASCII `type:id` (what parseObject and parseUser accept without a
 * wildcard or a relation); false sends the request down the full validation path.
 */
function plainAsciiTerm(text: string): boolean {
  const n = text.length;
  let i = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 58) break;
    if (c > 127 || c === 35 || c === 64 || c === 42 || c === 32 || (c >= 9 && c <= 13)) return false;
  }
  if (i === 0 || i > 254 || i >= n - 1 || text.charCodeAt(i + 1) === 42) return false;
  for (let j = i + 1; j < n; j++) {
    const c = text.charCodeAt(j);
    if (c > 127 || c === 58 || c === 35 || c === 32 || (c >= 9 && c <= 13)) return false;
  }
  return true;
}

/** Runs one check inside an existing frame (shared by check, batch check and the CLI). */
export function checkInFrame(
  model: CompiledModel,
  frame: Frame,
  req: { user: string; relation: string; object: string },
): CheckResult {
  // the common case, a known object and a known plain user: no parsing, ids from the term table
  if (frame.source.complete) {
    const s = frame.symbols;
    const o = s.term(req.object);
    const u = o < 0 ? -1 : s.term(req.user);
    if (u >= 0 && s.termKind(o) === TERM_OBJECT && s.termKind(u) === TERM_OBJECT) {
      const ot = frame.termModelType(o);
      const ut = frame.termModelType(u);
      const r = ot < 0 || ut < 0 ? -1 : (model.relIndex[ot]?.get(req.relation) ?? -1);
      if (r >= 0 && plainAsciiTerm(req.object) && plainAsciiTerm(req.user)) {
        const ev = frame.evaluatorForTerm(u, ut, s.wildcard(s.termType(u)));
        const v = ev.check(o, r);
        if (v === ALLOW) return { allowed: true };
        if (v === ERROR)
          return { allowed: false, error: ev.error ?? engineError('validation_error', 'evaluation failed') };
        return { allowed: false };
      }
    }
  }
  const obj = parseObject(req.object);
  if (!obj) return { allowed: false, error: engineError('validation_error', `invalid object \`${req.object}\``) };
  if (!model.typeIndex.has(obj.type))
    return { allowed: false, error: engineError('validation_error', `type \`${obj.type}\` not found`) };
  const r = relationId(model, obj.type, req.relation);
  if (r < 0)
    return {
      allowed: false,
      error: engineError('validation_error', `relation \`${obj.type}#${req.relation}\` not found`),
    };
  const user = validateUser(model, req.user);
  if (isEngineError(user)) return { allowed: false, error: user };
  const ev = frame.evaluatorFor(user);
  const v = ev.check(frame.term(req.object), r);
  if (v === ALLOW) return { allowed: true };
  if (v === ERROR) return { allowed: false, error: ev.error ?? engineError('validation_error', 'evaluation failed') };
  return { allowed: false };
}

/**
 * May `user` have `relation` on `object`?
 * @example
 * check(model, index, { user: 'user:anne', relation: 'viewer', object: 'doc:1', now: Date.now() })
 * // → { allowed: true }
 */
export function check(model: CompiledModel, source: TupleSource, req: CheckRequest): CheckResult {
  const frame = prepareFrame(model, source, req);
  if (isEngineError(frame)) return { allowed: false, error: frame };
  return checkInFrame(model, frame, req);
}

/**
 * Many checks against one frame (shared contextual tuples and clock). There is no small cap:
 * items are independent and cheap. An item's own `context` is merged over the request's.
 */
export function batchCheck(model: CompiledModel, source: TupleSource, req: BatchCheckRequest): BatchCheckResult {
  const frame = prepareFrame(model, source, req);
  const results = req.checks.map((item) => {
    let res: CheckResult;
    if (isEngineError(frame)) res = { allowed: false, error: frame };
    else if (item.context === undefined) res = checkInFrame(model, frame, item);
    else {
      const context: Context = { ...req.context, ...item.context };
      const own = prepareFrame(model, source, { ...req, context });
      res = isEngineError(own) ? { allowed: false, error: own } : checkInFrame(model, own, item);
    }
    return item.correlationId === undefined ? res : { ...res, correlationId: item.correlationId };
  });
  return { results };
}
