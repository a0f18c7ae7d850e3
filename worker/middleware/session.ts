import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { ApiError } from '../errors.ts';
import type { AppEnv } from '../env.ts';
import {
  SESSION_COOKIE,
  validatePersonApiKey,
  validateSessionToken,
  type Person,
  type SessionRead,
  type SessionReads,
  type SessionRow,
} from '../auth/session.ts';
import { constantTimeEqualText } from '../auth/crypto.ts';

export type SessionVariables = {
  person: Person;
  session: SessionRow;
  sessionToken: string;
  /** The person's workspace and its authorization state, read in the session's round trip (issue 17). */
  sessionRead: SessionRead;
  /** A read route's own queries for the session's batch (`readWithSession`), set before the session is read. */
  sessionReads?: SessionReads;
};
type SessionEnv = AppEnv & { Variables: SessionVariables };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Opts a read route into the session's round trip (issue 17): registered on the route's path
 * BEFORE the session middleware, it hands the route's queries (keyed on the credential through
 * `SessionKeys`) to the session batch; the handler finds their answers in `sessionRead.reads`,
 * which is only set once the credential has proved valid. Reads only (GET, HEAD): a write checks
 * the session before it reads anything. `reads` runs in this middleware, so it must take the
 * route's parameters now (`c.req.param` in a later middleware answers for that one's path):
 *
 *   app.use('/:id/sheet', readWithSession((c) => {
 *     const id = c.req.param('id') ?? '';
 *     return (db, keys) => sheetQueries(db, id, keys);
 *   }));
 *   app.use('*', ...workspaceSession());
 */
export const readWithSession =
  <E extends SessionEnv>(reads: (c: Parameters<MiddlewareHandler<E>>[0]) => SessionReads): MiddlewareHandler<E> =>
  async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') c.set('sessionReads', reads(c));
    await next();
  };

/**
 * Requires a valid session cookie (401 otherwise) and, for every write, the session's CSRF
 * token in `X-CSRF-Token` plus a same-origin `Origin` when the browser sends one.
 */
export const requireSession = (): MiddlewareHandler<SessionEnv> => async (c, next) => {
  const token = getCookie(c, SESSION_COOKIE);
  // R25: a person's API key instead of a cookie acts as that person, read-only.
  const bearer = token ? undefined : /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1];
  if (bearer) {
    const byKey = await validatePersonApiKey(c.get('store'), bearer, Date.now(), readsOf(c));
    if (!byKey)
      throw new ApiError('unauthenticated', 'the API key is not valid (unknown or revoked)', {
        headers: { 'WWW-Authenticate': 'Bearer realm="laminate", error="invalid_token"' },
      });
    if (!SAFE_METHODS.has(c.req.method)) throw new ApiError('forbidden', 'API keys of people are read-only');
    c.set('person', byKey.person);
    c.set('session', byKey.session);
    c.set('sessionRead', byKey);
    c.set('sessionToken', '');
    return next();
  }
  const found = token ? await validateSessionToken(c.get('store'), token, Date.now(), readsOf(c)) : null;
  if (!found || !token)
    throw new ApiError('unauthenticated', 'sign in first: no valid session', {
      headers: { 'WWW-Authenticate': 'Cookie' },
    });
  if (!SAFE_METHODS.has(c.req.method)) {
    const origin = c.req.header('origin');
    if (origin && origin !== new URL(c.req.url).origin) throw new ApiError('forbidden', 'cross-origin write refused');
    const sent = c.req.header('x-csrf-token') ?? '';
    if (!constantTimeEqualText(sent, found.session.csrfToken))
      throw new ApiError('forbidden', 'missing or wrong `X-CSRF-Token` header');
  }
  c.set('person', found.person);
  c.set('session', found.session);
  c.set('sessionRead', found);
  c.set('sessionToken', token);
  await next();
};

/** The route's reads for the session batch, on a read only. */
function readsOf(c: Parameters<MiddlewareHandler<SessionEnv>>[0]): SessionReads | undefined {
  return SAFE_METHODS.has(c.req.method) ? c.get('sessionReads') : undefined;
}
