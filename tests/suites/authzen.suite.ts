import { beforeAll, describe, expect, it } from 'vitest';
import { Api, expectError, TEST_TUPLES, type EdgeHarness } from './openfga-harness.ts';

type Decision = { decision: boolean; context?: { error?: { status: number; message: string } } };

const subject = (id: string) => ({ type: 'user', id });
const setlist = { type: 'document', id: 'setlist' };
const canRead = { name: 'can_read' };

/** AuthZEN Authorization API 1.0: evaluation(s), the three batch semantics, search, discovery, errors. */
export function authzenSuite(harness: EdgeHarness): void {
  describe(`AuthZEN on ${harness.store}`, () => {
    const admin = new Api(harness);
    let storeId = '';
    let key: Api;
    let base = '';
    const post = <T>(api: Api, path: string, body: unknown) => api.ok<T>('POST', `${base}${path}`, body);

    beforeAll(async () => {
      ({ storeId } = await admin.newStore('authzen'));
      await admin.ok('POST', `/stores/${storeId}/write`, {
        writes: {
          tuple_keys: [
            ...TEST_TUPLES,
            ...['a', 'b', 'c', 'd', 'e'].map((id) => ({
              user: 'user:fay',
              relation: 'viewer',
              object: `document:${id}`,
            })),
          ],
        },
      });
      key = admin.as((await admin.newKey(storeId, 'read')).key);
      base = `/stores/${storeId}`;
    });

    it('evaluation: permit and deny (a deny is HTTP 200), at the root (the key picks the store) and per store', async () => {
      expect(
        await key.ok<Decision>('POST', '/access/v1/evaluation', {
          subject: subject('ana'),
          action: canRead,
          resource: setlist,
        }),
      ).toEqual({ decision: true });
      expect(
        await key.ok<Decision>('POST', '/access/v1/evaluation', {
          subject: subject('dev'),
          action: canRead,
          resource: setlist,
        }),
      ).toEqual({ decision: false });
      expect(
        await post<Decision>(admin, '/access/v1/evaluation', {
          subject: subject('ben'),
          action: canRead,
          resource: setlist,
        }),
      ).toEqual({ decision: true });
    });

    it('evaluation: properties and context become condition parameters', async () => {
      const budget = { type: 'document', id: 'budget' };
      expect(
        await post<Decision>(key, '/access/v1/evaluation', {
          subject: subject('cara'),
          action: { name: 'editor' },
          resource: budget,
          context: { hour: 9 },
        }),
      ).toEqual({ decision: true });
      expect(
        await post<Decision>(key, '/access/v1/evaluation', {
          subject: subject('cara'),
          action: { name: 'editor' },
          resource: budget,
          context: { hour: 14 },
        }),
      ).toEqual({ decision: false });
    });

    it('evaluation: Openfga-Authorization-Model-Id pins a model version; Laminate-Consistency-Token asks for freshness (R8)', async () => {
      const body = { subject: subject('ana'), action: canRead, resource: setlist };
      const models = await admin.ok<{ authorization_models: { id: string }[] }>(
        'GET',
        `/stores/${storeId}/authorization-models`,
      );
      const pinned = await key.call('POST', '/access/v1/evaluation', body, {
        'openfga-authorization-model-id': models.authorization_models[0]!.id,
      });
      expect(await pinned.json()).toEqual({ decision: true });
      await expectError(
        await key.call('POST', '/access/v1/evaluation', body, {
          'openfga-authorization-model-id': '01HZZZZZZZZZZZZZZZZZZZZZZZ',
        }),
        400,
        'validation_error',
      );
      const written = await admin.ok<{ consistency_token: string }>('POST', `/stores/${storeId}/write`, {
        writes: { tuple_keys: [{ user: 'user:gus', relation: 'owner', object: 'document:gus' }] },
      });
      const fresh = await key.call(
        'POST',
        '/access/v1/evaluation',
        { ...body, subject: subject('gus'), resource: { type: 'document', id: 'gus' } },
        { 'laminate-consistency-token': written.consistency_token },
      );
      expect(await fresh.json()).toEqual({ decision: true });
      await expectError(
        await key.call('POST', '/access/v1/evaluation', body, { 'laminate-consistency-token': 'lct1.forged' }),
        400,
        'validation_error',
      );
    });

    it('evaluation: X-Request-ID is echoed', async () => {
      const response = await key.call(
        'POST',
        '/access/v1/evaluation',
        { subject: subject('ana'), action: canRead, resource: setlist },
        { 'x-request-id': 'authzen-7' },
      );
      expect(response.headers.get('x-request-id')).toBe('authzen-7');
    });

    it.each([
      ['a missing subject', { action: canRead, resource: setlist }, 400, 'subject'],
      ['a missing action', { subject: subject('ana'), resource: setlist }, 400, 'action'],
      ['a missing resource', { subject: subject('ana'), action: canRead }, 400, 'resource'],
      [
        'a wrongly typed id',
        { subject: { type: 'user', id: 42 }, action: canRead, resource: setlist },
        400,
        'subject.id',
      ],
      [
        'a wrongly typed context',
        { subject: subject('ana'), action: canRead, resource: setlist, context: 'x' },
        400,
        'context',
      ],
    ])('evaluation: %s is a 400 naming the field', async (_name, body, status, field) => {
      const error = await expectError(
        await key.call('POST', '/access/v1/evaluation', body),
        status,
        'validation_error',
      );
      expect(error.field).toBe(field);
    });

    it('evaluation: an empty body, a non-JSON body and a non-JSON content type are refused', async () => {
      await expectError(await key.call('POST', '/access/v1/evaluation', ''), 400, 'invalid_json');
      await expectError(await key.call('POST', '/access/v1/evaluation', '{"subject":'), 400, 'invalid_json');
      await expectError(
        await key.call('POST', '/access/v1/evaluation', '{}', { 'content-type': 'text/plain' }),
        415,
        'unsupported_media_type',
      );
    });

    it('evaluations: top-level defaults, per-item overrides, answers in request order', async () => {
      const body = await post<{ evaluations: Decision[] }>(key, '/access/v1/evaluations', {
        subject: subject('ana'),
        action: canRead,
        evaluations: [
          { resource: setlist },
          { resource: { type: 'document', id: 'budget' } },
          { resource: setlist, subject: subject('dev') },
          { resource: setlist, action: { name: 'blocked' } },
        ],
      });
      expect(body.evaluations.map((e) => e.decision)).toEqual([true, true, false, false]);
    });

    it('evaluations: no evaluations array behaves like one evaluation', async () => {
      expect(
        await post(key, '/access/v1/evaluations', { subject: subject('ana'), action: canRead, resource: setlist }),
      ).toEqual({ evaluations: [{ decision: true }] });
    });

    it('evaluations: an item missing its resource is a deny with context.error, not a 400', async () => {
      const body = await post<{ evaluations: Decision[] }>(key, '/access/v1/evaluations', {
        subject: subject('ana'),
        action: canRead,
        evaluations: [{ resource: setlist }, {}, { resource: { type: 'nope', id: '1' } }],
      });
      expect(body.evaluations[0]).toEqual({ decision: true });
      expect(body.evaluations[1]).toMatchObject({
        decision: false,
        context: { error: { status: 400, message: expect.stringContaining('resource') } },
      });
      expect(body.evaluations[2]).toMatchObject({ decision: false, context: { error: { status: 400 } } });
    });

    const mixed = {
      subject: subject('ana'),
      action: canRead,
      evaluations: [
        { resource: setlist },
        { resource: { type: 'document', id: 'a' } },
        { resource: { type: 'document', id: 'budget' } },
      ],
    };
    it.each([
      ['execute_all', [true, false, true]],
      ['deny_on_first_deny', [true, false]],
      ['permit_on_first_permit', [true]],
    ])('evaluations: %s', async (semantic, decisions) => {
      const body = await post<{ evaluations: Decision[] }>(key, '/access/v1/evaluations', {
        ...mixed,
        options: { evaluations_semantic: semantic },
      });
      expect(body.evaluations.map((e) => e.decision)).toEqual(decisions);
    });

    it('evaluations: an unknown semantic or a non-array evaluations is a 400', async () => {
      await expectError(
        await key.call('POST', `${base}/access/v1/evaluations`, {
          ...mixed,
          options: { evaluations_semantic: 'first_wins' },
        }),
        400,
        'validation_error',
      );
      await expectError(
        await key.call('POST', `${base}/access/v1/evaluations`, { ...mixed, evaluations: {} }),
        400,
        'validation_error',
      );
    });

    it('resource search: every resource, paged with tokens until next_token is ""', async () => {
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const body: { results: { type: string; id: string }[]; page: { next_token: string } } = await post(
          key,
          '/access/v1/search/resource',
          {
            subject: subject('fay'),
            action: { name: 'viewer' },
            resource: { type: 'document' },
            page: { limit: 2, ...(token ? { token } : {}) },
          },
        );
        seen.push(...body.results.map((r) => `${r.type}:${r.id}`));
        token = body.page.next_token;
        pages++;
      } while (token);
      expect(seen).toEqual(['document:a', 'document:b', 'document:c', 'document:d', 'document:e']);
      expect(pages).toBe(3);
    });

    it('subject search: every subject of the type, paged', async () => {
      const all = await post<{ results: { type: string; id: string }[]; page: { next_token: string } }>(
        key,
        '/access/v1/search/subject',
        { subject: { type: 'user' }, action: canRead, resource: setlist },
      );
      expect(all.results).toEqual([subject('ana'), subject('ben')]);
      expect(all.page.next_token).toBe('');
      const first = await post<{ results: unknown[]; page: { next_token: string } }>(key, '/access/v1/search/subject', {
        subject: { type: 'user' },
        action: canRead,
        resource: setlist,
        page: { limit: 1 },
      });
      expect(first.results).toEqual([subject('ana')]);
      const second = await post<{ results: unknown[]; page: { next_token: string } }>(
        key,
        '/access/v1/search/subject',
        {
          subject: { type: 'user' },
          action: canRead,
          resource: setlist,
          page: { limit: 1, token: first.page.next_token },
        },
      );
      expect(second).toMatchObject({ results: [subject('ben')], page: { next_token: '' } });
    });

    it('action search: the relations the subject holds on the resource, paged', async () => {
      const all = await post<{ results: { name: string }[] }>(key, '/access/v1/search/action', {
        subject: subject('ana'),
        resource: setlist,
      });
      expect(all.results.map((r) => r.name)).toEqual(['can_read', 'editor', 'owner', 'viewer']);
      const page = await post<{ results: { name: string }[]; page: { next_token: string } }>(
        key,
        '/access/v1/search/action',
        { subject: subject('ana'), resource: setlist, page: { limit: 3 } },
      );
      const rest = await post<{ results: { name: string }[]; page: { next_token: string } }>(
        key,
        '/access/v1/search/action',
        { subject: subject('ana'), resource: setlist, page: { limit: 3, token: page.page.next_token } },
      );
      expect([...page.results, ...rest.results].map((r) => r.name)).toEqual(['can_read', 'editor', 'owner', 'viewer']);
      expect(rest.page.next_token).toBe('');
    });

    it('AuthZEN search interop with ownership and parent relations: a store names its actions, and subject, resource and action search answer exactly them', async () => {
      const { storeId: records } = await admin.newStore(
        'records',
        `model
  schema 1.1
type user
type folder
  relations
    define owner: [user]
    define viewer: [user] or owner
type record
  relations
    define parent: [folder]
    define owner: [user]
    define editor: [user] or owner
    define view: [user] or editor or viewer from parent
    define edit: editor
    define delete: owner
`,
      );
      await admin.ok('POST', `/stores/${records}/write`, {
        writes: {
          tuple_keys: [
            { user: 'folder:finance', relation: 'parent', object: 'record:101' },
            { user: 'user:alice', relation: 'owner', object: 'record:101' },
            { user: 'user:bob', relation: 'editor', object: 'record:101' },
            { user: 'user:carol', relation: 'viewer', object: 'folder:finance' },
            { user: 'user:alice', relation: 'owner', object: 'record:102' },
          ],
        },
      });
      const writer = admin.as((await admin.newKey(records, 'write')).key);
      const reader = admin.as((await admin.newKey(records, 'read')).key);
      const actionsOf = async (who: string) =>
        (
          await reader.ok<{ results: { name: string }[] }>('POST', '/access/v1/search/action', {
            subject: subject(who),
            resource: { type: 'record', id: '101' },
          })
        ).results.map((r) => r.name);
      // The default: every relation, ownership and parent included.
      expect(await actionsOf('alice')).toEqual(['delete', 'edit', 'editor', 'owner', 'view']);

      const discovery = await admin.as(null).ok<Record<string, string>>('GET', '/.well-known/authzen-configuration');
      const endpoint = new URL(discovery.laminate_action_names_endpoint!).pathname;
      expect(endpoint).toBe('/access/v1/actions');
      expect(await reader.ok('GET', endpoint)).toEqual({ actions: {} });
      await expectError(await reader.call('POST', endpoint, { actions: { record: ['view'] } }), 403, 'forbidden');
      const refused = await expectError(
        await writer.call('POST', endpoint, { actions: { record: ['view', 'share'] } }),
        400,
        'validation_error',
      );
      expect(refused.field).toBe('actions.record');
      expect(
        await writer.ok('POST', endpoint, { actions: { record: ['view', 'edit', 'delete'], folder: ['viewer'] } }),
      ).toEqual({ actions: { folder: ['viewer'], record: ['delete', 'edit', 'view'] } });
      expect(await reader.ok('GET', endpoint)).toEqual({
        actions: { folder: ['viewer'], record: ['delete', 'edit', 'view'] },
      });

      // Action search: exactly the actions, never owner, editor or parent.
      expect(await actionsOf('alice')).toEqual(['delete', 'edit', 'view']);
      expect(await actionsOf('bob')).toEqual(['edit', 'view']);
      expect(await actionsOf('carol')).toEqual(['view']);
      expect(await actionsOf('dan')).toEqual([]);
      const paged = await reader.ok<{ results: { name: string }[]; page: { next_token: string } }>(
        'POST',
        '/access/v1/search/action',
        { subject: subject('alice'), resource: { type: 'record', id: '101' }, page: { limit: 2 } },
      );
      expect(paged.results.map((r) => r.name)).toEqual(['delete', 'edit']);
      // Subject and resource search, with those actions.
      const subjects = async (action: string) =>
        (
          await reader.ok<{ results: { id: string }[] }>('POST', '/access/v1/search/subject', {
            subject: { type: 'user' },
            action: { name: action },
            resource: { type: 'record', id: '101' },
          })
        ).results.map((r) => r.id);
      expect(await subjects('view')).toEqual(['alice', 'bob', 'carol']);
      expect(await subjects('edit')).toEqual(['alice', 'bob']);
      expect(await subjects('delete')).toEqual(['alice']);
      const resources = async (who: string, action: string) =>
        (
          await reader.ok<{ results: { id: string }[] }>('POST', '/access/v1/search/resource', {
            subject: subject(who),
            action: { name: action },
            resource: { type: 'record' },
          })
        ).results.map((r) => r.id);
      expect(await resources('alice', 'delete')).toEqual(['101', '102']);
      expect(await resources('carol', 'view')).toEqual(['101']);
      expect(await resources('carol', 'edit')).toEqual([]);
      // Evaluation still answers any relation, as OpenFGA's does.
      expect(
        await reader.ok<Decision>('POST', '/access/v1/evaluation', {
          subject: subject('alice'),
          action: { name: 'owner' },
          resource: { type: 'record', id: '101' },
        }),
      ).toEqual({ decision: true });
      // An empty setting goes back to every relation.
      expect(await writer.ok('POST', endpoint, { actions: {} })).toEqual({ actions: {} });
      expect(await actionsOf('bob')).toEqual(['edit', 'editor', 'view']);
    });

    it.each([
      ['subject', { action: canRead, resource: setlist }, 'subject'],
      ['resource', { subject: subject('ana'), action: canRead }, 'resource'],
      ['action', { subject: subject('ana') }, 'resource'],
    ])('search %s: a missing field is a 400 naming it', async (kind, body, field) => {
      const error = await expectError(
        await key.call('POST', `/access/v1/search/${kind}`, body),
        400,
        'validation_error',
      );
      expect(error.field).toBe(field);
    });

    it('search: a forged page token is a 400', async () => {
      await expectError(
        await key.call('POST', '/access/v1/search/subject', {
          subject: { type: 'user' },
          action: canRead,
          resource: setlist,
          page: { token: '%%%' },
        }),
        400,
        'validation_error',
      );
    });

    it('discovery: the root document and the per-store one, without an API key', async () => {
      const root = await admin.as(null).ok<Record<string, string>>('GET', '/.well-known/authzen-configuration');
      expect(root.access_evaluation_endpoint).toMatch(/\/access\/v1\/evaluation$/);
      expect(Object.keys(root).sort()).toEqual([
        'access_evaluation_endpoint',
        'access_evaluations_endpoint',
        'laminate_action_names_endpoint',
        'policy_decision_point',
        'search_action_endpoint',
        'search_resource_endpoint',
        'search_subject_endpoint',
      ]);
      const perStore = await admin
        .as(null)
        .ok<Record<string, string>>('GET', `/.well-known/authzen-configuration/${storeId}`);
      expect(perStore.access_evaluations_endpoint).toMatch(new RegExp(`/stores/${storeId}/access/v1/evaluations$`));
      await expectError(
        await admin.as(null).call('GET', '/.well-known/authzen-configuration/not-a-store'),
        404,
        'not_found',
      );
    });

    it('R1: the root endpoints need a key; the operator key must name a store', async () => {
      const response = await admin
        .as(null)
        .call('POST', '/access/v1/evaluation', { subject: subject('ana'), action: canRead, resource: setlist });
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      await expectError(response, 401, 'unauthenticated');
      await expectError(
        await admin.call('POST', '/access/v1/evaluation', {
          subject: subject('ana'),
          action: canRead,
          resource: setlist,
        }),
        400,
        'validation_error',
      );
    });
  });
}
