import { env } from 'cloudflare:test';
import { expect, it } from 'vitest';
import { apiKeysSuite } from '../suites/api-keys.suite.ts';
import { d1Edge } from './openfga-harness.ts';

apiKeysSuite(d1Edge());

it('R25: the rate-limiting binding of wrangler.toml is there offline and answers per key', async () => {
  const limiter = (env as unknown as { API_RATE_LIMIT: RateLimit }).API_RATE_LIMIT;
  expect(await limiter.limit({ key: 'probe' })).toEqual({ success: true });
});
