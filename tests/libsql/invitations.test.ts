import { afterAll } from 'vitest';
import { createApp } from '../../worker/app.ts';
import { libsqlHarness } from './harness.ts';
import { startResendStub } from './resend-stub.ts';
import { invitationsSuite } from '../suites/invitations.suite.ts';

// The real Resend SDK, pointed at a stub on 127.0.0.1, over the same database as `local`
// (the same app without RESEND_API_KEY: mail goes to the outbox).
const local = await libsqlHarness();
const stub = await startResendStub();
const app = createApp(() => local.db);
const env = { RESEND_API_KEY: 're_test_key', RESEND_BASE_URL: stub.baseUrl };
afterAll(() => stub.close());

invitationsSuite({ ...local, request: async (path, init) => app.request(path, init, env as never) }, stub, local);
