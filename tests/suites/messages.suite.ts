import { beforeAll, describe, expect, it } from 'vitest';
import { Client, type Harness } from './harness.ts';
import { withTuples } from './arrange.ts';
import { HARBOR_COLLAB, seedHarborCollab } from './collab-harbor.ts';
import { body, ids, signedIn } from './collab-client.ts';

type Thread = { id: string; title: string; private: boolean };
type ThreadBody = {
  included: { people: { id: string }[]; groups: string[] };
  messages: { id: string; body: string; can: { edit: boolean } }[];
  can: { post: boolean; edit: boolean };
};

async function threadIds(client: Client): Promise<string[]> {
  const response = await client.get('/api/threads');
  expect(response.status).toBe(200);
  return ids((await body<{ threads: Thread[] }>(response)).threads);
}

/** Message threads (issue 6, R19, R13), through the HTTP API. */
export function messagesSuite(harness: Harness): void {
  describe(`messages on ${harness.store}`, () => {
    let officeThread: string;
    beforeAll(async () => {
      await seedHarborCollab(harness.db);
      const ana = await signedIn(harness, 'ana');
      const created = await ana.json('POST', '/api/threads', {
        title: 'Office move',
        includedGroups: ['grp_office'],
        body: 'We move on the 1st.',
      });
      expect(created.status).toBe(201);
      officeThread = (await body<{ thread: Thread }>(created)).thread.id;
    });

    it('R19: the private "Hamburg settlement" thread is seen by Ana, Cara and Ivan, who are on it', async () => {
      for (const who of ['ana', 'cara', 'ivan']) {
        const client = await signedIn(harness, who);
        expect(await threadIds(client), who).toContain('thr_hamburg_settlement');
        const thread = await body<ThreadBody>(await client.get('/api/threads/thr_hamburg_settlement'));
        expect(thread.included.people.map((p) => p.id).sort()).toEqual(['per_ana', 'per_cara', 'per_ivan']);
        expect(thread.messages).toHaveLength(2);
      }
    });

    it('R19: a private thread is hidden from everyone not on it — an administrator too', async () => {
      for (const who of ['ben', 'dev', 'fay']) {
        const client = await signedIn(harness, who);
        expect(await threadIds(client), who).not.toContain('thr_hamburg_settlement');
        expect((await client.get('/api/threads/thr_hamburg_settlement')).status).toBe(404);
        expect(
          (await client.json('POST', '/api/threads/thr_hamburg_settlement/messages', { body: 'hello?' })).status,
        ).toBe(404);
      }
    });

    it('R19 included only: with the restriction Dev sees only threads he is on; without it, every open thread', async () => {
      const dev = await signedIn(harness, 'dev');
      expect(await threadIds(dev)).toEqual(expect.arrayContaining(['thr_cologne_load_in', officeThread]));
      await withTuples(
        harness,
        { writes: [{ object: 'workspace:ws_northline', relation: 'included_only_messages', user: 'user:per_dev' }] },
        async () => {
          const listed = await threadIds(dev);
          expect(listed).toContain('thr_cologne_load_in');
          expect(listed).not.toContain(officeThread);
          expect((await dev.get(`/api/threads/${officeThread}`)).status).toBe(404);
        },
      );
    });

    it('R13: a read-only user still posts messages', async () => {
      const ivan = await signedIn(harness, 'ivan');
      const posted = await ivan.json('POST', '/api/threads/thr_hamburg_settlement/messages', { body: 'Invoice sent.' });
      expect(posted.status).toBe(201);
      const created = await ivan.json('POST', '/api/threads', {
        title: 'Tax residency certificates',
        private: true,
        includedPeople: ['per_ana'],
      });
      expect(created.status).toBe(201);
      const id = (await body<{ thread: Thread }>(created)).thread.id;
      expect(await threadIds(ivan)).toContain(id);
      expect(await threadIds(await signedIn(harness, 'ben'))).not.toContain(id);
    });

    it('R13: a standard user edits only messages they wrote; an administrator edits any they see', async () => {
      const dev = await signedIn(harness, 'dev');
      const thread = await body<ThreadBody>(await dev.get('/api/threads/thr_cologne_load_in'));
      expect(thread.messages.map((m) => [m.id, m.can.edit])).toEqual([
        ['msg_cologne_1', false],
        ['msg_cologne_2', true],
      ]);
      expect(
        (
          await dev.json('PATCH', '/api/threads/thr_cologne_load_in/messages/msg_cologne_2', {
            body: 'FOH: centre, row 12 (confirmed).',
          })
        ).status,
      ).toBe(200);
      expect(
        (await dev.json('PATCH', '/api/threads/thr_cologne_load_in/messages/msg_cologne_1', { body: 'changed' }))
          .status,
      ).toBe(403);
      const ben = await signedIn(harness, 'ben');
      expect(
        (
          await ben.json('PATCH', '/api/threads/thr_cologne_load_in/messages/msg_cologne_1', {
            body: 'Dock is round the back, one truck at a time.',
          })
        ).status,
      ).toBe(200);
    });

    it('bad input is a 400 naming the field', async () => {
      const ana = await signedIn(harness, 'ana');
      for (const [input, field] of [
        [{}, 'title'],
        [{ title: 'x', includedPeople: ['per_harbor'] }, 'includedPeople.0'],
        [{ title: 'x', includedGroups: ['grp_nope'] }, 'includedGroups.0'],
        [{ title: 'x', private: 'yes' }, 'private'],
      ] as const) {
        const response = await ana.json('POST', '/api/threads', input);
        expect([response.status, (await body(response)).field], JSON.stringify(input)).toEqual([400, field]);
      }
      const empty = await ana.json('POST', '/api/threads/thr_cologne_load_in/messages', { body: '  ' });
      expect([empty.status, (await body(empty)).field]).toEqual([400, 'body']);
    });

    it('security: 401 without a session on every endpoint', async () => {
      const anon = new Client(harness);
      for (const [method, path] of [
        ['GET', '/api/threads'],
        ['POST', '/api/threads'],
        ['GET', '/api/threads/thr_cologne_load_in'],
        ['POST', '/api/threads/thr_cologne_load_in/messages'],
        ['PATCH', '/api/threads/thr_cologne_load_in/messages/msg_cologne_1'],
      ] as const) {
        expect((await anon.json(method, path, method === 'GET' ? undefined : {})).status, `${method} ${path}`).toBe(
          401,
        );
      }
    });

    it("R1: another workspace's thread answers 404 and is never listed", async () => {
      const ana = await signedIn(harness, 'ana');
      expect((await ana.get(`/api/threads/${HARBOR_COLLAB.threadId}`)).status).toBe(404);
      expect((await ana.json('POST', `/api/threads/${HARBOR_COLLAB.threadId}/messages`, { body: 'hi' })).status).toBe(
        404,
      );
      expect(await threadIds(ana)).not.toContain(HARBOR_COLLAB.threadId);
      const harbor = await signedIn(harness, 'harbor');
      expect(await threadIds(harbor)).toEqual([HARBOR_COLLAB.threadId]);
      expect((await harbor.get('/api/threads/thr_cologne_load_in')).status).toBe(404);
      expect(
        (await harbor.json('PATCH', '/api/threads/thr_cologne_load_in/messages/msg_cologne_1', { body: 'x' })).status,
      ).toBe(404);
    });
  });
}
