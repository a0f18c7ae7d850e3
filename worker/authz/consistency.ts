/**
 * Consistency tokens (R8, Zanzibar's zookies): every write answers one, naming the store and the
 * revision it produced; a read may send it back to ask "at least as fresh as this write". The
 * text is opaque to callers (base64url); only this file knows what is inside.
 *
 * - `lct1.<base64url(store.revision)>`: the revision only (libSQL, and every token issued before
 *   D1 read replication; still read).
 * - `lct2.<base64url(store.revision)>.<base64url(bookmark)>`: plus the D1 Sessions API bookmark
 *   after the write, so a request carrying it may read from any replica that has reached it
 *   (docs/edge-api.md, "Consistency").
 */
import { fromBase64Url, toBase64Url } from '../auth/crypto.ts';
import { ApiError } from '../errors.ts';

const V1 = 'lct1.';
const V2 = 'lct2.';
const text = (s: string) => toBase64Url(new TextEncoder().encode(s));
const untext = (s: string) => new TextDecoder('utf-8', { fatal: true }).decode(fromBase64Url(s));
/** What a D1 bookmark looks like (hex groups and dashes today); anything else is not passed to D1. */
const BOOKMARK = /^[\w-]{1,512}$/;

export function encodeToken(storeId: string, revision: number, bookmark?: string): string {
  const head = text(`${storeId}.${revision}`);
  return bookmark && BOOKMARK.test(bookmark) ? `${V2}${head}.${text(bookmark)}` : V1 + head;
}

type Decoded = { storeId: string; revision: number; bookmark?: string };

function decode(token: string): Decoded | undefined {
  let head: string;
  let bookmark: string | undefined;
  if (token.startsWith(V1)) head = token.slice(V1.length);
  else if (token.startsWith(V2)) {
    const parts = token.slice(V2.length).split('.');
    if (parts.length !== 2) return undefined;
    head = parts[0]!;
    try {
      bookmark = untext(parts[1]!);
    } catch {
      return undefined;
    }
    if (!BOOKMARK.test(bookmark)) return undefined;
  } else return undefined;
  let inner: string;
  try {
    inner = untext(head);
  } catch {
    return undefined;
  }
  const dot = inner.lastIndexOf('.');
  const revision = Number(inner.slice(dot + 1));
  if (dot < 0 || !Number.isSafeInteger(revision) || revision < 0) return undefined;
  return { storeId: inner.slice(0, dot), revision, ...(bookmark ? { bookmark } : {}) };
}

/** The revision a token promises for `storeId`; 400 when it is malformed or names another store. */
export function tokenRevision(token: string, storeId: string): number {
  const decoded = decode(token);
  if (!decoded || decoded.storeId !== storeId)
    throw new ApiError('validation_error', 'the consistency token is not one this store issued', {
      field: 'consistency_token',
    });
  return decoded.revision;
}

/**
 * The D1 bookmark inside a token, or undefined (an `lct1` token, a malformed one). Read before
 * the store is known, to start the request's D1 session; the store is checked later
 * (`tokenRevision`). A bookmark only names a position of the database: a session started at
 * it reads a replica at least that fresh, whoever's token it came from.
 */
export function tokenBookmark(token: string | undefined): string | undefined {
  return token ? decode(token)?.bookmark : undefined;
}
