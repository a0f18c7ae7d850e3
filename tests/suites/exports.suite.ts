import { beforeAll, describe, expect, it } from 'vitest';
import { Client, type Harness } from './harness.ts';
import { withTuples } from './arrange.ts';
import { seedHarborCollab } from './collab-harbor.ts';
import { signedIn } from './collab-client.ts';
import { GUESTS } from '../../db/seed/northline.ts';

const exportAccess = (who: string) => ({
  object: 'workspace:ws_northline',
  relation: 'export_access',
  user: `user:per_${who}`,
});

async function csv(client: Client, path: string): Promise<{ status: number; rows: string[][] }> {
  const response = await client.get(path);
  const text = await response.text();
  return {
    status: response.status,
    rows:
      response.status === 200
        ? text
            .trimEnd()
            .split('\r\n')
            .map((line) => line.split(','))
        : [],
  };
}

/** CSV exports (issue 6, R23, R16), through the HTTP API. */
export function exportsSuite(harness: Harness): void {
  describe(`exports on ${harness.store}`, () => {
    beforeAll(async () => {
      await seedHarborCollab(harness.db);
    });

    it('R23: with the export privilege, Cara exports contacts, venues, tasks and a guest list', async () => {
      const cara = await signedIn(harness, 'cara');
      for (const path of [
        '/api/exports/contacts.csv',
        '/api/exports/venues.csv',
        '/api/exports/tasks.csv',
        '/api/exports/guest-list.csv?dayId=day_hamburg',
      ]) {
        const response = await cara.get(path);
        expect(response.status, path).toBe(200);
        expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
        expect(response.headers.get('cache-control')).toBe('private, no-store');
      }
    });

    it('R23: without the export privilege every export is refused (403)', async () => {
      const dev = await signedIn(harness, 'dev');
      for (const path of [
        '/api/exports/contacts.csv',
        '/api/exports/venues.csv',
        '/api/exports/tasks.csv',
        '/api/exports/guest-list.csv?dayId=day_hamburg',
      ]) {
        expect((await dev.get(path)).status, path).toBe(403);
      }
    });

    it("R23, R21: an export holds exactly the rows of the screen — Fay's contacts export is the Press contacts", async () => {
      const fay = await signedIn(harness, 'fay');
      await withTuples(harness, { writes: [exportAccess('fay')] }, async () => {
        const screen = ((await (await fay.get('/api/contacts')).json()) as { contacts: { id: string }[] }).contacts.map(
          (r) => r.id,
        );
        const { status, rows } = await csv(fay, '/api/exports/contacts.csv');
        expect(status).toBe(200);
        expect(rows[0]).toEqual(['id', 'name', 'company', 'role', 'email', 'phone']);
        expect(rows.slice(1).map((r) => r[0])).toEqual(screen);
        expect(screen).toEqual(expect.arrayContaining(['con_press_rosa', 'con_press_tobias']));
      });
    });

    it("R23, R18: a tasks export holds the reader's tasks only", async () => {
      const dev = await signedIn(harness, 'dev');
      await withTuples(harness, { writes: [exportAccess('dev')] }, async () => {
        const { rows } = await csv(dev, '/api/exports/tasks.csv');
        expect(rows.slice(1).map((r) => r[0])).toEqual(expect.arrayContaining(['tsk_dev_cables', 'tsk_dev_iem']));
        expect(rows.slice(1).map((r) => r[0])).not.toContain('tsk_eli_power');
      });
    });

    it("R16: a guest-list export carries guests' names, emails and phones only with View Personal Data", async () => {
      const cara = await signedIn(harness, 'cara');
      const withData = await csv(cara, '/api/exports/guest-list.csv?dayId=day_hamburg');
      expect(withData.rows.slice(1).map((r) => r[3])).toEqual(expect.arrayContaining([GUESTS[0]]));
      const hana = await signedIn(harness, 'hana');
      await withTuples(harness, { writes: [exportAccess('hana')] }, async () => {
        const response = await hana.get('/api/exports/guest-list.csv?dayId=day_hamburg');
        expect(response.status).toBe(200);
        const text = await response.text();
        expect(text.split('\r\n').length).toBeGreaterThan(GUESTS.length);
        for (const guest of GUESTS) {
          expect(text).not.toContain(guest);
          expect(text).not.toContain(guest.split(' ')[0]!.toLowerCase());
        }
        expect(text).not.toMatch(/@guest\.test|\+31 6/);
        // a show Hana cannot see is not found
        expect((await hana.get('/api/exports/guest-list.csv?dayId=day_berlin_1')).status).toBe(404);
      });
    });

    it('bad input is a 400 naming the field', async () => {
      const cara = await signedIn(harness, 'cara');
      const response = await cara.get('/api/exports/guest-list.csv');
      expect(response.status).toBe(400);
      expect(((await response.json()) as { field: string }).field).toBe('dayId');
    });

    it("security: 401 without a session; R1: another workspace's show day is not found", async () => {
      const anon = new Client(harness);
      for (const path of [
        '/api/exports/contacts.csv',
        '/api/exports/venues.csv',
        '/api/exports/tasks.csv',
        '/api/exports/guest-list.csv?dayId=day_hamburg',
      ]) {
        expect((await anon.get(path)).status, path).toBe(401);
      }
      const harbor = await signedIn(harness, 'harbor');
      expect((await harbor.get('/api/exports/guest-list.csv?dayId=day_hamburg')).status).toBe(404);
      const contacts = await csv(harbor, '/api/exports/contacts.csv');
      expect(contacts.rows.slice(1).map((r) => r[0])).toEqual(['con_harbor']);
    });
  });
}
