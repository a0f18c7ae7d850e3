import { env } from 'cloudflare:test';
import app from '../../worker/index.ts';
import { invitationsSuite, type SentEmail } from '../suites/invitations.suite.ts';
import { d1Harness } from './harness.ts';

/**
 * workerd can fetch a stub on 127.0.0.1 (a probe against a node:http server passed), but a
 * worker test cannot start one: node:http servers do not run in workerd, and starting one in
 * Node needs a globalSetup in vitest.config.ts. So here the Resend SDK's own `fetch` is
 * answered in-isolate, at the same base URL seam: the SDK builds and sends its real request.
 */
const BASE = 'http://resend.stub.test';
const received: SentEmail[] = [];
const realFetch = globalThis.fetch;
globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
  const request = new Request(input, init);
  if (!request.url.startsWith(BASE)) return realFetch(input, init);
  received.push({
    path: new URL(request.url).pathname,
    authorization: request.headers.get('authorization'),
    body: (await request.json()) as SentEmail['body'],
  });
  return Response.json({ id: `stub_${received.length}` });
};

const local = d1Harness();
const mailEnv = { ...env, RESEND_API_KEY: 're_test_key', RESEND_BASE_URL: BASE };
invitationsSuite(
  { ...local, request: async (path, init) => app.request(path, init, mailEnv) },
  { baseUrl: BASE, received: () => [...received] },
  local,
);
