import type { Context } from 'hono';

/**
 * Sets a header on the answer a handler has already made (middleware after `next()`). Hono's
 * `c.header` there wraps the answer in a new Response for every call; on Node
 * (@hono/node-server) that turns a body kept as a string into a web stream, which is then
 * piped to the socket chunk by chunk instead of written at once — three headers a request
 * (round trips, Server-Timing, Cache-Control) cost a warm check ~20% of its server CPU (issue
 * 17, profiled). Laminate's answers have mutable headers; one that has not (a fetched Response)
 * falls back to `c.header`.
 */
export function setAnswerHeader(c: Context, name: string, value: string, options?: { append: boolean }): void {
  try {
    if (options?.append) c.res.headers.append(name, value);
    else c.res.headers.set(name, value);
  } catch {
    c.header(name, value, options);
  }
}
