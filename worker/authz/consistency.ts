/**
 * Consistency tokens (R8, Zanzibar's zookies): every write answers one, naming the store and the
 * revision it produced; a read may send it back to ask "at least as fresh as this write". The
 * text is opaque to callers (base64url); only this file knows what is inside.
 */
import { fromBase64Url, toBase64Url } from '../auth/crypto.ts';
import { ApiError } from '../errors.ts';

const PREFIX = 'lct1.';

export function encodeToken(storeId: string, revision: number): string {
  return PREFIX + toBase64Url(new TextEncoder().encode(`${storeId}.${revision}`));
}

/** The revision a token promises for `storeId`; 400 when it is malformed or names another store. */
export function tokenRevision(token: string, storeId: string): number {
  const bad = () =>
    new ApiError('validation_error', 'the consistency token is not one this store issued', {
      field: 'consistency_token',
    });
  if (!token.startsWith(PREFIX)) throw bad();
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(fromBase64Url(token.slice(PREFIX.length)));
  } catch {
    throw bad();
  }
  const dot = text.lastIndexOf('.');
  const revision = Number(text.slice(dot + 1));
  if (dot < 0 || text.slice(0, dot) !== storeId || !Number.isSafeInteger(revision) || revision < 0) throw bad();
  return revision;
}
