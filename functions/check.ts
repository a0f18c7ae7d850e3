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
import type { BatchCheckRequest, BatchCheckResult, CheckRequest, CheckResult, Context } from './types.ts';

/** Runs one check inside an existing frame (shared by check, batch check and the CLI). */
export function checkInFrame(model: CompiledModel, frame: Frame, req: { user: string; relation: string; object: string }): CheckResult {
  const obj = parseObject(req.object);
  if (!obj) return { allowed: false, error: engineError('validation_error', `invalid object \`${req.object}\``) };
  if (!model.typeIndex.has(obj.type)) return { allowed: false, error: engineError('validation_error', `type \`${obj.type}\` not found`) };
  const r = relationId(model, obj.type, req.relation);
  if (r < 0) return { allowed: false, error: engineError('validation_error', `relation \`${obj.type}#${req.relation}\` not found`) };
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
