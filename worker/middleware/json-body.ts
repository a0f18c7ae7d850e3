import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { z } from 'zod';
import { ApiError } from '../errors.ts';
import type { Declared } from './declared.ts';

/** Bodies above this are refused before parsing (documented in README "Limits"). */
export const MAX_JSON_BODY_BYTES = 1_000_000;

/** The media types read as JSON (as Hono's validator reads them). */
const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i;

/** Why the body cannot be read (415, 413, 400 invalid_json): answered before the schema is tried. */
const unreadable = new WeakMap<object, ApiError>();
/** What in a body that fits its schema cannot be stored as sent: answered after the schema is tried. */
const unstorable = new WeakMap<object, ApiError>();

/**
 * For a route whose declaration takes a JSON body: reads it (1 MB at most, `hono/body-limit`),
 * as UTF-8, as JSON, and looks for what cannot be stored (firstUnstorable). Refuses nothing
 * itself: the route's own middleware (authentication) runs first; the declaration's validator
 * then calls `defaultHook` (worker/routes/declare.ts), which answers with what was found here.
 */
export const jsonBodies =
  (declared: Declared): MiddlewareHandler =>
  async (c, next) => {
    if (!declared(c)?.request?.body?.content?.['application/json']) return next();
    const problem = await read(c);
    if (problem) {
      unreadable.set(c.req, problem);
      // the validator then reads `{}`, and defaultHook answers with the problem instead
      c.req.bodyCache = { text: Promise.resolve('{}') } as never; // Hono keeps promises there
    }
    return next();
  };

/** The reason the JSON body of this request is refused, given the schema's verdict (`fits`). */
export function bodyProblem(c: Context, fits: boolean): ApiError | undefined {
  return unreadable.get(c.req) ?? (fits ? unstorable.get(c.req) : undefined);
}

async function read(c: Context): Promise<ApiError | undefined> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim();
  if (!JSON_TYPE.test(type))
    return new ApiError('unsupported_media_type', 'the body must be JSON: send `Content-Type: application/json`');
  let tooBig = false;
  let buffer: ArrayBuffer | undefined;
  const length = c.req.header('content-length');
  if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
    // A declared length is checked before reading, as `bodyLimit` does — but without asking for
    // the body as a stream first: on Node that turned every request into a WHATWG Request over a
    // web stream (@hono/node-server reads the socket directly otherwise; issue 17, ~5% of a check).
    if (Number(length) > MAX_JSON_BODY_BYTES) return tooLarge();
    buffer = await c.req.arrayBuffer();
  } else {
    // no length given (chunked): counted while it streams in, refused past the limit
    await bodyLimit({
      maxSize: MAX_JSON_BODY_BYTES,
      onError: () => {
        tooBig = true;
        return new Response(null);
      },
    })(c, async () => {
      buffer = await c.req.arrayBuffer();
    });
  }
  if (tooBig || (buffer?.byteLength ?? 0) > MAX_JSON_BODY_BYTES) return tooLarge();
  if (!buffer?.byteLength) return new ApiError('invalid_json', 'the body is empty: a JSON object is expected');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch (cause) {
    return new ApiError('invalid_json', 'the body is not valid UTF-8', { cause });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    return new ApiError('invalid_json', `the body is not valid JSON: ${(cause as Error).message}`, { cause });
  }
  // what the validator parses (`c.req.json()` reads the cached text): the UTF-8 checked here
  c.req.bodyCache = { text: Promise.resolve(text) } as never;
  const found = firstUnstorable(value);
  if (found) {
    const field = found.path.join('.');
    unstorable.set(
      c.req,
      new ApiError(
        'validation_error',
        field ? `field \`${field}\`: ${found.problem}` : `the body: ${found.problem}`,
        field ? { field } : {},
      ),
    );
  }
  return undefined;
}

/** JSON nested deeper than this is refused (README "Limits"): what takes any value (a condition's context, AuthZEN properties) is stored and walked recursively. */
export const MAX_JSON_DEPTH = 64;

/**
 * The first place in a parsed body that cannot be kept as sent, or undefined: nesting deeper than
 * MAX_JSON_DEPTH (a 5,000-deep condition context overflowed the stack: a 500), a lone UTF-16
 * surrogate (`"\ud800"` is valid JSON but not Unicode: D1 stored it as three U+FFFD), or U+0000
 * (libSQL cut the text there). Keys count as much as values. Iterative, so any depth is safe.
 */
export function firstUnstorable(value: unknown): { path: string[]; problem: string } | undefined {
  const stack: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    if (next.path.length > MAX_JSON_DEPTH)
      return { path: next.path, problem: `nested deeper than ${MAX_JSON_DEPTH} levels` };
    if (typeof next.value === 'string') {
      const problem = badText(next.value);
      if (problem) return { path: next.path, problem };
    } else if (next.value !== null && typeof next.value === 'object') {
      for (const [key, child] of Object.entries(next.value)) {
        const problem = badText(key);
        if (problem) return { path: [...next.path, key], problem: `its name ${problem}` };
        stack.push({ value: child, path: [...next.path, key] });
      }
    }
  }
  return undefined;
}

function badText(text: string): string | undefined {
  if (/\p{Cs}/u.test(text)) return 'not valid Unicode (a lone UTF-16 surrogate)';
  if (text.includes('\u0000')) return 'holds U+0000 (NUL), which text cannot keep';
  return undefined;
}

/** Validates any input (query, params, body) and turns the first issue into a 400 naming its field. */
export function validate<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.length > 0 ? issue.path.map(String).join('.') : undefined;
  const message = field ? `field \`${field}\`: ${issue.message}` : issue.message;
  throw new ApiError('validation_error', message, field === undefined ? {} : { field });
}

function tooLarge(): ApiError {
  return new ApiError('payload_too_large', `the body is larger than ${MAX_JSON_BODY_BYTES} bytes`);
}
