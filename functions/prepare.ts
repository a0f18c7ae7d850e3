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

export function prepareFrame(model: CompiledModel, source: TupleSource, req: FrameInput): Frame | EngineError {
  const invalid = validateContextualTuples(model, req.contextualTuples);
  if (invalid) return invalid;
  return new Frame(model, source, req.contextualTuples, req.context, req.now);
}
