import { beforeAll, describe, expect, it } from 'vitest';
import { Client, type Harness } from './harness.ts';
import { withTuples } from './arrange.ts';
import { HARBOR_COLLAB, seedHarborCollab } from './collab-harbor.ts';
import { body, ids, signedIn } from './collab-client.ts';

type Row = { id: string; name: string; limitedToGroups?: string[]; can: { edit: boolean } };
const PRESS = ['con_press_rosa', 'con_press_tobias'];

async function list(client: Client, kind: 'contacts' | 'venues'): Promise<string[]> {
  const response = await client.get(`/api/${kind}`);
  expect(response.status).toBe(200);
  return ids((await body<Record<string, Row[]>>(response))[kind]!);
}

/** Contacts and venues (issue 6, R21), through the HTTP API. */
export function contactsSuite(harness: Harness): void {
  describe(`contacts and venues on ${harness.store}`, () => {
    beforeAll(async () => {
      await seedHarborCollab(harness.db);
    });

    it("R21: Fay's Press group limits her contacts and venues to the Press ones", async () => {
      const fay = await signedIn(harness, 'fay');
      expect(await list(fay, 'contacts')).toEqual(PRESS);
      expect(await list(fay, 'venues')).toEqual(['ven_press_club']);
      expect((await fay.get('/api/contacts/con_press_rosa')).status).toBe(200);
      expect((await fay.get('/api/contacts/con_berlin')).status).toBe(404);
      expect((await fay.get('/api/venues/ven_berlin')).status).toBe(404);
    });

    it('R21: records limited to Office and Crew are seen by the crew, the Press ones are not', async () => {
      const dev = await signedIn(harness, 'dev');
      const contacts = await list(dev, 'contacts');
      expect(contacts).toEqual(expect.arrayContaining(['con_amsterdam', 'con_berlin', 'con_warsaw']));
      expect(contacts.filter((id) => PRESS.includes(id))).toEqual([]);
      expect(await list(dev, 'venues')).not.toContain('ven_press_club');
    });

    it('R21 functional groups: a record limited to Press and Crew is seen by a member of either', async () => {
      const ana = await signedIn(harness, 'ana');
      const created = await ana.json('POST', '/api/contacts', {
        name: 'Festival press office',
        email: 'press@festival.test',
        limitedToGroups: ['grp_press', 'grp_crew'],
      });
      expect(created.status).toBe(201);
      const id = (await body<{ contact: Row }>(created)).contact.id;
      expect(await list(await signedIn(harness, 'fay'), 'contacts')).toContain(id);
      expect(await list(await signedIn(harness, 'dev'), 'contacts')).toContain(id);
      expect(await list(await signedIn(harness, 'nico'), 'contacts')).not.toContain(id);
    });

    it('R21: a person barred from the contacts database sees no contact — venues unaffected', async () => {
      const dev = await signedIn(harness, 'dev');
      await withTuples(
        harness,
        { writes: [{ object: 'workspace:ws_northline', relation: 'barred_from_contacts', user: 'user:per_dev' }] },
        async () => {
          expect(await list(dev, 'contacts')).toEqual([]);
          expect((await dev.get('/api/contacts/con_berlin')).status).toBe(404);
          expect((await list(dev, 'venues')).length).toBeGreaterThan(0);
        },
      );
      await withTuples(
        harness,
        { writes: [{ object: 'workspace:ws_northline', relation: 'barred_from_venues', user: 'user:per_dev' }] },
        async () => {
          expect(await list(dev, 'venues')).toEqual([]);
          expect((await dev.get('/api/venues/ven_berlin')).status).toBe(404);
        },
      );
    });

    it('R21: an administrator is not bound by group limits', async () => {
      const ben = await signedIn(harness, 'ben');
      expect(await list(ben, 'contacts')).toEqual(expect.arrayContaining([...PRESS, 'con_berlin']));
      expect(await list(ben, 'venues')).toEqual(expect.arrayContaining(['ven_press_club', 'ven_berlin']));
    });

    it('R21, R13: Manage contacts adds and edits (and sets the groups); others are refused', async () => {
      const ben = await signedIn(harness, 'ben');
      const created = await ben.json('POST', '/api/venues', {
        name: 'Columbiahalle',
        address: 'Columbiadamm 13-21',
        city: 'Berlin',
        capacity: 3500,
        limitedToGroups: ['grp_crew'],
      });
      expect(created.status).toBe(201);
      const venue = (await body<{ venue: Row }>(created)).venue;
      expect(venue.limitedToGroups).toEqual(['grp_crew']);
      const fay = await signedIn(harness, 'fay');
      expect(await list(fay, 'venues')).not.toContain(venue.id);
      const opened = await ben.json('PATCH', `/api/venues/${venue.id}`, { limitedToGroups: ['grp_crew', 'grp_press'] });
      expect(opened.status).toBe(200);
      expect((await body<{ venue: Row }>(opened)).venue.limitedToGroups?.sort()).toEqual(['grp_crew', 'grp_press']);
      expect(await list(fay, 'venues')).toContain(venue.id);
      const dev = await signedIn(harness, 'dev');
      expect((await dev.json('POST', '/api/contacts', { name: 'x' })).status).toBe(403);
      expect((await dev.json('PATCH', '/api/contacts/con_berlin', { phone: '+49 1' })).status).toBe(403);
      expect((await fay.json('PATCH', '/api/contacts/con_berlin', { phone: '+49 1' })).status).toBe(404);
      expect((await (await signedIn(harness, 'ivan')).json('POST', '/api/contacts', { name: 'x' })).status).toBe(403);
      const fields = await body<{ contact: Record<string, unknown> }>(await dev.get('/api/contacts/con_berlin'));
      expect(fields.contact).not.toHaveProperty('limitedToGroups');
    });

    it('bad input is a 400 naming the field', async () => {
      const ana = await signedIn(harness, 'ana');
      for (const [path, input, field] of [
        ['/api/contacts', {}, 'name'],
        ['/api/contacts', { name: 'x', email: 'nope' }, 'email'],
        ['/api/contacts', { name: 'x', limitedToGroups: ['grp_nope'] }, 'limitedToGroups.0'],
        ['/api/venues', { name: 'x', city: 'y' }, 'address'],
        ['/api/venues', { name: 'x', address: 'a', city: 'y', capacity: -1 }, 'capacity'],
      ] as const) {
        const response = await ana.json('POST', path, input);
        expect([response.status, (await body(response)).field], JSON.stringify(input)).toEqual([400, field]);
      }
    });

    it('security: 401 without a session on every endpoint', async () => {
      const anon = new Client(harness);
      for (const kind of ['contacts', 'venues']) {
        for (const [method, path] of [
          ['GET', `/api/${kind}`],
          ['POST', `/api/${kind}`],
          ['GET', `/api/${kind}/x`],
          ['PATCH', `/api/${kind}/x`],
        ] as const) {
          expect((await anon.json(method, path, method === 'GET' ? undefined : {})).status, `${method} ${path}`).toBe(
            401,
          );
        }
      }
    });

    it("R1: another workspace's contacts and venues answer 404 and are never listed", async () => {
      const ana = await signedIn(harness, 'ana');
      expect((await ana.get(`/api/contacts/${HARBOR_COLLAB.contactId}`)).status).toBe(404);
      expect((await ana.json('PATCH', `/api/venues/${HARBOR_COLLAB.venueId}`, { name: 'x' })).status).toBe(404);
      expect(await list(ana, 'contacts')).not.toContain(HARBOR_COLLAB.contactId);
      const harbor = await signedIn(harness, 'harbor');
      expect(await list(harbor, 'contacts')).toEqual([HARBOR_COLLAB.contactId]);
      expect(await list(harbor, 'venues')).toEqual([HARBOR_COLLAB.venueId]);
      expect((await harbor.get('/api/contacts/con_press_rosa')).status).toBe(404);
    });
  });
}
