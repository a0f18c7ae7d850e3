import type { ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ApiError, ERROR_STATUS, type ErrorBody } from '../errors.ts';
import type { AppEnv } from '../env.ts';

/** The single place where a failure becomes a response. Internal details never leave. */
export const onError: ErrorHandler<AppEnv> = (err, c) => {
  const requestId = c.get('requestId') ?? crypto.randomUUID();
  if (err instanceof ApiError) {
    const body: ErrorBody = { code: err.code, message: err.message, requestId };
    if (err.field !== undefined) body.field = err.field;
    return c.json(body, err.status, { 'X-Request-ID': requestId, ...err.headers });
  }
  if (err instanceof HTTPException && err.status < 500) {
    const code =
      err.status === 413
        ? 'payload_too_large'
        : err.status === 401
          ? 'unauthenticated'
          : err.status === 415
            ? 'unsupported_media_type'
            : 'validation_error';
    const message =
      code === 'unsupported_media_type'
        ? 'the body must be JSON: send `Content-Type: application/json`'
        : err.message || 'bad request';
    return c.json({ code, message, requestId }, ERROR_STATUS[code], {
      'X-Request-ID': requestId,
    });
  }
  // A dry run's stop (`DryRunStop`, db/store.ts) is answered by its middleware, not logged.
  if (err.name === 'DryRunStop' || (err.cause as Error | undefined)?.name === 'DryRunStop')
    return c.json({ code: 'dry_run', message: 'dry run', requestId }, 200);
  // Log the id and the error class only: messages may carry personal data.
  console.error(`request ${requestId} failed: ${err.name}`);
  return c.json({ code: 'internal_error', message: 'internal error', requestId }, 500, { 'X-Request-ID': requestId });
};

export const onNotFound: NotFoundHandler<AppEnv> = (c) => {
  const requestId = c.get('requestId') ?? crypto.randomUUID();
  return c.json(
    { code: 'not_found', message: `no route for ${c.req.method} ${new URL(c.req.url).pathname}`, requestId },
    404,
  );
};
