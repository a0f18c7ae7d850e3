import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { activityLog } from '../../db/identity/schema.ts';
import { Client, type Harness } from './harness.ts';
import { HARBOR, seedHarbor } from './second-workspace.ts';
import { expectError, json, makePerson, signedIn } from './people-arrange.ts';

/** The trigger's message, wherever the driver puts it (drizzle wraps it as the cause). */
async function expectRefused(query: PromiseLike<unknown>): Promise<void> {
  const error = await Promise.resolve(query).then(
    () => undefined,
    (e: unknown) => e as Error & { cause?: Error },
  );
  expect(error, 'the database accepted a change to the activity log').toBeDefined();
  expect(`${error!.message} ${error!.cause?.message ?? ''}`).toMatch(/append-only/);
}

type Entry = {
  seq: number;
  at: string;
  actor: string | null;
  action: string;
  subject: string;
  before: unknown;
  after: unknown;
};

/** R28 the activity log, R23 who may read it, over HTTP and at the database. */
export function activitySuite(harness: Harness): void {
  describe(`activity log on ${harness.store}`, () => {
    let ana: Client;
    beforeAll(async () => {
      await seedHarbor(harness.db);
      ana = await signedIn(harness, 'ana');
    });

    it('R28: a role change is logged with who, what, when, before and after', async () => {
      const start = Date.now();
      const role = await json<{ id: string }>(
        await ana.json('POST', '/api/roles', { name: `Logged ${start}`, permissions: ['view_holds'] }),
        201,
      );
      await json(await ana.json('PATCH', `/api/roles/${role.id}`, { permissions: ['view_holds', 'view_logistics'] }));
      const { entries } = await json<{ entries: Entry[] }>(
        await ana.get(`/api/activity?action=role_changed&from=${new Date(start).toISOString()}`),
      );
      const entry = entries.find((e) => e.subject === `role:${role.id}`)!;
      expect(entry).toMatchObject({
        actor: 'per_ana',
        action: 'role_changed',
        before: { permissions: ['view_holds'] },
        after: { permissions: ['view_holds', 'view_logistics'] },
      });
      expect(Date.parse(entry.at)).toBeGreaterThanOrEqual(start - 1000);
    });

    it('R28: filters by person, action and date range', async () => {
      const p = await makePerson(harness, 'logged');
      await signedIn(harness, p.email);
      await new Client(harness).signIn(p.email, 'wrong password');
      const mine = await json<{ entries: Entry[] }>(await ana.get(`/api/activity?person=${p.id}`));
      expect(mine.entries.map((e) => e.action)).toEqual(['sign_in_failed', 'sign_in']);
      const failed = await json<{ entries: Entry[] }>(
        await ana.get(`/api/activity?person=${p.id}&action=sign_in_failed`),
      );
      expect(failed.entries).toHaveLength(1);
      const future = await json<{ entries: Entry[] }>(await ana.get(`/api/activity?person=${p.id}&from=2999-01-01`));
      expect(future.entries).toEqual([]);
      const past = await json<{ entries: Entry[] }>(await ana.get(`/api/activity?person=${p.id}&to=2000-01-01`));
      expect(past.entries).toEqual([]);
      await expectError(await ana.get('/api/activity?action=made_up'), 400, 'validation_error');
      await expectError(await ana.get('/api/activity?from=yesterday'), 400, 'validation_error');
    });

    it('R28: exports as CSV, with formula-like cells defused', async () => {
      const p = await makePerson(harness, 'csv');
      await ana.json('PATCH', `/api/people/${p.id}`, { name: '=HYPERLINK("http://evil.test")' });
      const response = await ana.get(`/api/activity?person=${p.id}&format=csv`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(response.headers.get('content-disposition')).toMatch(/attachment; filename="activity-ws_northline\.csv"/);
      const text = await response.text();
      const [header, ...rows] = text.trim().split('\r\n');
      expect(header).toBe('seq,at,actor,action,subject,before,after');
      expect(rows).toHaveLength(1);
      expect(rows[0]).toContain('person_changed');
      expect(rows[0]).not.toMatch(/,=HYPERLINK/);
    });

    it('R23: only people with activity-log access read it (Ben yes, Dev no); R1: Harbor reads only its own', async () => {
      expect((await (await signedIn(harness, 'ben')).get('/api/activity')).status).toBe(200);
      await expectError(
        await (await signedIn(harness, 'dev')).get('/api/activity'),
        403,
        'forbidden',
        /activity-log access/,
      );
      await expectError(await (await signedIn(harness, 'dev')).get('/api/activity?format=csv'), 403, 'forbidden');
      expect((await new Client(harness).get('/api/activity')).status).toBe(401);
      const harbor = await signedIn(harness, HARBOR.email);
      const theirs = await json<{ entries: Entry[] }>(await harbor.get('/api/activity?limit=1000'));
      expect(
        theirs.entries.every((e) => e.actor === HARBOR.personId || e.subject === `person:${HARBOR.personId}`),
      ).toBe(true);
    });

    it('R28: the log cannot be changed: the database refuses UPDATE and DELETE, and no route offers either', async () => {
      const [before] = await harness.db.db.select({ n: sql<number>`count(*)` }).from(activityLog);
      expect(Number(before!.n)).toBeGreaterThan(0);
      await expectRefused(harness.db.db.update(activityLog).set({ action: 'sign_in' }));
      await expectRefused(harness.db.db.delete(activityLog));
      await expectRefused(
        harness.db.db.run(sql`UPDATE activity_log SET after = NULL WHERE seq = (SELECT max(seq) FROM activity_log)`),
      );
      const [after] = await harness.db.db.select({ n: sql<number>`count(*)` }).from(activityLog);
      expect(Number(after!.n)).toBe(Number(before!.n));
      for (const method of ['PATCH', 'PUT', 'DELETE'])
        expect((await ana.json(method, '/api/activity', {})).status).toBe(404);
    });
  });
}
