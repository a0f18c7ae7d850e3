/**
 * One closed vocabulary of error codes, mapped to HTTP status at the edge. Every failure leaves
 * the Worker as `{ code, message, requestId }` (plus `field` when one input field is to blame).
 */
export const ERROR_STATUS = {
  invalid_json: 400,
  validation_error: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** An error a handler throws on purpose; `onError` turns it into the JSON shape above. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options?: { field?: string; cause?: unknown; headers?: Record<string, string> },
  ) {
    super(message, { cause: options?.cause });
    this.name = 'ApiError';
    this.code = code;
    this.field = options?.field;
    this.headers = options?.headers;
  }

  get status(): (typeof ERROR_STATUS)[ErrorCode] {
    return ERROR_STATUS[this.code];
  }
}

export type ErrorBody = { code: ErrorCode; message: string; requestId: string; field?: string };
