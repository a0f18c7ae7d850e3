/**
 * The shared first step of every operation: validate the request against the model, then
 * build the frame (source + contextual tuples) it evaluates in.
 */
import type { CompiledModel } from './compile.ts';
import { Frame } from './evaluator.ts';
import type { TupleSource } from './source.ts';
import type { Context, EngineError, TupleKey } from './types.ts';
import { validateContextualTuples } from './request.ts';

export type FrameInput = { context?: Context; contextualTuples?: TupleKey[]; now: number };

const frames = new WeakMap<TupleSource, WeakMap<CompiledModel, Frame>>();

/**
 * A request without contextual tuples reuses its (source, model) frame, only its context and
 * clock change: evaluation is synchronous, so no two requests share it at once.
 */
export function prepareFrame(model: CompiledModel, source: TupleSource, req: FrameInput): Frame | EngineError {
  if (req.contextualTuples && req.contextualTuples.length > 0) {
    const invalid = validateContextualTuples(model, req.contextualTuples);
    if (invalid) return invalid;
    return new Frame(model, source, req.contextualTuples, req.context, req.now);
  }
  let perSource = frames.get(source);
  if (!perSource) frames.set(source, (perSource = new WeakMap()));
  let frame = perSource.get(model);
  if (!frame) perSource.set(model, (frame = new Frame(model, source, undefined, req.context, req.now)));
  frame.context = req.context;
  frame.now = req.now;
  return frame;
}
