import { beforeAll, describe, expect, it } from 'vitest';
import { Api, expectError, modelJson, TEST_MODEL, TEST_TUPLES, type EdgeHarness } from './openfga-harness.ts';

type Need = 'read' | 'write' | 'admin';
type Endpoint = { name: string; method: string; path: string; body?: unknown; need: Need };

const check = { tuple_key: { user: 'user:ana', relation: 'can_read', object: 'document:setlist' } };

/** Every endpoint behind an API key, with a valid request and what it needs (also the R1 isolation matrix's edge routes). */
export function endpoints(storeId: string, modelId: string, keyId: string): Endpoint[] {
  const s = `/stores/${storeId}`;
  const evaluation = {
    subject: { type: 'user', id: 'ana' },
    action: { name: 'can_read' },
    resource: { type: 'document', id: 'setlist' },
  };
  return [
    { name: 'get store', method: 'GET', path: s, need: 'read' },
    { name: 'delete store', method: 'DELETE', path: s, need: 'admin' },
    {
      name: 'write model',
      method: 'POST',
      path: `${s}/authorization-models`,
      body: modelJson(TEST_MODEL),
      need: 'write',
    },
    { name: 'list models', method: 'GET', path: `${s}/authorization-models`, need: 'read' },
    { name: 'read model', method: 'GET', path: `${s}/authorization-models/${modelId}`, need: 'read' },
    {
      name: 'write',
      method: 'POST',
      path: `${s}/write`,
      body: { writes: { tuple_keys: [{ user: 'user:zoe', relation: 'owner', object: 'document:x' }] } },
      need: 'write',
    },
    { name: 'read', method: 'POST', path: `${s}/read`, body: {}, need: 'read' },
    { name: 'changes', method: 'GET', path: `${s}/changes`, need: 'read' },
    { name: 'check', method: 'POST', path: `${s}/check`, body: check, need: 'read' },
    {
      name: 'batch check',
      method: 'POST',
      path: `${s}/batch-check`,
      body: { checks: [{ ...check, correlation_id: '1' }] },
      need: 'read',
    },
    {
      name: 'list objects',
      method: 'POST',
      path: `${s}/list-objects`,
      body: { type: 'document', relation: 'can_read', user: 'user:ana' },
      need: 'read',
    },
    {
      name: 'streamed list objects',
      method: 'POST',
      path: `${s}/streamed-list-objects`,
      body: { type: 'document', relation: 'can_read', user: 'user:ana' },
      need: 'read',
    },
    {
      name: 'list users',
      method: 'POST',
      path: `${s}/list-users`,
      body: { object: { type: 'document', id: 'setlist' }, relation: 'can_read', user_filters: [{ type: 'user' }] },
      need: 'read',
    },
    {
      name: 'expand',
      method: 'POST',
      path: `${s}/expand`,
      body: { tuple_key: { object: 'document:setlist', relation: 'owner' } },
      need: 'read',
    },
    { name: 'explain', method: 'POST', path: `${s}/explain`, body: check, need: 'read' },
    { name: 'issue key', method: 'POST', path: `${s}/api-keys`, body: { name: 'x', access: 'read' }, need: 'admin' },
    { name: 'list keys', method: 'GET', path: `${s}/api-keys`, need: 'admin' },
    { name: 'revoke key', method: 'DELETE', path: `${s}/api-keys/${keyId}`, need: 'admin' },
    { name: 'authzen evaluation', method: 'POST', path: `${s}/access/v1/evaluation`, body: evaluation, need: 'read' },
    {
      name: 'authzen evaluations',
      method: 'POST',
      path: `${s}/access/v1/evaluations`,
      body: { ...evaluation, evaluations: [{}] },
      need: 'read',
    },
    {
      name: 'authzen subject search',
      method: 'POST',
      path: `${s}/access/v1/search/subject`,
      body: { ...evaluation, subject: { type: 'user' } },
      need: 'read',
    },
    {
      name: 'authzen resource search',
      method: 'POST',
      path: `${s}/access/v1/search/resource`,
      body: { ...evaluation, resource: { type: 'document' } },
      need: 'read',
    },
    {
      name: 'authzen action search',
      method: 'POST',
      path: `${s}/access/v1/search/action`,
      body: { subject: evaluation.subject, resource: evaluation.resource },
      need: 'read',
    },
    { name: 'authzen action names', method: 'GET', path: `${s}/access/v1/actions`, need: 'read' },
    {
      name: 'set authzen action names',
      method: 'POST',
      path: `${s}/access/v1/actions`,
      body: { actions: { document: ['can_read'] } },
      need: 'write',
    },
  ];
}

