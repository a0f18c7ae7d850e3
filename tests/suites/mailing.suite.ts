import { beforeAll, describe, expect, it } from 'vitest';
import { desc, eq } from 'drizzle-orm';
import { outbox } from '../../db/identity/schema.ts';
import { Client, type Harness } from './harness.ts';
import { withTuples } from './arrange.ts';
import { HARBOR_COLLAB, seedHarborCollab } from './collab-harbor.ts';
import { body, ids, signedIn } from './collab-client.ts';

type List = { id: string; can: { send: boolean } };
const SUBSCRIBERS = ['Mila Jansen', 'mila@fan.test', 'Tom Berger', 'tom@fan.test', 'Ines Duarte', 'ines@fan.test'];
const boxOfficeMails = { object: 'role:role_box_office', relation: 'email_attendees', user: 'user:*' };

async function lists(client: Client): Promise<List[]> {
  const response = await client.get('/api/mailing-lists');
  expect(response.status).toBe(200);
  return (await body<{ mailingLists: List[] }>(response)).mailingLists;
}

/** The newest email the local outbox (the mailer's stand-in for Resend) received for `to`. */
async function lastMailTo(harness: Harness, to: string) {
  const [row] = await harness.db.db
    .select()
    .from(outbox)
    .where(eq(outbox.to, to))
    .orderBy(desc(outbox.createdAt))
    .limit(1);
  return row;
}

/** Mailing lists (issue 6, R14, R16), through the HTTP API. */
export function mailingSuite(harness: Harness): void {
  describe(`mailing lists on ${harness.store}`, () => {
    beforeAll(async () => {
      await seedHarborCollab(harness.db);
    });

    it('R14: a person sees only the lists left on for them — Gus the Berlin list alone', async () => {
      const gus = await signedIn(harness, 'gus');
      expect(ids(await lists(gus))).toEqual(['ml_berlin']);
      expect((await gus.get('/api/mailing-lists/ml_newsletter')).status).toBe(404);
      expect(
        (await gus.json('POST', '/api/mailing-lists/ml_newsletter/send', { subject: 'x', text: 'y' })).status,
      ).toBe(404);
      expect(ids(await lists(await signedIn(harness, 'ana')))).toEqual(['ml_berlin', 'ml_hamburg', 'ml_newsletter']);
    });

    it('R14: switching a list off for Dev hides it on the next request', async () => {
      const dev = await signedIn(harness, 'dev');
      expect(ids(await lists(dev))).toContain('ml_newsletter');
      await withTuples(
        harness,
        { writes: [{ object: 'mailing_list:ml_newsletter', relation: 'hidden_from', user: 'user:per_dev' }] },
        async () => {
          expect(ids(await lists(dev))).not.toContain('ml_newsletter');
        },
      );
    });

    it('R14: sending needs Email Attendees — Gus sees the Berlin list but may not send to it', async () => {
      const gus = await signedIn(harness, 'gus');
      expect((await lists(gus))[0]?.can.send).toBe(false);
      expect((await gus.json('POST', '/api/mailing-lists/ml_berlin/send', { subject: 'x', text: 'y' })).status).toBe(
        403,
      );
    });

    it('R14, R16: Ben sends to the newsletter: each subscriber gets it, and his receipt names them (he may see personal data)', async () => {
      const ben = await signedIn(harness, 'ben');
      const response = await ben.json('POST', '/api/mailing-lists/ml_newsletter/send', {
        subject: 'Tour news',
        text: 'Hello {{name}}, Berlin night 2 is on sale.',
      });
      expect(response.status).toBe(200);
      expect(await body(response)).toMatchObject({ sent: 3, failed: 0 });
      expect((await lastMailTo(harness, 'mila@fan.test'))?.text).toBe('Hello Mila Jansen, Berlin night 2 is on sale.');
      const receipt = await lastMailTo(harness, 'ben@northline.test');
      for (const data of SUBSCRIBERS) expect(receipt?.text).toContain(data);
    });

    it("R16: without View Personal Data, subscribers are redacted in the list, the send's answer and the receipt email", async () => {
      const hana = await signedIn(harness, 'hana');
      expect(ids(await lists(hana))).toEqual(['ml_hamburg']);
      const list = await body<{ subscribers: Record<string, unknown>[] }>(
        await hana.get('/api/mailing-lists/ml_hamburg'),
      );
      expect(list.subscribers).toHaveLength(3);
      for (const s of list.subscribers) expect(Object.keys(s)).toEqual(['id']);
      expect(
        (await hana.json('POST', '/api/mailing-lists/ml_hamburg/send', { subject: 'Doors', text: 'Doors at 19:00' }))
          .status,
      ).toBe(403);
      await withTuples(harness, { writes: [boxOfficeMails] }, async () => {
        const response = await hana.json('POST', '/api/mailing-lists/ml_hamburg/send', {
          subject: 'Doors tonight',
          text: 'Doors open at 19:00.',
        });
        expect(response.status).toBe(200);
        const answer = JSON.stringify(await response.json());
        const receipt = await lastMailTo(harness, 'hana@northline.test');
        expect(receipt?.subject).toBe('Sent: Doors tonight');
        expect(receipt?.text).toContain('3 subscriber(s) of Hamburg ticket buyers');
        for (const data of SUBSCRIBERS) {
          expect(answer).not.toContain(data);
          expect(receipt?.text).not.toContain(data);
        }
      });
    });

    it('bad input is a 400 naming the field', async () => {
      const ana = await signedIn(harness, 'ana');
      for (const [input, field] of [
        [{ text: 'y' }, 'subject'],
        [{ subject: 'x' }, 'text'],
        [{ subject: 'x', text: 'y', cc: 'z' }, undefined],
      ] as const) {
        const response = await ana.json('POST', '/api/mailing-lists/ml_berlin/send', input);
        expect(response.status, JSON.stringify(input)).toBe(400);
        if (field) expect((await body(response)).field).toBe(field);
      }
    });

    it("security: 401 without a session; R1: another workspace's list answers 404", async () => {
      const anon = new Client(harness);
      for (const [method, path] of [
        ['GET', '/api/mailing-lists'],
        ['GET', '/api/mailing-lists/ml_berlin'],
        ['POST', '/api/mailing-lists/ml_berlin/send'],
      ] as const) {
        expect((await anon.json(method, path, method === 'GET' ? undefined : {})).status, path).toBe(401);
      }
      const ana = await signedIn(harness, 'ana');
      expect((await ana.get(`/api/mailing-lists/${HARBOR_COLLAB.listId}`)).status).toBe(404);
      expect(
        (await ana.json('POST', `/api/mailing-lists/${HARBOR_COLLAB.listId}/send`, { subject: 'x', text: 'y' })).status,
      ).toBe(404);
      const harbor = await signedIn(harness, 'harbor');
      expect(ids(await lists(harbor))).toEqual([HARBOR_COLLAB.listId]);
      expect((await harbor.json('POST', '/api/mailing-lists/ml_berlin/send', { subject: 'x', text: 'y' })).status).toBe(
        404,
      );
    });
  });
}
