/**
 * The bench's HTTP client for timed requests: undici's `request` over one keep-alive `Agent`.
 * Node's global `fetch` is the same library behind the WHATWG layer (Request, Headers, body
 * streams, an AbortSignal timer per request), which cost ~450 µs of the bench process's CPU per
 * request against ~150 µs here (measured on the 1M check at ×16): on a 2-core machine the client
 * then took the core the server needed, and every engine's throughput measured the client. The
 * same client serves Laminate and Cerbos, so their ratio is unchanged in kind.
 */
import { Agent, request } from 'undici';

const agent = new Agent({ keepAliveTimeout: 10_000 });

export interface Answer {
  status: number;
  text: string;
  header(name: string): string | undefined;
}

/** POSTs `body` as JSON; fails after `timeoutMs` (headers and body each). */
export async function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<Answer> {
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    dispatcher: agent,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  const text = await response.body.text();
  return {
    status: response.statusCode,
    text,
    header: (name) => {
      const value = response.headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}
