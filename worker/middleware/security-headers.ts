import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from '../env.ts';
import { setAnswerHeader } from './answer-headers.ts';

/** Answers that hold nothing personal and may be cached: discovery, the API description, health. */
const PUBLIC = /^\/(openapi\.json$|docs$|\.well-known\/|api\/health$)/;

/**
 * The Worker's own answers (the UI's assets get theirs from `web/security-headers.ts`): Hono's
 * secure headers (nosniff, no-referrer, HSTS, ...), framing refused, a Content-Security-Policy
 * that lets a JSON answer opened as a page run nothing (`/docs`, server-rendered with no
 * scripts, keeps its inline style), and `Cache-Control: no-store` on every answer that may hold
 * personal data or access decisions, unless the handler chose one itself.
 */
export const securityHeaders = (): MiddlewareHandler<AppEnv>[] => [
  secureHeaders({
    xFrameOptions: 'DENY',
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      styleSrc: [(c) => (c.req.path === '/docs' ? "'unsafe-inline'" : "'none'")],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'none'"],
    },
  }),
  async (c, next) => {
    await next();
    if (!PUBLIC.test(c.req.path) && !c.res.headers.has('cache-control'))
      setAnswerHeader(c, 'Cache-Control', 'no-store');
  },
];
