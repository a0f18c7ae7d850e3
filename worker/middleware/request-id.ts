import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.ts';

const ACCEPTABLE_ID = /^[\w.:-]{1,128}$/;

/**
 * Takes the caller's `X-Request-ID` when it is a sane token (AuthZEN asks for it to be echoed),
 * otherwise makes one; either way it is echoed on the response and used in error bodies.
 */
export const requestId = (): MiddlewareHandler<AppEnv> => async (c, next) => {
  const incoming = c.req.header('x-request-id');
  const id = incoming && ACCEPTABLE_ID.test(incoming) ? incoming : crypto.randomUUID();
  c.set('requestId', id);
  c.header('X-Request-ID', id);
  await next();
};
