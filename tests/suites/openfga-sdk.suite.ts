import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CredentialsMethod, OpenFgaClient, type ClientConfiguration } from '@openfga/sdk';
import type { AxiosInstance } from 'axios';
import { ADMIN_KEY, modelJson, TEST_MODEL, TEST_TUPLES } from './openfga-harness.ts';

/** How a suite reaches the app with the official SDK: a base URL, and optionally the SDK's HTTP layer. */
export type SdkTarget = { store: 'd1' | 'libsql'; apiUrl: string; axios?: AxiosInstance; close?: () => void };

type Writable = Parameters<OpenFgaClient['write']>[0]['writes'];

/**
 * Acceptance 1 (issue 4): `@openfga/sdk`, unchanged, creates a store, writes a model and tuples,
 * and gets correct answers from every read operation.
 */
export function openfgaSdkSuite(connect: () => Promise<SdkTarget>, options: { streaming: boolean }): void {
  describe('@openfga/sdk against the edge API', () => {
    let target: SdkTarget;
    let fga: OpenFgaClient;

    const client = (extra: Partial<ClientConfiguration> = {}) =>
      new OpenFgaClient(
        {
          apiUrl: target.apiUrl,
          credentials: { method: CredentialsMethod.ApiToken, config: { token: ADMIN_KEY } },
          ...extra,
        },
        target.axios,
      );

    beforeAll(async () => {
      target = await connect();
      const store = await client().createStore({ name: 'sdk store' });
      fga = client({ storeId: store.id });
      const { authorization_model_id } = await fga.writeAuthorizationModel(
        modelJson(TEST_MODEL) as Parameters<OpenFgaClient['writeAuthorizationModel']>[0],
      );
      fga = client({ storeId: store.id, authorizationModelId: authorization_model_id });
      await fga.write({ writes: TEST_TUPLES as Writable });
    });

    afterAll(() => target?.close?.());

    it('stores and models: get, list, read back', async () => {
      const store = await fga.getStore();
      expect(store.name).toBe('sdk store');
      const { stores } = await client().listStores();
      expect(stores.map((s) => s.id)).toContain(store.id);
      const { authorization_models } = await fga.readAuthorizationModels();
      expect(authorization_models).toHaveLength(1);
      const { authorization_model } = await fga.readAuthorizationModel();
      expect(authorization_model?.type_definitions.map((t) => t.type)).toEqual(['user', 'group', 'folder', 'document']);
    });

    it('check: allowed, excluded, conditional and contextual answers', async () => {
      expect((await fga.check({ user: 'user:ben', relation: 'can_read', object: 'document:setlist' })).allowed).toBe(
        true,
      );
      expect((await fga.check({ user: 'user:dev', relation: 'can_read', object: 'document:setlist' })).allowed).toBe(
        false,
      );
      expect(
        (await fga.check({ user: 'user:cara', relation: 'editor', object: 'document:budget', context: { hour: 10 } }))
          .allowed,
      ).toBe(true);
      expect(
        (await fga.check({ user: 'user:cara', relation: 'editor', object: 'document:budget', context: { hour: 15 } }))
          .allowed,
      ).toBe(false);
      const contextual = await fga.check({
        user: 'user:eli',
        relation: 'can_read',
        object: 'document:setlist',
        contextualTuples: [{ user: 'user:eli', relation: 'member', object: 'group:crew' }],
      });
      expect(contextual.allowed).toBe(true);
    });

    it('batch check: one answer per correlation id', async () => {
      const { result } = await fga.batchCheck({
        checks: [
          { user: 'user:ana', relation: 'can_read', object: 'document:budget', correlationId: 'ana-budget' },
          { user: 'user:ben', relation: 'can_read', object: 'document:budget', correlationId: 'ben-budget' },
        ],
      });
      const byId = Object.fromEntries(result.map((r) => [r.correlationId, r.allowed]));
      expect(byId).toEqual({ 'ana-budget': true, 'ben-budget': false });
    });

    it('list objects, list users and expand', async () => {
      expect((await fga.listObjects({ user: 'user:ana', relation: 'can_read', type: 'document' })).objects).toEqual([
        'document:budget',
        'document:setlist',
      ]);
      const { users } = await fga.listUsers({
        object: { type: 'document', id: 'setlist' },
        relation: 'can_read',
        user_filters: [{ type: 'user' }],
      });
      expect(users.map((u) => u.object?.id).sort()).toEqual(['ana', 'ben']);
      const { tree } = await fga.expand({ relation: 'owner', object: 'document:budget' });
      expect(tree?.root?.leaf?.users?.users).toEqual(['user:ana']);
    });

    if (options.streaming) {
      it('streamed list objects', async () => {
        const objects: string[] = [];
        for await (const item of fga.streamedListObjects({ user: 'user:ana', relation: 'can_read', type: 'document' }))
          objects.push(item.object);
        expect(objects).toEqual(['document:budget', 'document:setlist']);
      });
    }

    it('read and read changes', async () => {
      const { tuples } = await fga.read({ object: 'document:setlist' });
      expect(tuples.map((t) => `${t.key.relation}@${t.key.user}`).sort()).toEqual([
        'blocked@user:dev',
        'owner@user:ana',
        'parent@folder:tour',
        'viewer@user:dev',
      ]);
      const { changes } = await fga.readChanges({ type: 'document' }, { pageSize: 100 });
      expect(changes).toHaveLength(TEST_TUPLES.filter((t) => t.object.startsWith('document:')).length);
      expect(changes.every((c) => c.operation === 'TUPLE_OPERATION_WRITE')).toBe(true);
    });

    it('R8: a delete through the SDK is seen by the very next check', async () => {
      await fga.write({ deletes: [{ user: 'user:ben', relation: 'member', object: 'group:crew' }] });
      expect((await fga.check({ user: 'user:ben', relation: 'can_read', object: 'document:setlist' })).allowed).toBe(
        false,
      );
      await fga.write({ writes: [{ user: 'user:ben', relation: 'member', object: 'group:crew' }] });
      expect((await fga.check({ user: 'user:ben', relation: 'can_read', object: 'document:setlist' })).allowed).toBe(
        true,
      );
    });

    it('errors reach the SDK as its typed errors', async () => {
      await expect(fga.check({ user: 'user:ana', relation: 'nope', object: 'document:budget' })).rejects.toMatchObject({
        statusCode: 400,
      });
      const stranger = new OpenFgaClient(
        {
          apiUrl: target.apiUrl,
          storeId: (await fga.getStore()).id,
          credentials: { method: CredentialsMethod.ApiToken, config: { token: 'wrong' } },
        },
        target.axios,
      );
      await expect(stranger.getStore()).rejects.toMatchObject({ statusCode: 401 });
    });
  });
}