/** R25 (API keys) and R1 (tenant isolation) on every endpoint. */
export function apiKeysSuite(harness: EdgeHarness): void {
  describe(`API keys and tenant isolation on ${harness.store}`, () => {
    const admin = new Api(harness);
    let mine = { storeId: '', modelId: '' };
    let theirs = { storeId: '', modelId: '' };
    let readKey = '';
    let writeKey = '';
    let otherKey = '';
    let spareKeyId = '';

    beforeAll(async () => {
      mine = await admin.newStore('mine');
      theirs = await admin.newStore('theirs');
      await admin.ok('POST', `/stores/${mine.storeId}/write`, { writes: { tuple_keys: TEST_TUPLES } });
      readKey = (await admin.newKey(mine.storeId, 'read')).key;
      writeKey = (await admin.newKey(mine.storeId, 'write')).key;
      otherKey = (await admin.newKey(theirs.storeId, 'write')).key;
      spareKeyId = (await admin.newKey(mine.storeId, 'read')).id;
    });

    it('R25: a key is shown once, stored hashed, listed without its secret', async () => {
      const created = await admin.ok<{ id: string; key: string; access: string }>(
        'POST',
        `/stores/${mine.storeId}/api-keys`,
        { name: 'box office', access: 'read' },
        201,
      );
      expect(created.key).toMatch(/^lam_[\w-]{43}$/);
      const listed = await admin.ok<{ api_keys: Record<string, unknown>[] }>('GET', `/stores/${mine.storeId}/api-keys`);
      const row = listed.api_keys.find((k) => k.id === created.id);
      expect(row).toMatchObject({ name: 'box office', access: 'read' });
      expect(JSON.stringify(listed)).not.toContain(created.key);
    });

    it('R25: an issued key works on its own store and only sees that store in the list', async () => {
      expect(
        (await admin.as(readKey).ok<{ allowed: boolean }>('POST', `/stores/${mine.storeId}/check`, check)).allowed,
      ).toBe(true);
      const { stores } = await admin.as(readKey).ok<{ stores: { id: string }[] }>('GET', '/stores');
      expect(stores.map((s) => s.id)).toEqual([mine.storeId]);
    });

    it('R25: last use is recorded (at most once a minute)', async () => {
      const { key, id } = await admin.newKey(mine.storeId, 'read');
      await admin.as(key).ok('GET', `/stores/${mine.storeId}`);
      await admin.as(key).ok('GET', `/stores/${mine.storeId}`);
      const { api_keys } = await admin.ok<{ api_keys: { id: string; last_used_at?: string }[] }>(
        'GET',
        `/stores/${mine.storeId}/api-keys`,
      );
      expect(api_keys.find((k) => k.id === id)?.last_used_at).toMatch(/^\d{4}-/);
    });

    it('R25: a revoked key is refused on the very next request, with 401', async () => {
      const { key, id } = await admin.newKey(mine.storeId, 'write');
      expect((await admin.as(key).call('POST', `/stores/${mine.storeId}/check`, check)).status).toBe(200);
      expect((await admin.call('DELETE', `/stores/${mine.storeId}/api-keys/${id}`)).status).toBe(204);
      const refused = await expectError(
        await admin.as(key).call('POST', `/stores/${mine.storeId}/check`, check),
        401,
        'unauthenticated',
      );
      expect(refused.message).toMatch(/revoked/);
    });

    it('R25: only the operator key creates stores', async () => {
      await expectError(await admin.as(writeKey).call('POST', '/stores', { name: 'nope' }), 403, 'forbidden');
      await expectError(await admin.as(null).call('POST', '/stores', { name: 'nope' }), 401, 'unauthenticated');
    });

    it('unauthenticated requests get 401 with WWW-Authenticate, wrong keys too', async () => {
      for (const key of [null, 'not-a-key', `lam_${'A'.repeat(43)}`]) {
        const response = await admin.as(key).call('GET', '/stores');
        expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
        await expectError(response, 401, 'unauthenticated');
      }
    });

    describe('every endpoint', () => {
      const table = () => endpoints(mine.storeId, mine.modelId, spareKeyId);
      it('unauthenticated: 401 with WWW-Authenticate', async () => {
        for (const e of table()) {
          const response = await admin.as(null).call(e.method, e.path, e.body);
          expect(response.headers.get('www-authenticate'), e.name).toMatch(/^Bearer/);
          await expectError(response, 401, 'unauthenticated');
        }
      });

      it('R1: a key of another store gets 404, never 403', async () => {
        for (const e of table()) {
          const response = await admin.as(otherKey).call(e.method, e.path, e.body);
          expect(response.status, e.name).toBe(404);
          await expectError(response, 404, 'not_found');
        }
      });

      it('R25: a read-only key may read but not write (403)', async () => {
        for (const e of table()) {
          const response = await admin.as(readKey).call(e.method, e.path, e.body);
          if (e.need === 'read') expect(response.status, e.name).toBeLessThan(300);
          else await expectError(response, 403, 'forbidden');
        }
      });

      it('R25: a read-write key may write but not manage (operator only: 403)', async () => {
        for (const e of table().filter((x) => x.need !== 'read')) {
          const response = await admin.as(writeKey).call(e.method, e.path, e.body);
          if (e.need === 'write') expect(response.status, e.name).toBeLessThan(300);
          else await expectError(response, 403, 'forbidden');
        }
      });

      it('R25: a revoked key gets 401 on every endpoint', async () => {
        const { key, id } = await admin.newKey(mine.storeId, 'write');
        await admin.ok('DELETE', `/stores/${mine.storeId}/api-keys/${id}`, undefined, 204);
        for (const e of table())
          await expectError(await admin.as(key).call(e.method, e.path, e.body), 401, 'unauthenticated');
      });
    });
  });
}
