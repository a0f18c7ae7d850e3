/**
 * A JSON body's size over a real socket (Node + @hono/node-server), both ways a client can send
 * it: with a Content-Length (refused before it is read — worker/middleware/json-body.ts reads
 * such a body straight from the socket, issue 17) and chunked (counted while it streams in).
 */
import { request } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MAX_JSON_BODY_BYTES } from '../../worker/middleware/json-body.ts';
import { ADMIN_KEY } from '../suites/openfga-harness.ts';
import { libsqlEdge } from './openfga-harness.ts';

// made while the file is collected, so its folder goes with the file (tests/temp-dir.ts)
const edge = await libsqlEdge();
let server: { url: string; close(): void };
let storeId: string;

beforeAll(async () => {
  server = await edge.listen();
  ({ storeId } = await edge.seed(
    {
      schema_version: '1.1',
      type_definitions: [
        { type: 'user' },
        {
          type: 'doc',
          relations: { viewer: { this: {} } },
          metadata: { relations: { viewer: { directly_related_user_types: [{ type: 'user' }] } } },
        },
      ],
    },
    [{ object: 'doc:1', relation: 'viewer', user: 'user:ana' }],
  ));
});
afterAll(() => server.close());

/**
 * POSTs `chunks` to the check endpoint and resolves with the answer as soon as it arrives; with
 * `length` a Content-Length is sent (else the body is chunked); `end: false` never finishes the body.
 */
function post(
  chunks: string[],
  { length, end = true }: { length?: number; end?: boolean } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(
      new URL(`${server.url}/stores/${storeId}/check`),
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${ADMIN_KEY}`,
          'content-type': 'application/json',
          ...(length === undefined ? {} : { 'content-length': String(length) }),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          text += d;
        });
        res.on('end', () => {
          answered = true;
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
          if (!end) req.destroy();
        });
      },
    );
    req.on('error', (e) => {
      if (!answered) reject(e);
    });
    for (const chunk of chunks) req.write(chunk);
    if (end) req.end();
  });
}

const check = JSON.stringify({ tuple_key: { user: 'user:ana', relation: 'viewer', object: 'doc:1' } });

it('a check body sent with a Content-Length is answered, and so is a chunked one', async () => {
  expect(await post([check], { length: Buffer.byteLength(check) })).toMatchObject({
    status: 200,
    body: { allowed: true },
  });
  expect(await post([check.slice(0, 10), check.slice(10)])).toMatchObject({ status: 200, body: { allowed: true } });
});

it('a body declared larger than the limit is refused with 413 before it is sent; a chunked one once it passes the limit', async () => {
  // only the first bytes of the declared body are ever sent: the answer cannot come from reading it
  const declared = await post(['{"pad":"xxxx'], { length: MAX_JSON_BODY_BYTES + 1, end: false });
  expect(declared.status).toBe(413);
  expect(declared.body).toMatchObject({ code: 'payload_too_large', requestId: expect.any(String) });
  const big = `{"pad":"${'x'.repeat(MAX_JSON_BODY_BYTES)}"}`;
  expect(await post([big.slice(0, 600_000), big.slice(600_000)])).toMatchObject({
    status: 413,
    body: { code: 'payload_too_large' },
  });
});
