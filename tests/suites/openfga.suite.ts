import { beforeAll, describe, expect, it } from 'vitest';
import { Api, expectError, modelJson, TEST_MODEL, TEST_TUPLES, type EdgeHarness } from './openfga-harness.ts';

type Check = { allowed: boolean };

/** The OpenFGA-compatible API over plain HTTP: every operation's answers and its errors. */
export function openfgaSuite(harness: EdgeHarness, mode = 'snapshots'): void {
  describe(`OpenFGA API on ${harness.store}, ${mode}`, () => {
    const api = new Api(harness);
    let storeId = '';
    let modelId = '';
    const check = async (user: string, relation: string, object: string, extra: Record<string, unknown> = {}) =>
      (await api.ok<Check>('POST', `/stores/${storeId}/check`, { tuple_key: { user, relation, object }, ...extra }))
        .allowed;

    beforeAll(async () => {
      ({ storeId, modelId } = await api.newStore('openfga suite'));
      await api.ok('POST', `/stores/${storeId}/write`, { writes: { tuple_keys: TEST_TUPLES } });
    });

    it('stores: create, get, list (paged), delete; ids are ULIDs', async () => {
      const created = await api.ok<{ id: string; name: string; created_at: string }>(
        'POST',
        '/stores',
        { name: 'short-lived' },
        201,
      );
      expect(created.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
      expect(await api.ok('GET', `/stores/${created.id}`)).toMatchObject({ id: created.id, name: 'short-lived' });
      const page = await api.ok<{ stores: { id: string }[]; continuation_token: string }>('GET', '/stores?page_size=1');
      expect(page.stores).toHaveLength(1);
      expect(page.continuation_token).not.toBe('');
      const next = await api.ok<{ stores: { id: string }[] }>(
        'GET',
        `/stores?page_size=1&continuation_token=${page.continuation_token}`,
      );
      expect(next.stores[0]!.id > page.stores[0]!.id).toBe(true);
      const model = await api.ok<{ authorization_model_id: string }>(
        'POST',
        `/stores/${created.id}/authorization-models`,
        modelJson(TEST_MODEL),
        201,
      );
      expect((await api.call('DELETE', `/stores/${created.id}`)).status).toBe(204);
      await expectError(await api.call('GET', `/stores/${created.id}`), 404, 'not_found');
      await expectError(
        await api.call('GET', `/stores/${created.id}/authorization-models/${model.authorization_model_id}`),
        404,
        'not_found',
      );
      await expectError(
        await api.call('POST', `/stores/${created.id}/check`, {
          tuple_key: { user: 'user:ana', relation: 'owner', object: 'document:x' },
        }),
        404,
        'not_found',
      );
      await expectError(
        await api.call('POST', `/stores/${created.id}/write`, {
          writes: { tuple_keys: [{ user: 'user:ana', relation: 'owner', object: 'document:x' }] },
        }),
        404,
        'not_found',
      );
    });

    it('models: written models are immutable versions, listed newest first', async () => {
      const second = await api.ok<{ authorization_model_id: string }>(
        'POST',
        `/stores/${storeId}/authorization-models`,
        modelJson(TEST_MODEL),
        201,
      );
      expect(second.authorization_model_id > modelId).toBe(true);
      const list = await api.ok<{ authorization_models: { id: string }[] }>(
        'GET',
        `/stores/${storeId}/authorization-models`,
      );
      expect(list.authorization_models.map((m) => m.id).slice(0, 2)).toEqual([second.authorization_model_id, modelId]);
      const one = await api.ok<{ authorization_model: { id: string; schema_version: string } }>(
        'GET',
        `/stores/${storeId}/authorization-models/${modelId}`,
      );
      expect(one.authorization_model).toMatchObject({ id: modelId, schema_version: '1.1' });
    });

    it('models: an invalid model is a 400 naming the problem', async () => {
      const body = await expectError(
        await api.call('POST', `/stores/${storeId}/authorization-models`, {
          schema_version: '1.1',
          type_definitions: [{ type: 'doc', relations: { viewer: { computedUserset: { relation: 'nope' } } } }],
        }),
        400,
        'validation_error',
      );
      expect(body.message).toMatch(/invalid authorization model/);
    });

    it('check: direct, userset, tuple-to-userset, exclusion, wildcard and conditions', async () => {
      expect(await check('user:ana', 'can_read', 'document:setlist')).toBe(true);
      expect(await check('user:ben', 'can_read', 'document:setlist')).toBe(true);
      expect(await check('user:dev', 'can_read', 'document:setlist')).toBe(false);
      expect(await check('user:eli', 'viewer', 'folder:lobby')).toBe(true);
      expect(await check('user:cara', 'editor', 'document:budget', { context: { hour: 9 } })).toBe(true);
      expect(await check('user:cara', 'editor', 'document:budget', { context: { hour: 13 } })).toBe(false);
      expect(
        await check('user:eli', 'can_read', 'document:setlist', {
          contextual_tuples: { tuple_keys: [{ user: 'user:eli', relation: 'member', object: 'group:crew' }] },
        }),
      ).toBe(true);
    });

    it('check: an unknown relation is a 400; a store without a model says so', async () => {
      await expectError(
        await api.call('POST', `/stores/${storeId}/check`, {
          tuple_key: { user: 'user:ana', relation: 'nope', object: 'document:setlist' },
        }),
        400,
        'validation_error',
      );
      const { id } = await api.ok<{ id: string }>('POST', '/stores', { name: 'no model' }, 201);
      const body = await expectError(
        await api.call('POST', `/stores/${id}/check`, {
          tuple_key: { user: 'user:ana', relation: 'viewer', object: 'doc:1' },
        }),
        400,
        'validation_error',
      );
      expect(body.message).toMatch(/no authorization model/);
    });

    it('batch check: answers keyed by correlation id, errors per item', async () => {
      const body = await api.ok<{ result: Record<string, { allowed: boolean; error?: { message: string } }> }>(
        'POST',
        `/stores/${storeId}/batch-check`,
        {
          checks: [
            { tuple_key: { user: 'user:ana', relation: 'can_read', object: 'document:setlist' }, correlation_id: 'a' },
            { tuple_key: { user: 'user:dev', relation: 'can_read', object: 'document:setlist' }, correlation_id: 'b' },
            {
              tuple_key: { user: 'user:cara', relation: 'editor', object: 'document:budget' },
              context: { hour: 8 },
              correlation_id: 'c',
            },
            {
              tuple_key: { user: 'user:eli', relation: 'viewer', object: 'document:budget' },
              contextual_tuples: { tuple_keys: [{ user: 'user:eli', relation: 'owner', object: 'document:budget' }] },
              correlation_id: 'd',
            },
            { tuple_key: { user: 'user:ana', relation: 'nope', object: 'document:setlist' }, correlation_id: 'e' },
          ],
        },
      );
      expect(body.result.a).toEqual({ allowed: true });
      expect(body.result.b).toEqual({ allowed: false });
      expect(body.result.c).toEqual({ allowed: true });
      expect(body.result.d).toEqual({ allowed: true });
      expect(body.result.e?.allowed).toBe(false);
      expect(body.result.e?.error?.message).toEqual(expect.any(String));
    });

    it('list objects: complete and sorted; paged when asked; streamed as NDJSON', async () => {
      const all = await api.ok<{ objects: string[] }>('POST', `/stores/${storeId}/list-objects`, {
        type: 'document',
        relation: 'can_read',
        user: 'user:ana',
      });
      expect(all.objects).toEqual(['document:budget', 'document:setlist']);
      const first = await api.ok<{ objects: string[]; continuation_token?: string }>(
        'POST',
        `/stores/${storeId}/list-objects`,
        { type: 'document', relation: 'can_read', user: 'user:ana', page_size: 1 },
      );
      expect(first.objects).toEqual(['document:budget']);
      const second = await api.ok<{ objects: string[]; continuation_token?: string }>(
        'POST',
        `/stores/${storeId}/list-objects`,
        {
          type: 'document',
          relation: 'can_read',
          user: 'user:ana',
          page_size: 1,
          continuation_token: first.continuation_token,
        },
      );
      expect(second).toEqual({ objects: ['document:setlist'] });
      const streamed = await api.call('POST', `/stores/${storeId}/streamed-list-objects`, {
        type: 'document',
        relation: 'can_read',
        user: 'user:ben',
      });
      expect(streamed.headers.get('content-type')).toMatch(/ndjson/);
      expect(
        new TextDecoder()
          .decode(await streamed.arrayBuffer())
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l)),
      ).toEqual([{ result: { object: 'document:setlist' } }]);
    });

    it('list users: objects and wildcards with the relation, excluded users left out', async () => {
      const body = await api.ok<{ users: { object?: { type: string; id: string }; wildcard?: { type: string } }[] }>(
        'POST',
        `/stores/${storeId}/list-users`,
        { object: { type: 'document', id: 'setlist' }, relation: 'can_read', user_filters: [{ type: 'user' }] },
      );
      expect(body.users.map((u) => u.object?.id).sort()).toEqual(['ana', 'ben']);
      const lobby = await api.ok<{ users: unknown[] }>('POST', `/stores/${storeId}/list-users`, {
        object: { type: 'folder', id: 'lobby' },
        relation: 'viewer',
        user_filters: [{ type: 'user' }],
      });
      expect(lobby.users).toEqual([{ wildcard: { type: 'user' } }]);
      const groups = await api.ok<{ users: unknown[] }>('POST', `/stores/${storeId}/list-users`, {
        object: { type: 'folder', id: 'tour' },
        relation: 'viewer',
        user_filters: [{ type: 'group', relation: 'member' }],
      });
      expect(groups.users).toEqual([{ userset: { type: 'group', id: 'crew', relation: 'member' } }]);
    });

    it('expand: one level of the userset tree', async () => {
      const body = await api.ok<{ tree: { root: { name: string; leaf?: { users: { users: string[] } } } } }>(
        'POST',
        `/stores/${storeId}/expand`,
        { tuple_key: { object: 'document:setlist', relation: 'owner' } },
      );
      expect(body.tree.root.name).toBe('document:setlist#owner');
      expect(body.tree.root.leaf?.users.users).toEqual(['user:ana']);
    });

    it('explain: the proof of an allow and the reasons of a deny', async () => {
      const allowed = await api.ok<{ allowed: boolean; explanation: { outcome: string } }>(
        'POST',
        `/stores/${storeId}/explain`,
        { tuple_key: { user: 'user:ben', relation: 'can_read', object: 'document:setlist' } },
      );
      expect(allowed.allowed).toBe(true);
      expect(allowed.explanation.outcome).toBe('allowed');
      expect(JSON.stringify(allowed.explanation)).toContain('group:crew#member');
      const denied = await api.ok<{ allowed: boolean; explanation: { outcome: string } }>(
        'POST',
        `/stores/${storeId}/explain`,
        { tuple_key: { user: 'user:dev', relation: 'can_read', object: 'document:setlist' } },
      );
      expect(denied).toMatchObject({ allowed: false, explanation: { outcome: 'denied' } });
    });

    it('read: filters by object, relation and user; pages with a token', async () => {
      const byObject = await api.ok<{ tuples: { key: { user: string }; timestamp: string }[] }>(
        'POST',
        `/stores/${storeId}/read`,
        { tuple_key: { object: 'document:setlist' } },
      );
      expect(byObject.tuples.map((t) => t.key.user).sort()).toEqual([
        'folder:tour',
        'user:ana',
        'user:dev',
        'user:dev',
      ]);
      expect(byObject.tuples[0]!.timestamp).toMatch(/^\d{4}-\d\d-\d\dT/);
      const byUser = await api.ok<{ tuples: { key: { object: string; relation: string } }[] }>(
        'POST',
        `/stores/${storeId}/read`,
        { tuple_key: { object: 'document:', user: 'user:ana' } },
      );
      expect(byUser.tuples.map((t) => t.key.object).sort()).toEqual(['document:budget', 'document:setlist']);
      const conditioned = await api.ok<{ tuples: { key: { condition?: { name: string } } }[] }>(
        'POST',
        `/stores/${storeId}/read`,
        { tuple_key: { object: 'document:budget', relation: 'editor', user: 'user:cara' } },
      );
      expect(conditioned.tuples[0]!.key.condition).toEqual({ name: 'before_noon' });
      const seen: string[] = [];
      let token = '';
      do {
        const page: {
          tuples: { key: { object: string; relation: string; user: string } }[];
          continuation_token: string;
        } = await api.ok('POST', `/stores/${storeId}/read`, {
          page_size: 4,
          ...(token ? { continuation_token: token } : {}),
        });
        seen.push(...page.tuples.map((t) => `${t.key.object}#${t.key.relation}@${t.key.user}`));
        token = page.continuation_token;
      } while (token);
      expect(seen).toHaveLength(TEST_TUPLES.length);
      expect(new Set(seen).size).toBe(TEST_TUPLES.length);
    });

    it('changes: every write and delete in order, paged, resumable', async () => {
      const { storeId: fresh } = await api.newStore('changes');
      await api.ok('POST', `/stores/${fresh}/write`, {
        writes: {
          tuple_keys: [
            { user: 'user:ana', relation: 'owner', object: 'document:a' },
            { user: 'user:ana', relation: 'owner', object: 'document:b' },
          ],
        },
      });
      await api.ok('POST', `/stores/${fresh}/write`, {
        deletes: { tuple_keys: [{ user: 'user:ana', relation: 'owner', object: 'document:a' }] },
      });
      const first = await api.ok<{
        changes: { tuple_key: { object: string }; operation: string }[];
        continuation_token: string;
      }>('GET', `/stores/${fresh}/changes?page_size=2`);
      expect(first.changes.map((c) => [c.operation, c.tuple_key.object])).toEqual([
        ['TUPLE_OPERATION_WRITE', 'document:a'],
        ['TUPLE_OPERATION_WRITE', 'document:b'],
      ]);
      const rest = await api.ok<{
        changes: { tuple_key: { object: string }; operation: string }[];
        continuation_token: string;
      }>('GET', `/stores/${fresh}/changes?page_size=2&continuation_token=${first.continuation_token}`);
      expect(rest.changes.map((c) => [c.operation, c.tuple_key.object])).toEqual([
        ['TUPLE_OPERATION_DELETE', 'document:a'],
      ]);
      const none = await api.ok<{ changes: unknown[]; continuation_token: string }>(
        'GET',
        `/stores/${fresh}/changes?continuation_token=${rest.continuation_token}`,
      );
      expect(none.changes).toEqual([]);
      const typed = await api.ok<{ changes: unknown[] }>('GET', `/stores/${fresh}/changes?type=folder`);
      expect(typed.changes).toEqual([]);
    });

    it('write: atomic; a duplicate or a missing delete fails the whole request and changes nothing', async () => {
      const { storeId: fresh } = await api.newStore('atomic');
      await api.ok('POST', `/stores/${fresh}/write`, {
        writes: { tuple_keys: [{ user: 'user:ana', relation: 'owner', object: 'document:a' }] },
      });
      const dup = await api.call('POST', `/stores/${fresh}/write`, {
        writes: {
          tuple_keys: [
            { user: 'user:ben', relation: 'owner', object: 'document:b' },
            { user: 'user:ana', relation: 'owner', object: 'document:a' },
          ],
        },
      });
      expect((await expectError(dup, 400, 'validation_error')).message).toMatch(/already exists/);
      const missing = await api.call('POST', `/stores/${fresh}/write`, {
        writes: { tuple_keys: [{ user: 'user:ben', relation: 'owner', object: 'document:b' }] },
        deletes: { tuple_keys: [{ user: 'user:zed', relation: 'owner', object: 'document:a' }] },
      });
      expect((await expectError(missing, 400, 'validation_error')).message).toMatch(/does not exist/);
      const read = await api.ok<{ tuples: unknown[] }>('POST', `/stores/${fresh}/read`, {});
      expect(read.tuples).toHaveLength(1);
      const invalid = await api.call('POST', `/stores/${fresh}/write`, {
        writes: { tuple_keys: [{ user: 'user:ana', relation: 'can_read', object: 'document:a' }] },
      });
      await expectError(invalid, 400, 'validation_error');
    });

    it('write: on_duplicate and on_missing "ignore" skip instead of failing', async () => {
      const { storeId: fresh } = await api.newStore('ignore');
      const t = { user: 'user:ana', relation: 'owner', object: 'document:a' };
      await api.ok('POST', `/stores/${fresh}/write`, { writes: { tuple_keys: [t] } });
      await api.ok('POST', `/stores/${fresh}/write`, {
        writes: { tuple_keys: [t, { ...t, object: 'document:b' }], on_duplicate: 'ignore' },
      });
      await api.ok('POST', `/stores/${fresh}/write`, {
        deletes: { tuple_keys: [{ ...t, object: 'document:zzz' }, t], on_missing: 'ignore' },
      });
      const read = await api.ok<{ tuples: { key: { object: string } }[] }>('POST', `/stores/${fresh}/read`, {});
      expect(read.tuples.map((x) => x.key.object)).toEqual(['document:b']);
      const changes = await api.ok<{ changes: unknown[] }>('GET', `/stores/${fresh}/changes`);
      expect(changes.changes).toHaveLength(3);
    });

    it('write: more tuples than D1 binds in one statement land in one atomic batch', async () => {
      const { storeId: fresh } = await api.newStore('big write');
      const many = Array.from({ length: 250 }, (_, i) => ({
        user: `user:u${i}`,
        relation: 'viewer',
        object: 'folder:big',
      }));
      await api.ok('POST', `/stores/${fresh}/write`, { writes: { tuple_keys: many } });
      expect(
        await api.ok<{ allowed: boolean }>('POST', `/stores/${fresh}/check`, {
          tuple_key: { user: 'user:u249', relation: 'viewer', object: 'folder:big' },
        }),
      ).toEqual({ allowed: true, resolution: '' });
      await api.ok('POST', `/stores/${fresh}/write`, { deletes: { tuple_keys: many.slice(0, 200) } });
      expect(
        (
          await api.ok<{ allowed: boolean }>('POST', `/stores/${fresh}/check`, {
            tuple_key: { user: 'user:u10', relation: 'viewer', object: 'folder:big' },
          })
        ).allowed,
      ).toBe(false);
      const changes = await api.ok<{ changes: unknown[]; continuation_token: string }>(
        'GET',
        `/stores/${fresh}/changes?page_size=100`,
      );
      expect(changes.changes).toHaveLength(100);
    });

    it('pinning authorization_model_id uses that version; an unknown one is a 400', async () => {
      expect(await check('user:ana', 'can_read', 'document:setlist', { authorization_model_id: modelId })).toBe(true);
      await expectError(
        await api.call('POST', `/stores/${storeId}/check`, {
          tuple_key: { user: 'user:ana', relation: 'can_read', object: 'document:setlist' },
          authorization_model_id: '01HZZZZZZZZZZZZZZZZZZZZZZZ',
        }),
        400,
        'validation_error',
      );
    });
  });
}
