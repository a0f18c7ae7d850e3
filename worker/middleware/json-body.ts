import type { Context } from 'hono';
import { routePath } from 'hono/route';
import type { z } from 'zod';
import { ApiError } from '../errors.ts';

/** Bodies above this are refused before parsing (documented in README "Limits"). */
export const MAX_JSON_BODY_BYTES = 1_000_000;

/**
 * The body schema of every route that has read a JSON body, by `METHOD /route/:param`. The
 * workspace routes are not in /openapi.json: this is how the fuzz suite (tests/suites/fuzz.suite.ts)
 * reaches their zod schemas, so a new route is fuzzed with its own shapes. One map entry per route.
 */
export const bodySchemas = new Map<string, z.ZodType>();

/**
 * Reads the request body as JSON and validates it against `schema`. Every way a body can be
 * wrong is a 400 (415 for a non-JSON content type, 413 when too large) naming the field.
 *
 * @example const body = await readJson(c, z.object({ email: z.string() }));
 */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  bodySchemas.set(`${c.req.method} ${routePath(c)}`, schema);
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
    throw new ApiError('unsupported_media_type', 'the body must be JSON: send `Content-Type: application/json`');
  }
  const declared = Number(c.req.header('content-length') ?? '0');
  if (declared > MAX_JSON_BODY_BYTES) throw tooLarge();
  const buffer = await c.req.arrayBuffer();
  if (buffer.byteLength > MAX_JSON_BODY_BYTES) throw tooLarge();
  if (buffer.byteLength === 0) throw new ApiError('invalid_json', 'the body is empty: a JSON object is expected');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch (cause) {
    throw new ApiError('invalid_json', 'the body is not valid UTF-8', { cause });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new ApiError('invalid_json', `the body is not valid JSON: ${(cause as Error).message}`, { cause });
  }
  const data = validate(schema, value);
  const unstorable = firstUnstorable(value);
  if (unstorable) {
    const field = unstorable.path.join('.');
    throw new ApiError(
      'validation_error',
      field ? `field \`${field}\`: ${unstorable.problem}` : `the body: ${unstorable.problem}`,
      field ? { field } : {},
    );
  }
  return data;
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
