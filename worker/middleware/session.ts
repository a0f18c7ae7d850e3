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
  type SessionRow,
} from '../auth/session.ts';
import { constantTimeEqualText } from '../auth/crypto.ts';

export type SessionVariables = {
  person: Person;
  session: SessionRow;
  sessionToken: string;
  /** The person's workspace and its authorization state, read in the session's round trip (issue 17). */
  sessionRead: SessionRead;
};
type SessionEnv = AppEnv & { Variables: SessionVariables };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Requires a valid session cookie (401 otherwise) and, for every write, the session's CSRF
 * token in `X-CSRF-Token` plus a same-origin `Origin` when the browser sends one.
 */
export const requireSession = (): MiddlewareHandler<SessionEnv> => async (c, next) => {
  const token = getCookie(c, SESSION_COOKIE);
  // R25: a person's API key instead of a cookie acts as that person, read-only.
  const bearer = token ? undefined : /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1];
  if (bearer) {
    const byKey = await validatePersonApiKey(c.get('store'), bearer, Date.now());
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
  const found = token ? await validateSessionToken(c.get('store'), token, Date.now()) : null;
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
