import type { MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import type { Bindings } from '../env.ts';
import { ErrorBody } from '../routes/declare.ts';
import type { Declared } from './declared.ts';
import { ImpactPreview } from '../people/impact.ts';

/**
 * Response validation, on in development and tests (`LAMINATE_VALIDATE_RESPONSES=1`: set by
 * `npm start`, the vitest projects and the e2e server; never in a deployed Worker): every
 * answer of a declared route must have a status its declaration lists, and a JSON answer must
 * fit that status's schema (an error, `{ code, message, requestId, field? }`). A handler that
 * answers otherwise fails the request with a 500, and the mismatch is logged.
 */
export const checkResponses =
  (declared: Declared): MiddlewareHandler<{ Bindings: Bindings }> =>
  async (c, next) => {
    await next();
    if (!validating(c.env)) return;
    const route = declared(c);
    if (!route) return;
    const what = `${route.method.toUpperCase()} ${route.path}`;
    const status = c.res.status;
    // `?dryRun=true` answers the impact preview in place of the write's answer (issue 15).
    if (c.res.headers.get('laminate-dry-run') === 'preview') {
      const preview = ImpactPreview.safeParse(await c.res.clone().json());
      if (status !== 200 || !preview.success) throw mismatch(`${what} answered a dry run that is not a preview`);
      return;
    }
    const response = route.responses[status] as { content?: Record<string, { schema: unknown }> } | undefined;
    if (!response && status < 400) throw mismatch(`${what} answered ${status}, which its declaration does not list`);
    const schema = (response ? response.content?.['application/json']?.schema : ErrorBody) as z.ZodType | undefined;
    if (!schema || !c.res.headers.get('content-type')?.startsWith('application/json')) return;
    const result = schema.safeParse(await c.res.clone().json());
    if (!result.success) {
      const issue = result.error.issues[0]!;
      throw mismatch(
        `${what} answered ${status} with a body its declaration does not promise: \`${issue.path.join('.')}\`: ${issue.message}`,
      );
    }
  };

export function validating(env: Bindings | undefined): boolean {
  const value =
    env?.LAMINATE_VALIDATE_RESPONSES ??
    (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env
      ?.LAMINATE_VALIDATE_RESPONSES;
  return value === '1';
}

/** A response its route does not declare: a bug in the handler or the declaration. */
export class ResponseMismatch extends Error {
  override name = 'ResponseMismatch';
}

function mismatch(message: string): ResponseMismatch {
  console.error(message);
  return new ResponseMismatch(message);
}
