import { describe, expect, it } from 'vitest';
import { Api, expectError, type EdgeHarness } from './openfga-harness.ts';

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
  components: { schemas: Record<string, unknown> };
};

/** The OpenAPI document and the /docs page, generated from the routes' zod schemas. */
export function docsSuite(harness: EdgeHarness): void {
  describe(`OpenAPI and /docs on ${harness.store}`, () => {
    const anonymous = new Api(harness).as(null);

    it('GET /openapi.json describes every operation, and every $ref resolves', async () => {
      const doc = await anonymous.ok<Doc>('GET', '/openapi.json');
      expect(doc.openapi).toBe('3.1.0');
      for (const path of [
        '/stores',
        '/stores/{store_id}/check',
        '/stores/{store_id}/write',
        '/stores/{store_id}/list-users',
        '/stores/{store_id}/explain',
        '/access/v1/evaluations',
        '/stores/{store_id}/access/v1/search/action',
        '/.well-known/authzen-configuration',
      ]) {
        expect(doc.paths, path).toHaveProperty([path]);
      }
      const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
      expect(refs.length).toBeGreaterThan(20);
      for (const ref of refs) expect(doc.components.schemas, ref).toHaveProperty([ref]);
      expect(doc.components.schemas.TupleKey).toMatchObject({
        type: 'object',
        required: ['user', 'relation', 'object'],
      });
    });

    it('GET /docs is a readable page rendered on the server, with no scripts', async () => {
      const response = await anonymous.call('GET', '/docs');
      expect(response.headers.get('content-type')).toMatch(/text\/html/);
      const page = await response.text();
      expect(page).toContain('/stores/{store_id}/batch-check');
      expect(page).toContain('Create a store');
      expect(page).not.toMatch(/<script/i);
    });
  });
}

/** R25: requests beyond an API key's rate are refused with 429 and Retry-After (binding stubbed to 2 per key). */
export function rateLimitSuite(harness: EdgeHarness): void {
  describe(`rate limits on ${harness.store}`, () => {
    it('R25: a key over its limit gets 429 with Retry-After; another key is unaffected; the operator key is not limited', async () => {
      const admin = new Api(harness);
      const { storeId } = await admin.newStore('limited');
      const first = admin.as((await admin.newKey(storeId, 'read')).key);
      const second = admin.as((await admin.newKey(storeId, 'read')).key);
      expect((await first.call('GET', `/stores/${storeId}`)).status).toBe(200);
      expect((await first.call('GET', `/stores/${storeId}`)).status).toBe(200);
      const refused = await first.call('GET', `/stores/${storeId}`);
      expect(refused.headers.get('retry-after')).toBe('60');
      await expectError(refused, 429, 'rate_limited');
      expect((await second.call('GET', `/stores/${storeId}`)).status).toBe(200);
      for (let i = 0; i < 3; i++) expect((await admin.call('GET', `/stores/${storeId}`)).status).toBe(200);
    });
  });
}

/** A stand-in for the Workers rate-limiting binding: `perKey` requests per key, then refusals. */
export function countingLimiter(perKey: number) {
  const seen = new Map<string, number>();
  return {
    limit: async ({ key }: { key: string }) => {
      seen.set(key, (seen.get(key) ?? 0) + 1);
      return { success: (seen.get(key) ?? 0) <= perKey };
    },
  };
}
