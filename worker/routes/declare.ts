/**
 * Every route of the app is declared once, with `createRoute` from `@hono/zod-openapi`: its
 * path, path and query parameters, JSON body and responses as zod schemas. From that one
 * declaration come the request validation (400 `{ code, message, requestId, field }`), the
 * OpenAPI document at /openapi.json, the response check in development and tests
 * (worker/middleware/check-response.ts), the fuzz suite's shapes and the UI's typed client
 * (`hc<App>`). These helpers keep a declaration short.
 *
 * @example
 * routes<WorkspaceEnv>(...workspaceSession()).openapi(
 *   createRoute({ method: 'get', path: '/{id}', tags: ['Tasks'], request: { params: pathParams('id') },
 *     responses: { 200: ok(TaskResponse), ...errors } }),
 *   async (c) => c.json({ task }, 200),
 * );
 */
import { OpenAPIHono, type Hook } from '@hono/zod-openapi';
import type { Env, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { ApiError } from '../errors.ts';
import { bodyProblem } from '../middleware/json-body.ts';

/** The error every failure leaves as (worker/errors.ts). */
/** A calendar date `YYYY-MM-DD` that exists (not 2026-13-45, not 2026-02-29): every date a route takes. */
export const IsoDate = z.iso.date('a date `YYYY-MM-DD`');

export const ErrorBody = z
  .object({ code: z.string(), message: z.string(), requestId: z.string(), field: z.string().optional() })
  .meta({ id: 'Error' });

/** Turns the first zod issue into the 400 naming the field it blames, and refuses a body that cannot be stored as sent. */
export const defaultHook: Hook<unknown, Env, string, undefined> = (result, c) => {
  if (result.target === 'json') {
    const problem = bodyProblem(c, result.success);
    if (problem) throw problem;
  }
  if (result.success) return;
  const issue = result.error.issues[0]!;
  const field = issue.path.length > 0 ? issue.path.map(String).join('.') : undefined;
  const message = field ? `field \`${field}\`: ${issue.message}` : issue.message;
  throw new ApiError('validation_error', message, field === undefined ? {} : { field });
};

/** A group of routes; `middleware` runs before each (authentication). */
export function routes<E extends Env>(...middleware: MiddlewareHandler<E>[]): OpenAPIHono<E> {
  const app = new OpenAPIHono<E>({ defaultHook: defaultHook as never });
  if (middleware.length) app.use('*', ...middleware);
  return app;
}

type ParamShape<K extends string> = { [P in K]: z.ZodString };
/** The path parameters of a declaration (`/{id}` needs `pathParams('id')`). */
export function pathParams<const K extends string>(...names: K[]): z.ZodObject<ParamShape<K>> {
  return z.object(Object.fromEntries(names.map((n) => [n, z.string()])) as ParamShape<K>);
}

/** A required JSON request body. */
export function json<S extends z.ZodType>(schema: S) {
  return { required: true, content: { 'application/json': { schema } } } as const;
}

/** A JSON response. */
export function ok<S extends z.ZodType>(schema: S, description = 'success') {
  return { description, content: { 'application/json': { schema } } } as const;
}

/** A response without a JSON body (204, a file, CSV, NDJSON): described, not checked. */
export function other(description: string) {
  return { description } as const;
}

/**
 * A 409: a compare-and-set write lost (worker/records/revision.ts) answers with the record's
 * `current` state; other conflicts (e.g. reinstating someone active) with the error alone.
 */
export function conflict<S extends z.ZodType>(current: S) {
  return ok(
    ErrorBody.extend({ code: z.literal('conflict'), current: current.optional() }),
    'the record changed since it was read (`If-Match`): its current state',
  );
}

const errorResponse = ok(ErrorBody, 'error: `{ code, message, requestId, field? }`');
/** The errors any route may answer with. */
export const errors = {
  400: errorResponse,
  401: errorResponse,
  403: errorResponse,
  404: errorResponse,
  409: errorResponse,
  429: errorResponse,
} as const;
