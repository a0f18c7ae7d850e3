import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { people } from '../../db/identity/schema.ts';
import { personTuples } from '../../model/tuples.ts';
import { Client, signedIn, type Harness } from './harness.ts';
import { changeTuples, withTuples } from './arrange.ts';
import { HARBOR, seedHarbor } from './second-workspace.ts';

type Day = { id: string; date: string; city: string; events: { id: string; status: string; kind: string }[] };
type Sheet = Record<string, unknown> & {
  guestList?: { requests: Record<string, unknown>[] };
  travel?: { id: string }[];
  hotels?: { id: string }[];
};

const as = signedIn;

async function dayIds(client: Client): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const response = await client.get(`/api/days?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(response.status).toBe(200);
    const page = (await response.json()) as { days: Day[]; nextCursor?: string };
    ids.push(...page.days.map((d) => d.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

async function sheet(client: Client, dayId: string): Promise<{ status: number; body: Sheet }> {
  const response = await client.get(`/api/days/${dayId}/sheet`);
  return { status: response.status, body: (await response.json()) as Sheet };
}

const SECTIONS = ['schedule', 'venue', 'contacts', 'travel', 'hotels', 'guestList', 'settlement', 'notes'] as const;
const sectionsOf = (s: Sheet) => SECTIONS.filter((k) => k in s);

/** The workspace read side (issue 5): each rule allows and denies, through the HTTP API. */
export function workspaceSuite(harness: Harness): void {
  describe(`workspace rules on ${harness.store}`, () => {
    beforeAll(async () => {
      await seedHarbor(harness.db);
    });

    it('R1: a person never reads another workspace: its days are not listed and its ids answer 404', async () => {
      const ana = await as(harness, 'ana');
      expect(await dayIds(ana)).not.toContain(HARBOR.dayId);
      const response = await ana.get(`/api/days/${HARBOR.dayId}/sheet`);
      expect(response.status).toBe(404);
      const harbor = new Client(harness);
      expect((await harbor.signIn(HARBOR.email)).status).toBe(201);
      expect(await dayIds(harbor)).toEqual([HARBOR.dayId]);
      expect((await harbor.get('/api/days/day_berlin_1/sheet')).status).toBe(404);
      const patch = await harbor.json('PATCH', '/api/events/ev_berlin_1', { title: 'hijacked' });
      expect(patch.status).toBe(404);
      expect((await harbor.json('DELETE', '/api/events/ev_berlin_1')).status).toBe(404);
    });

    it('R2: the outlet administrator sees and manages inside the outlet (Okoro), nothing outside', async () => {
      const olga = await as(harness, 'olga');
      const ids = await dayIds(olga);
      expect(ids).toEqual(['day_okoro_rotterdam']);
      expect(
        (await olga.json('PATCH', '/api/events/ev_okoro_rotterdam', { title: 'Okoro live at Maassilo' })).status,
      ).toBe(200);
      expect((await olga.json('PATCH', '/api/events/ev_berlin_1', { title: 'nope' })).status).toBe(404);
      await olga.json('PATCH', '/api/events/ev_okoro_rotterdam', { title: 'Okoro at Maassilo' });
    });

    it('R3: the master user sees every day, tentative and held ones included, with the settlement', async () => {
      const ana = await as(harness, 'ana');
      const ids = await dayIds(ana);
      expect(ids).toHaveLength(15);
      expect(ids).toEqual(
        expect.arrayContaining(['day_berlin_2', 'day_mara_hold_1', 'day_mara_hold_2', 'day_okoro_rotterdam']),
      );
      expect(sectionsOf((await sheet(ana, 'day_berlin_1')).body)).toEqual([...SECTIONS]);
    });

    it('R3: an API-only account has no interactive sign-in', async () => {
      const response = await new Client(harness).signIn('sync@northline.test');
      expect(response.status).toBe(401);
    });

    it('R4: a resigned date set now ends access on the very next request; clearing it restores it', async () => {
      const eli = await as(harness, 'eli');
      expect((await eli.get('/api/days')).status).toBe(200);
      const now = Date.now();
      const before = { id: 'per_eli', level: 'normal', hiredAt: null, resignedAt: null };
      const after = { ...before, resignedAt: now - 1000 };
      await harness.db.db
        .update(people)
        .set({ resignedAt: now - 1000 })
        .where(eq(people.id, 'per_eli'));
      await changeTuples(harness, {
        deletes: personTuples('ws_northline', before).slice(0, 1),
        writes: personTuples('ws_northline', after).slice(0, 1),
      });
      try {
        expect((await eli.get('/api/days')).status).toBe(401);
      } finally {
        await harness.db.db.update(people).set({ resignedAt: null }).where(eq(people.id, 'per_eli'));
        await changeTuples(harness, {
          deletes: personTuples('ws_northline', after).slice(0, 1),
          writes: personTuples('ws_northline', before).slice(0, 1),
        });
      }
      const again = await as(harness, 'eli');
      expect(await dayIds(again)).toContain('day_hamburg');
    });

    it('R4: the intern hired next month and the crew member who left are refused', async () => {
      expect((await new Client(harness).signIn('ian@northline.test')).status).toBe(403);
      expect((await new Client(harness).signIn('rex@northline.test')).status).toBe(403);
    });

    it('R8: a revoked grant is denied on the very next request', async () => {
      const gus = await as(harness, 'gus');
      expect(await dayIds(gus)).toEqual(['day_berlin_1', 'day_berlin_2']);
      const grant = { object: 'event:ev_berlin_2', relation: 'assignment', user: 'assignment:as_gus_berlin_2' };
      await withTuples(harness, { deletes: [grant] }, async () => {
        expect(await dayIds(gus)).toEqual(['day_berlin_1']);
        expect((await gus.get('/api/days/day_berlin_2/sheet')).status).toBe(404);
      });
      expect(await dayIds(gus)).toEqual(['day_berlin_1', 'day_berlin_2']);
    });

    it('R10: a role is a permission set — unticking one box changes every holder at once', async () => {
      const dev = await as(harness, 'dev');
      expect(sectionsOf((await sheet(dev, 'day_hamburg')).body)).toContain('schedule');
      const box = { object: 'role:role_team_member_limited', relation: 'view_logistics', user: 'user:*' };
      await withTuples(harness, { deletes: [box] }, async () => {
        const after = await sheet(dev, 'day_hamburg');
        expect(after.status).toBe(200);
        expect(sectionsOf(after.body)).not.toContain('schedule');
        expect(sectionsOf(after.body)).not.toContain('venue');
      });
    });

    it('R11: a view-only person may still request a guest-list place; without the permission it is refused', async () => {
      const dev = await as(harness, 'dev');
      const made = await dev.json('POST', '/api/days/day_warsaw/guest-requests', { guestName: 'Ola Test' });
      expect(made.status).toBe(201);
      const box = { object: 'role:role_team_member_limited', relation: 'request_guest_list', user: 'user:*' };
      await withTuples(harness, { deletes: [box] }, async () => {
        const refused = await dev.json('POST', '/api/days/day_warsaw/guest-requests', { guestName: 'Ola Test' });
        expect(refused.status).toBe(403);
      });
    });

    it('R12: an event-level role reaches that event only; an organisation role reaches all', async () => {
      const gus = await as(harness, 'gus');
      expect((await sheet(gus, 'day_berlin_1')).status).toBe(200);
      expect((await sheet(gus, 'day_hamburg')).status).toBe(404);
      const cara = await as(harness, 'cara');
      const ids = await dayIds(cara);
      expect(ids).toEqual(expect.arrayContaining(['day_berlin_1', 'day_hamburg', 'day_warsaw']));
    });

    it('R13: read-only people edit nothing, standard people only events they created, administrators all', async () => {
      const ivan = await as(harness, 'ivan');
      expect((await ivan.json('PATCH', '/api/events/ev_hamburg', { title: 'x' })).status).toBe(403);
      const cara = await as(harness, 'cara');
      // Cara created the Vellums shows (seed) and holds Full on the Vellums.
      expect(
        (await cara.json('PATCH', '/api/events/ev_hamburg', { title: 'The Vellums at Uebel & Gefährlich' })).status,
      ).toBe(200);
      expect((await cara.json('PATCH', '/api/events/ev_off_hamburg', { title: 'Day off!' })).status).toBe(403);
      const ben = await as(harness, 'ben');
      expect((await ben.json('PATCH', '/api/events/ev_off_hamburg', { title: 'Day off' })).status).toBe(200);
    });

    it('R14: switching a show off for a person hides it from them alone', async () => {
      const eli = await as(harness, 'eli');
      expect(await dayIds(eli)).toContain('day_oslo');
      await withTuples(
        harness,
        { writes: [{ object: 'event:ev_oslo', relation: 'hidden_from', user: 'user:per_eli' }] },
        async () => {
          expect(await dayIds(eli)).not.toContain('day_oslo');
          expect((await sheet(eli, 'day_oslo')).status).toBe(404);
          const cara = await as(harness, 'cara');
          expect(await dayIds(cara)).toContain('day_oslo');
        },
      );
    });

    it('R15: artist None hides the artist and its days; the Financial flag shows its money', async () => {
      const cara = await as(harness, 'cara');
      const caraDays = await dayIds(cara);
      expect(caraDays).not.toContain('day_mara_hold_1');
      const artists = (await (await cara.get('/api/artists')).json()) as { artists: { id: string }[] };
      expect(artists.artists.map((a) => a.id)).toEqual(['art_vellums']);
      const ivan = await as(harness, 'ivan');
      expect(sectionsOf((await sheet(ivan, 'day_hamburg')).body)).toContain('settlement');
      const eli = await as(harness, 'eli');
      expect(sectionsOf((await sheet(eli, 'day_hamburg')).body)).not.toContain('settlement');
    });

    it('R16: without View Personal Data, guests have no name, email or phone — absent, not null', async () => {
      const hana = await as(harness, 'hana');
      const redacted = await sheet(hana, 'day_hamburg');
      expect(redacted.status).toBe(200);
      const requests = redacted.body.guestList!.requests;
      expect(requests.length).toBeGreaterThan(0);
      for (const r of requests) {
        expect(r).not.toHaveProperty('guestName');
        expect(r).not.toHaveProperty('guestEmail');
        expect(r).not.toHaveProperty('guestPhone');
      }
      expect(JSON.stringify(redacted.body)).not.toContain('@guest.test');
      const cara = await as(harness, 'cara');
      expect((await sheet(cara, 'day_hamburg')).body.guestList!.requests[0]).toHaveProperty('guestName', 'Mila Jansen');
    });

    it('R17: no financial permission, no settlement; no travel permission, no travel; limited roles see confirmed events of their kinds', async () => {
      const ben = await as(harness, 'ben');
      const benSheet = (await sheet(ben, 'day_hamburg')).body;
      expect(benSheet).not.toHaveProperty('settlement');
      expect(benSheet).toHaveProperty('travel');
      const fay = await as(harness, 'fay');
      const faySheet = (await sheet(fay, 'day_hamburg')).body;
      expect(faySheet).not.toHaveProperty('travel');
      expect(faySheet).not.toHaveProperty('hotels');
      expect(await dayIds(fay)).not.toContain('day_travel_oslo');
      const dev = await as(harness, 'dev');
      const devDays = await dayIds(dev);
      expect(devDays).not.toContain('day_berlin_2');
      expect(devDays).toContain('day_travel_oslo');
      expect(await dayIds(ben)).toContain('day_berlin_2');
    });

    it("R26: the crew hotel is the crew's; a band member's own flight is theirs", async () => {
      const nico = await as(harness, 'nico');
      const band = (await sheet(nico, 'day_berlin_1')).body;
      expect(band.hotels!.map((h) => h.id)).toEqual(['hot_berlin_1_band']);
      expect(band.travel!.map((t) => t.id)).toContain('trv_berlin_1_nico_flight');
      const dev = await as(harness, 'dev');
      const crew = (await sheet(dev, 'day_berlin_1')).body;
      expect(crew.hotels!.map((h) => h.id)).toEqual(['hot_berlin_1_band', 'hot_berlin_1_crew']);
      expect(crew.travel!.map((t) => t.id)).not.toContain('trv_berlin_1_nico_flight');
    });
  });

  describe(`R26: the Hamburg day sheet, reader by reader, on ${harness.store}`, () => {
    const cases: [who: string, status: number, sections: string[], guestNames: boolean][] = [
      ['ana', 200, ['schedule', 'venue', 'contacts', 'travel', 'hotels', 'guestList', 'settlement', 'notes'], true],
      ['ben', 200, ['schedule', 'venue', 'contacts', 'travel', 'hotels', 'guestList', 'notes'], true],
      ['eli', 200, ['schedule', 'venue', 'contacts', 'travel', 'hotels', 'guestList', 'notes'], true],
      // R21: promoter contacts and venues are limited to Office and Crew; Fay is Press.
      ['fay', 200, ['schedule', 'guestList', 'notes'], true],
      ['gus', 404, [], false],
      ['hana', 200, ['schedule', 'guestList', 'notes'], false],
    ];
    it.each(cases)('R26: %s reads the Hamburg sheet', async (who, status, sections, guestNames) => {
      const client = await as(harness, who);
      const read = await sheet(client, 'day_hamburg');
      expect(read.status).toBe(status);
      if (status !== 200) return;
      expect(sectionsOf(read.body)).toEqual(sections);
      const first = read.body.guestList!.requests[0]!;
      expect('guestName' in first).toBe(guestNames);
    });

    it('R26: Eli, in the Crew group, sees both hotels; Ben sees both as an administrator; Fay sees none', async () => {
      const eli = (await sheet(await as(harness, 'eli'), 'day_hamburg')).body;
      expect(eli.hotels!.map((h) => h.id)).toEqual(['hot_hamburg_band', 'hot_hamburg_crew']);
      const ben = (await sheet(await as(harness, 'ben'), 'day_hamburg')).body;
      expect(ben.hotels!.map((h) => h.id)).toEqual(['hot_hamburg_band', 'hot_hamburg_crew']);
    });

    it("R26: Gus reads his own Berlin sheet: the money of his show; no travel, hotels, or the crew's venue and contacts (R21)", async () => {
      const gus = await as(harness, 'gus');
      const read = await sheet(gus, 'day_berlin_1');
      expect(read.status).toBe(200);
      expect(sectionsOf(read.body)).toEqual(['schedule', 'guestList', 'settlement', 'notes']);
    });
  });
}
