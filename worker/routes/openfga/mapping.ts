/** Between OpenFGA's JSON and the engine's values: tuple keys, times, engine errors. */
import type { EngineError, TupleKey } from '../../../functions/index.ts';
import { ApiError } from '../../errors.ts';
import type { TupleKeyJson } from './schemas.ts';

export const iso = (ms: number): string => new Date(ms).toISOString();

export function toEngineTuple(t: TupleKeyJson): TupleKey {
  const key: TupleKey = { object: t.object, relation: t.relation, user: t.user };
  if (t.condition)
    key.condition = t.condition.context
      ? { name: t.condition.name, context: t.condition.context }
      : { name: t.condition.name };
  if (t.expires_at) key.expiresAt = Date.parse(t.expires_at);
  return key;
}

export function toTupleJson(t: TupleKey): TupleKeyJson {
  const json: TupleKeyJson = { user: t.user, relation: t.relation, object: t.object };
  if (t.condition)
    json.condition = t.condition.context
      ? { name: t.condition.name, context: t.condition.context }
      : { name: t.condition.name };
  if (t.expiresAt !== undefined) json.expires_at = iso(t.expiresAt);
  return json;
}

/** An engine error on a whole request is the caller's fault: 400 with the engine's message. */
export function engineFailure(error: EngineError): ApiError {
  return new ApiError('validation_error', `${error.name}: ${error.message}`);
}

/** Page tokens of our own lists: base64url JSON, opaque to callers. */
export function encodePage(value: unknown): string {
  return btoa(JSON.stringify(value)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

export function decodePage<T>(token: string | undefined, valid: (v: unknown) => v is T): T | undefined {
  if (token === undefined || token === '') return undefined;
  try {
    const value: unknown = JSON.parse(atob(token.replaceAll('-', '+').replaceAll('_', '/')));
    if (valid(value)) return value;
  } catch {
    // reported below
  }
  throw new ApiError('validation_error', 'invalid continuation token', { field: 'continuation_token' });
}
