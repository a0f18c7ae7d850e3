import { env } from 'cloudflare:test';
import { expect, it } from 'vitest';
import app from '../../worker/index.ts';
import { authAttacksSuite } from '../suites/auth-attacks.suite.ts';
import { countingLimiter } from '../suites/openfga-docs.suite.ts';
import { SIGN_IN_ATTEMPTS } from '../../worker/auth/sign-in-limit.ts';
import { d1Harness } from './harness.ts';

// The sign-in limiter as wrangler.toml sets it (10 a minute per client and login), counted by a
// stand-in so the suite's own attempts are the only ones it sees; the real binding's 429 is
// proven under wrangler dev (tests/e2e/security.test.ts).
const limited = { ...env, SIGN_IN_RATE_LIMIT: countingLimiter(SIGN_IN_ATTEMPTS) };
authAttacksSuite({ ...d1Harness(), request: async (path, init) => app.request(path, init, limited) });

it('R5: the sign-in rate-limiting binding is bound in workerd', async () => {
  const binding = (env as unknown as { SIGN_IN_RATE_LIMIT: RateLimit }).SIGN_IN_RATE_LIMIT;
  expect(await binding.limit({ key: 'probe' })).toEqual({ success: true });
});
