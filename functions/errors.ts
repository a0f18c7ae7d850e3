/** Engine errors: a closed vocabulary with OpenFGA's numeric codes, messages lowercase. */
import { ErrorCode, type EngineError, type ErrorName } from './types.ts';

export function engineError(name: ErrorName, message: string): EngineError {
  return { code: ErrorCode[name], name, message };
}
